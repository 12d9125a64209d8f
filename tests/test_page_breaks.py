"""Page breaks a typist would accept (issue 15, item 5), on real PDF and Word files: no gap before
a long paragraph, headings and group rows kept with what follows, rows split only when taller
than a page, dates never broken, titles balanced — and the Word file as LibreOffice lays it out
(page count, no page holding only a table header, the draft mark on every page)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn

from giaoban.core.clock import Clock
from giaoban.core.services.document_data import (
    load_briefing_document_data,
    load_followup_report_data,
)
from giaoban.documents.blocks import (
    Column,
    Document,
    FieldCode,
    Heading,
    PageSetup,
    Paragraph,
    Table,
    TableRow,
    Title,
    field_text,
)
from giaoban.documents.builders import build_minutes, build_notice, build_report
from giaoban.documents.docx_writer import write_docx
from giaoban.documents.measure import balance, fitted_table, text_width_pt, units
from giaoban.documents.pdf_writer import write_pdf
from tests.documents_fixtures import TODAY, insert_long_briefing, insert_sample_briefing, pdf_pages

FILLER = ("Các cấp ủy, chính quyền tiếp tục quán triệt sâu sắc quan điểm của Đảng về công tác dân "
          "vận trong tình hình mới, nắm chắc tình hình Nhân dân ở cơ sở. ")
GROUPS = ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Hội Nông dân tỉnh", "Tỉnh đoàn",
          "Hội Liên hiệp Phụ nữ tỉnh")


def _words(text: str) -> str:
    return " ".join(text.split())


def _page_lines(path, page: int) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def _pages(path) -> int:
    return len(pdf_pages(path))


def test_long_conclusion_starts_where_the_text_is(ctx, qapp, tmp_path):
    """The notice's first long conclusion (keep-with-next: its tasks follow) starts on page 1
    right after the opening instead of leaving the rest of that page empty."""
    ctx.clock = Clock.at(TODAY)
    data = load_briefing_document_data(ctx, insert_sample_briefing(ctx))
    data.conclusions[0] = replace(data.conclusions[0], text=FILLER * 14)
    pages = [_words(p) for p in pdf_pages(write_pdf(build_notice(data), tmp_path / "tb.pdf"))]
    assert len(pages) >= 2
    assert "1. Các cấp ủy, chính quyền tiếp tục" in pages[0]
    assert len(_page_lines(tmp_path / "tb.pdf", 1)) > 30  # a full first page


@pytest.mark.parametrize("filler", [9, 10, 11, 12])
def test_heading_never_ends_a_page(qapp, tmp_path, filler):
    blocks = [Paragraph.of(f"{i}. {FILLER * 2}") for i in range(filler)]
    blocks += [Heading("III. KẾT LUẬN CỦA CHỦ TRÌ"), Paragraph.of("Sau phần kết luận. " + FILLER)]
    path = write_pdf(Document(PageSetup(), blocks), tmp_path / "h.pdf")
    for page in range(1, _pages(path) + 1):
        assert not _page_lines(path, page)[-1].startswith("III. KẾT LUẬN"), page


def _grouped_table(rows_per_group: int = 3, long_row: str = "") -> Table:
    columns = [Column("TT", 10), Column("Nhiệm vụ", 95), Column("Thời hạn", 12, is_date=True),
               Column("Kết quả", 48)]
    rows = [TableRow([g * 10 + r + 1, f"Nhiệm vụ {g}.{r}: {FILLER}", dt.date(2026, 2, 5),
                      long_row if (g, r) == (1, 1) else "Đang thực hiện"], group=name)
            for g, name in enumerate(GROUPS) for r in range(rows_per_group)]
    return Table(columns, rows, group_header="Đơn vị chủ trì")


@pytest.mark.parametrize("filler", [3, 4, 5, 6, 7])
def test_group_row_stays_with_its_first_row_and_dates_are_whole(qapp, tmp_path, filler):
    blocks = [Paragraph.of(FILLER * 2) for _ in range(filler)] + [_grouped_table(4)]
    path = write_pdf(Document(PageSetup(), blocks), tmp_path / "g.pdf")
    dates = 0
    for page in range(1, _pages(path) + 1):
        lines = _page_lines(path, page)
        assert lines[-1] not in GROUPS, (page, lines[-1])
        dates += sum(line.count("05/02/2026") for line in lines)
    assert dates == 4 * len(GROUPS)  # the 12 mm column was widened: no date broken


def test_rows_split_only_when_taller_than_a_page(qapp, tmp_path):
    huge = FILLER * 60
    document = Document(PageSetup(), [Paragraph.of(FILLER), _grouped_table(2, huge)])
    rows = docx.Document(str(write_docx(document, tmp_path / "t.docx"))).tables[0].rows
    splittable = [i for i, row in enumerate(rows) if row._tr.trPr is None
                  or row._tr.trPr.find(qn("w:cantSplit")) is None]
    assert splittable == [0, 6]  # the header (repeated) and the row taller than a page
    text = " ".join(_words(p) for p in pdf_pages(write_pdf(document, tmp_path / "t.pdf")))
    assert text.count("nắm chắc tình hình Nhân dân ở cơ sở") >= 60  # all of it printed


def test_date_columns_fit_a_date(qapp):
    table = fitted_table(_grouped_table())
    need = text_width_pt("05/02/2026", table.size_pt) * 25.4 / 72
    assert table.columns[2].width_mm >= need + 2
    assert table.width_mm == pytest.approx(_grouped_table().width_mm)


@pytest.mark.parametrize("text", [
    "Kết luận của Thường trực Tỉnh ủy tại hội nghị giao ban công tác dân vận quý III năm 2026",
    "Tình hình thực hiện kết luận giao ban công tác dân vận đến ngày 30 tháng 11 năm 2026",
    "Hội nghị giao ban công tác dân vận quý III năm 2026 mở rộng với các đoàn thể chính trị",
])
def test_titles_are_balanced(qapp, tmp_path, text):
    width = PageSetup().text_width_mm * 72 / 25.4
    lines = balance(text, 14, width).split("\n")
    assert len(lines) == 2
    sizes = [text_width_pt(line, 14, bold=True) for line in lines]
    assert max(sizes) <= width * 0.92 and min(sizes) >= max(sizes) * 0.6
    assert all(len(units(line)) > 1 for line in lines)
    assert not re.search(r"(ngày|tháng|năm|quý)$", lines[0])  # a date or period never cut
    title = Document(PageSetup(), [Title("THÔNG BÁO", [text]), Paragraph.of(FILLER)])
    printed = _page_lines(write_pdf(title, tmp_path / "t.pdf"), 1)
    assert lines[0] in printed and lines[1] in printed


# --- the Word file as LibreOffice lays it out --------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.timeout(240)
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_word_files_as_libreoffice_lays_them_out(ctx, qapp, tmp_path):
    """One LibreOffice run for two files: the long draft minutes (page count as Word counts
    it, the mark on every page) and the long report (no page with only a table header)."""
    ctx.clock = Clock.at(TODAY)
    bid = insert_long_briefing(ctx, tasks=45)
    minutes = build_minutes(load_briefing_document_data(ctx, bid))
    report = build_report(load_followup_report_data(ctx, dt.date(2026, 7, 1), dt.date(2026, 9, 30)))
    pdf_count = _pages(write_pdf(minutes, tmp_path / "bb.pdf"))
    sources = [write_docx(minutes, tmp_path / "bb.docx"), write_docx(report, tmp_path / "bc.docx")]
    out = tmp_path / "lo"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, sources)],
                   capture_output=True, timeout=200, check=True)
    pages = [_words(p) for p in pdf_pages(out / "bb.pdf")]
    assert abs(len(pages) - pdf_count) <= 1
    assert f"gồm {field_text(FieldCode.NUM_PAGES, len(pages))} trang" in pages[-1]
    assert all("DỰ THẢO" in page for page in pages)
    table = report.tables()[0]
    groups = {row.group for row in table.rows}
    header_words = set(" ".join(c.header for c in table.columns).split())
    report_pages = _pages(out / "bc.pdf")
    assert report_pages >= 3
    for page in range(1, report_pages + 1):
        lines = _page_lines(out / "bc.pdf", page)
        rest = [line for line in lines if line not in groups and line != str(page)
                and not set(line.split()) <= header_words]
        assert rest, f"page {page} holds only a table header: {lines}"
        assert lines[-1] not in groups, f"page {page} ends with a group row"

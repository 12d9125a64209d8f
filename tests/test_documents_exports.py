"""The functions behind `giaoban minutes|notice|report`: validation before anything is read or
written, atomic output, and PDF without a GUI application."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from giaoban.core.clock import Clock
from giaoban.core.errors import GiaobanError, NotFound, ValidationError
from giaoban.documents import exports
from giaoban.documents.exports import export_minutes, export_notice, export_report, parse_period
from tests.documents_fixtures import CHAIR, TODAY, insert_sample_briefing, pdf_pages, squash


@pytest.fixture
def sample(ctx):
    ctx.clock = Clock.at(TODAY)
    return ctx, insert_sample_briefing(ctx)


@pytest.fixture
def out(tmp_path):
    """An output folder of its own (the test database lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_parse_period():
    assert parse_period("2026-Q3") == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert parse_period("2026q4") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert parse_period("2026") == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    for bad in ("2026-Q5", "2026-Q0", "Q3", "2026-07", "", "abcd"):
        with pytest.raises(ValidationError) as caught:
            parse_period(bad)
        assert "period" in caught.value.errors
        assert "2026-Q3" in str(caught.value)


def test_export_minutes_and_notice_docx(sample, out):
    ctx, bid = sample
    minutes = export_minutes(ctx, bid, out / "bien-ban.docx")
    assert docx.Document(str(minutes)).tables[0].cell(1, 0).text == "Số 15-BB/TU"
    notice = export_notice(ctx, bid, out / "thong-bao.docx", number="07")
    assert docx.Document(str(notice)).tables[0].cell(1, 0).text == "Số 07-TB/TU"
    assert sorted(p.name for p in out.iterdir()) == ["bien-ban.docx", "thong-bao.docx"]


def test_export_minutes_pdf(sample, qapp, tmp_path):
    ctx, bid = sample
    out = export_minutes(ctx, bid, tmp_path / "bb.PDF")
    assert squash(CHAIR[0]) in squash("".join(pdf_pages(out)))


def test_export_report_pdf_and_xlsx(sample, qapp, tmp_path):
    ctx, _bid = sample
    pdf = export_report(ctx, "2026-Q3", tmp_path / "bc.pdf", as_of=dt.date(2026, 10, 20))
    assert squash("đến ngày 20 tháng 10 năm 2026") in squash("".join(pdf_pages(pdf)))
    assert export_report(ctx, "2026-Q3", tmp_path / "bc.xlsx").stat().st_size > 0


def test_bad_input_writes_nothing(sample, out):
    ctx, bid = sample
    with pytest.raises(NotFound, match="999"):
        export_minutes(ctx, 999, out / "a.pdf")
    with pytest.raises(ValidationError, match=r"\.txt"):
        export_minutes(ctx, bid, out / "a.txt")
    with pytest.raises(ValidationError):
        export_minutes(ctx, bid, out / "a.xlsx")  # the minutes are a text, not a table
    with pytest.raises(ValidationError):
        export_notice(ctx, bid, out / "no-folder" / "a.docx")
    with pytest.raises(ValidationError):
        export_report(ctx, "2026-Q5", out / "b.pdf")
    with pytest.raises(ValidationError, match="01/07/2026"):
        export_report(ctx, "2026-Q3", out / "b.pdf", as_of=dt.date(2026, 6, 1))
    with pytest.raises(ValidationError):
        export_minutes(ctx, 0, out / "a.pdf")
    assert list(out.iterdir()) == []


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(sample, out, monkeypatch):
    ctx, bid = sample
    target = out / "bb.docx"
    target.write_bytes(b"old content")

    def broken(document, path):
        Path(path).write_bytes(b"half")
        raise GiaobanError("đĩa đầy")

    monkeypatch.setattr("giaoban.documents.docx_writer.write_docx", broken)
    with pytest.raises(GiaobanError, match="đĩa đầy"):
        exports.export_minutes(ctx, bid, target)
    assert target.read_bytes() == b"old content"
    assert [p.name for p in out.iterdir()] == ["bb.docx"]


def test_pdf_export_creates_its_own_offscreen_application(sample, tmp_path):
    ctx, bid = sample
    script = (
        "import sys; from giaoban.core.startup import open_context;"
        "from giaoban.documents.exports import export_minutes;"
        "from PySide6.QtGui import QGuiApplication;"
        "assert QGuiApplication.instance() is None;"
        f"print(export_minutes(open_context(sys.argv[1]), {bid}, sys.argv[2]))"
    )
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    ctx.db.dispose()
    result = subprocess.run(
        [sys.executable, "-c", script,
         str(ctx.db.path or ctx.db.engine.url.render_as_string(hide_password=False)),
         str(tmp_path / "cli.pdf")],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert squash("Số 15-BB/TU") in squash("".join(pdf_pages(tmp_path / "cli.pdf")))


def test_an_empty_draft_briefing_still_prints(ctx, qapp, out):
    from giaoban.core.models import Briefing

    ctx.clock = Clock.at(TODAY)
    with ctx.transaction() as s:
        briefing = Briefing(kind="thematic", year=2026, title="Chuyên đề về chuyển đổi số")
        s.add(briefing)
        s.flush()
        bid = briefing.id
    text = squash("".join(pdf_pages(export_minutes(ctx, bid, out / "empty.pdf"))))
    for expected in ("BIÊN BẢN", "Hội nghị chuyên đề về chuyển đổi số", "DỰ THẢO",
                     "Vắng mặt: không.", "ngày …… tháng …… năm 2026", "Số"):
        assert squash(expected) in text, expected
    notice = docx.Document(str(export_notice(ctx, bid, out / "empty.docx")))
    assert notice.tables[0].cell(1, 1).text == "Ninh Bình, ngày 20 tháng 10 năm 2026"


def test_page_break_block(qapp, out):
    from pypdf import PdfReader

    from giaoban.documents.blocks import Document, PageBreak, PageSetup, Paragraph
    from giaoban.documents.output import render_to_file

    document = Document(PageSetup(), [Paragraph.of("Trang một"), PageBreak(), Paragraph.of("Trang hai")])
    path = render_to_file(document, out / "two.pdf")
    pages = [squash(p) for p in pdf_pages(path)]
    assert len(PdfReader(str(path)).pages) == 2
    assert "Trangmột" in pages[0] and "Tranghai" in pages[1] and "Tranghai" not in pages[0]

"""PDF and printer output: the text comes back exactly, A4, fonts embedded, page numbers from
page 2, long content flows over pages without losing or splitting rows, markup prints literally."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pypdf import PdfReader

from giaoban.core.clock import Clock
from giaoban.core.services.document_data import (
    load_briefing_document_data,
    load_followup_report_data,
)
from giaoban.documents.blocks import Document, PageSetup, Paragraph, Title
from giaoban.documents.builders import build_minutes, build_notice, build_report
from giaoban.documents.settings import DocumentSettings
from tests.documents_fixtures import (
    ABSENT,
    CHAIR,
    CONCLUSIONS,
    SECRETARY,
    TASKS,
    TODAY,
    TRICKY,
    insert_long_briefing,
    insert_sample_briefing,
    pdf_pages,
    squash,
)

MM = 72 / 25.4
VIETNAMESE = ("aàảãáạ ăằẳẵắặ âầẩẫấậ đ eèẻẽéẹ êềểễếệ iìỉĩíị oòỏõóọ ôồổỗốộ ơờởỡớợ "
              "uùủũúụ ưừửữứự yỳỷỹýỵ ĐẶNG ỮNG Ỹ Ữ Ặ")


@pytest.fixture
def minutes(ctx, qapp):
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx)
    return build_minutes(load_briefing_document_data(ctx, bid))


def _write(document, path):
    from giaoban.documents.pdf_writer import write_pdf

    return write_pdf(document, path)


def _text_positions(path):
    """(page index, text, x, y) of every text run, in PDF points from the bottom left."""
    found = []
    for index, page in enumerate(PdfReader(str(path)).pages):
        def visit(text, cm, tm, _font, _size, index=index):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((index, text.strip(), x, y))
        page.extract_text(visitor_text=visit)
    return found


def test_minutes_text_comes_back_exactly(minutes, tmp_path):
    path = _write(minutes, tmp_path / "bb.pdf")
    pages = pdf_pages(path)
    text = squash("".join(pages))
    for expected in (
        "ĐẢNG BỘ TỈNH NINH BÌNH", "TỈNH ỦY", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 15-BB/TU",
        "Ninh Bình, ngày 25 tháng 9 năm 2026", "BIÊN BẢN",
        "Hội nghị giao ban công tác dân vận quý III năm 2026",
        "Thời gian: vào hồi 08 giờ 00 phút, ngày 25 tháng 9 năm 2026.",
        f"Chủ trì: đồng chí {CHAIR[0]}, {CHAIR[1]}.", SECRETARY[0], ABSENT[2],
        *CONCLUSIONS, *(f"{i}. {c}" for i, c in enumerate(CONCLUSIONS, start=1)),
        *(task[0] for task in TASKS), *(f"{task[3]:%d/%m/%Y}" for task in TASKS),
        "THƯ KÝ HỘI NGHỊ", "CHỦ TRÌ HỘI NGHỊ",
        f"Biên bản gồm {len(pages):02d} trang, được lập thành 02 bản.",
    ):
        assert squash(expected) in text, expected
    assert squash(TRICKY) in text
    assert squash('Công ty "A & B" <TNHH>') in text
    for escaped in ("&amp;", "&lt;", "&quot;", "&#x27;", "<br"):
        assert escaped not in text
    assert "DỰ THẢO" not in text  # finalized


def test_pdf_is_a4_with_embedded_serif_fonts(minutes, tmp_path):
    reader = PdfReader(str(_write(minutes, tmp_path / "bb.pdf")))
    assert len(reader.pages) >= 2
    names = set()
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert any(re.search("Times|Liberation ?Serif|Tinos|Serif", n) for n in names), names


def test_page_numbers_from_page_two_centred_in_top_margin(minutes, tmp_path):
    path = _write(minutes, tmp_path / "bb.pdf")
    count = len(PdfReader(str(path)).pages)
    runs = _text_positions(path)
    top_margin_y = 842 - 20 * MM
    in_margin = [(page, text, x) for page, text, x, y in runs if y > top_margin_y]
    assert [page for page, _t, _x in in_margin] == list(range(1, count))
    for page, text, x in in_margin:
        assert text == str(page + 1)
        # centred on the text area (30 mm left, 15 mm right margins)
        assert abs(x - (30 + (210 - 45) / 2) * MM) < 10


def test_long_briefing_flows_over_pages(ctx, qapp, tmp_path):
    ctx.clock = Clock.at(TODAY)
    bid = insert_long_briefing(ctx)
    path = _write(build_minutes(load_briefing_document_data(ctx, bid)), tmp_path / "long.pdf")
    pages = [squash(p) for p in pdf_pages(path)]
    assert len(pages) >= 5
    whole = "".join(pages)
    for i in range(60):
        line = f"- Đồng chí Nguyễn Văn Đại Biểu {i:02d}," if i < 55 else (
            f"đồng chí Nguyễn Văn Đại Biểu {i:02d} (")  # members, then guests by organization
        assert whole.count(squash(line)) == 1, i
    for i in range(1, 41):
        assert whole.count(squash(f"Kiến nghị số {i} về chế độ")) == 1, i
    with_rows = []
    for i in range(1, 31):
        row = squash(f"Nhiệm vụ số {i}: theo dõi, đôn đốc giải quyết kiến nghị")
        holders = [n for n, page in enumerate(pages) if row in page]
        assert len(holders) == 1, (i, holders)  # the whole row on one page, once
        due = f"{dt.date(2026, 9, 25) + dt.timedelta(days=30 + i - 1):%d/%m/%Y}"
        assert due in pages[holders[0]]
        with_rows.append(holders[0])
    for n in set(with_rows):
        assert squash("Nội dung nhiệm vụ") in pages[n]  # header row repeated on every page
    assert len(set(with_rows)) >= 2
    assert "DỰTHẢO" in pages[0]  # the long briefing is a draft


def test_no_block_vanishes_after_pagination(ctx, qapp):
    from PySide6.QtGui import QPdfWriter

    from giaoban.documents.pagination import lay_out
    from giaoban.documents.pdf_writer import page_layout

    ctx.clock = Clock.at(TODAY)
    document = build_minutes(load_briefing_document_data(ctx, insert_long_briefing(ctx)))
    writer = QPdfWriter(os.devnull)
    writer.setResolution(1200)
    writer.setPageLayout(page_layout(document))
    layout = lay_out(document, writer)
    block = layout.text.begin()
    while block.isValid():
        if block.text().strip():
            assert block.layout().lineCount() > 0, block.text()
        block = block.next()
    assert layout.breaks  # the long document needed fixes, and got them


def _alphabet_document(family: str) -> Document:
    setup = PageSetup(font_family=family, font_fallbacks=())
    return Document(setup, [Title("BẢNG CHỮ CÁI"), Paragraph.of(VIETNAMESE)], title="Chữ")


def test_missing_font_falls_back_and_keeps_every_glyph(qapp, tmp_path):
    from giaoban.documents.fonts import clear_cache, pick_font_family, supports_vietnamese

    clear_cache()
    chosen = pick_font_family("Phông Không Tồn Tại", ())
    assert chosen != "Phông Không Tồn Tại" and supports_vietnamese(chosen)
    path = _write(_alphabet_document("Phông Không Tồn Tại"), tmp_path / "abc.pdf")
    text = squash(pdf_pages(path)[0])
    assert squash(VIETNAMESE) in text
    fonts = {str(f.get_object()["/BaseFont"])
             for f in PdfReader(str(path)).pages[0]["/Resources"]["/Font"].values()}
    assert all("Phông" not in name for name in fonts)


def test_notice_and_report_pdfs(ctx, qapp, tmp_path):
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx, status="draft")
    notice = _write(build_notice(load_briefing_document_data(ctx, bid)), tmp_path / "tb.pdf")
    text = squash("".join(pdf_pages(notice)))
    for expected in ("THÔNG BÁO", "Kết luận của Thường trực Tỉnh ủy tại hội nghị giao ban công "
                     "tác dân vận quý III năm 2026", "Nơi nhận:", "- Lưu Văn phòng Tỉnh ủy.",
                     "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", CHAIR[0], "DỰ THẢO",
                     "Ninh Bình, ngày 20 tháng 10 năm 2026"):
        assert squash(expected) in text, expected
    data = load_followup_report_data(ctx, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    data.settings["doc.report_landscape"] = "1"
    report = _write(build_report(data), tmp_path / "bc.pdf")
    reader = PdfReader(str(report))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    text = squash("".join(pdf_pages(report)))
    for expected in ("BÁO CÁO", "Tỷ lệ hoàn thành: 40%", "Quá hạn", "Hoàn thành quá hạn",
                     "Khảo sát việc làm của thanh niên", "31/08/2026", "Tỉnh đoàn"):
        assert squash(expected) in text, expected


def test_print_document_on_a_printer_matches_the_pdf(minutes, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from giaoban.documents.pdf_writer import print_document

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = print_document(minutes, printer)
    assert printer.fullPage()
    printed = pdf_pages(tmp_path / "printed.pdf")
    written = pdf_pages(_write(minutes, tmp_path / "written.pdf"))
    assert len(printed) == len(written) == pages
    assert squash("".join(printed)) == squash("".join(written))


def test_settings_margins_move_the_text(minutes, tmp_path):
    wide = replace(minutes, setup=replace(minutes.setup, margin_left_mm=50.0))
    runs = _text_positions(_write(wide, tmp_path / "wide.pdf"))
    body = [x for page, text, x, _y in runs if page == 0 and text.startswith("Địa")]
    assert body and min(body) > 50 * MM
    assert DocumentSettings.from_mapping({"doc.margin_left_mm": "50"}).page_setup().margin_left_mm == 50


def test_report_table_pages_end_on_whole_rows(demo_ctx, qapp):
    """No row split over two pages, no lead-unit heading left alone at a page bottom (the demo
    data's Q3 report had one before the fix)."""
    from PySide6.QtGui import QPdfWriter, QTextTable

    from giaoban.documents.pagination import lay_out
    from giaoban.documents.pdf_writer import page_layout

    data = load_followup_report_data(demo_ctx, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    document = build_report(data)
    writer = QPdfWriter(os.devnull)
    writer.setResolution(1200)
    writer.setPageLayout(page_layout(document))
    layout = lay_out(document, writer)
    height = layout.page.height()
    parts = [f for f in layout.text.rootFrame().childFrames()
             if isinstance(f, QTextTable) and f.format().headerRowCount() == 1]
    assert parts
    for table in parts:
        for row in range(1, table.rows()):
            cells = {table.cellAt(row, c).firstPosition(): table.cellAt(row, c)
                     for c in range(table.columns())}
            tops = [layout.top(layout.text.findBlock(c.firstPosition())) for c in cells.values()]
            bottoms = [layout.rect(layout.text.findBlock(c.lastPosition())).bottom()
                       for c in cells.values()]
            assert int(min(tops) // height) == int((max(bottoms) - 1) // height), row
        last = table.cellAt(table.rows() - 1, 0)
        assert last.columnSpan() < table.columns() or table.rows() == 2

"""Word says what the PDF says (issue 15, item 4): the DỰ THẢO box and the light diagonal mark on
every page, page count and page numbers printed by one function, the motto's line as long as the
motto, and file properties that name the issuing body, the title and the context's time — none
of python-docx's template. Files written for real and read back (python-docx, the zip, pypdf);
tests/test_page_breaks.py shows the Word file through LibreOffice."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from PySide6.QtGui import QFont, QFontMetricsF, QPdfWriter

from giaoban.core.clock import Clock
from giaoban.core.services.document_data import load_briefing_document_data
from giaoban.documents.blocks import FieldCode, HeaderBlock, field_instruction, field_text
from giaoban.documents.builders import build_minutes
from giaoban.documents.docx_marks import watermark_angle
from giaoban.documents.docx_writer import write_docx
from giaoban.documents.exports import export_minutes, export_report
from giaoban.documents.fonts import pick_font_family
from giaoban.documents.measure import text_width_pt
from giaoban.documents.pdf_writer import write_pdf
from tests.documents_fixtures import TODAY, insert_long_briefing, insert_sample_briefing, pdf_pages

VML = "{urn:schemas-microsoft-com:vml}"


@pytest.fixture
def draft(ctx, qapp, tmp_path):
    """A draft briefing's minutes, long enough for several pages, as DOCX and PDF."""
    ctx.clock = Clock.at(TODAY)
    bid = insert_long_briefing(ctx)  # a draft
    document = build_minutes(load_briefing_document_data(ctx, bid))
    assert document.is_draft
    return document, write_docx(document, tmp_path / "bb.docx"), write_pdf(document, tmp_path / "bb.pdf")


def _headers(path):
    section = docx.Document(str(path)).sections[0]
    return [section.first_page_header, section.header]


def test_draft_marks_on_every_page_in_word_and_pdf(draft):
    document, docx_path, pdf_path = draft
    pages = [" ".join(page.split()) for page in pdf_pages(pdf_path)]
    assert len(pages) >= 3
    assert all("DỰ THẢO" in page for page in pages)  # the box: text; the diagonal mark: a path
    for header in _headers(docx_path):
        cells = [c.text for t in header.tables for c in t.rows[0].cells]
        assert cells[-1] == "DỰ THẢO"
        shapes = header._element.findall(f".//{VML}shape")
        assert len(shapes) == 1 and shapes[0].get("id").startswith("PowerPlusWaterMarkObject")
        assert shapes[0].find(f"{VML}textpath").get("string") == "DỰ THẢO"
        rotation = float(re.search(r"rotation:([\d.]+)", shapes[0].get("style")).group(1))
        assert rotation == pytest.approx(360 - watermark_angle(document.setup), abs=1)
        assert "opacity" in shapes[0].find(f"{VML}fill").attrib
    page_numbers = [c.text for t in _headers(docx_path)[1].tables for c in t.rows[0].cells]
    assert page_numbers[1] == field_text(FieldCode.PAGE, 2)  # the number kept, centred


def test_finalized_documents_carry_no_mark(ctx, tmp_path):
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx)
    path = write_docx(build_minutes(load_briefing_document_data(ctx, bid)), tmp_path / "f.docx")
    for header in _headers(path):
        assert not header.tables and not header._element.findall(f".//{VML}shape")
        assert "DỰ THẢO" not in "".join(p.text for p in header.paragraphs)


def test_page_count_and_numbers_formatted_by_one_function(draft):
    _document, docx_path, pdf_path = draft
    pages = pdf_pages(pdf_path)
    count = field_text(FieldCode.NUM_PAGES, len(pages))
    assert len(count) == 2 and f"gồm {count} trang" in " ".join(pages[-1].split())
    instructions = []
    with zipfile.ZipFile(docx_path) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                instructions += re.findall(r"<w:instrText[^>]*>([^<]*)<", archive.read(name).decode())
    assert f" {field_instruction(FieldCode.NUM_PAGES)} " in instructions
    assert f" {field_instruction(FieldCode.PAGE)} " in instructions
    assert field_instruction(FieldCode.NUM_PAGES) == 'NUMPAGES \\# "00"'
    assert [field_text(FieldCode.NUM_PAGES, n) for n in (7, 12)] == ["07", "12"]
    assert [field_text(FieldCode.PAGE, n) for n in (2, 12)] == ["2", "12"]


def test_motto_line_as_long_as_the_motto(ctx, qapp, tmp_path):
    ctx.clock = Clock.at(TODAY)
    document = build_minutes(load_briefing_document_data(ctx, insert_sample_briefing(ctx)))
    header = next(b for b in document.blocks if isinstance(b, HeaderBlock))
    font = QFont(pick_font_family(document.setup.font_family, document.setup.font_fallbacks))
    font.setBold(True)
    font.setPointSizeF(header.motto_size_pt)
    device = QPdfWriter(str(tmp_path / "measure.pdf"))
    device.setResolution(72)  # one device pixel per point
    printed = QFontMetricsF(font, device).horizontalAdvance(header.motto)  # the font's own
    estimate = text_width_pt(header.motto, header.motto_size_pt, bold=True)
    assert estimate == pytest.approx(printed, abs=1.0)
    table = docx.Document(str(write_docx(document, tmp_path / "m.docx"))).tables[0]
    motto = table.cell(0, 1).paragraphs[0]
    column_pt = table.columns[1].width.pt
    fmt = motto.paragraph_format
    line_pt = column_pt - fmt.left_indent.pt - fmt.right_indent.pt
    assert motto._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert 0 <= line_pt - printed <= 0.5 * 72 / 25.4 * 2  # at most 1 mm longer, never shorter


def test_file_properties_name_the_body_title_and_the_contexts_time(ctx, qapp, tmp_path):
    moment = dt.datetime(2026, 10, 20, 9, 0, tzinfo=dt.UTC)
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx)
    path = export_minutes(ctx, bid, tmp_path / "bb.docx")
    props = docx.Document(str(path)).core_properties
    assert props.author == "TỈNH ỦY" == props.last_modified_by
    assert props.title.startswith("Biên bản hội nghị giao ban")
    assert props.created == props.modified == moment  # the pinned clock, to the second
    assert props.comments == "" and props.language == "vi-VN"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        everything = b"".join(archive.read(n) for n in names if n.startswith("docProps/"))
    assert not [n for n in names if "thumbnail" in n]
    assert b"python-docx" not in everything and b"2013-12-23" not in everything
    assert b"Macintosh" not in everything
    book = openpyxl.load_workbook(export_report(ctx, "2026-Q3", tmp_path / "bc.xlsx"))
    assert book.properties.creator == "TỈNH ỦY"
    assert book.properties.created.replace(microsecond=0) == moment.replace(tzinfo=None)

"""Word output read back with python-docx: header table, title, numbered conclusions, task table
with a repeating header row, signatures, page setup, fonts for Vietnamese, page numbers."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from giaoban.core.clock import Clock
from giaoban.core.services.document_data import (
    load_briefing_document_data,
    load_followup_report_data,
)
from giaoban.documents.builders import build_minutes, build_notice, build_report
from giaoban.documents.docx_writer import write_docx
from tests.documents_fixtures import (
    CHAIR,
    CONCLUSIONS,
    SECRETARY,
    TASKS,
    TODAY,
    TRICKY,
    insert_sample_briefing,
)


@pytest.fixture
def sample(ctx):
    ctx.clock = Clock.at(TODAY)
    return ctx, insert_sample_briefing(ctx)


@pytest.fixture
def minutes_docx(sample, tmp_path):
    ctx, bid = sample
    path = write_docx(build_minutes(load_briefing_document_data(ctx, bid)), tmp_path / "bb.docx")
    return docx.Document(str(path))


def _texts(cell):
    return [p.text for p in cell.paragraphs]


def test_header_is_a_borderless_two_column_table(minutes_docx):
    header = minutes_docx.tables[0]
    assert (len(header.rows), len(header.columns)) == (2, 2)
    assert _texts(header.cell(0, 0)) == ["ĐẢNG BỘ TỈNH NINH BÌNH", "TỈNH ỦY", "*"]
    assert _texts(header.cell(0, 1)) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert _texts(header.cell(1, 0)) == ["Số 15-BB/TU"]
    place = header.cell(1, 1).paragraphs[0]
    assert place.text == "Ninh Bình, ngày 25 tháng 9 năm 2026"
    assert all(run.italic for run in place.runs)
    assert header.cell(0, 0).paragraphs[1].runs[0].bold
    motto = header.cell(0, 1).paragraphs[0]
    assert motto.runs[0].bold
    assert motto._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_title_conclusions_and_signatures(minutes_docx):
    paragraphs = minutes_docx.paragraphs
    titles = [p.text for p in paragraphs if p.style.name == "GB Title"]
    assert titles == ["BIÊN BẢN"]
    subtitles = [p.text for p in paragraphs if p.style.name == "GB Subtitle"]
    assert subtitles == ["Hội nghị giao ban công tác dân vận quý III năm 2026"]
    numbered = [p.text for p in paragraphs if p.style.name == "GB List"]
    for i, conclusion in enumerate(CONCLUSIONS, start=1):
        assert f"{i}. {conclusion}" in numbered
    body = "\n".join(p.text for p in paragraphs)
    assert TRICKY in body  # literal, no escaping
    signatures = minutes_docx.tables[-1]
    left, right = signatures.rows[0].cells
    assert _texts(left)[0] == "THƯ KÝ HỘI NGHỊ" and _texts(left)[-1] == SECRETARY[0]
    assert _texts(right)[0] == "CHỦ TRÌ HỘI NGHỊ" and _texts(right)[-1] == CHAIR[0]
    assert all(p.style.name == "GB Signature" for p in right.paragraphs)


def test_task_table_repeats_its_header(minutes_docx):
    table = minutes_docx.tables[1]
    header = table.rows[0]
    assert [c.text for c in header.cells] == [
        "TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"]
    flag = header._tr.trPr.find(qn("w:tblHeader"))
    assert flag is not None and flag.get(qn("w:val")) == "true"
    rows = {row.cells[1].text: row.cells[4].text for row in table.rows[1:]}
    for title, _lead, _supports, due, *_rest in TASKS:
        assert rows[title] == f"{due:%d/%m/%Y}"
    assert table.style.name == "Table Grid"


def test_page_setup_fonts_and_page_numbers(minutes_docx):
    section = minutes_docx.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.left_margin - Mm(30)) < Mm(0.5)
    assert abs(section.right_margin - Mm(15)) < Mm(0.5)
    assert abs(section.top_margin - Mm(20)) < Mm(0.5)
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and "fldChar" in header_xml
    assert "PAGE" not in section.first_page_header._element.xml
    normal = minutes_docx.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(slot)) == "Times New Roman"
    assert normal.font.size.pt == 14
    assert normal.paragraph_format.alignment == 3  # justify
    body_xml = minutes_docx.element.body.xml
    assert "NUMPAGES" in body_xml


def test_notice_docx_recipients_and_signature(sample, tmp_path):
    ctx, bid = sample
    path = write_docx(build_notice(load_briefing_document_data(ctx, bid)), tmp_path / "tb.docx")
    document = docx.Document(str(path))
    left, right = document.tables[-1].rows[0].cells
    assert _texts(left)[0] == "Nơi nhận:"
    assert _texts(left)[-1] == "- Lưu Văn phòng Tỉnh ủy."
    assert all(run.font.size.pt == 12 for p in left.paragraphs for run in p.runs)
    assert _texts(right)[:2] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"]
    assert _texts(right)[-1] == CHAIR[0]
    assert document.tables[0].cell(1, 0).text.endswith("-TB/TU")


def test_report_docx_groups_by_lead_unit(sample, tmp_path):
    import datetime as dt

    ctx, _bid = sample
    data = load_followup_report_data(ctx, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    path = write_docx(build_report(data), tmp_path / "bc.docx")
    table = docx.Document(str(path)).tables[1]
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert texts[0][-1] == "Kết quả"
    group_rows = [row[0] for row in texts[1:] if len(set(row)) == 1]
    assert "Tỉnh đoàn" in group_rows
    assert any(row[1] == "Khảo sát việc làm của thanh niên" and row[5] == "10" for row in texts)


PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
             "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
             "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
             "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
               "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]


def test_properties_follow_the_schema_order(minutes_docx):
    """Word reports a file as corrupt when property elements are out of order."""
    body = minutes_docx.element.body
    for tag, order in (("pPr", PPR_ORDER), ("tblPr", TBLPR_ORDER)):
        for props in body.iter(qn(f"w:{tag}")):
            names = [child.tag.split("}", 1)[1] for child in props]
            positions = [order.index(n) for n in names]
            assert positions == sorted(positions), (tag, names)
            assert len(set(names)) == len(names), (tag, names)


def test_draft_mark_in_every_page_header(ctx, tmp_path):
    """The box at the right of the header of the first page and of the others (issue 15);
    tests/test_word_parity.py checks the diagonal mark and how LibreOffice shows them."""
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx, status="draft")
    path = write_docx(build_minutes(load_briefing_document_data(ctx, bid)), tmp_path / "d.docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    for header in (section.first_page_header, section.header):
        assert [c.text for t in header.tables for c in t.rows[0].cells][-1] == "DỰ THẢO"
    assert "DỰ THẢO" not in "\n".join(p.text for p in document.paragraphs)


def test_finalized_minutes_have_no_draft_mark(minutes_docx):
    header = minutes_docx.sections[0].first_page_header
    assert "DỰ THẢO" not in "".join(p.text for p in header.paragraphs)

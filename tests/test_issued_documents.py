"""Issued is issued: real PDF and DOCX files read back print the number, date and signer the
register keeps, and a change of Settings after issuing does not change a reprint."""

from __future__ import annotations

import datetime as dt
import json

import docx
import pytest
from sqlmodel import select

from giaoban.cli import main
from giaoban.core.clock import Clock
from giaoban.core.errors import ValidationError
from giaoban.core.models import IssuedDocument, Person
from giaoban.core.periods import parse_period
from giaoban.core.services.briefings import finalize_briefing
from giaoban.core.services.settings import save_settings
from giaoban.documents.exports import export_minutes, export_notice, export_report
from tests.documents_fixtures import CHAIR, TODAY, insert_sample_briefing, pdf_pages, squash

CHANGED = {
    "province": "Thanh Hóa", "superior_body": "ĐẢNG BỘ TỈNH THANH HÓA",
    "committee_name": "TỈNH ỦY THANH HÓA", "body_symbol": "TUTH", "symbol_minutes": "BBX",
    "symbol_notice": "TBX", "symbol_report": "BCX", "signer_title": "BÍ THƯ",
    "signer_name": "Lê Văn Mới", "report_body": "Ban Dân vận Tỉnh ủy",
    "report_signing_mode": "K/T TRƯỞNG BAN", "report_signer_title": "PHÓ TRƯỞNG BAN",
    "report_signer_name": "Hoàng Thị Khác",
}
OFFICE_CHIEF = "Trương Văn Chánh"


@pytest.fixture
def finalized(ctx, qapp):
    """The sample briefing, finalized through the service (its minutes get number 15, typed)."""
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx, status="draft")
    finalize_briefing(ctx, bid)
    return ctx, bid


def _pdf(path) -> str:
    return squash("".join(pdf_pages(path)))


def _docx_header(path) -> tuple[str, str, list[str]]:
    """Number, place and date, and the left column of a DOCX's header table."""
    table = docx.Document(str(path)).tables[0]
    return (table.cell(1, 0).text, table.cell(1, 1).text,
            [p.text for p in table.cell(0, 0).paragraphs])


def _docx_text(path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return squash("\n".join(parts))


def test_finalized_minutes_reprint_with_what_they_were_issued_with(finalized, tmp_path):
    ctx, bid = finalized
    first_pdf = export_minutes(ctx, bid, tmp_path / "bb1.pdf")
    first_docx = export_minutes(ctx, bid, tmp_path / "bb1.docx")
    header = _docx_header(first_docx)
    assert header == ("Số 15-BB/TU", "Ninh Bình, ngày 25 tháng 9 năm 2026",
                      ["ĐẢNG BỘ TỈNH NINH BÌNH", "TỈNH ỦY", "*"])
    save_settings(ctx, CHANGED)
    again_docx = export_minutes(ctx, bid, tmp_path / "bb2.docx")
    assert _docx_header(again_docx) == header
    again = _pdf(export_minutes(ctx, bid, tmp_path / "bb2.pdf"))
    assert again == _pdf(first_pdf) and "ThanhHóa" not in again
    with ctx.transaction() as s:  # the chair's name is corrected in the directory later
        chair = s.exec(select(Person).where(Person.full_name == CHAIR[0])).one()
        chair.full_name = "Tên Đã Đổi"
        s.add(chair)
    signatures = _pdf(export_minutes(ctx, bid, tmp_path / "bb3.pdf"))[-120:]
    assert squash(CHAIR[0]) in signatures and "TênĐãĐổi" not in signatures


def test_a_draft_prints_no_number_and_a_new_finalize_takes_the_new_settings(ctx, qapp, tmp_path):
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx, status="draft")  # "15" typed, not yet given
    text = _pdf(export_minutes(ctx, bid, tmp_path / "draft.pdf"))
    assert "DỰTHẢO" in text and "Số15" not in text
    save_settings(ctx, CHANGED)
    with ctx.transaction() as s:
        from giaoban.core.models import Briefing

        briefing = s.get(Briefing, bid)
        briefing.document_number = ""
        s.add(briefing)
    finalize_briefing(ctx, bid)
    number, place, left = _docx_header(export_minutes(ctx, bid, tmp_path / "new.docx"))
    assert (number, place) == ("Số 01-BBX/TUTH", "Thanh Hóa, ngày 25 tháng 9 năm 2026")
    assert left[:2] == ["ĐẢNG BỘ TỈNH THANH HÓA", "TỈNH ỦY THANH HÓA"]


def test_the_notice_is_numbered_dated_and_signed_as_issued(finalized, tmp_path):
    ctx, bid = finalized
    pdf = export_notice(ctx, bid, tmp_path / "tb.pdf", number="16", issued_on=dt.date(2026, 10, 5))
    text = _pdf(pdf)
    for expected in ("Số 16-TB/TU", "Ninh Bình, ngày 05 tháng 10 năm 2026", "T/M BAN THƯỜNG VỤ",
                     "PHÓ BÍ THƯ THƯỜNG TRỰC", CHAIR[0]):
        assert squash(expected) in text, expected
    assert "DỰTHẢO" not in text
    save_settings(ctx, CHANGED)
    reprint = export_notice(ctx, bid, tmp_path / "tb.docx")  # no number: the issued one
    assert _docx_header(reprint)[:2] == ("Số 16-TB/TU", "Ninh Bình, ngày 05 tháng 10 năm 2026")
    body = _docx_text(reprint)
    assert squash(CHAIR[0]) in body and "LêVănMới" not in body and "BÍTHƯ\n" not in body
    assert _pdf(export_notice(ctx, bid, tmp_path / "tb2.pdf")) == text
    with pytest.raises(ValidationError):  # another number needs a correction with a reason
        export_notice(ctx, bid, tmp_path / "tb3.pdf", number="17")
    assert not (tmp_path / "tb3.pdf").exists()


def test_a_notice_of_a_draft_briefing_is_a_draft_without_number(ctx, qapp, tmp_path):
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx, status="draft")
    text = _pdf(export_notice(ctx, bid, tmp_path / "tb.pdf"))
    assert "DỰTHẢO" in text and "Số-TB/TU" in text.replace("\u00a0", "")
    with pytest.raises(ValidationError):
        export_notice(ctx, bid, tmp_path / "tb2.pdf", number="3")
    with ctx.session() as s:
        assert s.exec(select(IssuedDocument)).all() == []


def test_the_report_is_signed_by_who_reports_and_kept_as_issued(finalized, tmp_path):
    ctx, _bid = finalized
    draft = _pdf(export_report(ctx, "2026-Q3", tmp_path / "draft.pdf"))
    for expected in ("DỰ THẢO", "Văn phòng Tỉnh ủy báo cáo", "T/L BAN THƯỜNG VỤ",
                     "CHÁNH VĂN PHÒNG", "……………………"):
        assert squash(expected) in draft, expected
    with pytest.raises(ValidationError) as caught:  # nobody to sign: not issued blank
        export_report(ctx, "2026-Q3", tmp_path / "no.pdf", issue=True)
    assert "signer" in caught.value.errors and not (tmp_path / "no.pdf").exists()
    with ctx.transaction() as s:
        s.add(Person(full_name=OFFICE_CHIEF, title="Chánh Văn phòng Tỉnh ủy"))
    issued = export_report(ctx, "2026-Q3", tmp_path / "bc.docx", issue=True,
                           issued_on=dt.date(2026, 10, 21))
    assert _docx_header(issued)[:2] == ("Số 01-BC/TU", "Ninh Bình, ngày 21 tháng 10 năm 2026")
    body = _docx_text(issued)
    assert squash(OFFICE_CHIEF) in body and "DỰTHẢO" not in body
    save_settings(ctx, CHANGED)
    again = export_report(ctx, "2026-Q3", tmp_path / "bc2.docx")  # same period and day
    assert _docx_header(again) == _docx_header(issued)
    assert _docx_text(again) == body
    assert "HoàngThịKhác" not in _docx_text(again)


def test_cli_prints_the_number_it_used_and_takes_number_and_date(finalized, tmp_path, capsys):
    ctx, bid = finalized
    db = str(ctx.db.path)
    ctx.db.dispose()
    out = tmp_path / "tb.docx"
    assert main(["notice", str(bid), "--out", str(out), "--number", "9", "--date", "2026-10-06",
                 "--db", db]) == 0
    printed = capsys.readouterr().out
    assert "Số 09-TB/TU, ngày 06/10/2026" in printed
    assert _docx_header(out)[:2] == ("Số 09-TB/TU", "Ninh Bình, ngày 06 tháng 10 năm 2026")
    assert main(["briefings", "--json", "--db", db]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["document_number"] for r in rows if r["id"] == bid] == ["15-BB/TU"]
    report = tmp_path / "bc.docx"
    assert main(["report", "--period", "2026-Q3", "--as-of", "2026-09-30", "--draft",
                 "--out", str(report), "--db", db]) == 0
    assert "Số " not in capsys.readouterr().out
    assert main(["register", "--json", "--db", db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(r["document_number"] for r in listed) == ["09-TB/TU", "15-BB/TU"]
    notice_id = next(r["id"] for r in listed if r["kind"] == "notice")
    assert main(["renumber", str(notice_id), "--number", "10", "--reason", "Số đã dùng",
                 "--db", db]) == 0
    capsys.readouterr()
    assert main(["notice", str(bid), "--out", str(tmp_path / "tb2.docx"), "--db", db]) == 0
    assert "Số 10-TB/TU, ngày 06/10/2026" in capsys.readouterr().out
    assert parse_period("2026-Q3").start == dt.date(2026, 7, 1)

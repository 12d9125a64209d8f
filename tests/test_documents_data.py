"""Document data: the read-only loaders, the settings that override every printed string, and
what the builders put in the blocks (no Qt, no files)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from giaoban.core.clock import Clock
from giaoban.core.errors import NotFound, ValidationError
from giaoban.core.models import Briefing, Setting
from giaoban.core.services.document_data import (
    load_briefing_document_data,
    load_followup_report_data,
)
from giaoban.documents.blocks import (
    DraftMark,
    HeaderBlock,
    NumberedList,
    Paragraph,
    SignatureRow,
    Table,
    Title,
    plain_text,
)
from giaoban.documents.builders import build_minutes, build_notice, build_report
from giaoban.documents.settings import DocumentSettings
from tests.documents_fixtures import (
    ABSENT,
    CHAIR,
    CONCLUSIONS,
    SECRETARY,
    TODAY,
    insert_long_briefing,
    insert_sample_briefing,
)

Q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


@pytest.fixture
def sample(ctx):
    ctx.clock = Clock.at(TODAY)
    return ctx, insert_sample_briefing(ctx)


def _statements(ctx, action):
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", record)
    return [s for s in seen if not s.lstrip().upper().startswith(("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK"))]


def test_loader_reads_everything_of_the_briefing(sample):
    ctx, bid = sample
    data = load_briefing_document_data(ctx, bid)
    assert (data.chair.name, data.chair.title) == CHAIR
    assert data.secretary.name == SECRETARY[0]
    assert [c.text for c in data.conclusions] == list(CONCLUSIONS)
    absent = [a for a in data.attendees if not a.present]
    assert [(a.name, a.absence_reason) for a in absent] == [(ABSENT[0], ABSENT[2])]
    assert {a.organization for a in data.attendees if a.role == "invited"} == {
        'Công ty "A & B" <TNHH>', "Ủy ban nhân dân tỉnh"}
    assert len(data.aspirations) == 3
    kiem_tra = next(t for t in data.tasks if t.title.startswith("Kiểm tra"))
    assert kiem_tra.supporting_units == ("Ủy ban MTTQ Việt Nam tỉnh", "Hội Liên hiệp Phụ nữ tỉnh")
    assert data.today == TODAY


def test_loader_query_count_does_not_grow_and_writes_nothing(sample):
    ctx, small = sample
    big = insert_long_briefing(ctx)
    few = _statements(ctx, lambda: load_briefing_document_data(ctx, small))
    many = _statements(ctx, lambda: load_briefing_document_data(ctx, big))
    assert len(few) == len(many) <= 10
    report = _statements(ctx, lambda: load_followup_report_data(ctx, *Q3))
    # a constant count: the overview's grouped unit tally reads the units' names apart
    assert len(report) <= 5
    for statement in few + many + report:
        assert statement.lstrip().upper().startswith("SELECT"), statement


def test_unknown_or_deleted_briefing_is_not_found(sample):
    ctx, bid = sample
    with pytest.raises(NotFound, match="999"):
        load_briefing_document_data(ctx, 999)
    with ctx.transaction() as s:
        s.get(Briefing, bid).deleted_at = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    with pytest.raises(NotFound):
        load_briefing_document_data(ctx, bid)


def test_report_period_and_as_of(sample):
    ctx, _bid = sample
    data = load_followup_report_data(ctx, *Q3)
    titles = {t.title for t in data.tasks}
    assert "Nhiệm vụ quý II" not in titles
    assert "Khảo sát việc làm của thanh niên" in titles
    assert data.as_of == TODAY
    with pytest.raises(ValidationError):
        load_followup_report_data(ctx, Q3[1], Q3[0])


def test_settings_defaults_shared_keys_and_doc_keys():
    default = DocumentSettings()
    assert (default.committee_name, default.superior_body, default.place) == (
        "TỈNH ỦY", "ĐẢNG BỘ TỈNH NINH BÌNH", "Ninh Bình")
    assert (default.margin_top_mm, default.margin_left_mm, default.body_size_pt) == (20, 30, 14)
    settings = DocumentSettings.from_mapping({
        "committee_name": "THÀNH ỦY",
        "province": "Hà Nội",
        "symbol_minutes": "BB",
        "doc.superior_body": "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        "doc.margin_left_mm": "25",
        "doc.recipients": "Như trên,\nLưu VT.",
        "doc.report_landscape": "1",
        "doc.unknown_key": "ignored",
    })
    assert settings.committee_name == "THÀNH ỦY"
    assert settings.place == "Hà Nội"
    assert settings.superior_body == "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"
    assert settings.margin_left_mm == 25.0
    assert settings.recipients == ("Như trên,", "Lưu VT.")
    assert settings.report_landscape is True
    assert DocumentSettings.from_mapping({"doc.committee_name": "A", "committee_name": "B"}
                                         ).committee_name == "A"
    assert DocumentSettings.from_mapping({"committee_name": "  "}).committee_name == "TỈNH ỦY"


@pytest.mark.parametrize("key, value", [("doc.margin_left_mm", "abc"),
                                        ("doc.body_size_pt", "400"),
                                        ("doc.report_landscape", "maybe")])
def test_bad_setting_names_its_key(key, value):
    with pytest.raises(ValidationError) as caught:
        DocumentSettings.from_mapping({key: value})
    assert key in caught.value.errors


def test_document_number():
    settings = DocumentSettings()
    assert settings.number("BB", "15") == "Số 15-BB/TU"
    assert settings.number("BB", "15-BB/TU") == "Số 15-BB/TU"
    assert settings.number("TB", "").startswith("Số ") and settings.number("TB").endswith("-TB/TU")


def _blocks(document, kind):
    return [b for b in document.blocks if isinstance(b, kind)]


def test_minutes_blocks(sample):
    ctx, bid = sample
    document = build_minutes(load_briefing_document_data(ctx, bid))
    header = _blocks(document, HeaderBlock)[0]
    assert header.number == "Số 15-BB/TU"
    assert header.place_date == "Ninh Bình, ngày 25 tháng 9 năm 2026"
    assert header.superior_body == "ĐẢNG BỘ TỈNH NINH BÌNH" and header.issuing_body == "TỈNH ỦY"
    title = _blocks(document, Title)[0]
    assert (title.text, title.subtitle) == (
        "BIÊN BẢN", ["Hội nghị giao ban công tác dân vận quý III năm 2026"])
    assert not document.is_draft
    texts = [b.text for b in _blocks(document, Paragraph)]
    assert any(t.startswith("Thời gian: vào hồi 08 giờ 00 phút, ngày 25 tháng 9 năm 2026") for t in texts)
    assert any("1. Thành viên có mặt: 3 đồng chí" in t for t in texts)
    assert any(ABSENT[2] in t for t in texts)
    assert "Hội nghị kết thúc vào hồi 11 giờ 30 phút cùng ngày." in texts
    conclusions = _blocks(document, NumberedList)[-1]
    assert [plain_text(item) for item in conclusions.items] == list(CONCLUSIONS)
    table = _blocks(document, Table)[0]
    assert [c.header for c in table.columns][-1] == "Thời hạn"
    assert [row.cells[4] for row in table.rows] == sorted(row.cells[4] for row in table.rows)
    signatures = _blocks(document, SignatureRow)[0]
    assert [(s.title, s.name) for s in signatures.signers] == [
        ("THƯ KÝ HỘI NGHỊ", SECRETARY[0]), ("CHỦ TRÌ HỘI NGHỊ", CHAIR[0])]


def test_draft_briefing_prints_draft_mark(ctx):
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx, status="draft")
    data = load_briefing_document_data(ctx, bid)
    assert _blocks(build_minutes(data), DraftMark)[0].text == "DỰ THẢO"
    assert build_notice(data).is_draft


def test_settings_in_the_database_change_the_documents(sample):
    ctx, bid = sample
    with ctx.transaction() as s:
        s.add(Setting(key="committee_name", value="BAN THƯỜNG VỤ TỈNH ỦY"))
        s.add(Setting(key="doc.signing_mode", value="T/L BAN THƯỜNG VỤ"))
        s.add(Setting(key="doc.signer_title", value="CHÁNH VĂN PHÒNG"))
    document = build_notice(load_briefing_document_data(ctx, bid))
    assert _blocks(document, HeaderBlock)[0].issuing_body == "BAN THƯỜNG VỤ TỈNH ỦY"
    signer = _blocks(document, SignatureRow)[0].signers[0]
    assert (signer.authority, signer.title, signer.name) == (
        "T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", CHAIR[0])


def test_notice_blocks(sample):
    ctx, bid = sample
    document = build_notice(load_briefing_document_data(ctx, bid), issued_on=dt.date(2026, 2, 5))
    header = _blocks(document, HeaderBlock)[0]
    assert header.place_date == "Ninh Bình, ngày 05 tháng 02 năm 2026"
    assert header.number.endswith("-TB/TU")
    title = _blocks(document, Title)[0]
    assert title.text == "THÔNG BÁO"
    assert title.subtitle == ["Kết luận của Thường trực Tỉnh ủy tại hội nghị giao ban công tác "
                              "dân vận quý III năm 2026"]
    intro = _blocks(document, Paragraph)[0].text
    assert intro.startswith("Ngày 25 tháng 9 năm 2026, Thường trực Tỉnh ủy tổ chức")
    assert intro.endswith("Thường trực Tỉnh ủy kết luận như sau:")
    conclusions = _blocks(document, NumberedList)[0]
    tasks_of_first = [plain_text(r) for r in conclusions.sub_items[0]]
    assert tasks_of_first == [
        "- Giao Ủy ban MTTQ Việt Nam tỉnh chủ trì báo cáo kết quả vận động Nhân dân hiến đất làm "
        "đường; hoàn thành trước ngày 10/10/2026; báo cáo kết quả về Thường trực Tỉnh ủy (qua "
        "Văn phòng Tỉnh ủy)."]
    row = _blocks(document, SignatureRow)[0]
    assert row.recipients.lines[-1] == "Lưu Văn phòng Tỉnh ủy."
    assert row.signers[0].authority == "T/M BAN THƯỜNG VỤ"


def test_report_figures_as_of_a_day(sample):
    ctx, _bid = sample
    document = build_report(load_followup_report_data(ctx, *Q3, dt.date(2026, 10, 20)))
    lines = [b.text for b in _blocks(document, Paragraph)]
    assert "- Tổng số nhiệm vụ được giao: 5;" in lines
    assert "- Đã hoàn thành đúng hạn: 1;" in lines
    assert "- Hoàn thành quá hạn: 1;" in lines
    assert "- Đang thực hiện, còn trong hạn: 2;" in lines
    assert "- Quá hạn chưa hoàn thành: 1;" in lines
    assert "- Tỷ lệ hoàn thành: 40%;" in lines
    table = _blocks(document, Table)[0]
    by_title = {row.cells[1]: row for row in table.rows}
    assert by_title["Tổng hợp kiến nghị về đất đai tại xã Gia Hưng"].cells[4:6] == ["Quá hạn", 5]
    assert by_title["Khảo sát việc làm của thanh niên"].cells[4:6] == ["Hoàn thành quá hạn", 10]
    assert by_title["Khảo sát việc làm của thanh niên"].group == "Tỉnh đoàn"
    assert "Nhiệm vụ đã hủy" not in by_title
    earlier = build_report(load_followup_report_data(ctx, *Q3, dt.date(2026, 10, 5)))
    rows = {row.cells[1]: row for row in _blocks(earlier, Table)[0].rows}
    done_later = rows["Báo cáo kết quả vận động Nhân dân hiến đất làm đường"]
    assert done_later.cells[4] == "Đang thực hiện"  # finished on 08/10, after the 'as of' day
    title = _blocks(earlier, Title)[0]
    assert title.subtitle == ["Tình hình thực hiện kết luận giao ban công tác dân vận quý III "
                              "năm 2026", "(tính đến ngày 05 tháng 10 năm 2026)"]

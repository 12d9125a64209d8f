"""Briefing services on a real SQLite file: prepare from the last one, validation, finalize/reopen."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import select

from giaoban.core.enums import AuditAction, BriefingKind, BriefingStatus
from giaoban.core.errors import GiaobanError, ReadOnlyError, ValidationError
from giaoban.core.models import Aspiration, Attendance, AuditEvent, Briefing, Conclusion, Report
from giaoban.core.services import briefings, directory
from giaoban.core.services.briefings import (
    AspirationDraft,
    AttendanceDraft,
    BriefingDraft,
    ConclusionDraft,
    ReportDraft,
)


def _people(ctx):
    orgs = directory.list_organizations(ctx)
    chair = directory.create_person(ctx, full_name="Trần Văn Bình", title="Phó Bí thư",
                                    organization_id=orgs[0].id)
    secretary = directory.create_person(ctx, full_name="Lê Thị Hoa", title="Chuyên viên",
                                        organization_id=orgs[0].id)
    member = directory.create_person(ctx, full_name="Phạm Minh Châu", title="Chủ tịch",
                                     organization_id=orgs[1].id)
    return orgs, chair, secretary, member


def _draft(ctx) -> BriefingDraft:
    orgs, chair, secretary, member = _people(ctx)
    return BriefingDraft(
        kind="quarterly", year=2026, quarter=4, held_on=dt.date(2026, 12, 10),
        start_time=dt.time(8), end_time=dt.time(11, 30), place="Hội trường Tỉnh ủy",
        chair_id=chair.id, secretary_id=secretary.id, document_number="15-BB/TU",
        attendance=[
            AttendanceDraft(person_id=chair.id, role="chair"),
            AttendanceDraft(person_id=secretary.id, role="secretary"),
            AttendanceDraft(person_id=member.id, role="member", present=False,
                            absence_reason="Đi công tác"),
        ],
        reports=[ReportDraft(organization_id=orgs[1].id, presenter="Phạm Minh Châu",
                             title="Báo cáo tình hình Nhân dân quý IV/2026")],
        aspirations=[AspirationDraft(organization_id=orgs[1].id, kind="petition", field="policy",
                                     locality="Xã Gia Viễn", content="Đề nghị sớm chi trả chế độ.")],
        conclusions=[ConclusionDraft(text="Tiếp tục nắm tình hình Nhân dân."),
                     ConclusionDraft(text="Giải quyết dứt điểm kiến nghị về đất đai.")],
    )


def test_save_writes_everything_in_one_go_and_load_gives_it_back(ctx):
    draft = _draft(ctx)
    briefing_id = briefings.save_briefing(ctx, draft)
    loaded = briefings.load_briefing(ctx, briefing_id)
    assert loaded.place == "Hội trường Tỉnh ủy"
    assert [a.absence_reason for a in loaded.attendance] == ["", "", "Đi công tác"]
    assert [c.text for c in loaded.conclusions][1] == "Giải quyết dứt điểm kiến nghị về đất đai."
    assert loaded.aspirations[0].id is not None
    with ctx.session() as s:
        aspiration = s.get(Aspiration, loaded.aspirations[0].id)
        assert aspiration.raised_on == dt.date(2026, 12, 10)
        assert aspiration.briefing_id == briefing_id
        actions = {(e.entity, e.action) for e in s.exec(select(AuditEvent))}
    assert ("briefing", "create") in actions and ("aspiration", "create") in actions
    [row] = briefings.list_briefings(ctx)
    assert (row.period, row.chair, row.aspirations, row.conclusions, row.open_tasks) == (
        "Quý IV/2026", "Trần Văn Bình", 1, 2, 0)


def test_resave_keeps_conclusion_ids_and_trashes_removed_aspirations(ctx):
    briefing_id = briefings.save_briefing(ctx, _draft(ctx))
    draft = briefings.load_briefing(ctx, briefing_id)
    first_id = draft.conclusions[0].id
    draft.conclusions.reverse()
    draft.aspirations.clear()
    briefings.save_briefing(ctx, draft)
    again = briefings.load_briefing(ctx, briefing_id)
    assert again.conclusions[1].id == first_id
    assert again.aspirations == []
    with ctx.session() as s:
        assert s.exec(select(Aspiration)).one().deleted_at is not None
    assert briefings.list_briefings(ctx)[0].aspirations == 0


@pytest.mark.parametrize(("change", "key", "words"), [
    (lambda d: setattr(d, "held_on", dt.date(2026, 9, 30)), "held_on", "không thuộc Quý IV/2026"),
    (lambda d: setattr(d, "end_time", dt.time(7)), "end_time", "sau giờ bắt đầu"),
    (lambda d: setattr(d.attendance[2], "person_id", None), "attendance[2].person_id",
     "cán bộ hoặc cơ quan"),
    (lambda d: setattr(d, "document_number", "15/BB-TU"), "document_number", "15-BB/TU"),
    (lambda d: setattr(d.aspirations[0], "content", ""), "aspirations[0].content", "nội dung"),
    (lambda d: setattr(d.conclusions[1], "text", ""), "conclusions[1].text", "kết luận"),
])
def test_bad_input_is_named_at_its_field_and_nothing_is_written(ctx, change, key, words):
    draft = _draft(ctx)
    change(draft)
    with pytest.raises(ValidationError) as info:
        briefings.save_briefing(ctx, draft)
    assert key in info.value.errors
    assert words in info.value.errors[key]
    with ctx.session() as s:
        for table in (Briefing, Attendance, Report, Conclusion, Aspiration):
            assert s.exec(select(table)).first() is None


def test_a_draft_missing_what_only_finalizing_needs_is_saved_and_finalize_names_it(ctx):
    """Issue 13: the first briefing on an empty directory (no chair, no secretary, an absent
    person without reason, a report without its body) is kept as a draft, never refused."""
    orgs = directory.list_organizations(ctx)
    draft = BriefingDraft(year=2026, quarter=4, place="Hội trường", attendance=[
        AttendanceDraft(organization_id=orgs[0].id, present=False)],
        reports=[ReportDraft(title="Báo cáo quý IV")])
    briefing_id = briefings.save_briefing(ctx, draft)
    loaded = briefings.load_briefing(ctx, briefing_id)
    assert (loaded.chair_id, loaded.secretary_id, loaded.place) == (None, None, "Hội trường")
    assert loaded.attendance[0].present is False and loaded.reports[0].organization_id is None
    with pytest.raises(ValidationError) as info:
        briefings.finalize_briefing(ctx, briefing_id)
    text = info.value.errors["finalize"]
    for words in ("ngày họp", "người chủ trì", "thư ký", "có mặt", "lý do vắng mặt (1 người)",
                  "cơ quan báo cáo (1 báo cáo)"):
        assert words in text
    assert briefings.load_briefing(ctx, briefing_id).status == BriefingStatus.DRAFT


def test_prepare_next_copies_from_last_of_same_kind(demo_ctx):
    ctx = demo_ctx
    last = briefings.list_briefings(ctx, kind="quarterly")[0]
    source = briefings.load_briefing(ctx, last.id)
    draft = briefings.prepare_next_briefing(ctx, "quarterly")
    assert (draft.year, draft.quarter) == ((2027, 1) if last.quarter == 4 else (last.year, last.quarter + 1))
    assert draft.id is None and draft.status == "draft" and draft.held_on is None
    assert (draft.place, draft.chair_id, draft.secretary_id) == (
        source.place, source.chair_id, source.secretary_id)
    assert [a.person_id for a in draft.attendance] == [a.person_id for a in source.attendance]
    assert all(a.present and not a.absence_reason for a in draft.attendance)
    assert [r.organization_id for r in draft.reports] == [r.organization_id for r in source.reports]
    assert all(r.summary == "" for r in draft.reports)
    assert "quý I/2027" in draft.reports[0].title
    assert draft.aspirations == [] and draft.conclusions == []
    annual = briefings.prepare_next_briefing(ctx, "annual")
    assert (annual.kind, annual.year, annual.quarter) == ("annual", 2026, None)


def test_second_briefing_of_same_quarter_is_detected(ctx):
    briefing_id = briefings.save_briefing(ctx, _draft(ctx))
    assert briefings.same_period_briefings(ctx, "quarterly", 2026, 4) == [briefing_id]
    assert briefings.same_period_briefings(ctx, "quarterly", 2026, 4, exclude_id=briefing_id) == []
    assert briefings.same_period_briefings(ctx, "quarterly", 2026, 3) == []


def test_finalize_needs_the_minimum_and_says_what_is_missing(ctx):
    draft = _draft(ctx)
    draft.held_on = None
    draft.secretary_id = None
    briefing_id = briefings.save_briefing(ctx, draft)
    with pytest.raises(ValidationError) as info:
        briefings.finalize_briefing(ctx, briefing_id)
    assert "ngày họp" in str(info.value) and "thư ký" in str(info.value)
    assert "chủ trì" not in str(info.value)
    assert briefings.load_briefing(ctx, briefing_id).status == "draft"


def test_finalized_briefing_is_read_only_until_reopened_with_reason(ctx):
    briefing_id = briefings.save_briefing(ctx, _draft(ctx))
    briefings.finalize_briefing(ctx, briefing_id)
    draft = briefings.load_briefing(ctx, briefing_id)
    assert draft.status == BriefingStatus.FINALIZED
    draft.place = "Nơi khác"
    for write in (lambda: briefings.save_briefing(ctx, draft),
                  lambda: briefings.finalize_briefing(ctx, briefing_id)):
        with pytest.raises(ReadOnlyError, match="đã chốt"):
            write()
    with ctx.session() as s, pytest.raises(ReadOnlyError):
        briefings.ensure_briefing_editable(s, briefing_id)
    with pytest.raises(ValidationError):
        briefings.reopen_briefing(ctx, briefing_id, "  ")
    briefings.reopen_briefing(ctx, briefing_id, "Bổ sung kết luận theo ý kiến Thường trực")
    with pytest.raises(GiaobanError):
        briefings.reopen_briefing(ctx, briefing_id, "lần nữa")
    draft.status = "draft"
    briefings.save_briefing(ctx, draft)
    assert briefings.load_briefing(ctx, briefing_id).place == "Nơi khác"
    with ctx.session() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.entity == "briefing")
                        .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["create", "finalize", "reopen", "update"]
    reopen = events[2]
    assert reopen.action == AuditAction.REOPEN
    assert reopen.note == "Bổ sung kết luận theo ý kiến Thường trực"
    assert json.loads(reopen.changes)["status"] == ["finalized", "draft"]


def test_list_counts_open_tasks_and_filters(demo_ctx):
    rows = briefings.list_briefings(demo_ctx)
    assert len(rows) >= 10
    assert any(r.open_tasks for r in rows) and all(r.aspirations > 0 for r in rows)
    assert {r.kind for r in briefings.list_briefings(demo_ctx, kind="annual")} == {"annual"}
    assert {r.status for r in briefings.list_briefings(demo_ctx, status="draft")} == {"draft"}
    assert {r.year for r in briefings.list_briefings(demo_ctx, year=2025)} == {2025}
    labels = {r.period for r in rows}
    assert "Tổng kết năm 2025" in labels and "Sơ kết 6 tháng 2026" in labels
    assert BriefingKind.QUARTERLY.value in {r.kind for r in rows}

"""Briefings (giao ban): prepare the next one, save a whole draft in one go, finalize and reopen.

The editor works on a :class:`BriefingDraft` in memory; ``save_briefing`` checks everything first
(one message per field or row) and then writes the briefing, its attendance, reports, conclusions
and the aspirations raised at it in ONE transaction with its audit events. A finalized briefing is
read-only here — every writer raises :class:`ReadOnlyError` — until it is reopened with a reason.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from giaoban.core import audit, conflicts
from giaoban.core.enums import AuditAction, BriefingKind, BriefingStatus
from giaoban.core.errors import GiaobanError, NotFound, ValidationError
from giaoban.core.models import (
    Attendance,
    Briefing,
    Conclusion,
    Person,
    Report,
)
from giaoban.core.services.attachment_owners import relink_reports
from giaoban.core.services.briefing_aspirations import check_aspirations, write_aspirations
from giaoban.core.services.briefing_draft import (
    HEADER_FIELDS,
    AspirationDraft,
    AttendanceDraft,
    BriefingDraft,
    ConclusionDraft,
    ReportDraft,
)
from giaoban.core.services.briefing_query import (
    BriefingRow,
    FollowUpRow,
    draft_from_session,
    follow_ups,
    last_briefing,
    list_briefings,
    load_briefing,
    same_period_briefings,
)
from giaoban.core.services.briefing_rules import (
    check_header,
    check_rows,
    ensure_editable,
    missing_for_finalize,
    period_label,
)
from giaoban.core.services.document_register import register_minutes
from giaoban.core.services.settings import get_settings
from giaoban.core.text import normalize, quarter_of
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

__all__ = [
    "AspirationDraft", "AttendanceDraft", "BriefingDraft", "BriefingRow", "ConclusionDraft",
    "FollowUpRow", "ReportDraft", "ensure_briefing_editable", "finalize_briefing", "follow_ups",
    "list_briefings", "load_briefing", "missing_for_finalize", "period_label",
    "prepare_next_briefing", "reopen_briefing", "same_period_briefings", "save_briefing",
]


def _next_period(kind: str, year: int, quarter: int | None) -> tuple[int, int | None]:
    if kind == BriefingKind.QUARTERLY:
        q = (quarter or 0) + 1
        return (year + 1, 1) if q > 4 else (year, q)
    if kind == BriefingKind.THEMATIC:
        return year, None
    return year + 1, None


def prepare_next_briefing(ctx: AppContext, kind: str = BriefingKind.QUARTERLY.value) -> BriefingDraft:
    """A new draft from the last briefing of the same kind: next period, same place, chair,
    secretary, attendance list and reports order (summaries left blank); nothing is written."""
    today = ctx.today()
    with ctx.session() as session:
        previous = last_briefing(session, kind)
        source = previous or _latest_any(session)
        base = draft_from_session(session, source) if source is not None else None
    if previous is not None:
        year, quarter = _next_period(kind, previous.year, previous.quarter)
    elif kind == BriefingKind.QUARTERLY:
        year, quarter = today.year, quarter_of(today)
    else:
        year, quarter = today.year, None
    draft = BriefingDraft(kind=kind, year=year, quarter=quarter)
    if base is None:
        return draft
    draft.place, draft.chair_id, draft.secretary_id = base.place, base.chair_id, base.secretary_id
    draft.start_time, draft.end_time = base.start_time, base.end_time
    draft.attendance = [
        AttendanceDraft(person_id=a.person_id, organization_id=a.organization_id, role=a.role)
        for a in base.attendance
    ]
    old = period_label(base.kind, base.year, base.quarter, base.title)
    new = period_label(kind, year, quarter)
    draft.reports = [
        ReportDraft(organization_id=r.organization_id, presenter=r.presenter,
                    title=_replace_period(r.title, old, new))
        for r in base.reports
    ]
    return draft


def _latest_any(session: Session) -> Briefing | None:
    return session.exec(
        select(Briefing).where(col(Briefing.deleted_at).is_(None))
        .order_by(col(Briefing.held_on).desc(), col(Briefing.id).desc()).limit(1)
    ).first()


def _replace_period(title: str, old: str, new: str) -> str:
    """'Báo cáo … quý III/2026' becomes '… quý IV/2026' (either letter case of the period)."""
    for before, after in ((old, new), (old[:1].lower() + old[1:], new[:1].lower() + new[1:])):
        if before and before in title:
            return title.replace(before, after)
    return title


def ensure_briefing_editable(session: Session, briefing_id: int | None) -> None:
    """For other services: refuse to change what hangs on a finalized briefing."""
    if briefing_id is None:
        return
    briefing = session.get(Briefing, briefing_id)
    if briefing is not None:
        ensure_editable(briefing.status)


def validate_draft(ctx: AppContext, draft: BriefingDraft) -> dict[str, str]:
    """Every message for the draft, keyed by field or row (empty when it may be saved)."""
    settings = get_settings(ctx)
    errors = check_header(draft, (settings["symbol_minutes"], settings["body_symbol"]))
    errors.update(check_rows(draft))
    return errors


def _summary(draft: BriefingDraft) -> dict[str, Any]:
    """What the audit keeps of a briefing's rows: counts and the conclusions' text."""
    return {
        "attendance": len(draft.attendance),
        "absent": sum(1 for a in draft.attendance if not a.present),
        "reports": [r.organization_id for r in draft.reports],
        "conclusions": [c.text for c in draft.conclusions],
    }


def save_briefing(ctx: AppContext, draft: BriefingDraft, *,
                  opened: dict[str, Any] | None = None) -> int:
    """Write the whole draft in one transaction; returns the briefing's id.

    Raises ValidationError (nothing written) with keys like ``held_on``, ``chair_id``,
    ``attendance[3].absence_reason`` or ``aspirations[0].content``; ReadOnlyError if finalized.
    ``opened`` (the briefing as the editor opened it, with its version: conflicts.current):
    a briefing stored by someone else since is not overwritten — RecordConflict, no fields.
    """
    errors = validate_draft(ctx, draft)
    with ctx.transaction() as session:
        briefing: Briefing | None = None
        if draft.id is not None:
            briefing = conflicts.locked(session, Briefing, draft.id)
            if briefing is None or briefing.deleted_at is not None:
                raise NotFound(_("Không tìm thấy cuộc giao ban số {id}.").format(id=draft.id))
            ensure_editable(briefing.status)
            conflicts.require_version(session, ctx, "briefing", briefing, opened, _(
                "Cuộc giao ban đã được {user} lưu lúc {time} sau khi anh/chị mở ra; chưa lưu "
                "gì. Hãy mở lại cuộc giao ban để xem bản mới nhất."))
        for key in ("chair_id", "secretary_id"):
            person_id = getattr(draft, key)
            if person_id is not None and key not in errors and session.get(Person, person_id) is None:
                errors[key] = _("Không tìm thấy cán bộ này trong danh bạ.")
        errors.update(check_aspirations(session, draft, ctx.today()))
        if errors:
            raise ValidationError(errors)
        if briefing is None:
            briefing = Briefing(year=draft.year, status=BriefingStatus.DRAFT.value)
            before: dict[str, Any] = {}
            action = AuditAction.CREATE
        else:
            before = {**audit.snapshot(briefing), **_summary(draft_from_session(session, briefing))}
            action = AuditAction.UPDATE
        for key in HEADER_FIELDS:
            value = getattr(draft, key)
            setattr(briefing, key, normalize(value) if isinstance(value, str) else value)
        if briefing.kind != BriefingKind.QUARTERLY:
            briefing.quarter = None
        briefing.updated_at = ctx.now_utc()
        session.add(briefing)
        session.flush()
        briefing_id = briefing.id
        assert briefing_id is not None
        _write_rows(session, ctx, briefing_id, draft)
        write_aspirations(session, ctx, briefing_id, draft)
        audit.record(session, ctx, "briefing", briefing_id, action, before,
                     {**audit.snapshot(briefing), **_summary(draft)})
    return briefing_id


def _write_rows(session: Session, ctx: AppContext, briefing_id: int, draft: BriefingDraft) -> None:
    """Replace attendance and reports (their files move to the new ones: attachment_owners);
    keep conclusions' ids (tasks point at them)."""
    old_reports = list(session.exec(select(Report).where(Report.briefing_id == briefing_id)))
    new_reports: list[Report] = []
    for table in (Attendance, Report):
        for row in session.exec(select(table).where(table.briefing_id == briefing_id)):  # type: ignore[attr-defined]
            session.delete(row)
    for position, a in enumerate(draft.attendance, start=1):
        session.add(Attendance(
            briefing_id=briefing_id, person_id=a.person_id, organization_id=a.organization_id,
            role=a.role, present=a.present,
            absence_reason="" if a.present else normalize(a.absence_reason), position=position,
        ))
    for position, r in enumerate(draft.reports, start=1):
        new_reports.append(Report(
            briefing_id=briefing_id, position=position, organization_id=r.organization_id,
            presenter=normalize(r.presenter), title=normalize(r.title), summary=r.summary.strip(),
        ))
        session.add(new_reports[-1])
    existing: dict[int | None, Conclusion] = {
        c.id: c for c in session.exec(select(Conclusion).where(Conclusion.briefing_id == briefing_id))
    }
    kept: set[int] = set()
    for position, c in enumerate(draft.conclusions, start=1):
        found = existing.get(c.id) if c.id is not None else None
        if found is None:
            found = Conclusion(briefing_id=briefing_id, position=position, text=normalize(c.text))
        else:
            kept.add(c.id or 0)
            found.position, found.text = position, normalize(c.text)
        session.add(found)
    for conclusion_id, old in existing.items():
        if conclusion_id not in kept:
            session.delete(old)
    session.flush()
    relink_reports(session, ctx, old_reports, new_reports)


def finalize_briefing(ctx: AppContext, briefing_id: int) -> None:
    """Mark a briefing finalized (read-only) once it has date, chair, secretary and an attendee.

    Its minutes get their number in the register in the same transaction: the one typed on the
    briefing, or the next of the minutes' symbol ("16-BB/TU"), written back on the briefing.
    """
    with ctx.transaction() as session:
        briefing = _get(session, briefing_id)
        ensure_editable(briefing.status)
        draft = draft_from_session(session, briefing)
        missing = missing_for_finalize(draft)
        if missing:
            raise ValidationError({"finalize": _("Chưa thể chốt biên bản, còn thiếu: {items}.").format(
                items=", ".join(missing))})
        before = audit.snapshot(briefing)
        register_minutes(session, ctx, briefing)
        briefing.status = BriefingStatus.FINALIZED.value
        briefing.updated_at = ctx.now_utc()
        session.add(briefing)
        audit.record(session, ctx, "briefing", briefing_id, AuditAction.FINALIZE, before,
                     audit.snapshot(briefing))


def reopen_briefing(ctx: AppContext, briefing_id: int, reason: str,
                    document_number: str | None = None) -> None:
    """Make a finalized briefing editable again; the reason goes into the audit history.

    The minutes keep their number in the register (finalizing again reuses it);
    ``document_number`` sets the briefing's own copy back (undoing a finalize that gave one).
    """
    reason = normalize(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do mở lại biên bản.")})
    with ctx.transaction() as session:
        briefing = _get(session, briefing_id)
        if briefing.status != BriefingStatus.FINALIZED:
            raise GiaobanError(_("Biên bản chưa chốt nên không cần mở lại."))
        before = audit.snapshot(briefing)
        briefing.status = BriefingStatus.DRAFT.value
        if document_number is not None:
            briefing.document_number = normalize(document_number)
        briefing.updated_at = ctx.now_utc()
        session.add(briefing)
        audit.record(session, ctx, "briefing", briefing_id, AuditAction.REOPEN, before,
                     audit.snapshot(briefing), note=reason)


def _get(session: Session, briefing_id: int) -> Briefing:
    briefing = session.get(Briefing, briefing_id)
    if briefing is None or briefing.deleted_at is not None:
        raise NotFound(_("Không tìm thấy cuộc giao ban số {id}.").format(id=briefing_id))
    return briefing


def copy_draft(draft: BriefingDraft) -> BriefingDraft:
    """A deep copy (the editor keeps one to know whether anything changed)."""
    return copy.deepcopy(draft)


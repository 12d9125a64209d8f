"""The aspirations raised at a briefing, checked and written with the briefing itself.

The rows typed in the editor's grid are real aspiration records: new rows are created, changed
rows updated, removed rows moved to the trash — each with its own audit event. They are checked with
the aspirations service's ``clean_aspiration``, so the register and the briefing editor accept
exactly the same input.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from giaoban.core import audit
from giaoban.core.enums import AuditAction
from giaoban.core.errors import ValidationError
from giaoban.core.models import Aspiration
from giaoban.core.services.aspirations import clean_aspiration
from giaoban.core.services.briefing_draft import AspirationDraft, BriefingDraft
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

FIELDS = ("organization_id", "kind", "field", "locality", "people_concerned", "content", "status")


def _values(row: AspirationDraft, raised_on: dt.date) -> dict[str, Any]:
    return {**{key: getattr(row, key) for key in FIELDS}, "raised_on": raised_on}


def _clean(session: Session, row: AspirationDraft, existing: Aspiration | None,
           held_on: dt.date | None, today: dt.date) -> dict[str, Any]:
    """Checked values of one row; aspirations raised at a briefing carry its date."""
    raised_on = held_on or (existing.raised_on if existing is not None else today)
    values = _values(row, raised_on)
    cleaned = clean_aspiration(session, values, existing=existing)
    return {key: cleaned.get(key, values[key]) for key in values}


def check_aspirations(session: Session, draft: BriefingDraft, today: dt.date) -> dict[str, str]:
    """Messages for the grid's rows, keyed ``aspirations[i].field`` (empty when all are fine)."""
    errors: dict[str, str] = {}
    existing = _existing(session, draft.id)
    for index, row in enumerate(draft.aspirations):
        try:
            _clean(session, row, existing.get(row.id) if row.id is not None else None,
                   draft.held_on, today)
        except ValidationError as exc:
            for key, message in exc.errors.items():
                errors[f"aspirations[{index}].{key or 'content'}"] = message
    return errors


def _existing(session: Session, briefing_id: int | None) -> dict[int | None, Aspiration]:
    if briefing_id is None:
        return {}
    rows = session.exec(
        select(Aspiration).where(Aspiration.briefing_id == briefing_id,
                                 col(Aspiration.deleted_at).is_(None))
    )
    return {row.id: row for row in rows}


def write_aspirations(session: Session, ctx: AppContext, briefing_id: int, draft: BriefingDraft) -> None:
    """Create, update and trash the briefing's aspirations to match the draft (already checked)."""
    existing = _existing(session, briefing_id)
    kept: set[int] = set()
    for position, row in enumerate(draft.aspirations, start=1):
        record = existing.get(row.id) if row.id is not None else None
        data = _clean(session, row, record, draft.held_on, ctx.today())
        if record is None:
            record = Aspiration(briefing_id=briefing_id, position=position, **data)
            session.add(record)
            session.flush()
            audit.record(session, ctx, "aspiration", record.id, AuditAction.CREATE, {},
                         audit.snapshot(record))
            continue
        kept.add(record.id or 0)
        before = audit.snapshot(record)
        for key, value in data.items():
            setattr(record, key, value)
        record.position = position
        after = audit.snapshot(record)
        if audit.diff(before, after):
            record.updated_at = ctx.now_utc()
            session.add(record)
            audit.record(session, ctx, "aspiration", record.id, AuditAction.UPDATE, before, after)
    for aspiration_id, record in existing.items():
        if aspiration_id not in kept:
            before = audit.snapshot(record)
            record.deleted_at = ctx.now_utc()
            session.add(record)
            audit.record(session, ctx, "aspiration", aspiration_id, AuditAction.DELETE, before,
                         audit.snapshot(record), note=_("Xóa khỏi biên bản giao ban"))

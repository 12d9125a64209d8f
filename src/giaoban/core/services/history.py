"""Reading the audit history: one record's timeline, or the whole office's with filters."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from giaoban.core.models import AuditEvent

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


@dataclass(frozen=True)
class HistoryRow:
    id: int
    at: dt.datetime
    user: str
    entity: str
    entity_id: int | None
    action: str
    changes: dict[str, Any]
    note: str


def _row(event: AuditEvent) -> HistoryRow:
    try:
        changes = json.loads(event.changes or "{}")
    except ValueError:
        changes = {}
    return HistoryRow(
        id=event.id or 0, at=event.at, user=event.user, entity=event.entity,
        entity_id=event.entity_id, action=event.action, changes=changes, note=event.note,
    )


def record_history(ctx: AppContext, entity: str, entity_id: int) -> list[HistoryRow]:
    """Every event of one record, newest first."""
    with ctx.session() as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        ).all()
    return [_row(e) for e in events]


def list_history(
    ctx: AppContext,
    *,
    entity: str | None = None,
    action: str | None = None,
    user: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 2000,
) -> list[HistoryRow]:
    """The office's history, newest first, filtered; capped at ``limit`` rows."""
    query = select(AuditEvent)
    if entity:
        query = query.where(AuditEvent.entity == entity)
    if action:
        query = query.where(AuditEvent.action == action)
    if user:
        query = query.where(AuditEvent.user == user)
    if since:
        query = query.where(AuditEvent.at >= dt.datetime.combine(since, dt.time(), dt.UTC))
    if until:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC)
        query = query.where(AuditEvent.at < end)
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)
    with ctx.session() as session:
        return [_row(e) for e in session.exec(query)]

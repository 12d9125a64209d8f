"""Reading the audit history: one record's timeline, or the whole office's with filters."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from giaoban.core import kinds
from giaoban.core.models import AuditEvent, Organization, Person

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
    title: str = ""  # the record's title today ("" once it was purged): people see names, not ids


def _row(event: AuditEvent) -> HistoryRow:
    try:
        changes = json.loads(event.changes or "{}")
    except ValueError:
        changes = {}
    return HistoryRow(
        id=event.id or 0, at=event.at, user=event.user, entity=event.entity,
        entity_id=event.entity_id, action=event.action, changes=changes, note=event.note,
    )


ORGANIZATION_FIELDS = {"organization_id", "parent_id", "lead_unit_id", "responding_unit_id"}
PERSON_FIELDS = {"chair_id", "secretary_id", "person_id"}


def _with_titles(session: Session, rows: list[HistoryRow]) -> list[HistoryRow]:
    """Each row with its record's title, one query per kind and 500 records."""
    wanted: dict[str, set[int]] = {}
    for r in rows:
        kept = kinds.KINDS[r.entity].model if r.entity in kinds.KINDS else None
        if r.entity_id is not None and kept is not None and hasattr(kept, "id"):
            wanted.setdefault(r.entity, set()).add(r.entity_id)
    titles: dict[tuple[str, int], str] = {}
    for name, ids in wanted.items():
        entry = kinds.KINDS[name]
        table: Any = entry.model
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):
            for record in session.exec(select(table).where(
                    col(table.id).in_(ordered[start:start + 500]))):
                titles[(name, record.id)] = entry.title(record)
    return [replace(r, title=titles.get((r.entity, r.entity_id or 0), "")) for r in rows]


def _with_names(session: Session, rows: list[HistoryRow]) -> list[HistoryRow]:
    """Linked records by name ("Hội Nông dân tỉnh"), not by number, in two small queries; and
    each row's own record by its title."""
    rows = _with_titles(session, rows)
    fields = {f for r in rows for f in r.changes}
    if not fields & (ORGANIZATION_FIELDS | PERSON_FIELDS):
        return rows
    orgs = {o.id: o.name for o in session.exec(select(Organization))}
    people = {p.id: p.full_name for p in session.exec(select(Person))}

    def named(field: str, value: Any) -> Any:
        table = orgs if field in ORGANIZATION_FIELDS else people if field in PERSON_FIELDS else None
        return table.get(value, value) if table is not None and isinstance(value, int) else value

    return [
        replace(r, changes={
            f: [named(f, v) for v in values] if isinstance(values, list) else values
            for f, values in r.changes.items()
        })
        for r in rows
    ]


def history_of(ctx: AppContext, entity: str, entity_id: int) -> list[HistoryRow]:
    """Every event of one record, newest first."""
    with ctx.session() as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        ).all()
        return _with_names(session, [_row(e) for e in events])


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
        return _with_names(session, [_row(e) for e in session.exec(query)])

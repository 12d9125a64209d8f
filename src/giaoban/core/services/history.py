"""Reading the audit history: one record's timeline, or the whole office's with filters."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from giaoban.core import kinds
from giaoban.core.models import Attachment, AuditEvent, Briefing, Organization, Person, Report
from giaoban.i18n import _

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
ORGANIZATION_LISTS = {"reports"}  # a briefing's reports, by their bodies' ids (briefings._summary)


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


def _owner_kinds(session: Session, rows: list[HistoryRow]) -> dict[int, tuple[Any, Any]]:
    """The owner kind before and after each event of the files whose owner these rows change
    (a move from one report to another records only the id: the kind is replayed from the
    file's own events, oldest first)."""
    ids = sorted({r.entity_id for r in rows if r.entity == "attachment"
                  and r.entity_id is not None and "owner_id" in r.changes})
    found: dict[int, tuple[Any, Any]] = {}
    held: dict[int, Any] = {}
    for start in range(0, len(ids), 500):
        for event in session.exec(select(AuditEvent).where(
                AuditEvent.entity == "attachment",
                col(AuditEvent.entity_id).in_(ids[start:start + 500])).order_by(col(AuditEvent.id))):
            file_id = event.entity_id or 0
            change = _row(event).changes.get("owner_kind")
            before, after = change if isinstance(change, list) and len(change) == 2 else \
                (held.get(file_id),) * 2
            held[file_id] = after
            found[event.id or 0] = (before, after)
    return found


def _owner_name(session: Session, kind: Any, owner_id: Any,
                file_id: int | None) -> tuple[Any, str]:
    """What a file belonged to, in words, and the briefing a report is in ("" for the rest):
    ("Báo cáo của Ban Tuyên giáo", "Giao ban quý IV/2026"); a briefing, an aspiration or a
    task by its title. A report is written anew at each save of its briefing (its id may then
    be another's), so only the report the file is on now is named by its row; an earlier one
    by the briefing the file is in."""
    if not isinstance(owner_id, int) or not isinstance(kind, str):
        return owner_id, ""
    if kind == "report":
        return _report_name(session, owner_id, file_id)
    entry = kinds.KINDS.get(kind)
    row = session.get(entry.model, owner_id) if entry is not None and entry.model else None
    if entry is None or row is None:
        return owner_id, ""
    return (entry.title(row) if kind == "briefing" else entry.named(row, 60)), ""


def _report_name(session: Session, report_id: int, file_id: int | None) -> tuple[str, str]:
    attachment = session.get(Attachment, file_id) if file_id is not None else None
    report: Report | None = None
    briefing: Briefing | None = None
    if attachment is not None and attachment.owner_kind == "briefing":
        briefing = session.get(Briefing, attachment.owner_id)
    elif attachment is not None and attachment.owner_kind == "report":
        now = session.get(Report, attachment.owner_id)
        report = now if attachment.owner_id == report_id else None
        briefing = session.get(Briefing, now.briefing_id) if now is not None else None
    where = kinds.kind("briefing").title(briefing) if briefing is not None else ""
    if report is None:
        return (_("Báo cáo trước khi lưu lại") if where else _("Báo cáo không còn")), where
    body = session.get(Organization, report.organization_id) \
        if report.organization_id is not None else None
    own = _("Báo cáo của {body}").format(body=body.name) if body is not None else \
        _("Báo cáo “{title}”").format(title=report.title) if report.title else \
        _("Báo cáo số {n}").format(n=report.position)
    return own, where


def _owner_change(session: Session, kinds_of: tuple[Any, Any], ids: list[Any],
                  file_id: int | None) -> list[Any]:
    """[before, after] in words; the briefing named once when both sides are in it
    ("Báo cáo trước khi lưu lại → Báo cáo của … (Giao ban quý IV/2026)")."""
    (old, old_where), (new, new_where) = (
        _owner_name(session, kinds_of[0], ids[0], file_id),
        _owner_name(session, kinds_of[1], ids[1], file_id))
    if old_where and old_where in (new_where, new):
        old_where = ""
    return [f"{old} ({old_where})" if old_where else old,
            f"{new} ({new_where})" if new_where else new]


def _with_owners(session: Session, rows: list[HistoryRow]) -> list[HistoryRow]:
    """A file's owner in words ("Thuộc: Báo cáo của … → …"), not "owner_id: 5 → 9"; the kind
    is in the words, so its own change is not listed."""
    moves = _owner_kinds(session, rows)
    if not moves:
        return rows
    named: list[HistoryRow] = []
    for r in rows:
        change = r.changes.get("owner_id")
        if r.id not in moves or not isinstance(change, list) or len(change) != 2:
            named.append(r)
            continue
        changes = {f: v for f, v in r.changes.items() if f != "owner_kind"}
        changes["owner_id"] = _owner_change(session, moves[r.id], change, r.entity_id)
        named.append(replace(r, changes=changes))
    return named


def _with_names(session: Session, rows: list[HistoryRow]) -> list[HistoryRow]:
    """Linked records by name ("Hội Nông dân tỉnh"), not by number, in two small queries; a
    file's owner in words; and each row's own record by its title."""
    rows = _with_owners(session, _with_titles(session, rows))
    fields = {f for r in rows for f in r.changes}
    if not fields & (ORGANIZATION_FIELDS | PERSON_FIELDS | ORGANIZATION_LISTS):
        return rows
    orgs = {o.id: o.name for o in session.exec(select(Organization))}
    people = {p.id: p.full_name for p in session.exec(select(Person))}

    def named(field: str, value: Any) -> Any:
        if field in ORGANIZATION_LISTS and isinstance(value, list):
            return "; ".join(orgs.get(v, str(v)) if isinstance(v, int) else "—"
                             for v in value)
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

"""The audit history: every change is recorded in the same transaction that makes it.

``Change`` and ``CHANGES_KEY`` live in core/changes.py and are re-exported here; ``track`` notes
a change there and, on a server, has the commit tell the other programs (core/live.py).

Each recorded change is also noted on the session as a :class:`Change` (kind, id, action,
before, after): the transaction hands them to the context, so an operation knows exactly what it
changed (core/operations.py) — for undo, and for refreshing what shows those records.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, SQLModel

from giaoban.core import changes as _changes
from giaoban.core import live
from giaoban.core.changes import CHANGES_KEY, Change
from giaoban.core.enums import AuditAction
from giaoban.core.models import AuditEvent

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


def track(session: Session, change: Change) -> None:
    """Note a change on the session (see core/changes.py); on a server, the transaction's commit
    then tells the other programs once (core/live.py)."""
    _changes.track(session, change)
    live.hook(session)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def snapshot(row: SQLModel | None, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The row's column values as a JSON-friendly dict (for 'before' and 'after')."""
    if row is None:
        return {}
    data = row.model_dump(exclude=set(exclude))
    return {key: _jsonable(value) for key, value in data.items()}


_BOOKKEEPING = frozenset({"updated_at", "created_at", "version"})  # not what a person changed


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Only the fields that changed: {field: [old, new]}."""
    keys = before.keys() | after.keys()
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(keys)
        if before.get(key) != after.get(key) and key not in _BOOKKEEPING
    }


def record(
    session: Session,
    ctx: AppContext,
    entity: str,
    entity_id: int | None,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    *,
    cascade: bool = False,
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes)."""
    # an imported row is undone by its id alone: 50,000 of them need not sit in memory whole
    kept_after = {} if str(action) == "import" else dict(after or {})
    track(session, Change(entity, entity_id, str(action), dict(before or {}), kept_after,
                          note, cascade))
    changes = diff(before or {}, after or {})
    event = AuditEvent(
        user=ctx.user,
        entity=entity,
        entity_id=entity_id,
        action=str(action),
        changes=json.dumps(changes, ensure_ascii=False, default=str),
        note=note,
    )
    session.add(event)
    return event


def row_snapshot(row: dict[str, Any], *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A plain row dict (a bulk insert's) as :func:`snapshot` gives an ORM row."""
    return {key: _jsonable(value) for key, value in row.items() if key not in exclude}


def prepare_imported(ctx: AppContext, entity: str, rows: list[dict[str, Any]],
                     note: str = "") -> list[dict[str, Any]]:
    """The audit events of rows about to be bulk-imported, made before the write lock is taken;
    the caller fills ``entity_id`` and inserts them in bulk.

    Each says who imported the row, when and from which file (``note``), so the row's history
    starts there, but not the row's values: they are the row itself, and a later edit's event
    keeps what it changed. Fifty thousand snapshots cost seconds and tens of MB for nothing.
    """
    at = ctx.now_utc()
    action = AuditAction.IMPORT.value
    return [{"at": at, "user": ctx.user, "entity": entity, "entity_id": None, "action": action,
             "note": note, "changes": "{}"} for _row in rows]


__all__ = ["CHANGES_KEY", "Change", "diff", "prepare_imported", "record",
           "row_snapshot", "snapshot", "track"]

"""The trash: briefings, aspirations and tasks are never deleted outright from the GUI.

Moving to the trash sets ``deleted_at``. A briefing takes what hangs on it: its aspirations and
tasks get the *same* ``deleted_at`` value as the briefing, which is the mark that they went with
it — restoring the briefing restores exactly those (not ones trashed on their own earlier).
Purging deletes for real, children first, and records a PURGE audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from giaoban.core import audit, kinds
from giaoban.core.enums import AuditAction
from giaoban.core.models import (
    Aspiration,
    Attendance,
    Briefing,
    Conclusion,
    Report,
    Task,
    TaskSupport,
    TaskUpdate,
)
from giaoban.core.services.attachments_purge import purge_attachment, purge_owned
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

TITLE_CHARS = kinds.TITLE_CHARS


@dataclass(frozen=True)
class TrashRow:
    """One record in the trash; ``with_briefing`` is set when it went there with its briefing."""

    entity: str
    id: int
    title: str
    deleted_at: dt.datetime
    with_briefing: int | None = None

    @property
    def entity_label(self) -> str:
        return kinds.kind(self.entity).label


def _entry(entity: str) -> kinds.RecordKind:
    entry = kinds.kind(entity)
    if not entry.trashable:
        raise ValueError(f"not a trashable entity: {entity!r}")
    return entry


def _model(entity: str) -> Any:
    return _entry(entity).model


def _linked(session: Session, parent: str, row_id: int, *, trashed: bool) -> list[tuple[str, Any]]:
    """The records of the parent's trash-children kinds that hang on it, live or trashed."""
    found: list[tuple[str, Any]] = []
    for child in _entry(parent).trash_children:
        model = _model(child)
        link = getattr(model, f"{parent}_id")
        state = col(model.deleted_at).is_not(None) if trashed else col(model.deleted_at).is_(None)
        found += [(child, r) for r in session.exec(select(model).where(link == row_id, state)).all()]
    return found


def _children(session: Session, parent: Any, entity: str = "briefing") -> list[tuple[str, Any]]:
    """The records that went to the trash together with ``parent`` (the same stamp)."""
    return [(kind, r) for kind, r in _linked(session, entity, parent.id, trashed=True)
            if r.deleted_at == parent.deleted_at]


def _set_deleted(
    session: Session, ctx: AppContext, entity: str, row: Any, value: dt.datetime | None,
    note: str = "", *, cascade: bool = False,
) -> None:
    row.deleted_at = value
    session.add(row)
    action = AuditAction.DELETE if value is not None else AuditAction.RESTORE
    # the action says what changed and the note names the record (the history shows which one);
    # its fields stay as they were (PURGE keeps them all)
    named = f"“{kinds.kind(entity).title(row)}”"
    audit.record(session, ctx, entity, row.id, action, note=f"{named} — {note}" if note else named,
                 cascade=cascade)


def _trash_one(session: Session, ctx: AppContext, entity: str, row: Any, moment: dt.datetime,
               note: str = "") -> None:
    """Trash a live record and what hangs on it, all with the same stamp."""
    children = _linked(session, entity, row.id, trashed=False)
    _set_deleted(session, ctx, entity, row, moment, note)
    went_with = _("Cùng {record} số {id}").format(record=kinds.kind(entity).noun, id=row.id)
    for child_entity, child in children:
        _set_deleted(session, ctx, child_entity, child, moment, went_with, cascade=True)
    session.flush()


def _restore_one(session: Session, ctx: AppContext, entity: str, row: Any, note: str = "") -> None:
    """Restore a trashed record and exactly what went to the trash with it."""
    children = _children(session, row, entity)
    _set_deleted(session, ctx, entity, row, None, note)
    went_with = _("Cùng {record} số {id}").format(record=kinds.kind(entity).noun, id=row.id)
    for child_entity, child in children:
        _set_deleted(session, ctx, child_entity, child, None, went_with, cascade=True)
    session.flush()


def _each(ctx: AppContext, entity: str, ids: list[int], *, in_trash: bool,
          act: Callable[[Session, Any], None]) -> int:
    """``act`` on each of ``ids`` that exists and is (or is not) in the trash, in one
    transaction; how many it acted on."""
    model = _model(entity)
    done = 0
    with ctx.transaction() as session:
        for row_id in dict.fromkeys(ids):
            row = session.get(model, row_id)
            if row is None or (row.deleted_at is not None) != in_trash:
                continue
            act(session, row)
            session.flush()
            done += 1
    return done


def move_to_trash(ctx: AppContext, entity: str, ids: list[int]) -> int:
    """Move records (a briefing with its aspirations and tasks) to the trash; how many moved."""
    now = ctx.now_utc()  # one stamp for all: what goes together is what shares it
    return _each(ctx, entity, ids, in_trash=False,
                 act=lambda session, row: _trash_one(session, ctx, entity, row, now))


def restore_from_trash(ctx: AppContext, entity: str, ids: list[int]) -> int:
    """Take records out of the trash (a briefing brings back what went with it); how many."""
    return _each(ctx, entity, ids, in_trash=True,
                 act=lambda session, row: _restore_one(session, ctx, entity, row))


def restore_records(ctx: AppContext, records: dict[str, list[int]]) -> int:
    """Restore records of several kinds at once (the trash dialog), all or none; how many."""
    with ctx.joined() as inner:
        return sum(restore_from_trash(inner, entry.name, records[entry.name])
                   for entry in kinds.trashable() if records.get(entry.name))


def purge_records(ctx: AppContext, records: dict[str, list[int]]) -> int:
    """Purge records of several kinds at once, children kinds first, all or none; how many."""
    with ctx.joined() as inner:
        return sum(purge(inner, entry.name, records[entry.name])
                   for entry in reversed(kinds.trashable()) if records.get(entry.name))


def set_trashed(ctx: AppContext, entity: str, row_id: int, moment: dt.datetime | None,
                note: str = "") -> None:
    """Put one record in the trash at ``moment`` (None: take it out) — undo and redo of a
    create, delete or restore; nothing happens when it already is where it should be."""
    with ctx.transaction() as session:
        row = session.get(_model(entity), row_id)
        if row is None or (row.deleted_at is None) == (moment is None):
            return
        if moment is None:
            _restore_one(session, ctx, entity, row, note)
        else:
            _trash_one(session, ctx, entity, row, moment, note)


def list_trash(ctx: AppContext) -> list[TrashRow]:
    """Everything in the trash, newest first; children follow the record they went with."""
    parents = [k for k in kinds.trashable() if k.trash_children]
    with ctx.session() as session:
        stamps: dict[tuple[str, int], dt.datetime] = {}
        for parent in parents:
            model = _model(parent.name)
            for row in session.exec(select(model).where(col(model.deleted_at).is_not(None))):
                stamps[(parent.name, row.id)] = row.deleted_at
        rows: list[TrashRow] = []
        for entry in kinds.trashable():
            model = _model(entry.name)
            for row in session.exec(select(model).where(col(model.deleted_at).is_not(None))):
                went_with = None
                for parent in parents:
                    link = getattr(row, f"{parent.name}_id", None)
                    if entry.name in parent.trash_children and link is not None and \
                            stamps.get((parent.name, link)) == row.deleted_at:
                        went_with = link
                rows.append(TrashRow(entry.name, row.id, entry.title(row), row.deleted_at,
                                     went_with))
    order = {entry.name: index for index, entry in enumerate(kinds.trashable())}

    def key(r: TrashRow) -> tuple:
        anchor = stamps.get(("briefing", r.with_briefing)) if r.with_briefing else r.deleted_at
        group = r.with_briefing if r.with_briefing else (r.id if r.entity == "briefing" else 0)
        stamp = anchor or r.deleted_at
        return (-stamp.timestamp() if stamp.tzinfo else -stamp.replace(tzinfo=dt.UTC).timestamp(),
                group, r.with_briefing is not None, order[r.entity], r.id)

    return sorted(rows, key=key)


def _purge_task(session: Session, ctx: AppContext, task: Task, note: str = "") -> None:
    before = audit.snapshot(task)
    session.exec(delete(TaskSupport).where(col(TaskSupport.task_id) == task.id))  # type: ignore[call-overload]
    session.exec(delete(TaskUpdate).where(col(TaskUpdate.task_id) == task.id))  # type: ignore[call-overload]
    purge_owned(session, ctx, "task", [task.id])
    session.delete(task)
    audit.record(session, ctx, "task", task.id, AuditAction.PURGE, before, {}, note)


def _purge_aspiration(session: Session, ctx: AppContext, row: Aspiration, note: str = "") -> None:
    before = audit.snapshot(row)
    session.exec(  # type: ignore[call-overload]
        update(Task).where(col(Task.aspiration_id) == row.id).values(aspiration_id=None)
    )
    purge_owned(session, ctx, "aspiration", [row.id])
    session.delete(row)
    audit.record(session, ctx, "aspiration", row.id, AuditAction.PURGE, before, {}, note)


def _purge_briefing(session: Session, ctx: AppContext, row: Briefing, note: str = "") -> None:
    went_with = _("Cùng {record} số {id}").format(record=kinds.kind("briefing").noun, id=row.id)
    children = _children(session, row)
    for child_entity in ("task", "aspiration"):  # tasks may point at the aspirations
        for entity, child in children:
            if entity == child_entity:
                PURGERS[entity](session, ctx, child, went_with)
        session.flush()
    before = audit.snapshot(row)
    conclusion_ids = select(Conclusion.id).where(col(Conclusion.briefing_id) == row.id)
    for model in (Task, Aspiration):
        session.exec(  # type: ignore[call-overload]
            update(model).where(col(model.briefing_id) == row.id).values(briefing_id=None)
        )
    session.exec(  # type: ignore[call-overload]
        update(Task).where(col(Task.conclusion_id).in_(conclusion_ids)).values(conclusion_id=None)
    )
    purge_owned(session, ctx, "briefing", [row.id])
    purge_owned(session, ctx, "report", session.exec(
        select(Report.id).where(col(Report.briefing_id) == row.id)).all())
    for child_model in (Attendance, Report, Conclusion):
        session.exec(delete(child_model).where(col(child_model.briefing_id) == row.id))  # type: ignore[call-overload]
    session.delete(row)
    audit.record(session, ctx, "briefing", row.id, AuditAction.PURGE, before, {}, note)


# How each trashable kind is deleted for good (what hangs on it goes or is unlinked first).
PURGERS: dict[str, Callable[[Session, AppContext, Any, str], None]] = {
    "briefing": _purge_briefing,
    "aspiration": _purge_aspiration,
    "task": _purge_task,
    "attachment": purge_attachment,
}


def purge(ctx: AppContext, entity: str, ids: list[int]) -> int:
    """Delete records in the trash for good (children first); records not in the trash are kept."""
    return _each(ctx, entity, ids, in_trash=True,
                 act=lambda session, row: PURGERS[entity](session, ctx, row, ""))


def empty_trash(ctx: AppContext) -> int:
    """Purge everything in the trash in one transaction; how many records were deleted."""
    purged = 0
    with ctx.transaction() as session:
        for entry in reversed(kinds.trashable()):  # children kinds before their parents
            model = _model(entry.name)
            for row in session.exec(select(model).where(col(model.deleted_at).is_not(None))).all():
                session.refresh(row)
                purged += 1 + len(_children(session, row, entry.name)) if entry.trash_children else 1
                PURGERS[entry.name](session, ctx, row, "")
                session.flush()
    return purged


def live_ids(ctx: AppContext, entity: str, ids: list[int]) -> list[int]:
    """Which of ``ids`` exist and are not in the trash (what a delete would really move)."""
    model = _model(entity)
    with ctx.session() as session:
        rows = session.exec(
            select(model.id).where(col(model.id).in_(ids), col(model.deleted_at).is_(None))
        ).all()
    found = set(rows)
    return [i for i in dict.fromkeys(ids) if i in found]


def count_trash(ctx: AppContext) -> int:
    """How many records are in the trash (for the menu and the dialog title)."""
    return len(list_trash(ctx))

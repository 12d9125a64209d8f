"""The trash: briefings, aspirations and tasks are never deleted outright from the GUI.

Moving to the trash sets ``deleted_at``. A briefing takes what hangs on it: its aspirations and
tasks get the *same* ``deleted_at`` value as the briefing, which is the mark that they went with
it — restoring the briefing restores exactly those (not ones trashed on their own earlier).
Purging deletes for real, children first, and records a PURGE audit event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from giaoban.core import audit
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
from giaoban.i18n import N_, _, format_quarter

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

ENTITIES: dict[str, Any] = {"briefing": Briefing, "aspiration": Aspiration, "task": Task}
ENTITY_LABELS = {"briefing": N_("Giao ban"), "aspiration": N_("Tâm tư – kiến nghị"), "task": N_("Nhiệm vụ")}
TITLE_CHARS = 160


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
        return _(ENTITY_LABELS[self.entity])


def _model(entity: str) -> Any:
    try:
        return ENTITIES[entity]
    except KeyError:
        raise ValueError(f"not a trashable entity: {entity!r}") from None


def _title(entity: str, row: Any) -> str:
    if entity == "briefing":
        text = row.title or _("Giao ban {period}").format(
            period=format_quarter(row.year, row.quarter)
        )
    elif entity == "aspiration":
        text = row.content
    else:
        text = row.title
    text = " ".join(str(text).split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


def _children(session: Session, briefing: Briefing) -> list[tuple[str, Any]]:
    """The aspirations and tasks that went to the trash together with ``briefing``."""
    found: list[tuple[str, Any]] = []
    for entity in ("aspiration", "task"):
        model = ENTITIES[entity]
        rows = session.exec(
            select(model).where(
                model.briefing_id == briefing.id, col(model.deleted_at).is_not(None)
            )
        ).all()
        found += [(entity, r) for r in rows if r.deleted_at == briefing.deleted_at]
    return found


def _set_deleted(
    session: Session, ctx: AppContext, entity: str, row: Any, value: dt.datetime | None,
    note: str = "",
) -> None:
    row.deleted_at = value
    session.add(row)
    action = AuditAction.DELETE if value is not None else AuditAction.RESTORE
    # the action says what changed; the record's fields stay as they were (PURGE keeps them all)
    audit.record(session, ctx, entity, row.id, action, note=note)


def move_to_trash(ctx: AppContext, entity: str, ids: list[int]) -> int:
    """Move records (a briefing with its aspirations and tasks) to the trash; how many moved."""
    model = _model(entity)
    moved = 0
    with ctx.transaction() as session:
        now = ctx.now_utc()
        for row_id in dict.fromkeys(ids):
            row = session.get(model, row_id)
            if row is None or row.deleted_at is not None:
                continue
            _set_deleted(session, ctx, entity, row, now)
            moved += 1
            if entity != "briefing":
                continue
            note = _("Cùng giao ban số {id}").format(id=row_id)
            for child_entity in ("aspiration", "task"):
                child_model = ENTITIES[child_entity]
                for child in session.exec(
                    select(child_model).where(
                        child_model.briefing_id == row_id, col(child_model.deleted_at).is_(None)
                    )
                ).all():
                    _set_deleted(session, ctx, child_entity, child, now, note)
            session.flush()
    return moved


def restore_from_trash(ctx: AppContext, entity: str, ids: list[int]) -> int:
    """Take records out of the trash (a briefing brings back what went with it); how many."""
    model = _model(entity)
    restored = 0
    with ctx.transaction() as session:
        for row_id in dict.fromkeys(ids):
            row = session.get(model, row_id)
            if row is None or row.deleted_at is None:
                continue
            children = _children(session, row) if entity == "briefing" else []
            _set_deleted(session, ctx, entity, row, None)
            restored += 1
            note = _("Cùng giao ban số {id}").format(id=row_id)
            for child_entity, child in children:
                _set_deleted(session, ctx, child_entity, child, None, note)
            session.flush()
    return restored


def list_trash(ctx: AppContext) -> list[TrashRow]:
    """Everything in the trash, newest first; children follow the briefing they went with."""
    with ctx.session() as session:
        briefing_stamps = {
            b.id: b.deleted_at
            for b in session.exec(select(Briefing).where(col(Briefing.deleted_at).is_not(None)))
        }
        rows: list[TrashRow] = []
        for entity, model in ENTITIES.items():
            for row in session.exec(select(model).where(col(model.deleted_at).is_not(None))):
                parent = getattr(row, "briefing_id", None) if entity != "briefing" else None
                with_briefing = (
                    parent
                    if parent is not None and briefing_stamps.get(parent) == row.deleted_at
                    else None
                )
                rows.append(TrashRow(entity, row.id, _title(entity, row), row.deleted_at,
                                     with_briefing))
    order = {"briefing": 0, "aspiration": 1, "task": 2}

    def key(r: TrashRow) -> tuple:
        anchor = briefing_stamps.get(r.with_briefing) if r.with_briefing else r.deleted_at
        group = r.with_briefing if r.with_briefing else (r.id if r.entity == "briefing" else 0)
        stamp = anchor or r.deleted_at
        return (-stamp.timestamp() if stamp.tzinfo else -stamp.replace(tzinfo=dt.UTC).timestamp(),
                group, r.with_briefing is not None, order[r.entity], r.id)

    return sorted(rows, key=key)


def _purge_task(session: Session, ctx: AppContext, task: Task, note: str = "") -> None:
    before = audit.snapshot(task)
    session.exec(delete(TaskSupport).where(col(TaskSupport.task_id) == task.id))  # type: ignore[call-overload]
    session.exec(delete(TaskUpdate).where(col(TaskUpdate.task_id) == task.id))  # type: ignore[call-overload]
    session.delete(task)
    audit.record(session, ctx, "task", task.id, AuditAction.PURGE, before, {}, note)


def _purge_aspiration(session: Session, ctx: AppContext, row: Aspiration, note: str = "") -> None:
    before = audit.snapshot(row)
    session.exec(  # type: ignore[call-overload]
        update(Task).where(col(Task.aspiration_id) == row.id).values(aspiration_id=None)
    )
    session.delete(row)
    audit.record(session, ctx, "aspiration", row.id, AuditAction.PURGE, before, {}, note)


def _purge_briefing(session: Session, ctx: AppContext, row: Briefing) -> None:
    note = _("Cùng giao ban số {id}").format(id=row.id)
    for child_entity, child in _children(session, row):
        if child_entity == "task":
            _purge_task(session, ctx, child, note)
    session.flush()
    for child_entity, child in _children(session, row):
        if child_entity == "aspiration":
            _purge_aspiration(session, ctx, child, note)
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
    for child_model in (Attendance, Report, Conclusion):
        session.exec(delete(child_model).where(col(child_model.briefing_id) == row.id))  # type: ignore[call-overload]
    session.delete(row)
    audit.record(session, ctx, "briefing", row.id, AuditAction.PURGE, before, {})


def purge(ctx: AppContext, entity: str, ids: list[int]) -> int:
    """Delete records in the trash for good (children first); records not in the trash are kept."""
    model = _model(entity)
    purged = 0
    with ctx.transaction() as session:
        for row_id in dict.fromkeys(ids):
            row = session.get(model, row_id)
            if row is None or row.deleted_at is None:
                continue
            if entity == "briefing":
                _purge_briefing(session, ctx, row)
            elif entity == "aspiration":
                _purge_aspiration(session, ctx, row)
            else:
                _purge_task(session, ctx, row)
            session.flush()
            purged += 1
    return purged


def empty_trash(ctx: AppContext) -> int:
    """Purge everything in the trash in one transaction; how many records were deleted."""
    purged = 0
    with ctx.transaction() as session:
        for entity in ("task", "aspiration", "briefing"):
            model = ENTITIES[entity]
            for row in session.exec(select(model).where(col(model.deleted_at).is_not(None))).all():
                session.refresh(row)
                if entity == "briefing":
                    purged += 1 + len(_children(session, row))
                    _purge_briefing(session, ctx, row)
                elif entity == "aspiration":
                    _purge_aspiration(session, ctx, row)
                    purged += 1
                else:
                    _purge_task(session, ctx, row)
                    purged += 1
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

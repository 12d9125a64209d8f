"""The "review of last time" list of a briefing: earlier tasks still open or closed since then."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlmodel import col, select

from giaoban.core.enums import TaskStatus
from giaoban.core.models import Briefing, Task, TaskUpdate
from giaoban.core.services.tasks_query import TaskRow, _chunks, task_rows
from giaoban.core.services.tasks_rules import OPEN_STATUSES
from giaoban.core.text import quarter_bounds

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


def _when(briefing: Briefing) -> dt.date:
    """When a briefing happens: its date, or the end of its period if not held yet."""
    if briefing.held_on is not None:
        return briefing.held_on
    if briefing.quarter:
        return quarter_bounds(briefing.year, briefing.quarter)[1]
    return dt.date(briefing.year, 12, 31)


def open_tasks_for_review(ctx: AppContext, briefing_id: int) -> list[TaskRow]:
    """The 'review of last time' list of a briefing.

    Tasks from earlier briefings that are still open, plus those closed (done or cancelled)
    since the previous briefing of the same kind, oldest briefing first.
    """
    with ctx.session() as session:
        current = session.get(Briefing, briefing_id)
    if current is None:
        return []
    return review_for(ctx, current)


def review_for_prepared(ctx: AppContext, kind: str, year: int, quarter: int | None,
                        held_on: dt.date | None) -> list[TaskRow]:
    """The review list of a briefing prepared with Ctrl+N but not saved yet."""
    return review_for(ctx, Briefing(kind=kind, year=year, quarter=quarter, held_on=held_on))


def review_for(ctx: AppContext, current: Briefing) -> list[TaskRow]:
    """The review list of a briefing, saved or only prepared (``current.id`` None): a prepared
    briefing needs it most, while the secretary readies the meeting."""
    briefing_id = current.id
    with ctx.session() as session:
        when = _when(current)
        live = [
            b for b in session.exec(select(Briefing).where(col(Briefing.deleted_at).is_(None)))
            if b.id != briefing_id
        ]
        earlier = {b.id: b for b in live if _when(b) < when}
        same_kind = [_when(b) for b in earlier.values() if b.kind == current.kind]
        since = max(same_kind) if same_kind else None
        if not earlier:
            return []
        tasks = list(session.exec(
            select(Task).where(
                col(Task.deleted_at).is_(None), col(Task.briefing_id).in_(list(earlier))
            )
        ))
        cancelled_on: dict[int, dt.date] = {}
        cancelled_ids = [t.id for t in tasks if t.status == TaskStatus.CANCELLED.value]
        for chunk in _chunks([i for i in cancelled_ids if i is not None]):
            for task_id, day in session.exec(
                select(col(TaskUpdate.task_id), col(TaskUpdate.updated_on)).where(
                    col(TaskUpdate.task_id).in_(chunk),
                    TaskUpdate.new_status == TaskStatus.CANCELLED.value,
                )
            ):
                cancelled_on[task_id] = max(day, cancelled_on.get(task_id, day))
    chosen: list[Task] = []
    for task in tasks:
        if task.status in OPEN_STATUSES:
            chosen.append(task)
            continue
        closed = task.completed_on if task.status == TaskStatus.DONE.value else (
            cancelled_on.get(task.id or 0) or task.updated_at.date()
        )
        if since is not None and closed is not None and since < closed <= when:
            chosen.append(task)
    chosen.sort(key=lambda t: (_when(earlier[t.briefing_id]), t.id or 0))
    return task_rows(ctx, [t.id for t in chosen if t.id is not None])

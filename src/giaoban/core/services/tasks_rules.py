"""Task rules: allowed status changes and the facts derived from dates.

Overdue, due soon and done late are computed against "today" (``ctx.today()``), never stored,
so they are right on any day the list is looked at. ``task_standing`` is the one definition of
how a task stood on a day; the task list, the overview and the follow-up report all use it, and
``standing_sql`` states the same rules as SQL conditions for aggregate queries (a test checks
that both give the same counts on every case).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, or_

from giaoban.core.enums import TaskStatus
from giaoban.core.labels import label_of
from giaoban.i18n import _, format_number

OPEN_STATUSES = (TaskStatus.NOT_STARTED.value, TaskStatus.IN_PROGRESS.value)
CLOSED_STATUSES = (TaskStatus.DONE.value, TaskStatus.CANCELLED.value)
DUE_SOON_DAYS = 7

# Which status may follow which. Reopening (done/cancelled → in progress) is allowed; going back
# to "not started" once work has begun, cancelling a finished task, or finishing a cancelled one
# without reopening it first are refused.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    TaskStatus.NOT_STARTED.value: frozenset(
        {TaskStatus.IN_PROGRESS.value, TaskStatus.DONE.value, TaskStatus.CANCELLED.value}
    ),
    TaskStatus.IN_PROGRESS.value: frozenset({TaskStatus.DONE.value, TaskStatus.CANCELLED.value}),
    TaskStatus.DONE.value: frozenset({TaskStatus.IN_PROGRESS.value}),
    TaskStatus.CANCELLED.value: frozenset({TaskStatus.IN_PROGRESS.value}),
}


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def transition_error(old: str, new: str) -> str | None:
    """A clear message if the change from ``old`` to ``new`` is forbidden, else None."""
    if old == new or new in ALLOWED_TRANSITIONS.get(old, frozenset()):
        return None
    old_label = label_of(TaskStatus, old)
    new_label = label_of(TaskStatus, new)
    if new == TaskStatus.NOT_STARTED.value:
        return _("Nhiệm vụ đã “{old}” không thể trở lại “Chưa thực hiện”.").format(old=old_label)
    return _(
        "Không thể chuyển từ “{old}” sang “{new}”; hãy chuyển sang “Đang thực hiện” trước."
    ).format(old=old_label, new=new_label)


class Standing(StrEnum):
    """How a task stood on a day (derived, never stored)."""

    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class TaskStanding:
    """A task's standing on a day, with the day counts that go with it."""

    key: Standing
    days_late: int = 0
    days_overdue: int = 0


def task_standing(
    status: str, due_on: dt.date | None, completed_on: dt.date | None, as_of: dt.date
) -> TaskStanding:
    """The one rule for a task's state as of a day.

    - cancelled: cancelled (whatever the dates);
    - done on time / done late: done, completed on or before ``as_of`` (a done task without a
      completion date counts as done); late if completed after its due day (completing on the
      due day is on time; no due day is never late);
    - overdue: not done by ``as_of`` (open, or completed only after ``as_of``) and due before
      ``as_of`` (a task due on ``as_of`` is not overdue yet; no due day is never overdue);
    - otherwise not started (status not started) or in progress.
    """
    if status == TaskStatus.CANCELLED.value:
        return TaskStanding(Standing.CANCELLED)
    if status == TaskStatus.DONE.value and (completed_on is None or completed_on <= as_of):
        if due_on is not None and completed_on is not None and completed_on > due_on:
            return TaskStanding(Standing.LATE, days_late=(completed_on - due_on).days)
        return TaskStanding(Standing.ON_TIME)
    if due_on is not None and due_on < as_of:
        return TaskStanding(Standing.OVERDUE, days_overdue=(as_of - due_on).days)
    if status == TaskStatus.NOT_STARTED.value:
        return TaskStanding(Standing.NOT_STARTED)
    return TaskStanding(Standing.IN_PROGRESS)


@dataclass(frozen=True)
class StandingSql:
    """``task_standing`` as SQL conditions on ``Task`` (never NULL, so safe inside CASE)."""

    on_time: Any
    late: Any
    overdue: Any
    pending: Any  # in progress or not started, not overdue
    cancelled: Any


def standing_sql(as_of: dt.date, table: Any = None) -> StandingSql:
    """The conditions for each standing as of ``as_of``; each task matches exactly one.

    ``table``: the task columns to state them on, the model's by default (a query of the model's
    table); ``core.tables.task.c`` for a query on those (tasks_query: no models built)."""
    if table is None:
        from giaoban.core.models import Task

        table = Task.__table__.c  # type: ignore[attr-defined]  # Core: no ORM step
    status, due, completed = table.status, table.due_on, table.completed_on
    cancelled = status == TaskStatus.CANCELLED.value
    done = and_(status == TaskStatus.DONE.value, or_(completed.is_(None), completed <= as_of))
    late = and_(done, due.is_not(None), completed.is_not(None), completed > due)
    on_time = and_(done, or_(due.is_(None), completed.is_(None), completed <= due))
    not_done = or_(status.in_(OPEN_STATUSES),
                   and_(status == TaskStatus.DONE.value, completed.is_not(None), completed > as_of))
    overdue = and_(not_done, due.is_not(None), due < as_of)
    pending = and_(not_done, or_(due.is_(None), due >= as_of))
    return StandingSql(on_time, late, overdue, pending, cancelled)


@dataclass(frozen=True)
class Deadline:
    """What the dates say about a task on a given day."""

    overdue: bool
    days_overdue: int
    days_left: int | None
    due_soon: bool
    done_late: bool
    days_late: int


def deadline_facts(
    status: str, due_on: dt.date | None, completed_on: dt.date | None, today: dt.date
) -> Deadline:
    """Overdue and done late as ``task_standing`` says; days left for open tasks not overdue."""
    standing = task_standing(status, due_on, completed_on, today)
    overdue = standing.key == Standing.OVERDUE
    days_left = (
        (due_on - today).days if is_open(status) and due_on is not None and not overdue else None
    )
    due_soon = days_left is not None and days_left <= DUE_SOON_DAYS
    return Deadline(overdue, standing.days_overdue, days_left, due_soon,
                    standing.key == Standing.LATE, standing.days_late)


def deadline_text(facts: Deadline, status: str) -> str:
    """'Quá hạn N ngày', 'Còn N ngày', 'Hoàn thành chậm N ngày': words, never colour alone."""
    if facts.overdue:
        return _("Quá hạn {n} ngày").format(n=format_number(facts.days_overdue))
    if facts.done_late:
        return _("Hoàn thành chậm {n} ngày").format(n=format_number(facts.days_late))
    if facts.days_left is not None:
        if facts.days_left == 0:
            return _("Đến hạn hôm nay")
        return _("Còn {n} ngày").format(n=format_number(facts.days_left))
    if status == TaskStatus.DONE.value:
        return _("Đúng hạn")
    return ""

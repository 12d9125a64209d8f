"""Task rules without a database: allowed status changes and the facts derived from dates.

Overdue, due soon and done late are computed against "today" (``ctx.today()``), never stored,
so they are right on any day the list is looked at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
    """Overdue = still open after its due day; done late = completed after its due day."""
    overdue = is_open(status) and due_on is not None and due_on < today
    days_overdue = (today - due_on).days if overdue and due_on else 0
    days_left = (
        (due_on - today).days if is_open(status) and due_on is not None and not overdue else None
    )
    due_soon = days_left is not None and days_left <= DUE_SOON_DAYS
    late = (
        status == TaskStatus.DONE.value
        and due_on is not None
        and completed_on is not None
        and completed_on > due_on
    )
    days_late = (completed_on - due_on).days if late and completed_on and due_on else 0
    return Deadline(overdue, days_overdue, days_left, due_soon, late, days_late)


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

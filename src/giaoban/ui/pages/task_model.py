"""Table models of the task area: the id-backed lazy task list and a task's timeline.

The task list reads the ids of the filtered, sorted tasks itself (one SQL query) and
:class:`~giaoban.ui.models.lazy.LazyIdModel` fetches the rows a page at a time, so 100k tasks
open as fast as 100. Sorting asks the database for a new order of ids. Overdue and due-soon rows
say so in words and with an icon; the colour only repeats it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtGui import QBrush, QColor, QIcon

from giaoban.core.context import AppContext
from giaoban.core.enums import TaskStatus
from giaoban.core.labels import label_of
from giaoban.core.models import TaskUpdate
from giaoban.core.services import tasks
from giaoban.core.services.tasks import TaskFilter, TaskRow
from giaoban.i18n import _, format_date
from giaoban.ui.icons import icon
from giaoban.ui.models.base import ROW_ROLE, Column, RowTableModel
from giaoban.ui.models.lazy import PAGE, LazyColumn, LazyIdModel

__all__ = ["AMBER", "PAGE", "RED", "ROW_ROLE", "TaskListModel", "TimelineModel", "deadline_colour"]

RED = QColor("#b3261e")
AMBER = QColor("#8a5a00")


def deadline_colour(row: TaskRow) -> QColor | None:
    if row.overdue:
        return RED
    if row.due_soon:
        return AMBER
    return None


def _deadline_brush(row: TaskRow) -> QBrush | None:
    colour = deadline_colour(row)
    return QBrush(colour) if colour else None


def _deadline_icon(row: TaskRow) -> QIcon | None:
    if row.overdue:
        return icon("overdue")
    return icon("warning") if row.due_soon else None


def _last_update(row: TaskRow) -> str:
    if not row.last_update_on:
        return ""
    return f"{format_date(row.last_update_on)} – {row.last_update}"


class TaskListModel(LazyIdModel[TaskRow]):
    """The task list's columns; it asks for its own ids (``set_filter``, ``reload``, sorting)."""

    TITLE, BRIEFING, LEAD, SUPPORT, ASSIGNED, DUE, STATUS, DEADLINE, UPDATE = range(9)
    COLUMNS = (
        LazyColumn(lambda: _("Nhiệm vụ"), lambda r: r.title, "title",  # takes the remaining width
                   foreground=_deadline_brush),
        LazyColumn(lambda: _("Giao ban nguồn"),  # the header already says "Giao ban"
                   lambda r: r.briefing.removeprefix(_("Giao ban") + " "), "briefing", 104),
        LazyColumn(lambda: _("Đơn vị chủ trì"), lambda r: r.lead_unit, "lead_unit", 130),
        LazyColumn(lambda: _("Phối hợp"), lambda r: ", ".join(r.supporting_units), None, 76,
                   tooltip=lambda r: "\n".join(r.supporting_units)),
        LazyColumn(lambda: _("Ngày giao"), lambda r: format_date(r.assigned_on), "assigned_on", 78),
        LazyColumn(lambda: _("Hạn"), lambda r: format_date(r.due_on), "due_on", 78,
                   foreground=_deadline_brush),
        LazyColumn(lambda: _("Trạng thái"), lambda r: r.status_label, "status", 106),
        LazyColumn(lambda: _("Thời hạn"), lambda r: r.deadline_note, "deadline", 150,
                   foreground=_deadline_brush, icon=_deadline_icon),
        LazyColumn(lambda: _("Cập nhật gần nhất"), _last_update, None, 120),
    )
    DEFAULT_SORT = "deadline"

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(ctx, parent)
        self.filter = TaskFilter()
        self.sort_key = self.DEFAULT_SORT
        self.descending = False
        self.loaded = False  # no ids asked for until the page is first shown

    def fetch_rows(self, ids: list[int]) -> Iterable[TaskRow]:
        return tasks.task_rows(self.ctx, ids)

    def set_filter(self, filt: TaskFilter) -> None:
        self.filter = filt
        self.reload()

    def reload(self) -> None:
        """Ask the database for the ids again (after a change, a filter or a sort)."""
        self.loaded = True
        self.set_ids(tasks.task_ids(self.ctx, self.filter, sort=self.sort_key,
                                    descending=self.descending))

    def sort_by(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        if self.loaded:  # the header's initial and restored sort must not load 100k ids early
            self.reload()


def _status_change(update: TaskUpdate) -> str:
    if not update.new_status:
        return ""
    old = label_of(TaskStatus, update.old_status) if update.old_status else ""
    return f"{old} → {label_of(TaskStatus, update.new_status)}"


def _due_change(update: TaskUpdate) -> str:
    if update.new_due_on is None and update.old_due_on is None:
        return ""
    return _("Hạn {old} → {new}").format(
        old=format_date(update.old_due_on) or "–", new=format_date(update.new_due_on) or "–"
    )


class TimelineModel(RowTableModel[TaskUpdate]):
    """A task's progress updates, oldest first: date, note, status change, new deadline."""

    DATE, NOTE, STATUS, DUE, PROGRESS = range(5)
    COLUMNS: Sequence[Column] = (
        Column(lambda: _("Ngày"), lambda u: u.updated_on, width=12),
        Column(lambda: _("Nội dung cập nhật"), lambda u: u.note, width=40),
        Column(lambda: _("Trạng thái"), _status_change, width=26),
        Column(lambda: _("Thời hạn"), _due_change, width=24),
        Column(lambda: _("Tiến độ"), lambda u: f"{u.progress}%" if u.progress is not None else "",
               width=7),
    )

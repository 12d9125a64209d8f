"""Table models of the task area: the id-backed lazy task list and a task's timeline.

The task list holds only the ids of the filtered, sorted tasks (one SQL query); rows are fetched
in pages of ``PAGE`` as the view asks for them, so 100k tasks open as fast as 100. Sorting asks
the database for a new order of ids. Overdue and due-soon rows say so in words and with an icon;
the colour only repeats it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from giaoban.core.enums import TaskStatus
from giaoban.core.labels import label_of
from giaoban.core.models import TaskUpdate
from giaoban.core.services import tasks
from giaoban.core.services.tasks import TaskFilter, TaskRow
from giaoban.i18n import _, format_date
from giaoban.ui.icons import icon
from giaoban.ui.models.base import Column, RowTableModel

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
RED = QColor("#b3261e")
AMBER = QColor("#8a5a00")
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def deadline_colour(row: TaskRow) -> QColor | None:
    if row.overdue:
        return RED
    if row.due_soon:
        return AMBER
    return None


def _status_text(row: TaskRow) -> str:
    return row.status_label


def _last_update(row: TaskRow) -> str:
    if not row.last_update_on:
        return ""
    return f"{format_date(row.last_update_on)} – {row.last_update}"


class TaskListModel(QAbstractTableModel):
    """Ids of the filtered tasks; rows fetched page by page and cached."""

    TITLE, BRIEFING, LEAD, SUPPORT, ASSIGNED, DUE, STATUS, DEADLINE, UPDATE = range(9)
    # header, default width in pixels, sort key of the database query
    HEADERS: tuple[tuple[Callable[[], str], int, str | None], ...] = (
        (lambda: _("Nhiệm vụ"), 0, "title"),  # takes the remaining width
        (lambda: _("Giao ban nguồn"), 104, "briefing"),
        (lambda: _("Đơn vị chủ trì"), 130, "lead_unit"),
        (lambda: _("Phối hợp"), 76, None),
        (lambda: _("Ngày giao"), 78, "assigned_on"),
        (lambda: _("Hạn"), 78, "due_on"),
        (lambda: _("Trạng thái"), 106, "status"),
        (lambda: _("Thời hạn"), 150, "deadline"),
        (lambda: _("Cập nhật gần nhất"), 120, None),
    )

    def __init__(self, ctx: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter = TaskFilter()
        self.sort_key = "deadline"
        self.descending = False
        self._ids: list[int] = []
        self._cache: dict[int, TaskRow] = {}
        self.fetches = 0  # how many page fetches ran (tests check there is no query per row)
        self.loaded = False  # no ids asked for until the page is first shown

    # --- data in ---
    def set_filter(self, filt: TaskFilter) -> None:
        self.filter = filt
        self.reload()

    def reload(self) -> None:
        """Ask the database for the ids again (after a change, a filter or a sort)."""
        self.loaded = True
        self.beginResetModel()
        self._ids = tasks.task_ids(self.ctx, self.filter, sort=self.sort_key,
                                   descending=self.descending)
        self._cache.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, task_id: int) -> int:
        try:
            return self._ids.index(task_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> TaskRow | None:
        if not 0 <= row < len(self._ids):
            return None
        task_id = self._ids[row]
        if task_id not in self._cache:
            self._fetch_around(row)
        return self._cache.get(task_id)

    def _fetch_around(self, row: int) -> None:
        start = (row // PAGE) * PAGE
        wanted = [i for i in self._ids[start : start + PAGE] if i not in self._cache]
        self.fetches += 1
        for found in tasks.task_rows(self.ctx, wanted):
            self._cache[found.id] = found
        if len(self._cache) > 20 * PAGE:  # keep memory flat while scrolling through 100k
            keep = set(self._ids[start : start + PAGE])
            self._cache = {k: v for k, v in self._cache.items() if k in keep}

    def refresh_row(self, task_id: int) -> None:
        """Re-read one task after it changed (its row stays where it is until the next reload)."""
        row = self.row_of(task_id)
        self._cache.pop(task_id, None)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # --- Qt interface ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section][0]()
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.HEADERS[column][2] if 0 <= column < len(self.HEADERS) else None
        self.sort_key = key or "deadline"
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self.loaded:  # the header's initial and restored sort must not load 100k ids early
            self.reload()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TITLE:
                return row.title
            if column == self.SUPPORT:
                return "\n".join(row.supporting_units)
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.TITLE, self.DUE, self.DEADLINE):
            colour = deadline_colour(row)
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.DecorationRole and column == self.DEADLINE:
            if row.overdue:
                return icon("overdue")
            if row.due_soon:
                return icon("warning")
        if role == ROW_ROLE:
            return row
        return None

    def _text(self, row: TaskRow, column: int) -> str:
        if column == self.TITLE:
            return row.title
        if column == self.BRIEFING:  # the header already says "Giao ban"
            return row.briefing.removeprefix(_("Giao ban") + " ")
        if column == self.LEAD:
            return row.lead_unit
        if column == self.SUPPORT:
            return ", ".join(row.supporting_units)
        if column == self.ASSIGNED:
            return format_date(row.assigned_on)
        if column == self.DUE:
            return format_date(row.due_on)
        if column == self.STATUS:
            return _status_text(row)
        if column == self.DEADLINE:
            return row.deadline_note
        if column == self.UPDATE:
            return _last_update(row)
        return ""


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

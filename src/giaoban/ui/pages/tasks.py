"""Nhiệm vụ theo dõi: the follow-up task list with its filters, and the selected task's detail.

The list is id-backed and lazy (100k tasks stay fast); overdue and due-soon rows carry words and
an icon as well as colour. Complete, cancel, reopen and re-schedule are explicit actions so each
is a step in the task's timeline. ``select_record`` (global search) and ``show_unit`` (the
overview's drill-down) open the list on a given task or unit.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QSplitter, QVBoxLayout

from giaoban.core.context import AppContext
from giaoban.core.enums import TaskStatus
from giaoban.core.errors import ValidationError
from giaoban.core.kinds import KINDS
from giaoban.core.periods import Period
from giaoban.core.services import tasks
from giaoban.core.services.tasks_query import count_tasks
from giaoban.i18n import _
from giaoban.ui.dialogs import ask
from giaoban.ui.dialogs.conflict import save_resolving
from giaoban.ui.dialogs.unit_returns import unit_returns_action
from giaoban.ui.operations import perform
from giaoban.ui.pages.task_actions import TaskActions
from giaoban.ui.pages.task_detail import TaskDetail
from giaoban.ui.pages.task_dialogs import TaskActionDialog
from giaoban.ui.pages.task_filters import TaskFilterBar
from giaoban.ui.pages.task_model import ROW_ROLE, TaskListModel
from giaoban.ui.widgets.page import (
    EmptyStateStack,
    Page,
    make_action,
    make_table,
    make_toolbar,
    remember_header,
    remember_splitter,
)


class TasksPage(TaskActions, Page):
    """List above, detail (Thông tin / Tiến độ / Lịch sử) below, in a remembered splitter."""

    shows = frozenset({"task", "task_update", "organization", "briefing", "aspiration"})

    def __init__(self, ctx: AppContext, window: Any = None) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window_ = window
        self.title = _("Nhiệm vụ theo dõi")
        self._loaded = False
        self._new = False
        self._selecting = False
        self.dialog: TaskActionDialog | None = None

        self.filters = TaskFilterBar(ctx, self)
        self.filters.changed.connect(self._filter_changed)
        self._total: int | None = None  # every live task, as last counted
        self.model = TaskListModel(ctx, self)
        self.view = make_table(self, _("Danh sách nhiệm vụ"))
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        for section, column in enumerate(TaskListModel.COLUMNS):
            if column.pixels:
                header.resizeSection(section, column.pixels)
        header.setSectionResizeMode(TaskListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header.setSortIndicator(TaskListModel.DEADLINE, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.view.activated.connect(lambda _i: self.detail.title_edit.setFocus())
        self.empty = EmptyStateStack(
            self.view, _("Chưa có nhiệm vụ nào. Nhấn Ctrl+N để giao nhiệm vụ mới."), self)
        self.detail = TaskDetail(ctx, self)
        self.detail.save_requested.connect(self.save)
        self.detail.update_requested.connect(self.add_update)
        self.detail.link_activated.connect(self.open_link)

        self.add_action = make_action(self, _("Thêm mới"), "add", self.new_item, "Ctrl+N",
                                      _("Giao nhiệm vụ mới"))
        self.save_action = make_action(self, _("Lưu"), "save", self.save, "Ctrl+S")
        self.complete_action = make_action(self, _("Hoàn thành"), "finalize", self.complete_selected,
                                           "Ctrl+Shift+H", tooltip=_("Ghi nhận hoàn thành với kết quả và ngày"))
        self.reschedule_action = make_action(self, _("Gia hạn"), "history", self.reschedule_selected,
                                             "Ctrl+Shift+G", tooltip=_("Đổi hạn hoàn thành, giữ hạn cũ trong lịch sử"))
        self.cancel_action = make_action(self, _("Hủy nhiệm vụ"), "delete", self.cancel_selected,
                                         "Ctrl+Shift+X", tooltip=_("Hủy nhiệm vụ, nêu lý do"))
        self.reopen_action = make_action(self, _("Mở lại"), "reopen", self.reopen_selected,
                                         "Ctrl+Shift+M", tooltip=_("Mở lại nhiệm vụ đã hoàn thành hoặc đã hủy"))
        self.delete_action = make_action(self, _("Xóa"), "trash", self.delete_selected, "Delete",
                                         _("Chuyển vào thùng rác"))
        self.export_action = make_action(self, _("Xuất"), "export", self.export, "Ctrl+E",
                                         _("Xuất danh sách ra Excel, CSV hoặc lịch (.ics)"))
        self.returns_action = unit_returns_action(self)  # "Phiếu đơn vị": send, read back
        for action in (self.complete_action, self.reschedule_action, self.cancel_action,
                       self.reopen_action):
            self.addAction(action)  # their shortcuts work anywhere in the page
        toolbar = make_toolbar(self, [
            self.add_action, self.save_action, None, self.complete_action, self.reschedule_action,
            self.cancel_action, self.reopen_action, None, self.delete_action, self.export_action,
            self.returns_action,
        ])
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.empty)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        remember_header(self.view, "tasks/list")
        remember_splitter(splitter, "tasks/split")
        self._update_actions()

    # --- loading and filtering ----------------------------------------------------------------

    def activated(self) -> None:
        """Reload on every visit (one id query): tasks may have been added on other pages."""
        if not self.detail.dirty and not self._new:
            self.refresh()

    def refresh(self) -> None:
        current = self.current_id()
        self.filters.reload_choices()
        self._loaded = True
        self.apply_filter(keep=current)

    def _filter_changed(self) -> None:
        """A filter typed or picked on this page: the tasks are the same, so is their total."""
        self.apply_filter(recount=False)

    def apply_filter(self, keep: int | None = None, *, recount: bool = True) -> None:
        """Reload the ids for the filters; keep the selection if the task is still listed.
        ``recount``: count every live task again (not on a mere change of filter: that count
        reads all of them, ~4 ms at 100k tasks, on every keystroke of the search)."""
        self._loaded = True
        self.model.set_filter(self.filters.task_filter())
        if recount or self._total is None:
            self._total = count_tasks(self.ctx)
        total = self._total
        self.filters.set_count(self.model.rowCount(), total)
        self.empty.set_empty(total == 0)
        if keep is not None and self.model.row_of(keep) >= 0:
            self.select_record(keep)
        elif not self._new and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        elif not self._new:
            self.detail.load(None)
        self._update_actions()

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        row = self.model.data(index, ROW_ROLE) if index.isValid() else None
        return row.id if row is not None else None

    def current_row(self) -> Any:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_record(self, record_id: int) -> bool:
        """Show one task (global search, links): clear filters that hide it, select it."""
        if not self._loaded:
            self.refresh()
        if self.model.row_of(record_id) < 0:
            self.filters.blockSignals(True)
            self.filters.clear()
            self.filters.blockSignals(False)
            self.model.set_filter(self.filters.task_filter())
            total = count_tasks(self.ctx)
            self.filters.set_count(self.model.rowCount(), total)
            self.empty.set_empty(total == 0)
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def show_unit(self, unit_id: int | None, *, lead_only: bool = True,
                  overdue_only: bool = False) -> None:
        """The overview's drill-down: the tasks led by one unit (optionally only overdue)."""
        self._loaded = True
        self.filters.blockSignals(True)
        self.filters.set_unit(unit_id, lead_only=lead_only)
        if overdue_only:
            self.filters.set_deadline("overdue")
        self.filters.blockSignals(False)
        self.apply_filter()

    def show_open(self) -> None:
        """Only tasks not finished yet (the overview's "Chưa hoàn thành" card)."""
        self._loaded = True
        self.filters.blockSignals(True)
        self.filters.clear()
        self.filters.status.setCurrentIndex(max(0, self.filters.status.findData("__open__")))
        self.filters.blockSignals(False)
        self.apply_filter()

    def show_deadline(self, which: str) -> None:
        """Only overdue ("overdue") or due-soon ("due_soon") tasks (reminders, overview cards)."""
        self._loaded = True
        self.filters.blockSignals(True)
        self.filters.clear()
        self.filters.set_deadline(which)
        self.filters.blockSignals(False)
        self.apply_filter()

    def keep_assigned(self, period: Period | None) -> None:
        """The overview's Kỳ on the list it just opened: only tasks assigned in that period."""
        self.filters.assigned.set_period(period)
        self.apply_filter()

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    # --- selection and the detail -------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._selecting:
            return
        if (self.detail.dirty or self._new) and not self._may_discard():
            self._selecting = True
            self.view.selectionModel().setCurrentIndex(
                previous, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self._selecting = False
            return
        self._new = False
        row = self.model.row_at(current.row()) if current.isValid() else None
        self.detail.load(row.id if row else None)
        self._update_actions()

    def _may_discard(self) -> bool:
        if not self.detail.dirty:
            return True
        choice = ask.ask_save_changes(self, _("Nhiệm vụ"))
        if choice is ask.Choice.SAVE:
            if not self.save(reload=False):
                return False
            QTimer.singleShot(0, self.refresh)  # list order may change: reload after the switch
            return True
        if choice is ask.Choice.DISCARD:
            self.detail.dirty = False
            self._new = False
            return True
        return False

    def _update_actions(self) -> None:
        row = self.current_row()
        status = row.status if row else None
        is_open = status in (TaskStatus.NOT_STARTED.value, TaskStatus.IN_PROGRESS.value)
        self.complete_action.setEnabled(is_open)
        self.reschedule_action.setEnabled(is_open)
        self.cancel_action.setEnabled(is_open)
        self.reopen_action.setEnabled(status in (TaskStatus.DONE.value, TaskStatus.CANCELLED.value))
        self.delete_action.setEnabled(row is not None)
        self.save_action.setEnabled(row is not None or self._new)

    def new_item(self) -> None:
        """Ctrl+N: an empty form for a new task (unit chosen in the filter is suggested)."""
        if not self._may_discard():
            return
        self._new = True
        self._selecting = True
        self.view.clearSelection()
        self.view.setCurrentIndex(QModelIndex())
        self._selecting = False
        self.detail.load(None, new=True, defaults={"lead_unit_id": self.filters.unit.currentData()})
        self.detail.setCurrentIndex(0)
        self.detail.title_edit.setFocus()
        self._update_actions()

    def has_unsaved_changes(self) -> bool:
        return self.detail.dirty

    def discard_changes(self) -> None:
        self._new = False
        self.detail.load(self.current_id())

    def save(self, reload: bool = True) -> bool:
        """Ctrl+S: create or update from the form; errors appear under their fields."""
        try:
            values = self.detail.values()
        except ValidationError as exc:  # a date field's text is not a date: said under it
            self.detail.errors.show(exc.errors)
            return False
        due = values.get("due_on")
        changed_due = self._new or self.detail.current is None or \
            due != getattr(self.detail.current, "due_on", None)
        if changed_due and not ask.past_deadline_ok(self, due, self.ctx.today(), values=values):
            return False
        if self._new or self.detail.task_id is None:
            if not self._new:
                return True
            result = perform(self, self.ctx, _("Giao {record}").format(
                record=KINDS["task"].named(SimpleNamespace(**values))), tasks.create_task,
                errors=self.detail.errors, **values)
        else:
            # others' changes since it was opened merge; where both changed a field, ask
            result = save_resolving(self, self.ctx, _("Sửa {record}").format(
                record=KINDS["task"].named(self.detail.current)), tasks.update_task,
                self.detail.task_id, opened=self.detail.opened, values=values,
                errors=self.detail.errors)
        if result is None:
            self.detail.setCurrentIndex(0)
            return False
        task = result.value
        self._new = False
        self.detail.dirty = False
        self._status(_("Đã lưu nhiệm vụ."))
        if not reload:
            self.model.refresh_row(task.id or 0)
            return True
        self.filters.reload_choices()
        self.apply_filter(keep=task.id)
        if self.model.row_of(task.id or 0) < 0 and task.id:
            self.select_record(task.id)
        return True

    def _status(self, text: str) -> None:
        bar = getattr(self.window_, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 4000)

    def _after_change(self, task_id: int, message: str) -> None:
        self.model.refresh_row(task_id)
        self.detail.load(task_id)
        self._update_actions()
        self._status(message)

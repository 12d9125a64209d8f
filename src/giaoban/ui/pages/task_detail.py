"""The detail of one task under the list: its form, its progress timeline and its history.

The form edits title, content, units, dates and priority; status changes go through the page's
actions (complete, cancel, reopen, re-schedule) so each one is a clear step in the timeline.
The quick "add update" line adds a progress note with Enter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from giaoban.core import conflicts
from giaoban.core.context import AppContext
from giaoban.core.enums import TaskPriority, TaskStatus
from giaoban.core.labels import choices, label_of
from giaoban.core.models import Organization, Task
from giaoban.core.services import directory
from giaoban.core.services.task_detail import task_detail
from giaoban.core.services.tasks_query import TaskSources
from giaoban.core.services.tasks_rules import deadline_facts, deadline_text
from giaoban.i18n import _, format_date
from giaoban.ui.dialogs.organization_quick import with_add_button
from giaoban.ui.icons import icon
from giaoban.ui.pages.task_model import TimelineModel
from giaoban.ui.widgets.attachments import AttachmentsPanel
from giaoban.ui.widgets.dates import date_edit, set_date, to_date
from giaoban.ui.widgets.forms import FieldErrors, tab_order
from giaoban.ui.widgets.history_panel import HistoryPanel
from giaoban.ui.widgets.page import make_table


class TaskDetail(QTabWidget):
    """Tabs "Thông tin", "Tiến độ", "Lịch sử" of the selected (or new) task."""

    save_requested = Signal()
    update_requested = Signal(str)
    link_activated = Signal(str)  # "briefing:ID", "aspiration:ID"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task_id: int | None = None
        self.current: Task | None = None  # the task shown, as loaded
        self.opened: dict[str, Any] | None = None  # the same as its save's ``opened``
        self.dirty = False
        self._loading = False
        self.errors = FieldErrors()
        self.addTab(self._build_form(), icon("edit"), _("Thông tin"))
        self.addTab(self._build_timeline(), icon("task"), _("Tiến độ"))
        self.attachments = AttachmentsPanel(ctx, self, empty_note=_(
            "Lưu nhiệm vụ trước khi đính kèm tệp."))
        self.addTab(self.attachments, icon("attachment"), _("Tệp đính kèm"))
        self.history = HistoryPanel(ctx, self)
        self.addTab(self.history, icon("history"), _("Lịch sử"))
        tab_order(self.title_edit, self.detail_edit, self.sources, self.lead_combo,
                  self.add_lead_button, self.support_list, self.assigned_edit, self.due_edit, self.no_due,
                  self.priority_combo, self.save_button)
        self.setEnabled(False)

    # --- building -----------------------------------------------------------------------------

    def _build_form(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        columns = QHBoxLayout()
        outer.addLayout(columns)
        outer.addStretch(1)
        left, right = QFormLayout(), QFormLayout()
        self.heading = QLabel(page)
        self.heading.setObjectName("formHeading")
        self.title_edit = QLineEdit(page)
        self.detail_edit = QPlainTextEdit(page)
        self.detail_edit.setTabChangesFocus(True)
        self.detail_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.state_label = QLabel(page)
        self.state_label.setWordWrap(True)
        self.sources = QLabel(page)
        self.sources.setWordWrap(True)
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.sources.linkActivated.connect(self.link_activated)
        left.addRow(self.heading)
        self.errors.add_row(left, _("Tên nhiệm &vụ"), "title", self.title_edit)
        self.errors.add_row(left, _("&Nội dung"), "detail", self.detail_edit)
        left.addRow(_("Tình trạng"), self.state_label)
        left.addRow(_("Nguồn"), self.sources)

        self.lead_combo = QComboBox(page)
        self.lead_combo.setAccessibleName(_("Đơn vị chủ trì"))
        self.support_list = QListWidget(page)
        self.support_list.setAccessibleName(_("Đơn vị phối hợp"))
        self.support_list.setFixedHeight(self.fontMetrics().height() * 4 + 10)
        self.assigned_edit = date_edit(page, self.ctx.today(), today=self.ctx.today)
        self.assigned_edit.field_name = "assigned_on"
        due_row = QWidget(page)
        due_box = QHBoxLayout(due_row)
        due_box.setContentsMargins(0, 0, 0, 0)
        self.due_edit = date_edit(due_row, self.ctx.today(), today=self.ctx.today)
        self.due_edit.field_name = "due_on"
        self.no_due = QCheckBox(_("Không có hạn"), due_row)
        self.no_due.toggled.connect(lambda on: self.due_edit.setEnabled(not on))
        due_box.addWidget(self.due_edit, 1)
        due_box.addWidget(self.no_due)
        self.due_edit.setAccessibleName(_("Hạn hoàn thành"))
        self.priority_combo = QComboBox(page)
        for value, text in choices(TaskPriority):
            self.priority_combo.addItem(text, value)
        lead_row, self.add_lead_button = with_add_button(self.lead_combo, self.ctx,
                                                         self._lead_added)
        lead_holder = self.errors.add_row(right, _("Đơn vị &chủ trì"), "lead_unit_id", lead_row)
        self.errors._editors["lead_unit_id"] = self.lead_combo  # the message is the combo's
        lead_label = right.labelForField(lead_holder)
        if isinstance(lead_label, QLabel):
            lead_label.setBuddy(self.lead_combo)  # Alt+C lands on the unit, not on its row
        self.errors.add_row(right, _("Đơn vị &phối hợp"), "supporting_unit_ids", self.support_list)
        self.errors.add_row(right, _("Ngày gia&o"), "assigned_on", self.assigned_edit)
        due_holder = self.errors.add_row(right, _("&Hạn hoàn thành"), "due_on", due_row)
        self.due_edit.attach_error_line(self.errors._labels["due_on"])
        due_label = right.labelForField(due_holder)
        if isinstance(due_label, QLabel):
            due_label.setBuddy(self.due_edit)  # Alt+H lands on the date, not on its box
        self.errors.add_row(right, _("Mức ư&u tiên"), "priority", self.priority_combo)
        self.save_button = QPushButton(icon("save"), _("Lưu"), page)
        self.save_button.setToolTip(_("Lưu nhiệm vụ (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_requested)
        right.addRow("", self.save_button)
        for form, stretch in ((left, 3), (right, 2)):
            holder = QVBoxLayout()
            holder.addLayout(form)
            holder.addStretch(1)
            columns.addLayout(holder, stretch)
        for edit in (self.title_edit,):
            edit.textEdited.connect(self._mark_dirty)
        self.detail_edit.textChanged.connect(self._mark_dirty)
        for combo in (self.lead_combo, self.priority_combo):
            combo.activated.connect(self._mark_dirty)
        for date in (self.assigned_edit, self.due_edit):
            date.dateChanged.connect(self._mark_dirty)
        self.no_due.toggled.connect(self._mark_dirty)
        self.support_list.itemChanged.connect(self._mark_dirty)
        return page

    def _build_timeline(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        add_row = QHBoxLayout()
        self.update_edit = QLineEdit(page)
        self.update_edit.setPlaceholderText(_("Thêm cập nhật tiến độ… (Enter để thêm)"))
        self.update_edit.setAccessibleName(_("Nội dung cập nhật tiến độ"))
        self.update_edit.returnPressed.connect(self._emit_update)
        self.update_button = QPushButton(icon("add"), _("Thêm cập nhật"), page)
        self.update_button.setToolTip(_("Thêm cập nhật tiến độ (Enter)"))
        self.update_button.clicked.connect(self._emit_update)
        self.update_error = QLabel(page)
        self.update_error.setStyleSheet("color: #b3261e;")
        self.update_error.hide()
        add_row.addWidget(self.update_edit, 1)
        add_row.addWidget(self.update_button)
        self.timeline = TimelineModel(self)
        self.timeline_view = make_table(page, _("Tiến độ thực hiện"))
        self.timeline_view.setModel(self.timeline)
        self.timeline_view.setSortingEnabled(False)
        char = self.fontMetrics().averageCharWidth()
        for section, column in enumerate(TimelineModel.COLUMNS):
            if column.width:
                self.timeline_view.horizontalHeader().resizeSection(section, column.width * char + 16)
        # The note is what people read: it takes the free width, not the short "Tiến độ" column.
        self.timeline_view.horizontalHeader().setStretchLastSection(False)
        self.timeline_view.horizontalHeader().setSectionResizeMode(
            TimelineModel.NOTE, QHeaderView.ResizeMode.Stretch)
        layout.addLayout(add_row)
        layout.addWidget(self.update_error)
        layout.addWidget(self.timeline_view, 1)
        return page

    def _emit_update(self) -> None:
        text = self.update_edit.text().strip()
        if text and self.task_id is not None:
            self.update_requested.emit(text)

    def _mark_dirty(self, *_args: object) -> None:
        if not self._loading and self.isEnabled():
            self.dirty = True

    # --- loading ------------------------------------------------------------------------------

    def _fill_units(self, lead_id: int | None, support: list[int],
                    orgs: list[Organization]) -> None:
        self.lead_combo.clear()
        self.lead_combo.addItem(_("(Chọn đơn vị chủ trì)"), None)
        self.support_list.clear()
        for org in orgs:
            if org.active or org.id == lead_id:
                self.lead_combo.addItem(org.name, org.id)
            if org.active or org.id in support:
                item = QListWidgetItem(org.name, self.support_list)
                item.setData(Qt.ItemDataRole.UserRole, org.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if org.id in support else Qt.CheckState.Unchecked
                )
        self.lead_combo.setCurrentIndex(max(0, self.lead_combo.findData(lead_id)))

    def _lead_added(self, org_id: int) -> None:
        """A body just added from "Thêm…": in the lists, and chosen as the lead unit."""
        support = [self.support_list.item(i).data(Qt.ItemDataRole.UserRole)
                   for i in range(self.support_list.count())
                   if self.support_list.item(i).checkState() == Qt.CheckState.Checked]
        self._fill_units(org_id, support, directory.list_organizations(self.ctx))
        self.lead_combo.setFocus()

    def load(self, task_id: int | None, *, new: bool = False,
             defaults: dict[str, Any] | None = None) -> None:
        """Show a task (or an empty form for a new one, or nothing when ``task_id`` is None)."""
        self._loading = True
        try:
            self.errors.clear()
            self.update_error.hide()
            self.update_edit.clear()
            data = task_detail(self.ctx, task_id)  # one read for the whole form
            task = data.task
            self.task_id = task.id if task else None
            self.current = task
            self.opened = None if task is None else conflicts.snapshot(task) | {
                "supporting_unit_ids": list(data.supporting_unit_ids)}
            self.setEnabled(task is not None or new)
            support = data.supporting_unit_ids
            values = defaults or {}
            self.heading.setText(_("Thêm nhiệm vụ") if new else _("Sửa nhiệm vụ") if task else "")
            self.title_edit.setText(task.title if task else values.get("title", ""))
            self.detail_edit.setPlainText(task.detail if task else values.get("detail", ""))
            self._fill_units(task.lead_unit_id if task else values.get("lead_unit_id"), support,
                             data.organizations)
            today = self.ctx.today()
            assigned = task.assigned_on if task else today
            set_date(self.assigned_edit, assigned)
            due = task.due_on if task else None
            self.no_due.setChecked(task is not None and due is None)
            set_date(self.due_edit, due or today + dt.timedelta(days=30))
            priority = task.priority if task else TaskPriority.NORMAL.value
            self.priority_combo.setCurrentIndex(max(0, self.priority_combo.findData(priority)))
            self.state_label.setText(self._state_text(task))
            self.sources.setText(self._sources_html(data.sources))
            self.timeline.set_rows(data.timeline)
            self.history.show_rows(data.history)
            self.attachments.set_owner("task", self.task_id)
            self.update_edit.setEnabled(task is not None)
            self.update_button.setEnabled(task is not None)
            self.dirty = False
        finally:
            self._loading = False

    def _state_text(self, task: Task | None) -> str:
        if task is None:
            return _("Chưa thực hiện (nhiệm vụ mới)")
        facts = deadline_facts(task.status, task.due_on, task.completed_on, self.ctx.today())
        parts = [label_of(TaskStatus, task.status)]
        if task.status == TaskStatus.DONE.value and task.completed_on:
            parts.append(_("ngày {date}").format(date=format_date(task.completed_on)))
        note = deadline_text(facts, task.status)
        if note:
            parts.append(note.lower() if task.status == TaskStatus.DONE.value else note)
        text = " – ".join(parts)
        if task.result:
            text += "\n" + _("Kết quả: {text}").format(text=task.result)
        if task.status == TaskStatus.CANCELLED.value and task.cancel_reason:
            text += "\n" + _("Lý do hủy: {text}").format(text=task.cancel_reason)
        return text

    def _sources_html(self, src: TaskSources) -> str:
        links = []
        if src.briefing_id and src.briefing:
            links.append(f'<a href="briefing:{src.briefing_id}">{src.briefing}</a>')
        if src.conclusion:
            target = f"briefing:{src.briefing_id}" if src.briefing_id else ""
            links.append(f'<a href="{target}">{src.conclusion}</a>' if target else src.conclusion)
        if src.aspiration_id:
            links.append(f'<a href="aspiration:{src.aspiration_id}">{src.aspiration}</a>')
        return "<br>".join(links) or _("(Không có)")

    # --- reading the form ---------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form as service keyword arguments."""
        support = []
        for row in range(self.support_list.count()):
            item = self.support_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                support.append(item.data(Qt.ItemDataRole.UserRole))
        return {
            "title": self.title_edit.text(),
            "detail": self.detail_edit.toPlainText(),
            "lead_unit_id": self.lead_combo.currentData(),
            "supporting_unit_ids": support,
            "assigned_on": to_date(self.assigned_edit),
            "due_on": None if self.no_due.isChecked() else to_date(self.due_edit),
            "priority": self.priority_combo.currentData(),
        }

"""Tab "Nhiệm vụ": turn a conclusion or an aspiration into a follow-up task in one action.

Pick the source on the left (conclusions, then aspirations of the saved briefing), fill the small
form (title pre-filled from the source, lead unit, supporting units, due date) and press
Ctrl+Enter. The tasks already created from this briefing are listed below, linked to their source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.enums import AspirationKind, TaskStatus
from giaoban.core.errors import ValidationError
from giaoban.core.labels import label_of
from giaoban.core.services.briefing_draft import BriefingDraft
from giaoban.core.services.briefing_query import FollowUpRow
from giaoban.i18n import _
from giaoban.ui.icons import icon
from giaoban.ui.models.base import Column, RowTableModel
from giaoban.ui.widgets.dates import date_edit, set_date, to_date
from giaoban.ui.widgets.forms import FieldErrors, tab_order
from giaoban.ui.widgets.page import make_table, remember_header


@dataclass(frozen=True)
class SourceRow:
    """A conclusion or an aspiration that a task can come from."""

    kind: str  # "conclusion" | "aspiration"
    id: int
    label: str
    text: str
    tasks: int


def sources_of(saved: BriefingDraft, rows: list[FollowUpRow],
               orgs: list[tuple[str, int]]) -> list[SourceRow]:
    """The saved briefing's conclusions, then its aspirations, each with how many tasks came
    from it (only saved rows: a task points at a stored conclusion or aspiration)."""
    by_conclusion: dict[int, int] = {}
    by_aspiration: dict[int, int] = {}
    for row in rows:
        if row.conclusion_id:
            by_conclusion[row.conclusion_id] = by_conclusion.get(row.conclusion_id, 0) + 1
        if row.aspiration_id:
            by_aspiration[row.aspiration_id] = by_aspiration.get(row.aspiration_id, 0) + 1
    names: dict[int | None, str] = {org_id: name for name, org_id in orgs}
    return [
        SourceRow("conclusion", c.id, _("Kết luận {n}").format(n=n), c.text,
                  by_conclusion.get(c.id, 0))
        for n, c in enumerate(saved.conclusions, start=1) if c.id is not None
    ] + [
        SourceRow("aspiration", a.id, _("{kind} {n} – {org}").format(
            kind=label_of(AspirationKind, a.kind), n=n, org=names.get(a.organization_id, "")),
            a.content, by_aspiration.get(a.id, 0))
        for n, a in enumerate(saved.aspirations, start=1) if a.id is not None
    ]


class SourceModel(RowTableModel[SourceRow]):
    COLUMNS = (
        Column(lambda: _("Nguồn"), lambda r: r.label, width=22, sort=lambda r: r.label),
        Column(lambda: _("Nội dung"), lambda r: r.text, width=40),
        Column(lambda: _("Nhiệm vụ"), lambda r: r.tasks or "", width=7,
               align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
    )


class FollowUpModel(RowTableModel[FollowUpRow]):
    COLUMNS = (
        Column(lambda: _("Nhiệm vụ"), lambda r: r.title, width=40),
        Column(lambda: _("Đơn vị chủ trì"), lambda r: r.lead_unit, width=24),
        Column(lambda: _("Phối hợp"), lambda r: ", ".join(r.supporting_units), width=20),
        Column(lambda: _("Hạn"), lambda r: r.due_on, width=12),
        Column(lambda: _("Trạng thái"), lambda r: label_of(TaskStatus, r.status)),
    )


class FollowUpsTab(QWidget):
    """Sources, the inline "new task" form, and the tasks created so far."""

    def __init__(self, create: Callable[[SourceRow, dict[str, Any]], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_create = create  # not "create": QWidget.create is a method
        self.sources = SourceModel(self)
        self.source_view = make_table(self, _("Kết luận và tâm tư – kiến nghị"))
        self.source_view.setSortingEnabled(False)
        self.source_view.setModel(self.sources)
        self.source_view.selectionModel().currentRowChanged.connect(lambda *_a: self._fill_form())
        self.tasks = FollowUpModel(self)
        self.task_view = make_table(self, _("Nhiệm vụ đã giao từ cuộc giao ban này"))
        self.task_view.setModel(self.tasks)

        form_box = QWidget(self)
        form = QFormLayout(form_box)
        self.errors = FieldErrors()
        self.heading = QLabel(form_box)
        self.heading.setWordWrap(True)
        form.addRow(self.heading)
        self.title = QLineEdit(form_box)
        self.lead = QComboBox(form_box)
        self.support_model = QStandardItemModel(self)
        self.support = QListView(form_box)
        self.support.setModel(self.support_model)
        self.support.setAccessibleName(_("Đơn vị phối hợp"))
        self.support.setMaximumHeight(130)
        self.due = date_edit(form_box)
        self.button = QPushButton(icon("task"), _("Tạ&o nhiệm vụ"), form_box)
        self.button.setToolTip(_("Tạo nhiệm vụ từ nguồn đã chọn (Ctrl+Enter)"))
        self.button.clicked.connect(self._create)
        # Ctrl+Enter as its own shortcut: on the button it would replace the Alt+O mnemonic.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._create)
        self.errors.add_row(form, _("Tên nhiệm &vụ"), "title", self.title)
        self.errors.add_row(form, _("Đơn vị chủ t&rì"), "lead_unit_id", self.lead)
        self.errors.add_row(form, _("Đơn vị &phối hợp"), "supporting_unit_ids", self.support)
        self.errors.add_row(form, _("&Hạn hoàn thành"), "due_on", self.due)
        form.addRow("", self.button)
        self.note = QLabel(form_box)
        self.note.setWordWrap(True)
        form.addRow(self.note)

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.source_view)
        top.addWidget(form_box)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(top, 3)
        layout.addWidget(QLabel(_("Nhiệm vụ đã giao từ cuộc giao ban này:"), self))
        layout.addWidget(self.task_view, 2)
        tab_order(self.source_view, self.title, self.lead, self.support, self.due, self.button,
                  self.task_view)
        remember_header(self.source_view, "briefing/followup-sources")
        remember_header(self.task_view, "briefing/followup-tasks")
        self.default_due: dt.date | None = None  # set by load(), from the context's today

    def load(self, sources: list[SourceRow], tasks: list[FollowUpRow],
             units: list[tuple[str, int]], default_due: dt.date, note: str) -> None:
        """Show the saved briefing's sources and tasks; ``note`` explains what is not saved yet."""
        current = self.source_view.currentIndex().row()
        self.sources.set_rows(sources)
        self.tasks.set_rows(tasks)
        self.default_due = default_due
        lead = self.lead.currentData()
        self.lead.clear()
        self.support_model.clear()
        for name, unit_id in units:
            self.lead.addItem(name, unit_id)
            item = QStandardItem(name)
            item.setCheckable(True)
            item.setData(unit_id, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.support_model.appendRow(item)
        self.lead.setCurrentIndex(max(0, self.lead.findData(lead)))
        self.note.setText(note)
        if sources:
            self.source_view.selectRow(min(max(current, 0), len(sources) - 1))
        self._fill_form()

    def _fill_form(self) -> None:
        index = self.source_view.currentIndex()
        source = self.sources.row_at(index.row()) if index.isValid() else None
        self.errors.clear()
        self.button.setEnabled(source is not None)
        self.heading.setText(_("Giao nhiệm vụ từ: {source}").format(source=source.label)
                             if source else _("Chọn một kết luận hoặc tâm tư – kiến nghị."))
        self.title.setText(source.text if source else "")
        if self.default_due is not None:
            set_date(self.due, self.default_due)
        for row in range(self.support_model.rowCount()):
            self.support_model.item(row).setCheckState(Qt.CheckState.Unchecked)

    def _create(self) -> None:
        index = self.source_view.currentIndex()
        if not index.isValid():
            return
        supporting = [
            self.support_model.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.support_model.rowCount())
            if self.support_model.item(row).checkState() == Qt.CheckState.Checked
        ]
        try:
            due = to_date(self.due)
        except ValidationError as exc:  # the deadline's text is not a date: said under it
            self.errors.show({"due_on": next(iter(exc.errors.values()))})
            return
        values = {
            "title": self.title.text(), "lead_unit_id": self.lead.currentData(),
            "due_on": due, "supporting_unit_ids": supporting,
        }
        self.on_create(self.sources.row_at(index.row()), values)

"""The detail of one aspiration: its record, its answer (status, response, date, unit), its tasks.

Edits are kept in the form until saved (Ctrl+S or “Lưu”); ``dirty`` tells the page to ask before
they could be lost. Errors appear under their field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.labels import choices
from giaoban.core.services.aspiration_query import AspirationRow
from giaoban.i18n import _
from giaoban.ui.icons import icon
from giaoban.ui.widgets.attachments import AttachmentsPanel
from giaoban.ui.widgets.choices import choice_data, fit_popup, make_choice_combo
from giaoban.ui.widgets.dates import date_edit, set_date, to_date
from giaoban.ui.widgets.forms import FieldErrors, tab_order


def _combo(parent: QWidget, items: list[tuple[str, Any]], name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    for value, text in items:
        combo.addItem(text, value)
    return combo


def _select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class AspirationDetail(QWidget):
    """Form for one aspiration; emits ``edited`` on the first change after a load."""

    edited = Signal()
    save_requested = Signal()
    make_task_requested = Signal()
    task_link_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None, ctx: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx  # reads the linked tasks' titles (ui.pages.aspirations passes it)
        self.aspiration_id: int | None = None
        self.opened: dict[str, Any] | None = None  # the record as loaded: its save's ``opened``
        self.dirty = False
        self.errors = FieldErrors()
        self._today: dt.date | None = None
        self.raised_on = date_edit(self, today=self._today_or_raised)
        self.raised_on.field_name = "raised_on"
        self.organization = QComboBox(self)
        self.organization.setAccessibleName(_("Cơ quan phản ánh"))
        self.kind = _combo(self, choices(AspirationKind), _("Loại"))
        self.field = _combo(self, choices(AspirationField), _("Lĩnh vực"))
        self.locality = QLineEdit(self)
        self.people = QLineEdit(self)
        self.content = QPlainTextEdit(self)
        self.content.setTabChangesFocus(True)
        self.content.setMinimumHeight(50)
        self.status = _combo(self, choices(AspirationStatus), _("Trạng thái"))
        self.response = QPlainTextEdit(self)
        self.response.setTabChangesFocus(True)
        self.response.setMinimumHeight(50)
        self.has_response_date = QCheckBox(_("Đã trả lời ngày"), self)
        self.response_on = date_edit(self, today=self._today_or_raised)
        self.response_on.field_name = "response_on"
        self.responding_unit = QComboBox(self)
        self.responding_unit.setAccessibleName(_("Đơn vị trả lời"))
        # the page shows it as its own tab beside "Chi tiết"
        self.attachments = AttachmentsPanel(ctx, None, empty_note=_(
            "Lưu tâm tư, kiến nghị trước khi đính kèm tệp.")) if ctx is not None else None
        self.tasks = QLabel(self)
        self.tasks.setWordWrap(True)
        self.tasks.linkActivated.connect(lambda link: self.task_link_activated.emit(int(link)))
        self.save_button = QPushButton(icon("save"), _("&Lưu"), self)
        self.save_button.setToolTip(_("Lưu thay đổi (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_requested)
        self.task_button = QPushButton(icon("task"), _("Tạo nhiệm &vụ"), self)
        self.task_button.setToolTip(_("Giao một nhiệm vụ theo dõi để giải quyết kiến nghị này"))
        self.task_button.clicked.connect(self.make_task_requested)
        self._build()
        for signal in (self.raised_on.dateChanged, self.organization.currentIndexChanged,
                       self.kind.currentIndexChanged, self.field.currentIndexChanged,
                       self.locality.textChanged, self.people.textChanged,
                       self.content.textChanged, self.status.currentIndexChanged,
                       self.response.textChanged, self.has_response_date.toggled,
                       self.response_on.dateChanged, self.responding_unit.currentIndexChanged):
            signal.connect(self._changed)
        self.has_response_date.toggled.connect(self.response_on.setEnabled)
        for combo in (self.organization, self.responding_unit):  # long lists: type to find
            make_choice_combo(combo)
        for combo in (self.kind, self.field, self.status):
            fit_popup(combo)
        self._loading = False

    def _today_or_raised(self) -> dt.date:
        """Today as the page's context said at the last load ("25/11" is this year)."""
        return self._today or dt.date(2000, 1, 1)

    def _build(self) -> None:
        record = QFormLayout()
        self.errors.add_row(record, _("&Ngày phản ánh"), "raised_on", self.raised_on)
        self.errors.add_row(record, _("&Cơ quan phản ánh"), "organization_id", self.organization)
        kinds = QHBoxLayout()
        kinds.addWidget(self.kind)
        kinds.addWidget(self.field, 1)
        holder = QWidget(self)
        holder.setLayout(kinds)
        kinds.setContentsMargins(0, 0, 0, 0)
        record.addRow(_("Loại, lĩnh vực"), holder)
        self.errors.add_row(record, _("Đị&a bàn"), "locality", self.locality)
        self.errors.add_row(record, _("Đối tượng liên quan"), "people_concerned", self.people)
        self.errors.add_row(record, _("Nội &dung"), "content", self.content)
        answer_box = QGroupBox(_("Trả lời, giải quyết"), self)
        answer = QFormLayout(answer_box)
        self.errors.add_row(answer, _("Trạng t&hái"), "status", self.status)
        self.errors.add_row(answer, _("Nội dung t&rả lời"), "response", self.response)
        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.has_response_date)
        dates.addWidget(self.response_on, 1)
        date_holder = QWidget(self)
        date_holder.setLayout(dates)
        self.errors.add_row(answer, _("Ngày trả lời"), "response_on", date_holder)
        self.errors.add_row(answer, _("Đơn vị trả lời"), "responding_unit_id", self.responding_unit)
        answer.addRow(_("Nhiệm vụ"), self.tasks)
        buttons = QHBoxLayout()
        buttons.addWidget(self.task_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(answer_box, 1)
        right.addLayout(buttons)
        # Record and answer side by side: the detail sits under a full-width list (1366×768).
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(record, 1)
        layout.addLayout(right, 1)
        tab_order(self.raised_on, self.organization, self.kind, self.field, self.locality,
                  self.people, self.content, self.status, self.response, self.has_response_date,
                  self.response_on, self.responding_unit, self.task_button,
                  self.save_button)

    def set_organizations(self, organizations: list[Any]) -> None:
        """Bodies for the two combos (inactive ones stay listed for old rows)."""
        for combo, blank in ((self.organization, None), (self.responding_unit, "")):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if blank is not None:
                combo.addItem(_("(Chưa có)"), None)
            for org in organizations:
                combo.addItem(org.name if org.active else _("{name} (ngừng hoạt động)").format(
                    name=org.name), org.id)
            _select(combo, current)
            combo.blockSignals(False)

    def _changed(self, *_args: Any) -> None:
        if self._loading:
            return
        if not self.dirty:
            self.dirty = True
            self.edited.emit()

    def load(self, row: AspirationRow | None, *, today: dt.date,
             default_org: int | None = None, opened: dict[str, Any] | None = None) -> None:
        """Show a row (or an empty form for a new one, raised ``today``, when ``row`` is None);
        ``opened`` is the record as stored (conflicts.current), kept for the save."""
        self._loading = True
        self._today = today
        self.errors.clear()
        self.aspiration_id = row.id if row else None
        self.opened = opened if row else None
        set_date(self.raised_on, row.raised_on if row else today)
        _select(self.organization, row.organization_id if row else default_org)
        _select(self.kind, row.kind if row else AspirationKind.PETITION.value)
        _select(self.field, row.field if row else AspirationField.OTHER.value)
        self.locality.setText(row.locality if row else "")
        self.people.setText(row.people_concerned if row else "")
        self.content.setPlainText(row.content if row else "")
        _select(self.status, row.status if row else AspirationStatus.RECEIVED.value)
        self.response.setPlainText(row.response if row else "")
        self.has_response_date.setChecked(bool(row and row.response_on))
        self.response_on.setEnabled(bool(row and row.response_on))
        set_date(self.response_on, row.response_on if row and row.response_on
                 else max(today, row.raised_on) if row else today)
        _select(self.responding_unit, row.responding_unit_id if row else None)
        self.tasks.setText(task_links(self.ctx, row.task_ids) if row and row.task_ids and self.ctx
                           else _("Chưa có nhiệm vụ nào."))
        self.task_button.setEnabled(row is not None)
        if self.attachments is not None:
            self.attachments.set_owner("aspiration", row.id if row else None)
        self.dirty = False
        self._loading = False

    def values(self) -> dict[str, Any]:
        """What the form holds, as service values; a ValidationError (under the date field) while
        a date's text is not a date, so nothing else is saved in its place."""
        return {
            "raised_on": to_date(self.raised_on),
            "organization_id": choice_data(self.organization, "organization_id"),
            "kind": self.kind.currentData(),
            "field": self.field.currentData(),
            "locality": self.locality.text(),
            "people_concerned": self.people.text(),
            "content": self.content.toPlainText(),
            "status": self.status.currentData(),
            "response": self.response.toPlainText(),
            "response_on": to_date(self.response_on) if self.has_response_date.isChecked()
            else None,
            "responding_unit_id": choice_data(self.responding_unit, "responding_unit_id"),
        }


def task_links(ctx: Any, task_ids: tuple[int, ...]) -> str:
    """The tasks handling an aspiration as links named by their titles and standing, not ids."""
    import html

    from giaoban.core.kinds import KINDS
    from giaoban.core.services.tasks_query import task_rows

    return "<br>".join(
        f'<a href="{row.id}">{html.escape(KINDS["task"].named_title(row.title, 60))}</a>'
        f" – {html.escape(row.status_label)}" for row in task_rows(ctx, list(task_ids)))

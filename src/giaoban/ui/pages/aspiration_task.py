"""“Tạo nhiệm vụ”: assign a follow-up task to resolve an aspiration (a non-modal dialog)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.context import AppContext
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.kinds import KINDS
from giaoban.core.oneline import one_line
from giaoban.core.services.aspiration_query import AspirationRow
from giaoban.core.services.tasks import create_task
from giaoban.i18n import _
from giaoban.ui.dialogs import ask
from giaoban.ui.operations import perform
from giaoban.ui.widgets.dates import date_edit, to_date
from giaoban.ui.widgets.forms import FieldErrors

DEFAULT_DAYS = 30


def suggested_title(row: AspirationRow) -> str:
    """'Giải quyết kiến nghị: <content>' shortened to a readable title."""
    content = one_line(row.content, 180)
    return _("Giải quyết kiến nghị: {content}").format(content=content)


class MakeTaskDialog(QDialog):
    """Title, lead unit, assigned and due dates; creates the task linked to the aspiration."""

    created = Signal(int)

    def __init__(self, ctx: AppContext, row: AspirationRow, organizations: list[Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.setWindowTitle(_("Tạo nhiệm vụ từ {record}").format(
            record=KINDS["aspiration"].named_title(row.content, 50)))
        self.errors = FieldErrors()
        self.title_edit = QLineEdit(suggested_title(row), self)
        self.lead = QComboBox(self)
        self.lead.setAccessibleName(_("Đơn vị chủ trì"))
        for org in organizations:
            if org.active:
                self.lead.addItem(org.name, org.id)
        default = row.responding_unit_id or row.organization_id
        self.lead.setCurrentIndex(max(self.lead.findData(default), 0))
        today = ctx.today()
        self.assigned = date_edit(self, today)
        self.due = date_edit(self, today + dt.timedelta(days=DEFAULT_DAYS))
        form = QFormLayout()
        self.errors.add_row(form, _("&Nhiệm vụ"), "title", self.title_edit)
        self.errors.add_row(form, _("Đơn vị &chủ trì"), "lead_unit_id", self.lead)
        self.errors.add_row(form, _("Ngày &giao"), "assigned_on", self.assigned)
        self.errors.add_row(form, _("&Hạn hoàn thành"), "due_on", self.due)
        self.errors.add_row(form, "", "", QWidget(self))
        buttons = QDialogButtonBox(self)
        self.create_button = buttons.addButton(_("Tạo nhiệm vụ"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create_task)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def create_task(self) -> None:
        title = self.title_edit.text()
        if not ask.past_deadline_ok(self, to_date(self.due), self.ctx.today(), values={
                "title": title, "lead_unit_id": self.lead.currentData(),
                "assigned_on": to_date(self.assigned)}):
            return
        try:
            result = perform(
                self, self.ctx, _("Giao {record}").format(
                    record=KINDS["task"].named(SimpleNamespace(title=title))),
                create_task, title=title, lead_unit_id=self.lead.currentData(),
                assigned_on=to_date(self.assigned), due_on=to_date(self.due),
                supporting_unit_ids=[], aspiration_id=self.row.id,
                briefing_id=self.row.briefing_id, reraise=True,
            )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        except GiaobanError as exc:
            self.errors.show({"": str(exc)})
            return
        assert result is not None
        self.created.emit(int(result.value.id or 0))
        self.accept()

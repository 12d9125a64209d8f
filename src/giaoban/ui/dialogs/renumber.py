"""Correct the number or date of an issued document, with a reason (the register's correction).

The dialog is opened non-modally from the print preview of an issued document; "Sửa" runs
``document_register.correct_issued`` as an operation (audited with the reason, undoable), shows
a refused number or a missing reason under its field, and closes only when the change is made.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.context import AppContext
from giaoban.core.errors import GiaobanError
from giaoban.core.services.document_register import IssuedInfo, correct_issued
from giaoban.i18n import _
from giaoban.ui.operations import perform
from giaoban.ui.widgets.dates import DateField
from giaoban.ui.widgets.forms import FieldErrors


class RenumberDialog(QDialog):
    """Number, date and reason of one register entry; ``done`` is called after a correction."""

    def __init__(self, ctx: AppContext, entry: IssuedInfo, parent: QWidget,
                 done: Callable[[], None]) -> None:
        super().__init__(parent)
        self.ctx, self.entry, self._done = ctx, entry, done
        self.setWindowTitle(_("Sửa số văn bản {number}").format(number=entry.label))
        self.errors = FieldErrors()
        form = QFormLayout()
        self.number = QLineEdit(str(entry.number), self)
        self.number.setObjectName("renumberNumber")
        self.date = DateField(self, today=ctx.today)
        self.date.setObjectName("renumberDate")
        self.date.set_value(entry.issued_on)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("renumberReason")
        self.reason.setPlaceholderText(_("ví dụ: trùng số với sổ văn bản giấy"))
        self.errors.add_row(form, _("&Số"), "number", self.number)
        self.errors.add_row(form, _("N&gày ban hành"), "date", self.date)
        self.errors.add_row(form, _("&Lý do sửa"), "reason", self.reason)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_("Sửa"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Correct through the service; keep the dialog open on a refusal."""
        day = self.date.value()
        if day is None:
            self.errors.show({"date": _("Hãy nhập ngày ban hành.")})
            return
        try:
            result = perform(self, self.ctx, _("Sửa số văn bản {number}").format(
                number=self.entry.label), correct_issued, self.entry.id, self.reason.text(),
                number=self.number.text(), issued_on=day, reraise=True)
        except GiaobanError as exc:
            message = str(exc)
            errors = getattr(exc, "errors", {})
            self.errors.show(errors if errors and self.errors.can_show(errors) else
                             {"number": message})
            return
        if result is not None:
            self._done()
            super().accept()

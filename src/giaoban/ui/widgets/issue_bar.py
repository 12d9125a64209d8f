"""The number and date of a document, set in its print preview before it is printed.

A document not yet issued (a notice, a report) shows "Số [  ] Ngày [30/11/2026] [Cấp số]" in the
preview's toolbar: the number left blank takes the next one of the register (shown in grey), the
date defaults to today. "Cấp số" issues it through an operation (undoable, audited), then the
preview shows the issued paper — number, date and signer as kept in the register — and the bar
says what was given. An issued document shows only that line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolBar,
    QWidget,
)

from giaoban.core.context import AppContext
from giaoban.core.services.document_register import IssuedInfo
from giaoban.i18n import _, format_date
from giaoban.ui.operations import perform
from giaoban.ui.widgets.dates import DateField


def issued_text(entry: IssuedInfo) -> str:
    """'Đã cấp số 01-TB/TU, ngày 30/11/2026'."""
    return _("Đã cấp số {number}, ngày {day}").format(number=entry.label,
                                                      day=format_date(entry.issued_on))


class IssueBar(QWidget):
    """Number and date fields and the "Cấp số" button, for one document in one preview."""

    def __init__(self, ctx: AppContext, parent: QWidget, *, next_number: str, undo_text: str,
                 issue: Callable[..., IssuedInfo], issued: Callable[[IssuedInfo], None],
                 reload: Callable[[], IssuedInfo | None], entry: IssuedInfo | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._issue, self._issued, self._undo_text = ctx, issue, issued, undo_text
        self._reload, self.entry = reload, entry
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        self.number = QLineEdit(self)
        self.number.setObjectName("issueNumber")
        self.number.setPlaceholderText(next_number)
        self.number.setToolTip(_("Để trống: lấy số tiếp theo trong sổ văn bản ({number}).")
                               .format(number=next_number))
        self.number.setMaximumWidth(self.fontMetrics().horizontalAdvance("000000-TB/TU") + 24)
        self.date = DateField(self, today=ctx.today)
        self.date.setObjectName("issueDate")
        self.date.set_value(ctx.today())
        self.button = QPushButton(_("Cấp số và ngày"), self)
        self.button.setObjectName("issueButton")
        self.button.setToolTip(_("Ghi số và ngày vào sổ văn bản; văn bản in ra sẽ giữ đúng như vậy."))
        self.status = QLabel(self)
        self.status.setObjectName("issueStatus")
        self.correct_button = QPushButton(_("Sửa số…"), self)
        self.correct_button.setObjectName("renumberButton")
        self.correct_button.setToolTip(_("Sửa số hoặc ngày đã cấp, ghi lý do vào lịch sử."))
        self.correct_button.hide()
        self.correct_button.clicked.connect(self.open_correction)
        number_label = QLabel(_("&Số:"), self)
        number_label.setBuddy(self.number)
        date_label = QLabel(_("N&gày:"), self)
        date_label.setBuddy(self.date)
        for widget in (number_label, self.number, date_label, self.date, self.button, self.status,
                       self.correct_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.button.clicked.connect(self.apply)
        self.number.returnPressed.connect(self.apply)
        if entry is not None:
            self.show_issued(entry)

    def apply(self) -> IssuedInfo | None:
        """Issue the document with the typed number (or the next) and date; None if refused."""
        day = self.date.value()
        if day is None:
            self.status.setText(_("Hãy nhập ngày ban hành."))
            return None
        result = perform(self, self.ctx, self._undo_text, self._issue,
                         self.number.text().strip() or None, day)
        if result is None:
            return None
        self.show_issued(result.value)
        self._issued(result.value)
        return result.value

    def show_issued(self, entry: IssuedInfo) -> None:
        """The document is issued: the line saying so stays, with "Sửa số…"."""
        self.entry = entry
        for widget in (self.number, self.date, self.button):
            widget.hide()
        for label in self.findChildren(QLabel):
            label.setVisible(label is self.status)
        self.status.setText(issued_text(entry))
        self.correct_button.show()

    def open_correction(self) -> QWidget | None:
        """The non-modal correction dialog (number, date, reason) of the issued document."""
        from giaoban.ui.dialogs.renumber import RenumberDialog

        if self.entry is None:
            return None
        dialog = RenumberDialog(self.ctx, self.entry, self, self._corrected)
        dialog.open()
        return dialog

    def _corrected(self) -> None:
        entry = self._reload()
        if entry is not None:
            self.show_issued(entry)
            self._issued(entry)


def add_to_preview(dialog: Any, widget: QWidget) -> None:
    """Put ``widget`` in a row of its own under the preview's toolbar (whose buttons already fill
    a 1024-pixel screen), or at the toolbar's end if the dialog is laid out otherwise."""
    layout = dialog.layout()
    toolbar = dialog.findChild(QToolBar)
    if isinstance(layout, QBoxLayout) and toolbar is not None:
        layout.insertWidget(layout.indexOf(toolbar) + 1, widget)
    elif toolbar is not None:
        toolbar.addSeparator()
        toolbar.addWidget(widget)

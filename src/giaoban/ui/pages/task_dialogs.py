"""Small non-modal dialogs of the task area: complete (date + result) and re-schedule.

They open with ``open()`` (never ``exec()``); the page passes a callback that calls the service.
A ValidationError keeps the dialog open with the message under its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.i18n import _
from giaoban.ui.widgets.dates import date_edit, to_date
from giaoban.ui.widgets.forms import FieldErrors

# The date helpers live in ui.widgets.dates; task_detail.py still imports them from here.
__all__ = ["KeepOpen", "TaskActionDialog"]


class KeepOpen(Exception):
    """Raised by ``on_accept`` to keep the dialog open without a message (the person answered
    "Sửa lại" to a question it asked)."""


class TaskActionDialog(QDialog):
    """A date and a text, then ``on_accept(date, text)``; errors stay in the dialog."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        intro: str,
        date_label: str,
        date_field: str,
        date_value: dt.date,
        text_label: str,
        text_field: str,
        accept_text: str,
        on_accept: Callable[[dt.date, str], Any],
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._on_accept = on_accept
        self._fields = {date_field, text_field}
        layout = QVBoxLayout(self)
        heading = QLabel(intro, self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.date = date_edit(self, date_value, today=today)
        self.date.field_name = date_field
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.fontMetrics().height() * 5)
        self.errors.add_row(form, date_label, date_field, self.date)
        self.errors.add_row(form, text_label, text_field, self.text)
        self.general = QLabel(self)
        self.general.setWordWrap(True)
        self.general.setStyleSheet("color: #b3261e;")
        self.general.hide()
        layout.addLayout(form)
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        """Run the action; close only if it succeeded."""
        self.errors.clear()
        self.general.hide()
        try:
            self._on_accept(to_date(self.date), self.text.toPlainText())
        except ValidationError as exc:
            known = {k: v for k, v in exc.errors.items() if k in self._fields}
            self.errors.show(known)
            rest = [v for k, v in exc.errors.items() if k not in known]
            if rest:
                self.general.setText("\n".join(rest))
                self.general.show()
            return
        except GiaobanError as exc:
            self.general.setText(str(exc))
            self.general.show()
            return
        except KeepOpen:
            self.date.setFocus()
            return
        super().accept()

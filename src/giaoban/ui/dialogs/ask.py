"""The few questions the program asks, with buttons that say what they do (UI.md).

Every modal question goes through this module, so tests replace these functions with
``monkeypatch`` and a dialog can never wait forever offscreen.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from giaoban.i18n import _


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_save_changes(parent: QWidget | None, what: str) -> Choice:
    """"Lưu" / "Không lưu" / "Hủy" before leaving unsaved edits."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Thay đổi chưa lưu"))
    box.setText(_("{what} có thay đổi chưa lưu.").format(what=what))
    box.setInformativeText(_("Lưu lại trước khi rời đi?"))
    save = box.addButton(_("Lưu"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Không lưu"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Hủy"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Choice.SAVE
    if clicked is discard:
        return Choice.DISCARD
    return Choice.CANCEL


def confirm(parent: QWidget | None, title: str, text: str, yes: str, no: str | None = None,
            informative: str = "") -> bool:
    """A yes/no question whose buttons name the action, e.g. "Chuyển vào thùng rác" / "Hủy"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no or _("Hủy"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


class TextDialog(QInputDialog):
    """A one-line answer whose OK refuses an empty text when ``required`` (the message) is given:
    the box stays open with the message under the field, never closing on an empty reason."""

    def __init__(self, parent: QWidget | None, required: str = "") -> None:
        super().__init__(parent)
        self.required = required
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        box = self.layout()
        line = self.findChild(QLineEdit)
        if isinstance(box, QBoxLayout) and line is not None and box.indexOf(self.error) < 0:
            box.insertWidget(box.indexOf(line) + 1, self.error)

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and self.required and not self.textValue().strip():
            self.error.setText(self.required)
            self.error.show()
            self.adjustSize()  # room for the message, the buttons stay whole
            line = self.findChild(QLineEdit)
            if line is not None:
                line.setFocus()
            return
        super().done(result)


def text_dialog(parent: QWidget | None, title: str, label: str, text: str = "",
                yes: str | None = None, no: str | None = None, required: str = "") -> TextDialog:
    """The box ``ask_text`` shows (made here so it can also be opened without waiting)."""
    dialog = TextDialog(parent, required)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText(yes or _("Đồng ý"))
    dialog.setCancelButtonText(no or _("Hủy"))
    return dialog


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "",
             yes: str | None = None, no: str | None = None, required: str = "") -> str | None:
    """A one-line answer (e.g. the reason to reopen a briefing); None if cancelled.

    ``yes`` / ``no`` name what the buttons do ("Hủy nhiệm vụ" / "Không hủy"), not OK / Cancel.
    With ``required`` (the message to show) an empty answer keeps the box open, saying why.
    """
    dialog = text_dialog(parent, title, label, text, yes, no, required)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.textValue() if ok else None


def show_error(parent: QWidget | None, text: str, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or _("Không thực hiện được"), text)


def show_info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    QMessageBox.information(parent, title or _("Thông báo"), text)


def past_deadline_ok(parent: QWidget | None, day: Any, today: Any, yes: str | None = None,
                     values: dict[str, Any] | None = None) -> bool:
    """A deadline before today is asked about once (it would show as overdue at once); True to
    keep it. No deadline, or one from today on, needs no question; nor does a form the service
    will refuse anyway (no title or lead unit, a deadline before the assignment): its errors come
    first, under their fields."""
    if day is None or day >= today:
        return True
    if values is not None and (not str(values.get("title") or "").strip()
                               or values.get("lead_unit_id") is None
                               or (values.get("assigned_on") is not None
                                   and day < values["assigned_on"])):
        return True
    from giaoban.i18n import format_date

    return confirm(parent, _("Hạn đã qua"),
                   _("Hạn {day} đã qua (hôm nay là {today}): nhiệm vụ sẽ hiện là quá hạn ngay. "
                     "Vẫn giữ hạn này?").format(day=format_date(day), today=format_date(today)),
                   yes or _("Vẫn giữ hạn này"), _("Sửa lại"))

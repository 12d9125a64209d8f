"""Add a body or unit to the directory from where one is needed (a task's lead unit), without
leaving the form: name, short name, abbreviation and kind, written by the directory service
through ``perform`` (undoable like any other change)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.context import AppContext
from giaoban.core.enums import OrganizationKind
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.kinds import KINDS
from giaoban.core.labels import choices
from giaoban.core.services import directory
from giaoban.i18n import _
from giaoban.ui.icons import icon
from giaoban.ui.operations import perform
from giaoban.ui.widgets.forms import FieldErrors


class OrganizationQuickDialog(QDialog):
    """Non-modal: ``added`` (the new body's id) is called once the service stored it; a bad entry
    keeps the dialog open with the message under its field."""

    def __init__(self, ctx: AppContext, parent: QWidget, name: str = "", added: Any = None) -> None:
        super().__init__(parent)
        self.ctx, self.added = ctx, added
        self.organization_id: int | None = None
        self.setWindowTitle(_("Thêm cơ quan, đơn vị vào danh bạ"))
        intro = QLabel(_("Cơ quan, đơn vị mới được lưu vào Danh bạ và chọn làm đơn vị chủ trì."),
                       self)
        intro.setWordWrap(True)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.name = QLineEdit(name, self)
        self.short_name = QLineEdit(self)
        self.abbreviation = QLineEdit(self)
        self.abbreviation.setPlaceholderText(_("Ví dụ: MTTQ"))
        self.kind = QComboBox(self)
        for value, text in choices(OrganizationKind):
            self.kind.addItem(text, value)
        self.kind.setCurrentIndex(self.kind.findData(OrganizationKind.OTHER.value))
        self.errors.add_row(form, _("&Tên cơ quan, đơn vị"), "name", self.name)
        self.errors.add_row(form, _("Tên &ngắn"), "short_name", self.short_name)
        self.errors.add_row(form, _("&Viết tắt"), "abbreviation", self.abbreviation)
        self.errors.add_row(form, _("&Loại"), "kind", self.kind)
        self.general = QLabel(self)
        self.general.setWordWrap(True)
        self.general.setStyleSheet("color: #b3261e;")
        self.general.hide()
        self.errors._labels[""] = self.general
        buttons = QDialogButtonBox(self)
        self.add_button = buttons.addButton(_("&Thêm vào danh bạ"),
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.add_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.name.setFocus()

    def accept(self) -> None:
        """Store the body; on success tell the caller and close, otherwise show why."""
        name = self.name.text()
        try:
            result = perform(
                self, self.ctx,
                _("Thêm {record}").format(record=KINDS["organization"].named_title(name)),
                directory.create_organization, errors=self.errors, reraise=True,
                name=name, short_name=self.short_name.text(),
                abbreviation=self.abbreviation.text(), kind=self.kind.currentData())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        except GiaobanError as exc:
            self.errors.show({"": str(exc)})
            return
        if result is None:
            return
        self.organization_id = result.value.id
        if self.added is not None:
            self.added(self.organization_id)
        super().accept()


def with_add_button(combo: QComboBox, ctx: AppContext, added: Any) -> tuple[QWidget, QPushButton]:
    """``combo`` with a "Thêm…" button right of it that adds a body (the combo's typed text, if
    it names none, already in the dialog); returns the row to put in a form, and the button."""
    row = QWidget(combo.parentWidget())
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    combo.setParent(row)
    box.addWidget(combo, 1)
    button = QPushButton(icon("add"), _("Thêm…"), row)
    button.setToolTip(_("Thêm cơ quan, đơn vị chưa có trong danh bạ và chọn làm đơn vị chủ trì"))
    button.setAccessibleName(_("Thêm đơn vị chủ trì"))
    box.addWidget(button)

    def open_dialog() -> None:
        typed = combo.currentText().strip() if combo.isEditable() else ""
        name = typed if typed and combo.findText(typed) < 0 else ""
        dialog = OrganizationQuickDialog(ctx, combo.window(), name, added)
        button.setProperty("dialog", dialog)  # kept alive while open; tests find it here
        dialog.open()

    button.clicked.connect(open_dialog)
    QWidget.setTabOrder(combo, button)
    return row, button

"""Add a body or unit to the directory from where one is needed (a task's lead unit), without
leaving the form: name, short name, abbreviation and kind, written by the directory service
through ``perform`` (undoable like any other change)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from giaoban.core.context import AppContext
from giaoban.core.enums import OrganizationKind
from giaoban.core.labels import choices
from giaoban.core.services import directory
from giaoban.i18n import _
from giaoban.ui.dialogs.quick_add import QuickAddDialog
from giaoban.ui.icons import icon


class OrganizationQuickDialog(QuickAddDialog):
    """Name, short name, abbreviation and kind of a new body, chosen as the lead unit."""

    KIND = "organization"

    def __init__(self, ctx: AppContext, parent: QWidget, name: str = "", added: Any = None) -> None:
        self._typed = name
        super().__init__(ctx, parent, _("Thêm cơ quan, đơn vị vào danh bạ"), _(
            "Cơ quan, đơn vị mới được lưu vào Danh bạ và chọn làm đơn vị chủ trì."), added)
        self.name.setFocus()

    @property
    def organization_id(self) -> int | None:
        return self.record_id

    def build(self, form: QFormLayout) -> None:
        self.name = QLineEdit(self._typed, self)
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

    def request(self) -> tuple[str, Any, dict[str, Any]]:
        name = self.name.text()
        return name, directory.create_organization, {
            "name": name, "short_name": self.short_name.text(),
            "abbreviation": self.abbreviation.text(), "kind": self.kind.currentData()}


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

"""Add a person to the directory from where one is needed (the briefing's chair or secretary),
without leaving the form: name, title and body, written by the directory service through
``perform`` (undoable like any other change)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from giaoban.core.context import AppContext
from giaoban.core.services import directory
from giaoban.i18n import _
from giaoban.ui.dialogs.quick_add import QuickAddDialog
from giaoban.ui.widgets.forms import make_searchable


class PersonQuickDialog(QuickAddDialog):
    """Name, title and body of a new person, chosen for ``purpose`` once stored."""

    KIND = "person"

    def __init__(self, ctx: AppContext, parent: QWidget, purpose: str, name: str = "",
                 added: Any = None) -> None:
        self._typed = name
        super().__init__(ctx, parent, _("Thêm cán bộ vào danh bạ"), _(
            "Cán bộ mới được lưu vào Danh bạ và chọn làm {purpose}.").format(purpose=purpose),
            added)
        self.full_name.setFocus()

    @property
    def person_id(self) -> int | None:
        return self.record_id

    def build(self, form: QFormLayout) -> None:
        self.full_name = QLineEdit(self._typed, self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(_("Ví dụ: Phó Bí thư Thường trực"))
        self.organization = QComboBox(self)
        self.organization.addItem(_("(chưa chọn)"), None)
        for org in directory.list_organizations(self.ctx):
            self.organization.addItem(org.name, org.id)
        make_searchable(self.organization)
        self.organization.setMinimumContentsLength(18)
        self.organization.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.errors.add_row(form, _("&Họ và tên"), "full_name", self.full_name)
        self.errors.add_row(form, _("&Chức vụ"), "title", self.title_edit)
        self.errors.add_row(form, _("Cơ quan, đơ&n vị"), "organization_id", self.organization)

    def request(self) -> tuple[str, Any, dict[str, Any]]:
        name = self.full_name.text()
        return name, directory.create_person, {
            "full_name": name, "title": self.title_edit.text(),
            "organization_id": self.organization.currentData()}


def add_person(ctx: AppContext, parent: QWidget, purpose: str, name: str,
               added: Any) -> PersonQuickDialog:
    """Open the dialog (non-modal, so it never blocks) and return it."""
    dialog = PersonQuickDialog(ctx, parent, purpose, name, added)
    dialog.open()
    return dialog

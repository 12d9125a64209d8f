"""Add a person to the directory from where one is needed (the briefing's chair or secretary),
without leaving the form: name, title and body, written by the directory service through
``perform`` (undoable like any other change)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.context import AppContext
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.kinds import KINDS
from giaoban.core.services import directory
from giaoban.i18n import _
from giaoban.ui.operations import perform
from giaoban.ui.widgets.forms import FieldErrors, make_searchable


class PersonQuickDialog(QDialog):
    """Non-modal: ``added`` (the new person's id) is called once the service stored the person;
    a bad entry keeps the dialog open with the message under its field."""

    def __init__(self, ctx: AppContext, parent: QWidget, purpose: str, name: str = "",
                 added: Any = None) -> None:
        super().__init__(parent)
        self.ctx, self.added = ctx, added
        self.person_id: int | None = None
        self.setWindowTitle(_("Thêm cán bộ vào danh bạ"))
        intro = QLabel(_("Cán bộ mới được lưu vào Danh bạ và chọn làm {purpose}.").format(
            purpose=purpose), self)
        intro.setWordWrap(True)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.full_name = QLineEdit(name, self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(_("Ví dụ: Phó Bí thư Thường trực"))
        self.organization = QComboBox(self)
        self.organization.addItem(_("(chưa chọn)"), None)
        for org in directory.list_organizations(ctx):
            self.organization.addItem(org.name, org.id)
        make_searchable(self.organization)
        self.organization.setMinimumContentsLength(18)
        self.organization.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.errors.add_row(form, _("&Họ và tên"), "full_name", self.full_name)
        self.errors.add_row(form, _("&Chức vụ"), "title", self.title_edit)
        self.errors.add_row(form, _("Cơ quan, đơ&n vị"), "organization_id", self.organization)
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
        self.full_name.setFocus()

    def accept(self) -> None:
        """Store the person; on success tell the caller and close, otherwise show why."""
        name = self.full_name.text()
        try:
            result = perform(
                self, self.ctx,
                _("Thêm {record}").format(record=KINDS["person"].named_title(name)),
                directory.create_person, errors=self.errors, reraise=True,
                full_name=name, title=self.title_edit.text(),
                organization_id=self.organization.currentData())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        except GiaobanError as exc:
            self.errors.show({"": str(exc)})
            return
        if result is None:
            return
        self.person_id = result.value.id
        if self.added is not None:
            self.added(self.person_id)
        super().accept()


def add_person(ctx: AppContext, parent: QWidget, purpose: str, name: str,
               added: Any) -> PersonQuickDialog:
    """Open the dialog (non-modal, so it never blocks) and return it."""
    dialog = PersonQuickDialog(ctx, parent, purpose, name, added)
    dialog.open()
    return dialog

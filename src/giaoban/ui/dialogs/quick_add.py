"""The frame of the small dialogs that add one directory record where it is needed (a chair, a
lead unit) without leaving the form: fields, the message line, "Thêm vào danh bạ" / "Hủy", and
the save through ``perform`` (undoable; a bad entry keeps the dialog open, said under its field).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.context import AppContext
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.kinds import KINDS
from giaoban.i18n import _
from giaoban.ui.operations import perform
from giaoban.ui.widgets.forms import FieldErrors


class QuickAddDialog(QDialog):
    """Non-modal; ``added(record_id)`` is called once the service stored the record. Subclasses
    add their fields in :meth:`build` and name the service call in :meth:`request`."""

    KIND = ""  # the record kind (core.kinds), for the undo text "Thêm cán bộ “…”"

    def __init__(self, ctx: AppContext, parent: QWidget, title: str, intro: str,
                 added: Any = None) -> None:
        super().__init__(parent)
        self.ctx, self.added = ctx, added
        self.record_id: int | None = None
        self.setWindowTitle(title)
        words = QLabel(intro, self)
        words.setWordWrap(True)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.build(form)
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
        layout.addWidget(words)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(buttons)

    def build(self, form: QFormLayout) -> None:
        """Add the fields (through ``self.errors.add_row``)."""
        raise NotImplementedError

    def request(self) -> tuple[str, Callable[..., Any], dict[str, Any]]:
        """The record's name (for the undo text), the service and its values."""
        raise NotImplementedError

    def accept(self) -> None:
        """Store the record; on success tell the caller and close, otherwise show why."""
        name, service, values = self.request()
        try:
            result = perform(
                self, self.ctx, _("Thêm {record}").format(record=KINDS[self.KIND].named_title(name)),
                service, errors=self.errors, reraise=True, **values)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        except GiaobanError as exc:
            self.errors.show({"": str(exc)})
            return
        if result is None:
            return
        self.record_id = result.value.id
        if self.added is not None:
            self.added(self.record_id)
        super().accept()

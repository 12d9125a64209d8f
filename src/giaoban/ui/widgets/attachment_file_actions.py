"""What the attachments panel does with the selected file: open it with the system's program,
save a copy, rename it in the list, move it to the trash, mark it as the signed minutes.

A mixin of ``AttachmentsPanel`` (ui/widgets/attachments.py), which builds the list and the actions;
every change goes through ``ui.operations.perform`` as one undo step.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QFileDialog, QTableView, QWidget

from giaoban.core.errors import GiaobanError
from giaoban.core.services import attachments as service
from giaoban.i18n import _
from giaoban.ui.dialogs import ask
from giaoban.ui.operations import perform
from giaoban.ui.widgets import attachment_files
from giaoban.ui.widgets.attachment_model import AttachmentModel

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from giaoban.core.context import AppContext

    _Widget = QWidget  # what the mixin is mixed into, for the type checker
else:
    _Widget = object


def named(name: str) -> str:
    return _("tệp “{name}”").format(name=name)


class SelectedFileActions(_Widget):
    """The selected file and the actions on it (the panel sets these attributes up)."""

    ctx: AppContext
    owners: list[Any]
    view: QTableView
    model: AttachmentModel
    open_action: QAction
    copy_action: QAction
    rename_action: QAction
    remove_action: QAction
    signed_action: QAction

    def reload(self, *, now: bool = False) -> None:
        raise NotImplementedError

    def current(self) -> Any | None:
        """The selected file's row, or None when nothing is selected."""
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row(),
                                                                                QModelIndex()):
            return None
        return self.model.row_at(index.row())

    def current_id(self) -> int | None:
        row = self.current()
        return int(row.id) if row is not None else None

    def _update_actions(self) -> None:
        row = self.current()
        for action in (self.open_action, self.copy_action, self.rename_action, self.remove_action):
            action.setEnabled(row is not None)
        on_briefing = row is not None and row.owner_kind == "briefing"
        self.signed_action.setEnabled(on_briefing)
        self.signed_action.setVisible(any(o.kind == "briefing" for o in self.owners))
        self.signed_action.setChecked(bool(row is not None and row.signed_minutes))

    def open_current(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            path = attachment_files.private_copy(self.ctx, int(row.id), row.name)
        except GiaobanError as exc:
            ask.show_error(self, str(exc))
            return
        if not attachment_files.open_with_system(path):
            ask.show_error(self, _("Không có chương trình nào trên máy mở được tệp “{name}”. Hãy "
                                   "dùng “Lưu bản sao…” rồi mở bằng chương trình phù hợp.").format(
                name=row.name))
            return
        self._status(_("Đã mở bản sao của tệp “{name}”.").format(name=row.name))

    def save_copy(self) -> None:
        row = self.current()
        if row is None:
            return
        name, _filter = QFileDialog.getSaveFileName(self, _("Lưu bản sao của tệp"), row.name)
        if not name:
            return
        try:
            service.save_attachment_copy(self.ctx, int(row.id), Path(name))
        except GiaobanError as exc:
            ask.show_error(self, str(exc))
            return
        self._status(_("Đã lưu bản sao “{path}”.").format(path=name))

    def rename_current(self) -> None:
        index = self.view.currentIndex()
        if self.current() is None:
            return
        self.view.setFocus()
        self.view.edit(self.model.index(index.row(), AttachmentModel.NAME))

    def rename(self, attachment_id: int, new_name: str) -> None:
        """A name typed in the list: renamed as one undo step (or the reason it cannot be)."""
        row = self.model.row_at(self.model.row_of(attachment_id))
        perform(self, self.ctx, _("Đổi tên {what}").format(what=named(row.name)),
                service.rename_attachment, attachment_id, new_name)
        self.reload()
        self.view.setFocus()

    def remove_current(self) -> None:
        row = self.current()
        if row is None:
            return
        what = named(row.name)
        if not ask.confirm(self, _("Chuyển vào thùng rác"),
                           _("Chuyển {record} vào thùng rác?").format(record=what),
                           _("Chuyển vào thùng rác"),
                           informative=_("Hoàn tác bằng Ctrl+Z, hoặc khôi phục trong Tệp › "
                                         "Thùng rác.")):
            return
        if perform(self, self.ctx, _("Chuyển {record} vào thùng rác").format(record=what),
                   service.remove_attachment, int(row.id)) is not None:
            self._status(_("Đã chuyển {record} vào thùng rác.").format(record=what))
        self.reload()
        self.view.setFocus()

    def toggle_signed(self) -> None:
        row = self.current()
        if row is None:
            return
        flag = not row.signed_minutes
        text = (_("Đánh dấu {what} là biên bản đã ký") if flag else
                _("Bỏ đánh dấu biên bản đã ký của {what}")).format(what=named(row.name))
        perform(self, self.ctx, text, service.set_signed_minutes, int(row.id), flag)
        self.reload()

    def _status(self, text: str) -> None:
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 5000)


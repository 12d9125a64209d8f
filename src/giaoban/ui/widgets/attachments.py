"""The "Tệp đính kèm" panel: the files attached to a briefing (and its reports), an aspiration or
a task — add by button or by dropping files, open, save a copy, rename, remove, mark signed minutes.

Every change goes through ``ui.operations.perform`` (one undo step each, Ctrl+Z on the window's
stack); the panel reloads itself when that stack moves, so an undo anywhere shows at once. The
text of new files is read by ``extract_pending`` on a worker thread: the list says "Đang đọc nội
dung…" until it is done, and the window never waits for it. What it does with the selected file
(open, save a copy, rename, remove, signed minutes) is in attachment_file_actions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.context import AppContext
from giaoban.core.errors import GiaobanError
from giaoban.core.services import attachments as service
from giaoban.i18n import _
from giaoban.ui.dialogs import ask
from giaoban.ui.operations import perform
from giaoban.ui.widgets import attachment_files
from giaoban.ui.widgets.attachment_file_actions import SelectedFileActions, named
from giaoban.ui.widgets.attachment_model import AttachmentModel
from giaoban.ui.widgets.attachment_reader import TextReader
from giaoban.ui.widgets.page import EmptyStateStack, make_action, make_table, make_toolbar


@dataclass(frozen=True)
class Owner:
    """A record files can be attached to, and how the list names it ("Báo cáo của …")."""

    kind: str  # 'briefing' | 'report' | 'aspiration' | 'task'
    id: int
    label: str = ""


class AttachmentsPanel(SelectedFileActions, QWidget):
    """The attached files of one or more owners; new files go to the owner chosen above."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 empty_note: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.owners: list[Owner] = []
        self.empty_note = empty_note or _("Lưu bản ghi trước khi đính kèm tệp.")
        self.reader = TextReader(ctx, self)
        self.reader.read.connect(self._text_read)
        self._stale = False
        self._stack: QUndoStack | None = None
        self.setAcceptDrops(True)

        self.add_action = make_action(self, _("Đính kèm tệp…"), "attachment", self.choose_files,
                                      "Ctrl+Shift+O", _("Chọn tệp để đính kèm"))
        self.open_action = make_action(self, _("Mở"), "export", self.open_current, None,
                                       _("Mở tệp bằng chương trình của máy (Enter)"))
        self.copy_action = make_action(self, _("Lưu bản sao…"), "save", self.save_copy,
                                       "Ctrl+Shift+S", _("Lưu một bản sao của tệp ra thư mục"))
        for action in (self.add_action, self.copy_action):  # wherever the focus is in the
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # window: panel shown
        # F2 and Delete are keys of the panel (keyPressEvent): as shortcuts they would clash
        # with the page's own Delete, and neither would fire
        self.rename_action = make_action(self, _("Đổi tên"), "edit", self.rename_current, None,
                                         _("Đổi tên tệp đính kèm (F2)"))
        self.remove_action = make_action(self, _("Xóa"), "trash", self.remove_current, None,
                                         _("Chuyển tệp vào thùng rác (Delete)"))
        self.signed_action = make_action(self, _("Đánh dấu biên bản đã ký"), "finalize",
                                         self.toggle_signed, None,
                                         _("Đánh dấu tệp là biên bản đã ký của cuộc giao ban đã "
                                           "chốt"))
        self.signed_action.setCheckable(True)
        for action in (self.add_action, self.open_action, self.copy_action, self.rename_action,
                       self.remove_action, self.signed_action):
            self.addAction(action)
        self.toolbar = make_toolbar(self, [self.add_action, None, self.open_action,
                                           self.copy_action, self.rename_action,
                                           self.remove_action, None, self.signed_action])

        self.target = QComboBox(self)
        self.target_label = QLabel(_("Đính kèm &vào:"), self)
        self.target_label.setBuddy(self.target)
        self.model = AttachmentModel(self)
        self.model.rename_requested.connect(self.rename)
        self.view = make_table(self, _("Danh sách tệp đính kèm"))
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.activated.connect(lambda _index: self.open_current())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self._default_widths()
        self.stack = EmptyStateStack(self.view, "", self)
        self.hint = QLabel(_("Kéo thả tệp vào đây để đính kèm (được nhiều tệp một lúc)."), self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)

        target_row = QHBoxLayout()
        target_row.setContentsMargins(0, 0, 0, 0)
        target_row.addWidget(self.target_label)
        target_row.addWidget(self.target, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addLayout(target_row)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hint)
        self.set_owners([])

    def _default_widths(self) -> None:
        """The name and the state share the free width; the others are as wide as they need, so
        the list fits a 1024 px screen. It keeps the order files were added in (no sorting)."""
        self.view.setSortingEnabled(False)
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        samples = {AttachmentModel.SIZE: "1.023,9 KB", AttachmentModel.OWNER: "Báo cáo của Hội Nông",
                   AttachmentModel.ADDED: "00/00/0000 · hoa.nt",
                   AttachmentModel.STATE: "Chưa tìm được trong"}
        for section, sample in samples.items():
            header.resizeSection(section, metrics.horizontalAdvance(sample) + 20)
        header.setStretchLastSection(False)
        for section in (AttachmentModel.NAME, AttachmentModel.STATE):  # share what is left
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Cỡ") + 24)

    # --- owners and loading ----------------------------------------------------------------------

    def set_owner(self, kind: str, owner_id: int | None, label: str = "") -> None:
        """Show one record's files (nothing, with the note to save first, when it has no id)."""
        self.set_owners([Owner(kind, owner_id, label)] if owner_id is not None else [])

    def set_owners(self, owners: list[Owner]) -> None:
        """Show the files of these records in one list; the first is where new files go unless
        another is chosen in "Đính kèm vào"."""
        chosen = self.target.currentData()
        self.owners = list(owners)
        self.target.blockSignals(True)
        self.target.clear()
        for owner in self.owners:
            self.target.addItem(owner.label or "", owner)
        index = self.target.findData(chosen) if chosen is not None else -1
        self.target.setCurrentIndex(max(index, 0))
        self.target.blockSignals(False)
        several = len(self.owners) > 1
        self.target.setVisible(several)
        self.target_label.setVisible(several)
        self.view.setColumnHidden(AttachmentModel.OWNER, not several)
        self.model.owner_labels.clear()
        self.model.owner_labels.update({(o.kind, o.id): o.label for o in self.owners})
        self.setEnabled(True)
        self.add_action.setEnabled(bool(self.owners))
        self.hint.setVisible(bool(self.owners))
        self.reload()

    def reload(self, *, now: bool = False) -> None:
        """The list again from the database, keeping the selected file (a hidden panel reads it
        when shown, unless ``now``)."""
        if not now and not self.isVisible() and self.model.rowCount() and self.owners:
            self._stale = True  # read when shown: an undo elsewhere needs no hidden query
            return
        self._stale = False
        keep = self.current_id()
        rows: list[Any] = []
        try:
            for owner in self.owners:
                rows.extend(service.list_attachments(self.ctx, owner.kind, owner.id))
        except GiaobanError as exc:
            self.stack.message.setText(str(exc))
            self.stack.set_empty(True)
            return
        rows.sort(key=lambda r: (r.created_at, r.id))
        self.model.set_rows(rows)
        self.stack.message.setText(
            self.empty_note if not self.owners else
            _("Chưa có tệp đính kèm. Nhấn “Đính kèm tệp…” hoặc kéo thả tệp vào đây."))
        self.stack.set_empty(not rows)
        row = self.model.row_of(keep) if keep is not None else -1
        if row >= 0:
            self.view.selectRow(row)
        self._update_actions()
        if self.model.any_pending():
            self.reader.request()

    @staticmethod
    def _own_key(event: QKeyEvent) -> bool:
        return event.key() in (Qt.Key.Key_F2, Qt.Key.Key_Delete) and \
            event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)

    def event(self, event: QEvent) -> bool:
        """Delete and F2 anywhere in the panel are the panel's: the page around it has its own
        Delete (the task, the aspiration), which must never fire from here."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and \
                self._own_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._own_key(event):
            (self.rename_current if event.key() == Qt.Key.Key_F2 else self.remove_current)()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._follow_undo_stack()
        if self._stale:
            self.reload()

    def _follow_undo_stack(self) -> None:
        stack = getattr(self.window(), "undo_stack", None)
        if isinstance(stack, QUndoStack) and stack is not self._stack:
            self._stack = stack
            stack.indexChanged.connect(lambda _i: self.reload())

    def target_owner(self) -> Owner | None:
        data = self.target.currentData()
        return data if isinstance(data, Owner) else (self.owners[0] if self.owners else None)

    # --- adding ------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        if self.target_owner() is None:
            return
        names, _filter = QFileDialog.getOpenFileNames(self, _("Chọn tệp để đính kèm"), "",
                                                      _("Mọi tệp (*)"))
        self.add_files([Path(name) for name in names if name])

    def add_files(self, paths: list[Path]) -> list[int]:
        """Attach each file (one undo step each); the files that cannot be attached are named in
        one message. Returns the new attachments' ids."""
        owner = self.target_owner()
        if owner is None or not paths:
            return []
        added: list[int] = []
        failed: list[str] = []
        for path in paths:
            try:
                result = perform(self, self.ctx, _("Đính kèm {what}").format(what=named(path.name)),
                                 service.add_attachment, owner.kind, owner.id, path, reraise=True)
            except GiaobanError as exc:
                reason = str(exc)  # the file named once, whether or not the message names it
                failed.append(reason if path.name in reason else _("“{name}”: {reason}").format(
                    name=path.name, reason=reason))
                continue
            if result is not None:
                added.append(int(result.value.id))
        if added:
            self.reader.request(new_files=True)
        self.reload()
        if added:
            self.view.selectRow(self.model.row_of(added[-1]))
            self.view.setFocus()  # Enter opens it, F2 renames it, Delete removes it
            self._status(_("Đã đính kèm {n} tệp.").format(n=len(added)))
        if failed:
            ask.show_error(self, _("Không đính kèm được:") + "\n" + "\n".join(failed))
        return added

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.owners and attachment_files.local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if self.owners and attachment_files.local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = attachment_files.local_files(event.mimeData())
        if not self.owners or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(paths)

    def _text_read(self) -> None:
        """A reading ended: the states again (now, or when the panel is next shown)."""
        if self.reader.error is not None:
            self._status(_("Không đọc được nội dung tệp: {reason}").format(
                reason=self.reader.error))
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

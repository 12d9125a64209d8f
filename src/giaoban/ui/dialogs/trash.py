"""The trash (Thùng rác): what was deleted, ready to be restored or removed for good.

Non-modal: it stays open beside the window. Restoring a briefing brings back the aspirations
and tasks that went to the trash with it; "Xóa hẳn" and "Dọn sạch thùng rác" ask first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from giaoban.core import kinds
from giaoban.core.context import AppContext
from giaoban.core.services import trash
from giaoban.core.services.trash import TrashRow
from giaoban.i18n import _, format_number, pgettext
from giaoban.ui.dialogs.window_dialog import window_dialog
from giaoban.ui.icons import icon
from giaoban.ui.models.base import Column, RowTableModel, SortFilterProxy
from giaoban.ui.operations import perform
from giaoban.ui.widgets.dates import format_moment
from giaoban.ui.widgets.page import fit_to_screen, make_table


def _deleted_text(row: TrashRow) -> str:
    return format_moment(row.deleted_at)


def _with_text(row: TrashRow) -> str:
    if row.with_briefing is None:
        return ""
    return _("Cùng {record} số {id}").format(record=kinds.kind("briefing").noun,
                                            id=row.with_briefing)


class TrashModel(RowTableModel[TrashRow]):
    KIND, TITLE, DELETED, WITH = range(4)
    COLUMNS = (
        Column(lambda: _("Loại"), lambda r: r.entity_label, width=16),
        Column(lambda: _("Nội dung"), lambda r: r.title, width=60),
        Column(lambda: _("Chuyển vào lúc"), _deleted_text,
               sort=lambda r: r.deleted_at.isoformat(), width=16),
        Column(lambda: _("Ghi chú"), _with_text),
    )


class TrashDialog(QDialog):
    """List of the trash with Khôi phục / Xóa hẳn / Dọn sạch thùng rác."""

    def __init__(self, ctx: AppContext, window: Any = None, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.ctx = ctx
        self.window_ = window
        self.setWindowTitle(_("Thùng rác"))
        self.setWindowIcon(icon("trash"))
        self.model = TrashModel(self)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = make_table(self, _("Các mục trong thùng rác"), multi=True)
        self.view.setModel(self.proxy)
        self.proxy.sort(-1)  # the service's order: newest first, children under their briefing
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        metrics = self.view.fontMetrics()
        for column, sample in ((TrashModel.KIND, "Tâm tư – kiến nghị"),
                               (TrashModel.DELETED, "29/11/2026 10:30"),
                               (TrashModel.WITH, _("Cùng {record} số {id}").format(record=kinds.kind("briefing").noun, id=1234))):
            self.view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 28)
        # The title takes the width left over, so the list never scrolls sideways.
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TrashModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self)
        self.restore_button = QPushButton(icon("restore"), _("Khôi phục"), self)
        self.restore_button.setToolTip(_("Đưa các mục đã chọn trở lại danh sách"))
        self.purge_button = QPushButton(icon("delete"), _("Xóa hẳn…"), self)
        self.purge_button.setToolTip(_("Xóa vĩnh viễn các mục đã chọn"))
        self.empty_button = QPushButton(icon("trash"), _("Dọn sạch thùng rác…"), self)
        self.empty_button.setToolTip(_("Xóa vĩnh viễn mọi mục trong thùng rác"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.empty_button.clicked.connect(self.empty)
        buttons = QHBoxLayout()
        for button in (self.restore_button, self.purge_button, self.empty_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(pgettext("button", "Đóng"))
        close.rejected.connect(self.close)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.view.doubleClicked.connect(lambda _i: self.restore_selected())
        self.refresh()
        fit_to_screen(self, 900, 480)  # once built: its combos may shrink

    def refresh(self) -> None:
        self.model.set_rows(trash.list_trash(self.ctx))
        count = self.model.rowCount()
        self.summary.setText(
            _("Thùng rác trống.") if count == 0
            else _("{n} mục trong thùng rác. Khôi phục một cuộc giao ban sẽ đưa về cả các "
                   "tâm tư – kiến nghị và nhiệm vụ đã xóa cùng nó.").format(n=format_number(count))
        )
        self._update_buttons()

    def selected_rows(self) -> list[TrashRow]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.row_at(r) for r in sorted(rows)]

    def _update_buttons(self) -> None:
        has = bool(self.view.selectionModel().selectedRows())
        self.restore_button.setEnabled(has)
        self.purge_button.setEnabled(has)
        self.empty_button.setEnabled(self.model.rowCount() > 0)

    def _by_entity(self) -> dict[str, list[int]]:
        grouped: dict[str, list[int]] = {}
        for row in self.selected_rows():
            grouped.setdefault(row.entity, []).append(row.id)
        return grouped

    def _what(self) -> str:
        rows = self.selected_rows()
        if len(rows) == 1:
            return kinds.kind(rows[0].entity).named_title(rows[0].title)
        return _("{n} mục").format(n=format_number(len(rows)))

    def restore_selected(self) -> int:
        grouped = self._by_entity()
        if not grouped:
            return 0
        result = perform(self, self.ctx, _("Khôi phục {record}").format(record=self._what()),
                         trash.restore_records, grouped)
        self.refresh()
        return result.value if result is not None else 0

    def purge_selected(self) -> int:
        from giaoban.ui.dialogs import ask

        grouped = self._by_entity()
        count = sum(len(v) for v in grouped.values())
        if not count or not ask.confirm(
            self, _("Xóa hẳn"),
            _("Xóa vĩnh viễn {n} mục đã chọn?").format(n=format_number(count)),
            _("Xóa hẳn"),
            informative=_("Không thể hoàn tác. Các bản sao lưu cũ vẫn còn giữ dữ liệu này."),
        ):
            return 0
        result = perform(self, self.ctx, _("Xóa hẳn {record}").format(record=self._what()),
                         trash.purge_records, grouped)
        self.refresh()
        return result.value if result is not None else 0

    def empty(self) -> int:
        from giaoban.ui.dialogs import ask

        count = self.model.rowCount()
        if not count or not ask.confirm(
            self, _("Dọn sạch thùng rác"),
            _("Xóa vĩnh viễn toàn bộ {n} mục trong thùng rác?").format(n=format_number(count)),
            _("Dọn sạch"),
            informative=_("Không thể hoàn tác. Các bản sao lưu cũ vẫn còn giữ dữ liệu này."),
        ):
            return 0
        result = perform(self, self.ctx, _("Dọn sạch thùng rác"), trash.empty_trash)
        self.refresh()
        return result.value if result is not None else 0


def open_trash(window: Any) -> TrashDialog:
    """Show the trash beside the window (one dialog, reused)."""
    return window_dialog(window, "trash_dialog", TrashDialog,
                         lambda: TrashDialog(window.ctx, window), TrashDialog.refresh)

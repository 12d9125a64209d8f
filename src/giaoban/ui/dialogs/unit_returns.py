"""The task list's "Phiếu đơn vị": send progress workbooks to the lead units, read them back.

"Gửi phiếu cho đơn vị…" picks the units (every unit leading an open task, all ticked) and a folder,
then writes one workbook per unit on a worker. "Nhận phiếu đơn vị gửi về…" reads a returned
workbook on a worker and shows, before anything is written, what each task's row changes and
which rows cannot be taken and why; "Cập nhật" applies it as one operation (Ctrl+Z takes it back).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCursor, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.context import AppContext
from giaoban.core.services.unit_returns import file_name, make_return, units_with_open_tasks
from giaoban.core.services.unit_returns_read import (
    ReturnChange,
    ReturnPlan,
    apply_return,
    read_return,
)
from giaoban.i18n import _, format_number
from giaoban.ui.dialogs import ask
from giaoban.ui.icons import icon
from giaoban.ui.models.base import Column, RowTableModel
from giaoban.ui.operations import runner_for
from giaoban.ui.widgets.page import make_table
from giaoban.ui.widgets.progress import LongTask, error_text, run_long


class ChangeModel(RowTableModel[ReturnChange]):
    COLUMNS = (
        Column(lambda: _("Dòng"), lambda c: c.row, width=6),
        Column(lambda: _("Nhiệm vụ"), lambda c: c.title, width=36),
        Column(lambda: _("Thay đổi"), lambda c: c.describe(), width=50),
        Column(lambda: _("Lưu ý"), lambda c: c.warning, width=30),
    )


class ProblemModel(RowTableModel[tuple[int, str]]):
    COLUMNS = (
        Column(lambda: _("Dòng"), lambda p: p[0], width=6),
        Column(lambda: _("Lý do không lấy được"), lambda p: p[1], width=80),
    )


def _widths(view: Any, widths: tuple[int, ...]) -> None:
    """Fixed widths for the first columns; the last one takes the rest of the dialog."""
    header = view.horizontalHeader()
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    header.setStretchLastSection(True)
    view.setWordWrap(True)


class SendDialog(QDialog):
    """Which units, which folder; "Lập phiếu" writes one workbook per ticked unit."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: LongTask | None = None
        self.made: list[Path] = []
        self.setWindowTitle(_("Gửi phiếu báo cáo tiến độ cho đơn vị"))
        self.units = QListWidget(self)
        self.units.setAccessibleName(_("Đơn vị chủ trì"))
        for unit_id, name in units_with_open_tasks(ctx):
            item = QListWidgetItem(name, self.units)
            item.setData(Qt.ItemDataRole.UserRole, unit_id)
            item.setCheckState(Qt.CheckState.Checked)
        self.folder = QLineEdit(str(Path.home()), self)
        self.folder.setAccessibleName(_("Thư mục lưu phiếu"))
        choose = QPushButton(_("Chọn…"), self)
        choose.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Lưu vào thư mục"), self))
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        self.buttons = QDialogButtonBox(self)
        self.make_button = self.buttons.addButton(_("Lập phiếu"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Mỗi đơn vị được chọn nhận một tệp Excel gồm các nhiệm vụ đơn vị "
                                  "chủ trì chưa xong."), self))
        layout.addWidget(self.units, 1)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.make_button.setEnabled(self.units.count() > 0)
        self.resize(560, 420)

    def chosen(self) -> list[tuple[int, str]]:
        items = (self.units.item(i) for i in range(self.units.count()))
        return [(item.data(Qt.ItemDataRole.UserRole), item.text()) for item in items
                if item.checkState() == Qt.CheckState.Checked]

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Chọn thư mục lưu phiếu"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def make(self) -> None:
        """Write the workbooks on a worker; then say where they are."""
        units, folder, ctx = self.chosen(), Path(self.folder.text()), self.ctx
        if not units:
            ask.show_error(self, _("Hãy chọn ít nhất một đơn vị."))
            return
        if not folder.is_dir():
            ask.show_error(self, _("Thư mục “{folder}” không tồn tại.").format(folder=folder))
            return

        def work(progress: Any, cancelled: Any) -> list[Path]:
            made = []
            for done, (unit_id, name) in enumerate(units):
                if cancelled():
                    break
                progress(done, len(units))
                made.append(make_return(ctx, unit_id, folder / file_name(name, ctx.today())))
            return made

        def done(made: list[Path]) -> None:
            self.made = made
            ask.show_info(self, _("Đã lập {n} phiếu trong thư mục “{folder}”.").format(
                n=format_number(len(made)), folder=folder))
            self.accept()

        self.task = run_long(self, _("Đang lập phiếu…"), work, done,
                             on_error=lambda error: ask.show_error(self, error_text(error)))


class PreviewDialog(QDialog):
    """What a returned workbook will change; "Cập nhật N nhiệm vụ" applies it (undoable)."""

    def __init__(self, ctx: AppContext, plan: ReturnPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.plan, self.page = ctx, plan, parent
        self.setWindowTitle(_("Phiếu của {unit}").format(unit=plan.unit))
        summary = QLabel(_("{n} nhiệm vụ thay đổi, {same} không đổi, {bad} dòng không lấy được. "
                           "Chưa có gì được ghi.").format(
            n=format_number(len(plan.changes)), same=format_number(plan.unchanged),
            bad=format_number(len(plan.problems))), self)
        summary.setWordWrap(True)
        self.changes = ChangeModel(self)
        self.changes.set_rows(plan.changes)
        changes_view = make_table(self, _("Các thay đổi"))
        changes_view.setModel(self.changes)
        _widths(changes_view, (56, 250, 380))
        self.problems = ProblemModel(self)
        self.problems.set_rows(plan.problems)
        problems_view = make_table(self, _("Các dòng không lấy được"))
        problems_view.setModel(self.problems)
        _widths(problems_view, (56,))
        problems_view.setVisible(bool(plan.problems))
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton(
            _("Cập nhật {n} nhiệm vụ").format(n=format_number(len(plan.changes))),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(bool(plan.changes))
        self.buttons.addButton(_("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(changes_view, 2)
        layout.addWidget(problems_view, 1)
        layout.addWidget(self.buttons)
        self.resize(860, 480)

    def apply(self) -> None:
        result = runner_for(self.page or self, self.ctx).perform(
            _("Cập nhật theo phiếu của {unit}").format(unit=self.plan.unit), apply_return,
            self.plan)
        if result is not None:
            self.accept()


def send_returns(page: Any) -> SendDialog:
    """Open the "send to units" dialog (non-modal)."""
    dialog = SendDialog(page.ctx, page)
    page.returns_dialog = dialog
    dialog.open()
    return dialog


def receive_return(page: Any) -> LongTask | None:
    """Ask for a returned workbook, check it on a worker, then show what it changes."""
    name, _selected = QFileDialog.getOpenFileName(
        page, _("Chọn phiếu đơn vị gửi về"), str(Path.home()), _("Bảng tính Excel (*.xlsx)"))
    if not name:
        return None
    ctx, path = page.ctx, Path(name)

    def checked(plan: ReturnPlan) -> None:
        dialog = PreviewDialog(ctx, plan, page)
        page.returns_dialog = dialog
        dialog.open()

    page.long_task = run_long(
        page, _("Đang đọc phiếu “{file}”…").format(file=path.name),
        lambda _progress, _cancelled: read_return(ctx, path), checked,
        on_error=lambda error: ask.show_error(page, error_text(error)))
    return page.long_task


def unit_returns_action(page: Any) -> QAction:
    """The toolbar's "Phiếu đơn vị" with its two entries; Ctrl+Shift+U opens them anywhere in the
    page (then the arrow keys and Enter)."""
    action = QAction(icon("export"), _("Phiếu đơn vị"), page)
    action.setShortcut(QKeySequence("Ctrl+Shift+U"))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setToolTip(_("Gửi phiếu báo cáo tiến độ cho đơn vị chủ trì, nhận phiếu gửi về") +
                      " (Ctrl+Shift+U)")
    page.addAction(action)
    menu = QMenu(page)
    page.send_returns_action = menu.addAction(_("Gửi phiếu cho đơn vị…"),
                                              lambda: send_returns(page))
    page.receive_return_action = menu.addAction(_("Nhận phiếu đơn vị gửi về…"),
                                                lambda: receive_return(page))
    action.setMenu(menu)
    action.triggered.connect(lambda _checked=False: menu.popup(QCursor.pos()))
    return action

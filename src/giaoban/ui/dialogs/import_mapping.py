"""Import from Excel in the GUI: choose a file, check its columns, see every refused row, import.

The dialog is non-modal (``open()``). It shows how each column of the file was understood, lets the
user say what an unrecognized column holds (or ignore it), re-checks at once, lists every row that
cannot be imported with its row number and reason, then imports the valid rows in one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.errors import GiaobanError
from giaoban.core.services.aspiration_columns import IGNORE, TARGETS
from giaoban.core.services.aspiration_import import (
    ImportPlan,
    ImportProblem,
    import_aspirations,
    read_workbook,
)
from giaoban.i18n import _, format_number
from giaoban.ui.dialogs import ask
from giaoban.ui.models.base import Column, RowTableModel
from giaoban.ui.widgets.page import make_table


class ProblemModel(RowTableModel[ImportProblem]):
    COLUMNS = (
        Column(lambda: _("Dòng"), lambda p: p.row, width=6,
               align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        Column(lambda: _("Lý do không nhập được"), lambda p: p.reason, width=60),
    )


class ImportDialog(QDialog):
    """Check-then-import of one spreadsheet; emits ``imported(count)``."""

    imported = Signal(int)

    def __init__(self, ctx: Any, path: Path, organizations: list[Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.path = ctx, path
        self.setWindowTitle(_("Nhập tâm tư, kiến nghị từ “{file}”").format(file=path.name))
        self.plan: ImportPlan = read_workbook(ctx, path)  # raises GiaobanError: caller shows it
        self.where = QLabel(self)
        self.columns: dict[int, QComboBox] = {}
        mapping_box = QGroupBox(_("Các cột trong tệp"), self)
        mapping_form = QFormLayout(mapping_box)
        for col, header in self.plan.headers.items():
            combo = QComboBox(mapping_box)
            combo.setAccessibleName(header)
            for key, text in TARGETS.items():
                combo.addItem(_(text), key)
            target = self.plan.mapping.get(col)
            combo.setCurrentIndex(combo.findData(target or IGNORE))
            label = header if target else _("{header} (chưa nhận ra)").format(header=header)
            mapping_form.addRow(label, combo)
            combo.currentIndexChanged.connect(self.recheck)
            self.columns[col] = combo
        scroll = QScrollArea(self)
        scroll.setWidget(mapping_box)
        scroll.setWidgetResizable(True)
        scroll.setMaximumHeight(220)
        self.body = QComboBox(self)
        self.body.setAccessibleName(_("Cơ quan phản ánh mặc định"))
        self.body.addItem(_("(Theo cột trong tệp)"), None)
        for org in organizations:
            if org.active:
                self.body.addItem(org.name, org.id)
        self.body.currentIndexChanged.connect(self.recheck)
        body_form = QFormLayout()
        body_form.addRow(_("Dòng không ghi cơ quan thì thuộc"), self.body)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.problems = ProblemModel(self)
        self.problem_view = make_table(self, _("Các dòng không nhập được"))
        self.problem_view.setModel(self.problems)
        self.problem_view.setSortingEnabled(False)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(_("Nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(scroll)
        layout.addLayout(body_form)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem_view, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        self._show_plan()

    def mapping(self) -> dict[int, str]:
        return {col: combo.currentData() for col, combo in self.columns.items()}

    def recheck(self) -> None:
        """Read the file again with the chosen columns and default body (nothing is written)."""
        try:
            self.plan = read_workbook(self.ctx, self.path, mapping=self.mapping(),
                                      default_organization_id=self.body.currentData())
        except GiaobanError as exc:
            self.summary.setText(str(exc))
            self.import_button.setEnabled(False)
            return
        self._show_plan()

    def _show_plan(self) -> None:
        plan = self.plan
        self.where.setText(_("Trang “{sheet}”, dòng tiêu đề số {row}.").format(
            sheet=plan.sheet, row=plan.header_row))
        text = _("{ok} dòng nhập được, {bad} dòng không nhập được, {blank} dòng trống bỏ qua.").format(
            ok=format_number(len(plan.rows)), bad=format_number(len(plan.problems)),
            blank=format_number(plan.skipped_blank))
        if plan.unmatched_bodies:
            text += " " + _("Không tìm thấy trong danh bạ: {names}.").format(
                names=", ".join(f"“{name}”" for name in plan.unmatched_bodies))
        if "content" not in plan.mapping.values() and "content" not in self.mapping().values():
            text += " " + _("Hãy chọn cột chứa nội dung.")
        self.summary.setText(text)
        self.problems.set_rows(plan.problems)
        self.import_button.setText(_("Nhập {n} dòng").format(n=format_number(len(plan.rows))))
        self.import_button.setEnabled(bool(plan.rows))

    def run_import(self) -> None:
        try:
            count = import_aspirations(self.ctx, self.plan)
        except GiaobanError as exc:
            self.summary.setText(str(exc))
            return
        self.imported.emit(count)
        self.accept()


def start_import(page: Any) -> ImportDialog | None:
    """Ask for a spreadsheet, check it and open the import dialog (non-modal)."""
    name, _selected = QFileDialog.getOpenFileName(
        page, _("Chọn tệp Excel cần nhập"), str(Path.home()), _("Bảng tính Excel (*.xlsx)"))
    if not name:
        return None
    organizations = getattr(page, "organizations", [])
    try:
        dialog = ImportDialog(page.ctx, Path(name), organizations, page)
    except GiaobanError as exc:
        ask.show_error(page, str(exc))
        return None
    dialog.imported.connect(page.on_imported)
    page.import_dialog = dialog
    dialog.open()
    return dialog

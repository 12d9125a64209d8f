"""Import from Excel in the GUI: choose a file, check its columns, see every refused row, import.

The dialog is non-modal (``open()``). It shows how each column of the file was understood, lets the
user say what an unrecognized column holds (or ignore it), re-checks at once, lists every row that
cannot be imported with its row number and reason, then imports the valid rows in one transaction.

Reading, re-checking and importing run on a worker thread behind a progress dialog with "Hủy"
(ui.widgets.progress): the window keeps painting; a cancelled import writes nothing.
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

from giaoban.core import operations as ops
from giaoban.core.context import AppContext
from giaoban.core.errors import GiaobanError
from giaoban.core.services import briefing_query
from giaoban.core.services.aspiration_columns import IGNORE, TARGETS
from giaoban.core.services.aspiration_import import ImportPlan, ImportProblem, read_workbook
from giaoban.core.services.aspiration_import_write import import_aspirations
from giaoban.core.services.import_rejects import save_rejected
from giaoban.i18n import _, format_number
from giaoban.ui.dialogs import ask
from giaoban.ui.dialogs.import_choices import UnknownChoices
from giaoban.ui.models.base import Column, RowTableModel
from giaoban.ui.operations import runner_for
from giaoban.ui.widgets.page import make_table
from giaoban.ui.widgets.progress import LongTask, error_text, run_long


class ProblemModel(RowTableModel[ImportProblem]):
    COLUMNS = (
        Column(lambda: _("Dòng"), lambda p: p.row, width=6,
               align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        Column(lambda: _("Lý do không nhập được"), lambda p: p.reason, width=60),
    )


class ImportDialog(QDialog):
    """Check-then-import of one spreadsheet; emits ``imported(count)``."""

    imported = Signal(int)

    def __init__(self, ctx: AppContext, path: Path, organizations: list[Any],
                 parent: QWidget | None = None, plan: ImportPlan | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.path = ctx, path
        self.long_task: LongTask | None = None
        self.imported_ids: list[int] = []  # after the import: the rows it added
        self.setWindowTitle(_("Nhập tâm tư, kiến nghị từ “{file}”").format(file=path.name))
        # without a plan read beforehand (on a worker), read here: raises GiaobanError
        self.plan: ImportPlan = plan if plan is not None else read_workbook(ctx, path)
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
        self.organizations = [org for org in organizations if org.active]
        self.briefing = QComboBox(self)
        self.briefing.setAccessibleName(_("Thuộc cuộc giao ban"))
        self.briefing.addItem(_("(Không gắn với cuộc giao ban nào)"), None)
        for row in briefing_query.list_briefings(ctx):
            self.briefing.addItem(row.period, row.id)
        self.briefing.setCurrentIndex(max(0, self.briefing.findData(self.plan.briefing_id)))
        self.briefing.currentIndexChanged.connect(self.recheck)
        body_form = QFormLayout()
        body_form.addRow(_("Dòng không ghi cơ quan thì thuộc"), self.body)
        body_form.addRow(_("Thuộc cuộc giao ban"), self.briefing)
        self.unknown = UnknownChoices(self.organizations, self)
        self.unknown.changed.connect(self.recheck)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.problems = ProblemModel(self)
        self.problem_view = make_table(self, _("Các dòng không nhập được"))
        self.problem_view.setModel(self.problems)
        self.problem_view.setSortingEnabled(False)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(_("Nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_rejected_button = self.buttons.addButton(
            _("Lưu các dòng lỗi…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_rejected_button.setToolTip(_(
            "Ghi các dòng không nhập được, kèm lý do, ra một tệp Excel để gửi lại cơ quan."))
        self.save_rejected_button.clicked.connect(self.save_rejected)
        self.buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(scroll)
        layout.addLayout(body_form)
        layout.addWidget(self.unknown)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem_view, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        self._show_plan()

    def mapping(self) -> dict[int, str]:
        return {col: combo.currentData() for col, combo in self.columns.items()}

    def recheck(self) -> None:
        """Read the file again with the chosen columns and default body (nothing is written)."""
        if self.long_task is not None and not self.long_task.done:
            self.long_task.cancel()  # a newer choice replaces the check under way
        ctx, path = self.ctx, self.path
        mapping, body = self.mapping(), self.body.currentData()
        briefing = self.briefing.currentData()
        aliases, values = self.unknown.body_aliases(), self.unknown.value_aliases()
        self.import_button.setEnabled(False)
        self.summary.setText(_("Đang kiểm tra lại tệp…"))
        task: LongTask | None = None

        def done(plan: ImportPlan) -> None:
            if task is self.long_task:
                self.plan = plan
                self._show_plan()

        def failed(error: BaseException) -> None:
            if task is self.long_task:
                self.summary.setText(error_text(error))

        task = run_long(
            self, _("Đang kiểm tra tệp “{file}”…").format(file=path.name),
            lambda progress, cancelled: read_workbook(
                ctx, path, mapping=mapping, default_organization_id=body, briefing_id=briefing,
                aliases=aliases, value_aliases=values, progress=progress, cancelled=cancelled),
            done, on_error=failed, on_cancelled=lambda: None)
        self.long_task = task

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
        self.unknown.show_plan(plan)
        self.problems.set_rows(plan.problems)
        self.import_button.setText(_("Nhập {n} dòng").format(n=format_number(len(plan.rows))))
        self.import_button.setEnabled(bool(plan.rows))
        self.save_rejected_button.setEnabled(bool(plan.problems))

    def save_rejected(self) -> Path | None:
        """Ask where, then write the refused rows with their reasons (a workbook to send back)."""
        suggested = self.path.with_name(_("{name} - dòng chưa nhập.xlsx").format(
            name=self.path.stem))
        name, _selected = QFileDialog.getSaveFileName(
            self, _("Lưu các dòng không nhập được"), str(suggested), _("Bảng tính Excel (*.xlsx)"))
        if not name:
            return None
        try:
            saved = save_rejected(self.plan, Path(name))
        except GiaobanError as exc:
            ask.show_error(self, str(exc))
            return None
        self.summary.setText(_("Đã lưu {n} dòng không nhập được vào “{file}”.").format(
            n=format_number(len(self.plan.problems)), file=saved.name))
        return saved

    def run_import(self) -> None:
        """Write the valid rows on a worker (one transaction); "Hủy" rolls it all back."""
        if self.long_task is not None and not self.long_task.done:
            return
        ctx, plan = self.ctx, self.plan
        self.import_button.setEnabled(False)

        def done(result: ops.OpResult[int]) -> None:
            self.imported_ids = [c.id for c in result.changes
                                 if c.kind == "aspiration" and c.id is not None]
            runner_for(self, ctx).adopt(_("Nhập {n} tâm tư – kiến nghị từ {file}").format(
                n=format_number(result.value), file=self.path.name), result)
            self.imported.emit(result.value)
            self.accept()

        def failed(error: BaseException) -> None:
            self.summary.setText(error_text(error))
            self.import_button.setEnabled(bool(self.plan.rows))

        def cancelled() -> None:
            self.summary.setText(_("Đã hủy nhập; chưa nhập dòng nào."))
            self.import_button.setEnabled(bool(self.plan.rows))

        self.long_task = run_long(
            self, _("Đang nhập {n} dòng…").format(n=format_number(len(plan.rows))),
            lambda progress, stop: ops.run(ctx, import_aspirations, plan, progress=progress,
                                           cancelled=stop),
            done, on_error=failed, on_cancelled=cancelled, modal=True)


def start_import(page: Any) -> LongTask | None:
    """Ask for a spreadsheet, check it on a worker, then open the import dialog (non-modal)."""
    name, _selected = QFileDialog.getOpenFileName(
        page, _("Chọn tệp Excel cần nhập"), str(Path.home()), _("Bảng tính Excel (*.xlsx)"))
    if not name:
        return None
    organizations = getattr(page, "organizations", [])
    ctx, path = page.ctx, Path(name)

    def checked(plan: ImportPlan) -> None:
        dialog = ImportDialog(ctx, path, organizations, page, plan=plan)
        dialog.imported.connect(page.on_imported)
        page.import_dialog = dialog
        dialog.open()

    page.long_task = run_long(
        page, _("Đang đọc và kiểm tra tệp “{file}”…").format(file=path.name),
        lambda progress, cancelled: read_workbook(ctx, path, progress=progress,
                                                  cancelled=cancelled),
        checked, on_error=lambda error: ask.show_error(page, error_text(error)))
    return page.long_task

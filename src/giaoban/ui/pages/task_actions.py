"""Actions of the task page on the selected task: progress, complete, re-schedule, cancel,
reopen, delete, follow a source link, export. Mixed into :class:`TasksPage`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from giaoban.core.context import AppContext
from giaoban.core.csvfile import CsvForm, csv_file_filters
from giaoban.core.errors import GiaobanError
from giaoban.core.kinds import KINDS
from giaoban.core.services import tasks, trash
from giaoban.core.services.task_export import export_tasks
from giaoban.core.services.tasks_query import TaskRow
from giaoban.i18n import _, format_number
from giaoban.ui.dialogs import ask
from giaoban.ui.operations import perform
from giaoban.ui.pages.task_detail import TaskDetail
from giaoban.ui.pages.task_dialogs import KeepOpen, TaskActionDialog
from giaoban.ui.pages.task_filters import TaskFilterBar
from giaoban.ui.widgets.progress import LongTask, run_long


class TaskActions(QWidget):
    """Needs ``ctx``, ``window_``, ``detail``, ``filters``, ``current_row()``, ``refresh()``.

    A QWidget itself (the page's own widget once mixed in), so the actions can parent their
    dialogs and operations on ``self``.
    """

    ctx: AppContext
    window_: Any  # the main window, or None for a page on its own
    detail: TaskDetail
    filters: TaskFilterBar
    dialog: TaskActionDialog | None
    long_task: LongTask | None

    def current_row(self) -> TaskRow | None:  # provided by the page
        raise NotImplementedError

    def refresh(self) -> None:  # provided by the page
        raise NotImplementedError

    def _after_change(self, task_id: int, message: str) -> None:
        raise NotImplementedError

    def _status(self, text: str) -> None:
        raise NotImplementedError

    # --- actions on the selected task ---------------------------------------------------------

    def _named(self, row: Any) -> str:
        """'nhiệm vụ “Rà soát …”' for menu texts and questions."""
        return KINDS["task"].named(row)

    def add_update(self, note: str) -> None:
        task_id = self.detail.task_id
        if task_id is None:
            return
        try:
            perform(self, self.ctx, _("Cập nhật tiến độ {record}").format(
                record=self._named(self.detail.current)), tasks.add_update, task_id, note,
                reraise=True)
        except GiaobanError as exc:
            self.detail.update_error.setText(str(exc))
            self.detail.update_error.show()
            return
        self._after_change(task_id, _("Đã thêm cập nhật tiến độ."))
        self.detail.setCurrentIndex(1)
        self.detail.update_edit.setFocus()

    def _open_dialog(self, dialog: TaskActionDialog) -> TaskActionDialog:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def complete_selected(self) -> TaskActionDialog | None:
        row = self.current_row()
        if row is None:
            return None

        def done(day: dt.date, result: str) -> None:
            perform(self, self.ctx, _("Hoàn thành {record}").format(record=self._named(row)),
                    tasks.complete_task, row.id, completed_on=day, result=result, reraise=True)
            self._after_change(row.id, _("Đã ghi nhận hoàn thành nhiệm vụ."))

        return self._open_dialog(TaskActionDialog(
            self, title=_("Hoàn thành nhiệm vụ"), intro=row.title,
            date_label=_("Ngày &hoàn thành"), date_field="completed_on", date_value=self.ctx.today(),
            text_label=_("&Kết quả"), text_field="result", accept_text=_("Ghi nhận hoàn thành"),
            on_accept=done, today=self.ctx.today))

    def reschedule_selected(self) -> TaskActionDialog | None:
        row = self.current_row()
        if row is None:
            return None

        def move(day: dt.date, reason: str) -> None:
            today = self.ctx.today()
            if not ask.past_deadline_ok(self, day, today, _("Vẫn gia hạn")):
                raise KeepOpen  # back to the date, nothing written
            perform(self, self.ctx, _("Gia hạn {record}").format(record=self._named(row)),
                    tasks.reschedule_task, row.id, new_due_on=day, reason=reason, reraise=True)
            self._after_change(row.id, _("Đã gia hạn nhiệm vụ."))

        base = max(row.due_on or self.ctx.today(), self.ctx.today())
        return self._open_dialog(TaskActionDialog(
            self, title=_("Gia hạn nhiệm vụ"), intro=row.title, date_label=_("&Hạn mới"),
            date_field="due_on", date_value=base + dt.timedelta(days=30),
            text_label=_("&Lý do gia hạn"), text_field="note", accept_text=_("Gia hạn"),
            on_accept=move, today=self.ctx.today))

    def cancel_selected(self) -> None:
        row = self.current_row()
        if row is None:
            return
        reason = ask.ask_text(self, _("Hủy nhiệm vụ"), _("Lý do hủy nhiệm vụ:"),
                              yes=_("Hủy nhiệm vụ"), no=_("Không hủy"),
                              required=_("Hãy nêu lý do hủy nhiệm vụ."))
        if reason is None:
            return
        if perform(self, self.ctx, _("Hủy {record}").format(record=self._named(row)),
                   tasks.cancel_task, row.id, reason=reason) is None:
            return
        self._after_change(row.id, _("Đã hủy nhiệm vụ."))

    def reopen_selected(self) -> None:
        row = self.current_row()
        if row is None:
            return
        reason = ask.ask_text(self, _("Mở lại nhiệm vụ"), _("Lý do mở lại (không bắt buộc):"),
                              yes=_("Mở lại"))
        if reason is None:
            return
        if perform(self, self.ctx, _("Mở lại {record}").format(record=self._named(row)),
                   tasks.reopen_task, row.id, reason=reason) is None:
            return
        self._after_change(row.id, _("Đã mở lại nhiệm vụ."))

    def delete_selected(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if not ask.confirm(
            self, _("Xóa nhiệm vụ"), _("Chuyển {record} vào thùng rác?").format(
                record=KINDS["task"].named(row, 80)),
            _("Chuyển vào thùng rác"),
            informative=_("Có thể hoàn tác bằng Ctrl+Z hoặc khôi phục từ thùng rác."),
        ):
            return
        if perform(self, self.ctx, _("Chuyển {record} vào thùng rác").format(
                record=self._named(row)), trash.move_to_trash, "task", [row.id]) is not None:
            self.refresh()

    def open_link(self, target: str) -> None:
        """Follow a source link ("briefing:ID", "aspiration:ID") to its area."""
        kind, _sep, value = target.partition(":")
        area = KINDS[kind].area if kind in KINDS else None
        if area is None or not value.isdigit() or self.window_ is None:
            return
        page = self.window_.show_area(area)
        select = getattr(page, "select_record", None)
        if callable(select):
            select(int(value))

    def export(self) -> None:
        """Ctrl+E: the filtered list to .xlsx, .csv or .ics (format from the extension)."""
        csv_forms = csv_file_filters()
        every = _("Lịch iCalendar – cả việc đã xong, đã hủy (*.ics)")
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Xuất danh sách nhiệm vụ"), str(Path.home() / "nhiem-vu.xlsx"),
            ";;".join([_("Excel (*.xlsx)"), *csv_forms,
                       _("Lịch iCalendar – việc chưa xong (*.ics)"), every]),
        )
        if not path:
            return
        ctx, flt, out = self.ctx, self.filters.task_filter(), Path(path)
        form, calendar_all = csv_forms.get(chosen, CsvForm.EXCEL), chosen == every

        def done(count: int) -> None:
            self._status(_("Đã xuất {n} nhiệm vụ ra {file}.").format(
                n=format_number(count), file=out.name))

        self.long_task = run_long(
            self, _("Đang xuất danh sách nhiệm vụ…"),
            lambda progress, cancelled: export_tasks(
                ctx, out, flt, csv_form=form, calendar_all=calendar_all, progress=progress,
                cancelled=cancelled),
            done, on_cancelled=lambda: self._status(_("Đã hủy xuất; không tạo tệp nào.")))

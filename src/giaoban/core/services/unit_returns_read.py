"""Read a progress workbook a unit sent back, show what it changes, apply it in one operation.

:func:`read_return` checks every row and writes nothing: what each task's row changes (status,
progress, completion date, the unit's words), and why a row cannot be taken — an unknown key, a bad
date or percentage, a task changed in the program since the workbook was made, or cells edited
outside the unit's columns (the row is then shown with a warning and still taken: the unit's own
columns are what counts). :func:`apply_return` records the accepted changes as progress updates
signed with the unit, in one transaction (one undoable operation in the window).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from giaoban.core.enums import TaskStatus
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.labels import label_of
from giaoban.core.models import Task
from giaoban.core.services import tasks as task_service
from giaoban.core.services.aspiration_columns import CellError, cell_date, cell_text, words
from giaoban.core.services.aspiration_import import open_workbook
from giaoban.core.services.unit_returns import (
    HIDDEN,
    KEY_PREFIX,
    SHEET,
    UNIT_STATUSES,
    last_progress,
    version_of,
)
from giaoban.i18n import N_, _, format_date

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

LOCKED_LABELS = (N_("Nhiệm vụ"), N_("Nội dung chi tiết"), N_("Ngày giao"), N_("Hạn hoàn thành"))


@dataclass(frozen=True)
class ReturnChange:
    """What one returned row changes on its task."""

    row: int
    task_id: int
    title: str
    status_from: str
    status_to: str
    progress_from: int | None
    progress_to: int | None
    completed_on: dt.date | None
    note: str
    warning: str = ""

    def describe(self) -> str:
        """One line for the preview and the command line."""
        parts = []
        if self.status_to != self.status_from:
            parts.append(_("tình trạng: {old} → {new}").format(
                old=label_of(TaskStatus, self.status_from), new=label_of(TaskStatus, self.status_to)))
        if self.progress_to is not None and self.progress_to != self.progress_from:
            parts.append(_("tiến độ: {old} → {new}%").format(
                old="—" if self.progress_from is None else f"{self.progress_from}%",
                new=self.progress_to))
        if self.completed_on is not None:
            parts.append(_("hoàn thành ngày {date}").format(date=format_date(self.completed_on)))
        if self.note:
            parts.append(_("ý kiến: “{text}”").format(text=self.note))
        return "; ".join(parts)


@dataclass
class ReturnPlan:
    """A returned workbook, checked: the changes it brings and the rows it cannot."""

    path: Path
    unit_id: int
    unit: str
    made_at: str
    changes: list[ReturnChange] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)
    unchanged: int = 0


def read_return(ctx: AppContext, path: Path | str) -> ReturnPlan:
    """Check a returned workbook without writing anything; see the module docstring."""
    path = Path(path)
    workbook = open_workbook(path)
    try:
        if HIDDEN not in workbook.sheetnames or SHEET not in workbook.sheetnames:
            raise GiaobanError(_("“{file}” không phải phiếu báo cáo tiến độ do giaoban lập (thiếu "
                                 "trang “{sheet}” hoặc trang ẩn).").format(file=path.name, sheet=SHEET))
        made = list(workbook[HIDDEN].iter_rows(values_only=True))
        rows = list(workbook[SHEET].iter_rows(min_row=2, values_only=True))
    except GiaobanError:
        raise
    except Exception as exc:  # a damaged part inside a valid zip
        raise GiaobanError(_("Không đọc được nội dung tệp “{file}”.").format(file=path.name)) from exc
    finally:
        workbook.close()
    if not made or made[0][0] != "giaoban-returns-1":
        raise GiaobanError(_("“{file}” không phải phiếu báo cáo tiến độ do giaoban lập.").format(
            file=path.name))
    plan = ReturnPlan(path, int(made[0][1] or 0), str(made[0][2] or ""), str(made[0][3] or ""))
    originals = {int(r[0]): r for r in made[1:] if r and isinstance(r[0], int | float)}
    with ctx.session() as session:
        for number, cells in enumerate(rows, start=2):
            cells = tuple(cells) + (None,) * (9 - len(cells))
            if all(value in (None, "") for value in cells):
                continue
            try:
                change = _row(session, ctx.today(), plan, number, cells, originals)
            except (CellError, ValidationError, GiaobanError) as exc:
                plan.problems.append((number, _reason(exc)))
                continue
            if change is None:
                plan.unchanged += 1
            else:
                plan.changes.append(change)
    return plan


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.errors.values())
    return str(exc)


def _row(session: Any, today: dt.date, plan: ReturnPlan, number: int, cells: tuple[Any, ...],
         originals: dict[int, tuple[Any, ...]]) -> ReturnChange | None:
    key = cell_text(cells[0])
    task_id = int(key[len(KEY_PREFIX):]) if key.startswith(KEY_PREFIX) and \
        key[len(KEY_PREFIX):].isdigit() else None
    original = originals.get(task_id or -1)
    task = session.get(Task, task_id) if task_id is not None and original is not None else None
    if task is None or original is None or task.deleted_at is not None or \
            task.lead_unit_id != plan.unit_id:
        raise GiaobanError(_("Mã “{key}” không khớp nhiệm vụ nào của đơn vị (dòng bị thêm hoặc "
                             "mã bị sửa).").format(key=key or "—"))
    if version_of(session, task) != original[1]:
        raise GiaobanError(_("Nhiệm vụ “{title}” đã được cập nhật trong chương trình sau khi lập "
                             "phiếu: hãy xem lại rồi lập phiếu mới.").format(title=task.title))
    edited = [_(label) for index, label in enumerate(LOCKED_LABELS, start=1)
              if _same(cells[index]) != _same(original[index + 1])]
    warning = _("Đơn vị đã sửa cột khóa ({columns}): không lấy theo.").format(
        columns=", ".join(edited)) if edited else ""
    progress = _percent(cells[5])
    status = _status(cells[6])
    completed = _completion(cells[7], task, today)
    note = cell_text(cells[8])
    if completed is not None and status != TaskStatus.DONE.value:
        raise GiaobanError(_("Có ngày hoàn thành nhưng tình trạng chưa là “{done}”.").format(
            done=label_of(TaskStatus, "done")))
    if status == TaskStatus.DONE.value and completed is None:
        raise GiaobanError(_("Tình trạng “{done}” cần ngày hoàn thành.").format(
            done=label_of(TaskStatus, "done")))
    if status == TaskStatus.NOT_STARTED.value and task.status != status:
        raise GiaobanError(_("Nhiệm vụ đang thực hiện không trở lại “{label}” được.").format(
            label=label_of(TaskStatus, status)))
    before = last_progress(session, task.id)
    if status == task.status and (progress is None or progress == before) and not note:
        return None
    return ReturnChange(number, task.id, task.title, task.status, status, before, progress,
                        completed, note, warning)


def _same(value: Any) -> str:
    """A locked cell compared as the unit sees it (a date cell and its text are the same)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return cell_text(value)


def _percent(value: Any) -> int | None:
    """0–100 from "50", "50%", 50 or a cell Excel keeps as 0.5 with a percent format."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value) * (100 if 0 < value < 1 else 1)
    else:
        text = cell_text(value).rstrip("%").strip().replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            number = -1.0
    if not 0 <= number <= 100:
        raise GiaobanError(_("Tiến độ “{value}” không hợp lệ: hãy ghi số từ 0 đến 100.").format(
            value=cell_text(value)))
    return round(number)


_STATUS_WORDS = {words(label_of(TaskStatus, s.value)): s.value for s in UNIT_STATUSES}


def _status(value: Any) -> str:
    found = _STATUS_WORDS.get(words(cell_text(value)))
    if found is None:
        raise GiaobanError(_("Tình trạng “{value}” không có trong danh sách.").format(
            value=cell_text(value)))
    return found


def _completion(value: Any, task: Task, today: dt.date) -> dt.date | None:
    try:
        day = cell_date(value)
    except CellError as exc:
        raise GiaobanError(_("Ngày hoàn thành: ") + _(str(exc)).format(value=cell_text(value))) \
            from exc
    if day is not None and day < task.assigned_on:
        raise GiaobanError(_("Ngày hoàn thành {date} trước ngày giao.").format(date=format_date(day)))
    if day is not None and day > today:
        raise GiaobanError(_("Ngày hoàn thành {date} chưa tới.").format(date=format_date(day)))
    return day


def apply_return(ctx: AppContext, plan: ReturnPlan) -> int:
    """Record every change of ``plan`` as progress signed with the unit; all or nothing."""
    if not plan.changes:
        raise GiaobanError(_("Phiếu không có thay đổi nào để cập nhật."))
    with ctx.joined() as joined:
        with joined.session() as session:
            for change in plan.changes:  # nothing changed since the check, under the write lock
                task = session.get(Task, change.task_id)
                if task is None or task.deleted_at is not None or \
                        last_progress(session, change.task_id) != change.progress_from or \
                        task.status != change.status_from:
                    raise GiaobanError(_("Nhiệm vụ “{title}” vừa thay đổi; hãy đọc lại phiếu.")
                                       .format(title=change.title))
        for change in plan.changes:
            said = change.note or _("Báo cáo tiến độ.")
            note = _("{unit} báo cáo: {text}").format(unit=plan.unit, text=said)
            if change.status_to == TaskStatus.DONE.value and change.completed_on is not None:
                task_service.complete_task(joined, change.task_id, completed_on=change.completed_on,
                                           result=note)
            else:
                task_service.add_update(joined, change.task_id, note, progress=change.progress_to)
    return len(plan.changes)

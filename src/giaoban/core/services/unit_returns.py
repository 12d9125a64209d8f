"""Workbooks sent to the lead units so they return their progress (phiếu báo cáo tiến độ).

One workbook per lead unit lists its open tasks: what was assigned and when it is due (locked),
then the columns the unit fills in — progress, status (a drop-down of the program's words),
completion date and result — with cell validation and instructions on the first sheet. A hidden
key column ties each row to its task, and a hidden sheet keeps what each row said when it was made
and the task's version then, so reading the returned file (core.services.unit_returns_read) can tell
an edit outside the unit's columns, or a task changed in the program meanwhile.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from giaoban.core.enums import TaskStatus
from giaoban.core.errors import GiaobanError
from giaoban.core.files import write_output
from giaoban.core.labels import label_of
from giaoban.core.models import Organization, Task, TaskUpdate
from giaoban.core.services.tasks_rules import is_open
from giaoban.core.xlsx import DATE_FORMAT, put, workbook_bytes, write_header
from giaoban.i18n import _, format_date

if TYPE_CHECKING:
    from sqlmodel import Session

    from giaoban.core.context import AppContext

T: Any = Task
U: Any = TaskUpdate
Org: Any = Organization
SHEET = "Nhiệm vụ"  # the sheet the unit fills in (its name is read back)
HIDDEN = "giaoban"  # the very hidden sheet: what each row said when the workbook was made
KEY_PREFIX = "NV-"
UNIT_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE)
LOCKED_COLUMNS = ("title", "detail", "assigned_on", "due_on")  # B..E, after the key in A
EDITABLE_COLUMNS = ("progress", "status", "completed_on", "result")  # F..I


@dataclass(frozen=True)
class OpenTask:
    """What the workbook says about one task, and its version when the workbook was made."""

    id: int
    title: str
    detail: str
    assigned_on: dt.date
    due_on: dt.date | None
    status: str
    progress: int | None
    version: str


def version_of(session: Session, task: Task) -> str:
    """Changes whenever the task or its timeline changes (a later progress update too)."""
    last = session.execute(sa.select(sa.func.max(U.id)).where(U.task_id == task.id)).scalar()
    return f"{task.updated_at.isoformat() if task.updated_at else ''}|{last or 0}"


def last_progress(session: Session, task_id: int) -> int | None:
    """The latest progress (%) the task's timeline records, None when none was given."""
    return session.execute(sa.select(U.progress).where(U.task_id == task_id, U.progress.is_not(None))
                           .order_by(U.updated_on.desc(), U.id.desc()).limit(1)).scalar()


def open_tasks(session: Session, unit_id: int) -> list[OpenTask]:
    """The unit's open tasks (it leads them), by deadline."""
    rows = session.execute(sa.select(Task).where(T.lead_unit_id == unit_id, T.deleted_at.is_(None))
                           .order_by(T.due_on.is_(None), T.due_on, T.id)).scalars()
    return [OpenTask(t.id, t.title, t.detail, t.assigned_on, t.due_on, t.status,
                     last_progress(session, t.id), version_of(session, t))
            for t in rows if is_open(t.status)]


def units_with_open_tasks(ctx: AppContext) -> list[tuple[int, str]]:
    """(id, name) of every unit leading at least one open task, by name."""
    with ctx.session() as session:
        rows = session.execute(
            sa.select(Org.id, Org.name).join(Task, T.lead_unit_id == Org.id)
            .where(T.deleted_at.is_(None), T.status.in_([s.value for s in UNIT_STATUSES[:2]]))
            .distinct()).all()
    from giaoban.core.text import sort_key

    return sorted(((int(i), str(n)) for i, n in rows), key=lambda row: sort_key(row[1]))


def file_name(unit: str, today: dt.date) -> str:
    """"Báo cáo tiến độ - Hội Nông dân tỉnh - 30-11-2026.xlsx", safe on every file system."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", unit).strip(" .") or _("Đơn vị")
    return _("Báo cáo tiến độ - {unit} - {date}.xlsx").format(
        unit=safe[:80], date=today.strftime("%d-%m-%Y"))


def make_return(ctx: AppContext, unit_id: int, out: Path | str) -> Path:
    """Write the workbook for one lead unit's open tasks to ``out``; returns the path."""
    from openpyxl import Workbook

    with ctx.session() as session:
        unit = session.get(Organization, unit_id)
        if unit is None:
            raise GiaobanError(_("Không tìm thấy cơ quan, đơn vị số {id}.").format(id=unit_id))
        tasks = open_tasks(session, unit_id)
    if not tasks:
        raise GiaobanError(_("“{unit}” không chủ trì nhiệm vụ nào đang mở.").format(unit=unit.name))
    workbook = Workbook()
    _instructions(workbook.active, unit.name, ctx.today(), len(tasks))
    sheet = workbook.create_sheet(SHEET)
    _task_sheet(sheet, tasks)
    _hidden_sheet(workbook.create_sheet(HIDDEN), unit, tasks, ctx.now())
    workbook.active = 1
    return write_output(Path(out), workbook_bytes(workbook))


def make_returns(ctx: AppContext, folder: Path | str) -> list[Path]:
    """One workbook per unit leading an open task, in ``folder``; returns the paths."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GiaobanError(_("Thư mục “{folder}” không tồn tại.").format(folder=folder))
    return [make_return(ctx, unit_id, folder / file_name(name, ctx.today()))
            for unit_id, name in units_with_open_tasks(ctx)]


def _instructions(sheet: Any, unit: str, today: dt.date, count: int) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.title = _("Hướng dẫn")
    lines = [
        _("BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ"),
        _("Đơn vị chủ trì: {unit}").format(unit=unit),
        _("Lập ngày {date}: {n} nhiệm vụ đang thực hiện.").format(date=format_date(today), n=count),
        "",
        _("Cách điền:"),
        _("1. Mở trang “{sheet}”. Mỗi dòng là một nhiệm vụ đơn vị chủ trì.").format(sheet=SHEET),
        _("2. Chỉ điền các cột nền vàng: Tiến độ (%), Tình trạng, Ngày hoàn thành, Kết quả, ý "
          "kiến của đơn vị. Các cột khác đã khóa."),
        _("3. Tình trạng chọn trong danh sách; nhiệm vụ đã xong thì chọn “{done}” và ghi "
          "ngày hoàn thành (ngày/tháng/năm).").format(done=label_of(TaskStatus, "done")),
        _("4. Không thêm, xóa hay đổi thứ tự dòng; không sửa trang ẩn."),
        _("5. Lưu tệp (giữ dạng .xlsx) và gửi lại Văn phòng."),
    ]
    for row, text in enumerate(lines, start=1):
        cell = put(sheet, row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 100


def _task_sheet(sheet: Any, tasks: list[OpenTask]) -> None:
    from openpyxl.styles import Alignment, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    headers = [_("Mã"), _("Nhiệm vụ"), _("Nội dung chi tiết"), _("Ngày giao"), _("Hạn hoàn thành"),
               _("Tiến độ (%)"), _("Tình trạng"), _("Ngày hoàn thành"),
               _("Kết quả, ý kiến của đơn vị")]
    write_header(sheet, headers, [8, 45, 45, 12, 14, 11, 18, 15, 50], boxed=True)
    sheet.column_dimensions["A"].hidden = True  # the key: ties the row to its task
    yellow = PatternFill("solid", fgColor="FFF2CC")
    statuses = [label_of(TaskStatus, s.value) for s in UNIT_STATUSES]
    for index, task in enumerate(tasks, start=2):
        values = [f"{KEY_PREFIX}{task.id}", task.title, task.detail, task.assigned_on, task.due_on,
                  task.progress, label_of(TaskStatus, task.status), None, ""]
        for column, value in enumerate(values, start=1):
            cell = put(sheet, index, column, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, dt.date) or column == 8:
                cell.number_format = DATE_FORMAT
            if column >= 6:
                cell.protection = Protection(locked=False)
                cell.fill = yellow
    end = len(tasks) + 1
    status_list = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"',
                                 allow_blank=False, showErrorMessage=True,
                                 errorTitle=_("Tình trạng"), error=_("Hãy chọn trong danh sách."))
    percent = DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                             allow_blank=True, showErrorMessage=True, errorTitle=_("Tiến độ"),
                             error=_("Tiến độ là số nguyên từ 0 đến 100."))
    when = DataValidation(type="date", operator="greaterThan", formula1="DATE(1945,1,1)",
                          allow_blank=True, showErrorMessage=True, errorTitle=_("Ngày hoàn thành"),
                          error=_("Hãy nhập ngày/tháng/năm."))
    for validation, letter in ((percent, "F"), (status_list, "G"), (when, "H")):
        validation.add(f"{letter}2:{letter}{end}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    sheet.protection.sheet = True  # the locked columns cannot be typed into (no password)
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _hidden_sheet(sheet: Any, unit: Organization, tasks: list[OpenTask], made: dt.datetime) -> None:
    sheet.sheet_state = "veryHidden"  # not even in Excel's "Unhide" list
    put(sheet, 1, 1, "giaoban-returns-1")
    put(sheet, 1, 2, unit.id)
    put(sheet, 1, 3, unit.name)
    put(sheet, 1, 4, made.isoformat())
    for index, task in enumerate(tasks, start=2):
        values = [task.id, task.version, task.title, task.detail, task.assigned_on, task.due_on]
        for column, value in enumerate(values, start=1):
            put(sheet, index, column, value)

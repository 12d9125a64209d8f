"""Export the (filtered) task list: Excel, CSV, or the deadlines as an iCalendar file.

The format follows the file extension. Text is never a formula: XLSX cells are text cells
(``core.xlsx.put``), CSV cells that would start one are neutralized (``core.csvfile``). The .ics
file is RFC 5545: CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character),
text escaped, one all-day VEVENT per deadline with a stable UID per task, so importing again into
Outlook or Thunderbird updates instead of doubling. Every file is written whole or not at all
(``core.files``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from giaoban.core.csvfile import csv_bytes
from giaoban.core.enums import TaskStatus
from giaoban.core.errors import GiaobanError
from giaoban.core.files import atomic_output, write_all
from giaoban.core.progress import CancelledFn, ProgressFn, Steps
from giaoban.core.services.org_match import find_organization
from giaoban.core.services.tasks_query import TaskFilter, TaskRow, list_tasks
from giaoban.core.services.tasks_rules import is_open
from giaoban.core.text import printable
from giaoban.i18n import _, format_date

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

FORMATS = (".xlsx", ".csv", ".ics")


def _headers() -> list[str]:
    return [
        _("Số"), _("Tên nhiệm vụ"), _("Giao ban nguồn"), _("Đơn vị chủ trì"),
        _("Đơn vị phối hợp"), _("Ngày giao"), _("Hạn hoàn thành"), _("Trạng thái"),
        _("Ngày hoàn thành"), _("Thời hạn"), _("Cập nhật gần nhất"),
    ]


WIDTHS = (7, 60, 22, 32, 36, 12, 14, 16, 14, 22, 50)


def _values(row: TaskRow) -> list[object]:
    return [
        row.id, row.title, row.briefing, row.lead_unit, "; ".join(row.supporting_units),
        row.assigned_on, row.due_on, row.status_label, row.completed_on, row.deadline_note,
        row.last_update,
    ]


def filter_from_dict(ctx: AppContext, values: dict[str, Any]) -> TaskFilter:
    """A TaskFilter from plain options (the CLI): overdue, due_within, status, unit (a name)."""
    status = values.get("status")
    if status and status not in {s.value for s in TaskStatus}:
        choices = ", ".join(s.value for s in TaskStatus)
        raise GiaobanError(_("Trạng thái nhiệm vụ “{s}” không hợp lệ (chọn: {c}).").format(
            s=status, c=choices))
    unit = values.get("unit")
    return TaskFilter(
        overdue_only=bool(values.get("overdue")),
        due_within=values.get("due_within"),
        statuses=(status,) if status else (),
        unit_id=find_organization(ctx, str(unit)) if unit else None,
    )


def export_tasks(
    ctx: AppContext, out_path: Path, filters: TaskFilter | dict[str, Any] | None = None,
    *, progress: ProgressFn | None = None, cancelled: CancelledFn | None = None,
) -> int:
    """Write the tasks passing ``filters`` to ``out_path``; returns how many were written.

    The file is written next to its target and renamed into place: a failure or a cancel
    (``cancelled()`` True → Cancelled) leaves no partial file and keeps an older one intact.
    """
    out_path = Path(out_path)
    if isinstance(filters, dict):
        filters = filter_from_dict(ctx, filters)
    suffix = out_path.suffix.lower()
    if suffix not in FORMATS:
        raise GiaobanError(
            _("Không hỗ trợ định dạng “{ext}”; hãy dùng .xlsx, .csv hoặc .ics.").format(
                ext=suffix or out_path.name
            )
        )
    if not out_path.parent.is_dir():
        raise GiaobanError(_("Thư mục “{folder}” không tồn tại.").format(folder=out_path.parent))
    steps = Steps(progress, cancelled)
    steps.report(0, 0)  # 0 of 0: "busy" while the rows are fetched
    rows = list_tasks(ctx, filters)
    steps.report(0, len(rows))
    count = len(rows)
    with atomic_output(out_path) as temp:  # made first: an unwritable folder is said at once
        if suffix == ".xlsx":
            content = _xlsx(rows, steps)
        elif suffix == ".csv":
            content = _csv(rows, steps)
        else:
            content, count = _ics(rows, ctx, steps)
        steps.check()
        write_all(temp, content)
    return count


def _csv(rows: list[TaskRow], steps: Steps) -> bytes:
    """UTF-8 with a BOM so Excel opens the Vietnamese text correctly; ISO dates."""
    def lines() -> Iterator[list[object]]:
        for row in rows:
            yield _values(row)
            steps.tick()

    return csv_bytes(_headers(), lines())


def _xlsx(rows: list[TaskRow], steps: Steps) -> bytes:
    """Real date cells, text cells (never formulas), a bold frozen header with an auto-filter."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from giaoban.core.xlsx import finish_sheet, put_row, workbook_bytes, write_header

    book = Workbook()
    sheet = book.active
    sheet.title = _("Nhiệm vụ")
    write_header(sheet, _headers(), WIDTHS)
    for number, row in enumerate(rows, start=2):
        put_row(sheet, number, _values(row))
        steps.tick()
    for cell in sheet["B"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    finish_sheet(sheet, len(WIDTHS), len(rows), date_columns=(6, 7, 9))
    steps.check()
    return workbook_bytes(book)


# --- iCalendar --------------------------------------------------------------------------------

def ics_escape(text: str) -> str:
    """Escape TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma, newline.

    Control characters (which TEXT may not hold) are left out first (``core.text.printable``).
    """
    return (
        printable(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets with CRLF + space, never splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _ics_lines(rows: list[TaskRow], ctx: AppContext, steps: Steps) -> list[str]:
    stamp = ctx.now_utc().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//giaoban//Nhiem vu theo doi//VI",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ics_escape(_("Hạn nhiệm vụ theo dõi")),
    ]
    for row in rows:
        steps.tick()
        if row.due_on is None:
            continue
        description = "\n".join(filter(None, [
            _("Đơn vị chủ trì: {unit}").format(unit=row.lead_unit),
            _("Đơn vị phối hợp: {units}").format(units=", ".join(row.supporting_units))
            if row.supporting_units else "",
            _("Giao ngày: {date}").format(date=format_date(row.assigned_on)),
            _("Trạng thái: {status}").format(status=row.status_label),
            _("Nguồn: {briefing}").format(briefing=row.briefing) if row.briefing else "",
        ]))
        lines += [
            "BEGIN:VEVENT",
            f"UID:task-{row.id}@giaoban",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{row.due_on.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(row.due_on + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            "SUMMARY:" + ics_escape(_("Hạn: {title}").format(title=row.title)),
            f"DESCRIPTION:{ics_escape(description)}",
            f"CATEGORIES:{ics_escape(row.lead_unit)}",
            "TRANSP:TRANSPARENT",
            "STATUS:CANCELLED" if row.status == TaskStatus.CANCELLED.value else "STATUS:CONFIRMED",
        ]
        if is_open(row.status):
            lines += [
                "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P1D",
                f"DESCRIPTION:{ics_escape(row.title)}", "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return lines


def _ics(rows: list[TaskRow], ctx: AppContext, steps: Steps) -> tuple[bytes, int]:
    """One all-day event per task that has a deadline: the file, and how many events."""
    lines = _ics_lines(rows, ctx, steps)
    data = "".join(fold_line(line) + "\r\n" for line in lines)
    return data.encode("utf-8"), sum(1 for row in rows if row.due_on is not None)

"""Export the (filtered) task list: Excel, CSV, or the deadlines as an iCalendar file.

The format follows the file extension. Text is never a formula: XLSX cells are text cells
(``core.xlsx.put``), CSV cells that would start one are neutralized (``core.csvfile``; ";" and
dd/mm/yyyy for Excel on a Vietnamese Windows unless the standard form is asked for). The .ics
file is RFC 5545: CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character),
text escaped, one all-day VEVENT per deadline with a stable UID per task, so importing again into
Outlook or Thunderbird updates instead of doubling. It holds the open tasks only unless all are
asked for; then a completed or cancelled task says so in its title, is never a confirmed event
and has no reminder. Every file is written whole or not at all (``core.files``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from giaoban.core.csvfile import CsvForm, csv_bytes
from giaoban.core.enums import TaskStatus
from giaoban.core.errors import GiaobanError
from giaoban.core.files import atomic_output, write_all
from giaoban.core.progress import CancelledFn, ProgressFn, Steps
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
DATE_COLUMNS = (6, 7, 9)  # 1-based: assigned, due, completed


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
    if unit:  # the directory's matching rules (and its models) only when a unit is named
        from giaoban.core.services.org_match import find_organization
    return TaskFilter(
        overdue_only=bool(values.get("overdue")),
        due_within=values.get("due_within"),
        statuses=(status,) if status else (),
        unit_id=find_organization(ctx, str(unit)) if unit else None,
    )


def export_tasks(
    ctx: AppContext, out_path: Path, filters: TaskFilter | dict[str, Any] | None = None,
    *, csv_form: CsvForm = CsvForm.EXCEL, calendar_all: bool = False,
    progress: ProgressFn | None = None, cancelled: CancelledFn | None = None,
) -> int:
    """Write the tasks passing ``filters`` to ``out_path``; returns how many were written.

    ``csv_form``: separator and dates of a .csv; ``calendar_all``: a .ics with the completed and
    cancelled tasks too (marked as such), not only the open ones.

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
            content = _csv(rows, steps, csv_form)
        else:
            content, count = _ics(rows, ctx, steps, calendar_all)
        steps.check()
        write_all(temp, content)
    return count


def _csv(rows: list[TaskRow], steps: Steps, form: CsvForm) -> bytes:
    """UTF-8 with a BOM so Excel opens the Vietnamese text correctly; cells as ``form`` says."""
    def lines() -> Iterator[list[object]]:
        for row in rows:
            yield _values(row)
            steps.tick()

    return csv_bytes(_headers(), lines(), form, date_columns=[n - 1 for n in DATE_COLUMNS])


def _xlsx(rows: list[TaskRow], steps: Steps) -> bytes:
    """Real date cells, text cells (never formulas), a bold frozen header with an auto-filter;
    titles wrapped (``core.xlsx_table``: written straight as XML, 100k rows in seconds)."""
    from giaoban.core.xlsx_table import TableColumn, table_xlsx

    columns = [TableColumn(header, width, date=number in DATE_COLUMNS, wrap=number == 2)
               for number, (header, width) in enumerate(zip(_headers(), WIDTHS, strict=True),
                                                        start=1)]
    content = table_xlsx(_("Nhiệm vụ"), columns, (_values(row) for row in rows), len(rows),
                         on_row=steps.tick)
    steps.check()
    return content


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


def _event_status(row: TaskRow) -> tuple[str, str | None]:
    """The event's SUMMARY and STATUS: an open task is a confirmed deadline ("Hạn: …"); a
    completed or cancelled one is named so ("[Đã hoàn thành] …"), never confirmed."""
    if is_open(row.status):
        return _("Hạn: {title}").format(title=row.title), "CONFIRMED"
    summary = f"[{row.status_label}] {row.title}"
    return summary, "CANCELLED" if row.status == TaskStatus.CANCELLED.value else None


def _ics_lines(rows: list[TaskRow], ctx: AppContext, steps: Steps) -> list[str]:
    """The calendar's lines: one event per row with a deadline (rows already chosen)."""
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
            _("Ngày hoàn thành: {date}").format(date=format_date(row.completed_on))
            if row.completed_on else "",
            _("Nguồn: {briefing}").format(briefing=row.briefing) if row.briefing else "",
        ]))
        summary, status = _event_status(row)
        lines += [
            "BEGIN:VEVENT",
            f"UID:task-{row.id}@giaoban",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{row.due_on.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(row.due_on + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            "SUMMARY:" + ics_escape(summary),
            f"DESCRIPTION:{ics_escape(description)}",
            f"CATEGORIES:{ics_escape(row.lead_unit)}",
            "TRANSP:TRANSPARENT",
        ]
        if status:
            lines.append(f"STATUS:{status}")
        if is_open(row.status):
            lines += [
                "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P1D",
                f"DESCRIPTION:{ics_escape(row.title)}", "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return lines


def _ics(rows: list[TaskRow], ctx: AppContext, steps: Steps, every: bool) -> tuple[bytes, int]:
    """One all-day event per task with a deadline (open ones only unless ``every``): the file,
    and how many events."""
    chosen = [row for row in rows if row.due_on is not None and (every or is_open(row.status))]
    steps.report(0, len(chosen))
    lines = _ics_lines(chosen, ctx, steps)
    data = "".join(fold_line(line) + "\r\n" for line in lines)
    return data.encode("utf-8"), len(chosen)

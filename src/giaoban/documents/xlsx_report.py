"""The follow-up report as a workbook to print and to work with (openpyxl; no Qt).

Two sheets. "Tổng hợp": the report's title and day, the summary figures of the PDF (the same
functions compute them: ``builders.report``), then the figures by lead unit with their total.
"Nhiệm vụ": one row per task of the PDF's table, with what paper has no room for in columns of
their own (lead unit, supporting units, assigned and completion dates), real date cells, rows
as tall as their wrapped text, printed landscape on A4, one page wide, the header row repeated.
An empty period gives the same two sheets, saying there is no task. Every text is a text cell,
never a formula (``core.xlsx.put``); totals are computed here and written as numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from giaoban.core.services.document_data import FollowupReportData
from giaoban.core.services.overview import FIGURES, UnitFigures
from giaoban.core.xlsx import BORDER, DATE_FORMAT, finish_sheet, put, workbook_bytes, write_header
from giaoban.documents.blocks import Document, format_day
from giaoban.documents.builders import common
from giaoban.documents.builders.report import (
    completion_rate,
    on_time_rate,
    percentage,
    period_label,
    summarize,
)
from giaoban.documents.measure import wrapped_lines
from giaoban.documents.xlsx_properties import set_properties

LINE_PT = 15.0  # one line of Calibri 11, the workbook's font, in points
CHARS_PER_UNIT = 1.1  # characters of Vietnamese text per unit of column width (a "0" wide)
PERCENT = "0.0%"
TASK_COLUMNS: tuple[tuple[str, float], ...] = (
    ("TT", 5), ("Đơn vị chủ trì", 24), ("Nhiệm vụ", 46), ("Đơn vị phối hợp", 24),
    ("Giao ban", 14), ("Ngày giao", 11), ("Thời hạn", 11), ("Tình trạng", 14),
    ("Số ngày quá hạn", 9), ("Ngày hoàn thành", 11), ("Kết quả", 36),
)
UNIT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Đơn vị chủ trì", 40), ("Được giao", 10), ("Hoàn thành đúng hạn", 12),
    ("Hoàn thành quá hạn", 12), ("Đang thực hiện trong hạn", 12), ("Quá hạn chưa hoàn thành", 12),
    ("Đã hủy (không tính)", 11), ("Tỷ lệ hoàn thành", 11),
)


def report_workbook_bytes(document: Document) -> bytes:
    """The report ``document`` (built with its ``FollowupReportData``) as an .xlsx workbook."""
    data: FollowupReportData = document.data
    live = [t for t in data.tasks if common.task_state(t, data.as_of).key != "cancelled"]
    workbook = Workbook()
    workbook.remove(workbook.active)
    _summary_sheet(workbook.create_sheet("Tổng hợp"), document, data, bool(live))
    _task_sheet(workbook.create_sheet("Nhiệm vụ"), data, live)
    workbook.active = 1  # opens on the tasks, to work with; the summary prints first
    set_properties(workbook, document)
    return workbook_bytes(workbook)


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` units wide."""
    return wrapped_lines(text, int(width * CHARS_PER_UNIT) - 1)


def fit_row_height(sheet: Any, row: int, values: Sequence[object], widths: Sequence[float]) -> None:
    """Make ``row`` tall enough for its tallest wrapped cell (Excel leaves a written file's
    rows one line high, and wrapped text then prints over the next row)."""
    lines = max((line_count(v, w) for v, w in zip(values, widths, strict=True)
                 if isinstance(v, str)), default=1)
    sheet.row_dimensions[row].height = math.ceil(lines * LINE_PT + 3)


def _print_setup(sheet: Any, title_rows: str) -> None:
    """A4 landscape, every column on one page wide (as many pages down as it takes), the
    title rows repeated on each page, the page number at the foot."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "Trang &P/&N"


def _boxed(cell: Any, *, wrap: bool = True, horizontal: str | None = None) -> Any:
    cell.border = BORDER
    cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=wrap)
    return cell


def _task_sheet(sheet: Any, data: FollowupReportData, live: list[Any]) -> None:
    headers, widths = [h for h, _w in TASK_COLUMNS], [w for _h, w in TASK_COLUMNS]
    write_header(sheet, headers, widths, boxed=True)
    fit_row_height(sheet, 1, headers, widths)
    centred = {0, 4, 5, 6, 7, 8, 9}
    for number, task in enumerate(live, start=1):
        state = common.task_state(task, data.as_of)
        completed = task.completed_on if state.key in {"on_time", "late"} else None
        values: list[object] = [
            number, task.lead_unit, task.title, "; ".join(task.supporting_units),
            common.source_label(task), task.assigned_on, task.due_on, state.label,
            state.days_overdue, completed, task.result.strip(),
        ]
        row = number + 1
        for col, value in enumerate(values):
            cell = _boxed(put(sheet, row, col + 1, value),
                          horizontal="center" if col in centred else None)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
        fit_row_height(sheet, row, values, widths)
    if not live:
        put(sheet, 2, 1, f"Không có nhiệm vụ nào được giao trong {_period(data)}.")
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    finish_sheet(sheet, len(headers), len(live))
    _print_setup(sheet, "1:1")


def _period(data: FollowupReportData) -> str:
    return period_label(data.period_start, data.period_end)


def _rate(value: Decimal | None) -> float | str:
    """A rate of the PDF (66.7) as a percentage cell (0.667, shown 66,7%), "" when none."""
    return float(value / 100) if value is not None else ""


def _summary_sheet(sheet: Any, document: Document, data: FollowupReportData, has_tasks: bool) -> None:
    totals = summarize(data.units)
    widths = [w for _h, w in UNIT_COLUMNS]
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    put(sheet, 1, 1, document.title).font = Font(bold=True, size=13)
    put(sheet, 2, 1, f"Tính đến ngày {format_day(data.as_of)}").font = Font(italic=True)
    figures: list[tuple[str, object]] = [
        ("Tổng số nhiệm vụ được giao", totals.assigned),
        ("Đã hoàn thành đúng hạn", totals.done_on_time),
        ("Hoàn thành quá hạn", totals.done_late),
        ("Đang thực hiện, còn trong hạn", totals.in_progress),
        ("Quá hạn chưa hoàn thành", totals.overdue),
        ("Tỷ lệ hoàn thành", _rate(completion_rate(totals)) if totals.assigned
         else "chưa có nhiệm vụ"),
    ]
    if (on_time := on_time_rate(totals)) is not None:  # the lines the PDF prints, no more
        figures.append(("Tỷ lệ đúng hạn", _rate(on_time)))
    if totals.cancelled:
        figures.append(("Nhiệm vụ đã hủy (không tính)", totals.cancelled))
    row = 4
    put(sheet, row, 1, "I. KẾT QUẢ CHUNG").font = Font(bold=True)
    for label, value in figures:
        row += 1
        _boxed(put(sheet, row, 1, label))
        cell = _boxed(put(sheet, row, 2, value), horizontal="right")
        if isinstance(value, float):
            cell.number_format = PERCENT
    if not has_tasks:
        row += 1
        put(sheet, row, 1, f"Không có nhiệm vụ nào được giao trong {_period(data)}.").font = \
            Font(italic=True)
    row += 2
    put(sheet, row, 1, "II. THEO ĐƠN VỊ CHỦ TRÌ").font = Font(bold=True)
    row += 1
    header_row = row
    headers = [h for h, _w in UNIT_COLUMNS]
    for col, header in enumerate(headers, start=1):
        cell = _boxed(put(sheet, row, col, header), horizontal="center")
        cell.font = Font(bold=True)
    fit_row_height(sheet, row, headers, widths)
    for unit in [*data.units, UnitFigures(0, "Tổng cộng", *(getattr(totals, f) for f in FIGURES))]:
        row += 1
        done = percentage(unit.done_on_time + unit.done_late, unit.assigned)
        values: list[object] = [unit.unit, *(getattr(unit, f) for f in FIGURES), _rate(done)]
        for col, value in enumerate(values, start=1):
            cell = _boxed(put(sheet, row, col, value), horizontal=None if col == 1 else "right")
            if isinstance(value, float):
                cell.number_format = PERCENT
            if unit.unit_id == 0:
                cell.font = Font(bold=True)
        fit_row_height(sheet, row, values, widths)
    _print_setup(sheet, f"{header_row}:{header_row}")

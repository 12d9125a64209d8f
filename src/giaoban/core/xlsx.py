"""How every Excel sheet we write looks: one header style, date cells, frozen header, filter.

Used by the register and task exports and by the documents' XLSX writer, so a sheet of the
follow-up report and a sheet of the task list read the same way in Excel. No Qt.

Every value goes in through :func:`put`, which writes text as a text cell, never a formula: a
title or an imported cell reading ``=HYPERLINK(…)``, ``=WEBSERVICE(…)`` or ``=cmd|' /C calc'!A0``
stays the words it is (openpyxl would otherwise store any text starting with "=" as a formula,
and "#N/A" as an error). Text that starts like a formula also gets Excel's "quote prefix", so
editing the cell in Excel keeps it text. Control characters an older database may hold are left
out (``core.text.printable``): openpyxl refuses the whole file for one of them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from giaoban.core.text import printable

DATE_FORMAT = "dd/mm/yyyy"
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FORMULA_STARTS = ("=", "+", "-", "@")  # what makes Excel read typed text as a formula


def put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Set one cell (1-based) and return it: text as a text cell, never a formula or an error."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = printable(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl made "=…" a formula ("f") and "#REF!" an error ("e")
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def put_row(sheet: Any, row: int, values: Sequence[object]) -> None:
    """Write ``values`` into row ``row`` from column A, each through :func:`put`."""
    for column, value in enumerate(values, start=1):
        put(sheet, row, column, value)


def workbook_bytes(workbook: Any) -> bytes:
    """The workbook as .xlsx bytes (written to disk by ``core.files.write_all``)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_header(sheet: Any, headers: Sequence[str], widths: Sequence[float], *,
                 boxed: bool = False) -> None:
    """Row 1: bold, wrapped header cells and the columns' widths (Excel units).

    ``boxed`` (a printed table): every cell framed and its header centred.
    """
    bold = Font(bold=True)
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put(sheet, 1, column, header)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center" if boxed else None, vertical="center",
                                   wrap_text=True)
        if boxed:
            cell.border = BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width


def finish_sheet(sheet: Any, columns: int, rows: int, date_columns: Iterable[int] = ()) -> None:
    """Dates shown dd/mm/yyyy in ``date_columns`` (1-based), the header frozen, an auto-filter
    over the header and the ``rows`` data rows."""
    for column in date_columns:
        for (cell,) in sheet.iter_rows(min_row=2, max_row=rows + 1, min_col=column, max_col=column):
            cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"

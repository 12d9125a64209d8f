"""How every Excel sheet we write looks: one header style, date cells, frozen header, filter.

Used by the register and task exports and by the documents' XLSX writer, so a sheet of the
follow-up report and a sheet of the task list read the same way in Excel. No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

DATE_FORMAT = "dd/mm/yyyy"
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def write_header(sheet: Any, headers: Sequence[str], widths: Sequence[float], *,
                 boxed: bool = False) -> None:
    """Row 1: bold, wrapped header cells and the columns' widths (Excel units).

    ``boxed`` (a printed table): every cell framed and its header centred.
    """
    bold = Font(bold=True)
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=column, value=header)
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

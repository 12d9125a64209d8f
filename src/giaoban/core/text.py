"""Vietnamese text rules in one place: folding for search and matching, sort order, dates.

Folding removes tone and vowel marks and maps đ/Đ to d (Unicode does not decompose đ), so
``dang bo``, ``Đảng bộ`` and decomposed input all compare equal. Sorting follows the Vietnamese
alphabet (a ă â b c d đ e ê …) with tones as a secondary key.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from giaoban.core.errors import ValidationError

# The quarter helpers live in core.quarters (a leaf that i18n can import too); most callers
# still reach them here, with the other text rules.
from giaoban.core.quarters import ROMAN_QUARTERS, quarter_bounds, quarter_of, roman_quarter

__all__ = [
    "ROMAN_QUARTERS",
    "collation_key",
    "control_char_message",
    "document_date",
    "fold",
    "normalize",
    "normalize_fields",
    "printable",
    "quarter_bounds",
    "quarter_of",
    "roman_quarter",
    "sort_key",
]



def normalize(text: str, field: str | None = None) -> str:
    """NFC form with surrounding spaces trimmed and line ends as "\\n": how every stored text is kept.

    Text that would break a file we write or that SQLite cannot keep faithfully is refused with a
    ValidationError keyed by ``field`` (so a form shows it under that field) before anything is
    written: a control character other than tab and newline (NUL, vertical tab, escape, DEL, the
    C1 controls… — invisible, and forbidden in XLSX/DOCX XML), a non-character U+FFFE/U+FFFF, or
    a lone surrogate (not encodable as UTF-8). A carriage return is a line end, not a fault:
    "\\r\\n" and a lone "\\r" become "\\n".
    """
    result = unicodedata.normalize("NFC", text).strip()
    if "\r" in result:
        result = result.replace("\r\n", "\n").replace("\r", "\n")
    message = control_char_message(result)
    if message is None and not _encodable(result):
        from giaoban.i18n import _

        message = _("Văn bản có ký tự không hợp lệ (mã hỏng, không phải Unicode).")
    if message is not None:
        raise ValidationError(message, field)
    return result


def normalize_fields(data: dict[str, Any], keys: Iterable[str]) -> dict[str, str]:
    """normalize() each of ``keys`` that ``data`` holds, in place; returns the refused ones.

    A refused field keeps its raw value in ``data`` and its message in the result, by field
    name, so a clean function can report it under its field along with the other errors.
    """
    refused: dict[str, str] = {}
    for key in keys:
        if key in data:
            try:
                data[key] = normalize(str(data[key] or ""), key)
            except ValidationError as exc:
                refused.update(exc.errors)
    return refused


# C0 controls but tab, newline and carriage return; DEL and the C1 controls; the two
# non-characters XML refuses. (Carriage returns are line ends: normalize turns them into "\n".)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_OUT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_LINE_ENDS = re.compile("\r\n?|[\x0b\x0c]")


def control_char_message(text: str) -> str | None:
    """The message for text holding a control character (other than tab and line ends), or None.

    It names the first one by its code and place, since the character itself is invisible.
    """
    found = _CONTROL.search(text)
    if found is None:
        return None
    from giaoban.i18n import _

    return _("Có ký tự điều khiển không hiển thị được (mã U+{code:04X}) ở vị trí thứ {n}; "
             "hãy xóa ký tự này.").format(code=ord(found.group()), n=found.start() + 1)


def printable(text: str) -> str:
    """Text any file format accepts, for output of what an older database may hold.

    Carriage returns, vertical tabs and form feeds become "\\n"; the other control characters,
    the non-characters U+FFFE/U+FFFF and lone surrogates are dropped. Tabs and newlines stay.
    Clean text is returned as it is (the same object), so this costs little on every cell.
    """
    if _CONTROL_OUT.search(text) is None and "\r" not in text and "\x0b" not in text \
            and "\x0c" not in text:
        return text
    return _CONTROL_OUT.sub("", _LINE_ENDS.sub("\n", text))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _NoMarks(dict[int, int | None]):
    """str.translate table dropping combining marks (category Mn), filled as characters come:
    one lookup per character instead of a category() call (fold is hot: every imported cell)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = kept
        return kept


_NO_MARKS = _NoMarks()


def _strokes_out(text: str) -> str:
    # four C-level scans: much cheaper than translate() with a table on every character
    for letter in "đĐðÐ":
        if letter in text:
            text = text.replace(letter, "d")
    return text


def _fold(text: str) -> str:
    text = _strokes_out(text)
    if text.isascii():
        return " ".join(text.lower().split())
    stripped = unicodedata.normalize("NFD", text).translate(_NO_MARKS)
    folded = _strokes_out(unicodedata.normalize("NFC", stripped).casefold())
    return " ".join(folded.split())  # the same whitespace as re's \s, collapsed and trimmed


_fold_short = functools.lru_cache(maxsize=8192)(_fold)


def fold(text: str) -> str:
    """Lower case, no tone or vowel marks, đ→d, whitespace collapsed: the search form of text.

    Short texts (names, places, catalogue words: repeated in every imported row) are cached.
    """
    return _fold_short(text) if len(text) <= 120 else _fold(text)


_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_MODIFIERS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}
# Traditional tone order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Key that sorts Vietnamese names and titles in dictionary order."""
    primary: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", text.strip()).lower():
        if ch == "đ":
            primary.append(100 + _RANK["đ"])
            tones.append(0)
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _MODIFIERS))
        tone = next((_TONES[m] for m in marks if m in _TONES), 0)
        if letter in _RANK:
            primary.append(100 + _RANK[letter])
        elif ch.isspace():
            primary.append(0)
        elif ch.isdigit():
            primary.append(10 + int(ch) if ch.isascii() else 50)
        else:
            primary.append(1000 + ord(ch))
        tones.append(tone)
    return tuple(primary), tuple(tones), text


def document_date(value: dt.date) -> str:
    """'ngày 05 tháng 02 năm 2026': days below 10 and months 1–2 take a leading zero."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def collation_key(text: str) -> str:
    """A plain string whose code-point order is Vietnamese order (for Qt sort roles)."""
    primary, tones, _original = sort_key(text)
    return "".join(chr(0x100 + rank) for rank in primary) + "\x01" + "".join(
        chr(0x30 + tone) for tone in tones
    ) + "\x01" + text

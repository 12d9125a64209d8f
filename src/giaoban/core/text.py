"""Vietnamese text rules in one place: folding for search and matching, sort order, dates.

Folding removes tone and vowel marks and maps đ/Đ to d (Unicode does not decompose đ), so
``dang bo``, ``Đảng bộ`` and decomposed input all compare equal. Sorting follows the Vietnamese
alphabet (a ă â b c d đ e ê …) with tones as a secondary key.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# The quarter helpers live in core.quarters (a leaf that i18n can import too); most callers
# still reach them here, with the other text rules.
from giaoban.core.quarters import ROMAN_QUARTERS, quarter_bounds, quarter_of, roman_quarter

__all__ = [
    "ROMAN_QUARTERS",
    "collation_key",
    "document_date",
    "fold",
    "normalize",
    "quarter_bounds",
    "quarter_of",
    "roman_quarter",
    "sort_key",
]

_WHITESPACE = re.compile(r"\s+")
_STROKE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def normalize(text: str) -> str:
    """NFC form with surrounding spaces trimmed: how every stored text is kept.

    Text SQLite cannot keep faithfully is refused with a ValidationError before anything is
    written: a NUL character (SQLite's text functions stop there, so CHECKs misjudge it) or a
    lone surrogate (not encodable as UTF-8).
    """
    result = unicodedata.normalize("NFC", text).strip()
    if "\x00" in result or not _encodable(result):
        from giaoban.core.errors import ValidationError
        from giaoban.i18n import _

        raise ValidationError(_("Văn bản có ký tự không hợp lệ (ký tự rỗng hoặc mã hỏng)."))
    return result


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def fold(text: str) -> str:
    """Lower case, no tone or vowel marks, đ→d, whitespace collapsed: the search form of text."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKE))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    folded = unicodedata.normalize("NFC", stripped).casefold().translate(_STROKE)
    return _WHITESPACE.sub(" ", folded).strip()


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

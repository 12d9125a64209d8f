"""How the bodies' spreadsheets name their columns and write their cells, and what they mean.

Every body lays out its list a little differently: headers are recognized by their folded words
(“Nội dung kiến nghị”, “NỘI DUNG”, “Nội dung phản ánh” all mean the content), dates come as real
cells, Excel serial numbers or day-first text, bodies are named in full, short or abbreviated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.labels import source_label
from giaoban.core.periods import FIRST_YEAR, LAST_YEAR
from giaoban.core.text import fold, normalize
from giaoban.i18n import N_, format_date

IGNORE = "ignore"
# The fields a column can hold, with their Vietnamese names (mapping dialog, messages).
TARGETS: dict[str, str] = {
    "raised_on": N_("Ngày phản ánh"),
    "organization": N_("Cơ quan phản ánh"),
    "kind": N_("Loại"),
    "field": N_("Lĩnh vực"),
    "locality": N_("Địa bàn"),
    "people_concerned": N_("Đối tượng liên quan"),
    "content": N_("Nội dung"),
    "status": N_("Trạng thái"),
    "response": N_("Nội dung trả lời"),
    "response_on": N_("Ngày trả lời"),
    IGNORE: N_("(Bỏ qua cột này)"),
}

# Checked in order; a header matches when it contains every phrase of one group (folded words).
_RULES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    (IGNORE, (("stt",), ("tt",), ("so tt",), ("so thu tu",), ("ghi chu",))),
    ("response_on", (("ngay", "tra loi"), ("ngay", "giai quyet"), ("thoi gian", "tra loi"))),
    ("response", (("tra loi",), ("ket qua",), ("y kien", "giai quyet"))),
    ("status", (("trang thai",), ("tinh trang",))),
    ("raised_on", (("ngay",), ("thoi gian",), ("thoi diem",))),
    ("people_concerned", (("doi tuong",), ("nguoi dan",), ("cu tri",), ("nguoi phan anh",),
                          ("ho dan",))),
    ("organization", (("co quan",), ("don vi",), ("to chuc",), ("ben phan anh",))),
    ("field", (("linh vuc",), ("nhom van de",))),
    ("locality", (("dia ban",), ("dia phuong",), ("dia chi",), ("xa phuong",), ("xa",),
                  ("phuong",), ("noi xay ra",))),
    ("kind", (("loai",), ("hinh thuc",))),
    ("content", (("noi dung",), ("kien nghi",), ("tam tu",), ("nguyen vong",), ("de xuat",),
                 ("van de",), ("tom tat",))),
)
_IGNORE_EXACT = {"stt", "tt", "so tt", "so thu tu"}


def words(text: str) -> str:
    """Folded words separated by single spaces, punctuation dropped."""
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def header_target(header: Any) -> str | None:
    """The field a header cell names, ``ignore`` for numbering columns, None if unknown."""
    if header is None:
        return None
    text = words(str(header))
    if not text:
        return None
    if text in _IGNORE_EXACT:
        return IGNORE
    padded = f" {text} "
    for target, groups in _RULES:
        for group in groups:
            if all(f" {phrase} " in padded for phrase in group):
                if target == IGNORE and text not in _IGNORE_EXACT and group != ("ghi chu",):
                    continue
                return target
    return None


# --- cells -----------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
TWO_DIGIT_YEARS_UP_TO = 49  # '15/3/26' is 2026; '31/12/99' is refused, not read as 2099


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; the message is for the user."""


def cell_text(value: Any) -> str:
    """Text of a cell: NFC, trimmed; whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return format_date(value)
    return normalize(str(value))


def cell_date(value: Any) -> dt.date | None:
    """A date from a date cell, an Excel serial number, or text like 15/3/2026 or 2026-03-15."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return _plausible(value.date())
    if isinstance(value, dt.date):
        return _plausible(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial day number (1954–2119)
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(N_("Ngày không hợp lệ: “{value}”."))
    text = normalize(str(value))
    if text.isdigit() and 20000 <= int(text) <= 80000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(text))
    match = _DAY_FIRST.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            if len(match.group(3)) == 2:
                if year > TWO_DIGIT_YEARS_UP_TO:  # '31/12/99': 1999 or 2099? Not guessed.
                    raise CellError(N_("Ngày “{value}” không rõ năm: hãy viết năm đủ bốn chữ "
                                       "số, ví dụ 31/12/1999."))
                year += 2000
            return _plausible(dt.date(year, month, day))
        match = _ISO.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return _plausible(dt.date(year, month, day))
    except CellError:
        raise
    except ValueError:  # 31/2/2026
        pass
    raise CellError(N_("Ngày không hợp lệ: “{value}” (viết ngày/tháng/năm, ví dụ 15/3/2026)."))


def _plausible(day: dt.date) -> dt.date:
    """A register date within the years the program knows (1/1/9999 is a 'no date' marker)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError(N_("Ngày không hợp lệ: “{value}” (năm phải từ 1945 đến 2200)."))
    return day


def _enum_lookup(enum: Iterable[Any], extra: dict[str, str] | None = None) -> dict[str, str]:
    table: dict[str, str] = {}
    for member in enum:
        table[words(member.value.replace("_", " "))] = member.value
        label = source_label(member)
        table[words(label)] = member.value
        for part in re.split(r"[–,;/]| - ", label):
            if words(part):
                table.setdefault(words(part), member.value)
    table.update(extra or {})
    return table


_KINDS = _enum_lookup(AspirationKind, {"nguyen vong kien nghi": "petition", "y kien": "petition"})
_FIELDS = _enum_lookup(AspirationField, {"dat dai": "land_environment", "moi truong":
                                         "land_environment", "chinh sach": "policy",
                                         "giao thong": "infrastructure", "thuy loi": "infrastructure",
                                         "nong nghiep": "agriculture", "y te": "social",
                                         "giao duc": "social", "hanh chinh": "admin_reform"})
_STATUSES = _enum_lookup(AspirationStatus, {"da tra loi": "answered", "dang xu ly": "in_progress",
                                            "chua giai quyet": "received", "moi": "received",
                                            "da xu ly": "resolved"})


def _lookup(table: dict[str, str], value: Any) -> str | None:
    text = words(cell_text(value))
    if not text:
        return None
    if text in table:
        return table[text]
    for key, result in table.items():  # "Lĩnh vực đất đai" → contains "dat dai"
        if len(key) >= 4 and f" {key} " in f" {text} ":
            return result
    return ""


def cell_kind(value: Any) -> str | None:
    """Enum value of a kind cell; None when blank; '' when it names no kind."""
    return _lookup(_KINDS, value)


def cell_field(value: Any) -> str | None:
    return _lookup(_FIELDS, value)


def cell_status(value: Any) -> str | None:
    return _lookup(_STATUSES, value)

"""Calendar quarters: which quarter a day is in, a quarter's first and last day, its numeral.

A leaf module (standard library only), so both ``core.text`` and ``giaoban.i18n`` (whose
``format_quarter`` writes "Quý III/2026") can use it without importing each other.
"""

from __future__ import annotations

import datetime as dt

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def roman_quarter(quarter: int) -> str:
    """Quarters are written in Roman numerals: 3 → 'III'."""
    return ROMAN_QUARTERS[quarter]


def quarter_of(value: dt.date) -> int:
    return (value.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)

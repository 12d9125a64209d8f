"""Periods a person types or picks — a year or a quarter — read by one parser for CLI and GUI.

``parse_period`` accepts what the command line documents ('2026-Q3', '2026q3', '2026') and what
the screen shows ('Quý III/2026', 'Q3/2026', 'Năm 2026'), ignoring case, marks and spaces. The
result is a :class:`Period`: a (start, end) pair of dates that also knows its year and quarter.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from giaoban.core.errors import ValidationError
from giaoban.core.text import fold, quarter_bounds
from giaoban.i18n import _

FIRST_YEAR, LAST_YEAR = 1945, 2200
_QUARTER = r"(?:q|quy)\s*([0-9]+|[ivx]+)"
_FORMS = (
    re.compile(r"^(?:nam\s*)?(\d{4})$"),  # 2026, Năm 2026
    re.compile(rf"^(\d{{4}})\s*[-/]?\s*{_QUARTER}$"),  # 2026-Q3, 2026q3, 2026 Q3
)
_QUARTER_FIRST = re.compile(rf"^{_QUARTER}\s*[-/]?\s*(\d{{4}})$")  # Quý III/2026, Q3/2026
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


class Period(NamedTuple):
    """First and last day of a year or a quarter (unpacks as ``start, end``)."""

    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, year: int, quarter: int | None = None) -> Period:
        """The whole year, or one quarter of it."""
        if quarter:
            return cls(*quarter_bounds(year, quarter))
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def quarter(self) -> int | None:
        """1–4 for a quarter, None for a whole year."""
        return None if self.end.month - self.start.month == 11 else (self.start.month - 1) // 3 + 1

    @property
    def key(self) -> str:
        """The canonical text, '2026-Q3' or '2026' (parse_period reads it back)."""
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)


def _invalid(text: str) -> ValidationError:
    return ValidationError(
        {"period": _("Kỳ báo cáo “{period}” không hợp lệ: hãy viết dạng 2026-Q3 "
                     "(quý 1 đến 4) hoặc 2026 (cả năm).").format(period=text)}
    )


def _year_and_quarter(folded: str) -> tuple[str, str | None] | None:
    for form in _FORMS:
        match = form.match(folded)
        if match:
            return match.group(1), match.group(2) if form.groups > 1 else None
    match = _QUARTER_FIRST.match(folded)
    return (match.group(2), match.group(1)) if match else None


def parse_period(text: str) -> Period:
    """'2026-Q3' or 'Quý III/2026' → the third quarter of 2026; '2026' → the whole year.

    Anything else — a month ('2026-07'), a quarter outside 1–4, a year outside 1945–2200 —
    raises ValidationError({"period": …}) whose message shows the expected form.
    """
    found = _year_and_quarter(fold(text or ""))
    if found is None:
        raise _invalid(text)
    year = int(found[0])
    quarter = None if found[1] is None else (
        _ROMAN.get(found[1], 0) if found[1].isalpha() else int(found[1]))
    if not FIRST_YEAR <= year <= LAST_YEAR or (quarter is not None and not 1 <= quarter <= 4):
        raise _invalid(text)
    return Period.of(year, quarter)


def period_start(text: str | None) -> dt.date | None:
    """The first day of a typed period, None when nothing was typed (a 'from' filter)."""
    return parse_period(text).start if text else None


def period_end(text: str | None) -> dt.date | None:
    """The last day of a typed period, None when nothing was typed (a 'to' filter)."""
    return parse_period(text).end if text else None

"""argparse ``type=`` functions: values checked while the command line is read.

The period rules (``core.periods``) are imported by the functions that use them: a command
whose options name no year or quarter does not load them.

A number out of range is a usage mistake: argparse reports it in one line and exits with 2
before any database is opened, instead of letting a huge id overflow SQLite's 64-bit integers or
a huge count overflow a date deep inside a query.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property

from giaoban.i18n import _, format_number

MAX_ID = 2**63 - 1  # SQLite's largest INTEGER: every record id fits
MAX_LIMIT = 10_000  # search hits: more than a person reads
MAX_DAYS = 3660  # "due within": ten years ahead


class LazyChoices(Sequence[str]):
    """``choices=`` read from the module that knows them only when argparse needs them (the
    option is given, or its command's help is shown): building the command line imports no
    database library (e.g. the searchable kinds come from the table registry)."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load

    @cached_property
    def _values(self) -> tuple[str, ...]:
        return tuple(self._load())

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self._values[index]

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __contains__(self, value: object) -> bool:
        return value in self._values


def _bounded(text: str, low: int, high: int, problem: str) -> int:
    try:
        value = int(text)
    except ValueError:  # also a number thousands of digits long
        value = None
    if value is None or not low <= value <= high:
        raise argparse.ArgumentTypeError(problem.format(
            text=text, low=format_number(low), high=format_number(high)))
    return value


def record_id(text: str) -> int:
    """A record's number: 1 up to SQLite's largest integer."""
    return _bounded(text, 1, MAX_ID, _("mã số “{text}” không hợp lệ (một số nguyên dương)"))


def year(text: str) -> int:
    """A year the program keeps records for (1945–2200)."""
    from giaoban.core.periods import FIRST_YEAR, LAST_YEAR

    return _bounded(text, FIRST_YEAR, LAST_YEAR,
                    _("năm “{text}” không hợp lệ (từ {low} đến {high})"))


def result_limit(text: str) -> int:
    """How many search results to show: 1 to 10.000."""
    return _bounded(text, 1, MAX_LIMIT,
                    _("số kết quả “{text}” không hợp lệ (từ {low} đến {high})"))


def days_ahead(text: str) -> int:
    """A number of days from today: 0 to ten years."""
    return _bounded(text, 0, MAX_DAYS, _("số ngày “{text}” không hợp lệ (từ {low} đến {high})"))


def day(text: str) -> dt.date:
    """A date written 2026-11-29 or 29/11/2026, in the years the program keeps (1945–2200)."""
    from giaoban.core.periods import FIRST_YEAR, LAST_YEAR

    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            value = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if FIRST_YEAR <= value.year <= LAST_YEAR:
            return value
    raise argparse.ArgumentTypeError(
        _("ngày “{text}” không hợp lệ (viết 2026-11-29 hoặc 29/11/2026, năm từ {low} đến {high})")
        .format(text=text, low=FIRST_YEAR, high=LAST_YEAR))


def period(text: str) -> str:
    """A year or a quarter (2026, 2026-Q3, "Quý III/2026"), kept as typed once it reads."""
    from giaoban.core.errors import ValidationError
    from giaoban.core.periods import parse_period

    try:
        parse_period(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.errors["period"]) from exc
    return text


__all__ = ["MAX_ID", "day", "days_ahead", "period", "record_id", "result_limit", "year"]

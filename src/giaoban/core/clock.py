"""The one place the program reads the wall clock.

Every "now" and "today" — audit and row timestamps, backup names, overdue counts, document
dates, export stamps — comes from the :class:`Clock` the context holds (``ctx.now()``,
``ctx.today()``), so tests and demos pin one moment and give the same answers on any day.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Clock:
    """Where "now" comes from: the system clock, or a pinned moment (tests, reproducible demos).

    A pinned clock still moves forward by one microsecond at each reading, as real time does:
    two changes are never stamped with the same instant (the trash tells what went together by
    equal stamps), while the day and the second stay the pinned ones.
    """

    fixed: dt.datetime | None = None
    _ticks: Iterator[int] = field(default_factory=itertools.count, compare=False, repr=False)

    @classmethod
    def at(cls, day: dt.date, time: dt.time = dt.time(9, 0)) -> Clock:
        """A clock stopped at ``day`` ``time`` in the local zone (a pinned "today")."""
        return cls(dt.datetime.combine(day, time).astimezone())

    def now(self) -> dt.datetime:
        """This moment, zone-aware, in the local zone (or the pinned moment's own zone)."""
        if self.fixed is not None:
            return self.fixed + dt.timedelta(microseconds=next(self._ticks))
        return dt.datetime.now().astimezone()

    def now_utc(self) -> dt.datetime:
        """This moment in UTC, the form timestamps are stored in (SQLite and PostgreSQL agree)."""
        return self.now().astimezone(dt.UTC)

    def today(self) -> dt.date:
        """The calendar day of :meth:`now` where the user is."""
        return self.now().date()


SYSTEM_CLOCK = Clock()

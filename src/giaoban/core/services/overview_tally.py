"""The overview's one pass over the tasks: counts by lead unit, standing and month assigned.

Every figure of the overview (Tổng quan) and of the follow-up report's unit table is a sum of
these counts (``core/services/overview.py``). The statement groups the live tasks by
``(lead_unit_id, status, month of assigned_on)``, the first keys of the covering partial index
``ix_task_overview_month`` (migration 0009; the month is ``models.AssignedMonth``), so on SQLite
the groups come out in the index's order: no task is sorted (sorting 100k rows to group them was
half the time before), a few thousand groups come back. PostgreSQL hash-groups in any order and
is slow to compute a month, so there the third key is the task's span between the days the
figures split at (``_span``); the counts are read the same way.

Within a group each task adds one number to a single ``sum``: its standing (``task_standing``,
the one rule, as a CASE) picks a bit field — late, overdue, due within the week, pending — so the four
counts travel in one aggregate (a ``sum`` per standing would evaluate the rule once more for
each). A done-on-time task adds nothing: it is what remains of the group's ``count(*)``; a
cancelled task is told by its status, a group key. Fields are ``NARROW`` bits wide; a group
larger than a field holds (one unit, one status, one month: 32,768 tasks) is counted again
with ``WIDE`` fields, two sums of two, so no count can spill into its neighbour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, and_, case, func, literal, literal_column, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from giaoban.core.enums import TaskStatus
from giaoban.core.models import AssignedMonth, Task
from giaoban.core.services.tasks_rules import DUE_SOON_DAYS

# What the figures tell each task apart by: its standing as of the day (``task_standing``, with
# "pending and due within the week" on its own).
CANCELLED, ON_TIME, LATE, OVERDUE, PENDING, DUE_SOON = range(6)
PACKED = (LATE, OVERDUE, DUE_SOON, PENDING)  # the bit fields; ON_TIME is the rest of the group
NARROW = (4, 15)  # (fields per sum, bits per field): one sum, groups under 2**15 tasks
WIDE = (2, 31)  # two sums, groups under 2**31 tasks


def month_key(day: dt.date) -> str:
    """A day's month as the tally names it: 'YYYY-MM'."""
    return f"{day.year:04d}-{day.month:02d}"


@dataclass(frozen=True)
class Tally:
    """Counts of the live tasks assigned from ``since`` (None: the first) to ``until``, by month
    ('YYYY-MM') and then by (lead unit, standing)."""

    months: dict[str, dict[tuple[int, int], int]]
    since: dt.date | None
    until: dt.date
    edges: tuple[dt.date, ...] | None = None  # PostgreSQL: the spans' first days (see _span)

    def count(self, *, start: dt.date | None, end: dt.date) -> dict[tuple[int, int], int]:
        """Counts by (unit, standing) of the tasks assigned from ``start`` to ``end``.

        The tally knows months (on PostgreSQL, the spans between ``edges``), not days:
        ``start`` must begin one (or be None, or at most ``since``) and the day after ``end``
        begin one (or ``end`` be at least ``until``).
        """
        def begins(day: dt.date) -> bool:
            return day.day == 1 if self.edges is None else day in self.edges

        if ((start is not None and not begins(start) and (self.since is None or start > self.since))
                or (end < self.until and not begins(end + dt.timedelta(days=1)))):
            raise ValueError(f"the tally counts whole months, not {start} … {end}")
        first = "" if start is None else month_key(start)
        last = month_key(end)
        out: dict[tuple[int, int], int] = {}
        for month, counts in self.months.items():
            if first <= month <= last:
                for key, n in counts.items():
                    out[key] = out.get(key, 0) + n
        return out


def _standing_weight(as_of: dt.date, weights: dict[int, int]) -> Any:
    """``tasks_rules.task_standing``'s if-chain, branch for branch, as one CASE that gives each
    task the weight of its standing (0 for one without a field).

    Written here rather than from ``standing_sql``'s five independent conditions: a done task
    (most of them) stops after two tests instead of re-testing its status in each condition
    (~10 ms of a ~55 ms pass on 100k tasks). The tally's tests count every standing both ways."""
    status, due, completed = col(Task.status), col(Task.due_on), col(Task.completed_on)
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)

    def weight(standing: int) -> Any:
        return literal(weights.get(standing, 0), BigInteger)

    done = and_(status == TaskStatus.DONE.value, or_(completed.is_(None), completed <= as_of))
    return case(
        (done, case((completed > due, weight(LATE)), else_=weight(ON_TIME))),  # NULL: on time
        (status == TaskStatus.CANCELLED.value, weight(CANCELLED)),
        (due < as_of, weight(OVERDUE)),  # not done by the day, due before it
        (due <= soon, weight(DUE_SOON)),  # pending, due within the week
        else_=weight(PENDING))  # pending: no due day, or due later


BEFORE = "0000-00"  # the name of the span before the first edge (PostgreSQL)


def _span(dialect: str, edges: tuple[dt.date, ...]) -> Any:
    """What the tasks are grouped by besides unit and status, named like a month 'YYYY-MM'.

    SQLite: the month itself, read from the index in order. PostgreSQL groups with a hash in
    any order and computes the month slowly (date_trunc on 100k tasks: +30 ms), so there each
    task's span between ``edges`` (first days of months), named by the month it begins in."""
    if dialect == "sqlite":
        return AssignedMonth()
    if not edges:
        return literal(BEFORE)
    assigned = col(Task.assigned_on)
    names = [BEFORE, *(month_key(edge) for edge in edges)]
    return case(*((assigned < edge, literal(name)) for edge, name in zip(edges, names, strict=False)),
                else_=literal(names[-1]))


def _statement(dialect: str, as_of: dt.date, since: dt.date | None, until: dt.date,
               edges: tuple[dt.date, ...], layout: tuple[int, int]) -> Any:
    """SELECT unit, status, month, count(*), sum(fields) … grouped (on SQLite in the index's
    order)."""
    per_sum, bits = layout
    sums = [func.sum(_standing_weight(as_of, {
        standing: 1 << (bits * i) for i, standing in enumerate(PACKED[first:first + per_sum])}))
        for first in range(0, len(PACKED), per_sum)]
    month = _span(dialect, edges).label("overview_month")
    assigned = col(Task.assigned_on)
    where = [col(Task.deleted_at).is_(None), assigned <= until]
    if since is not None:
        where.append(assigned >= since)
    unit, status = col(Task.lead_unit_id), col(Task.status)
    return (sa_select(unit, status, month, func.count(), *sums).where(*where)
            .group_by(unit, status, literal_column("overview_month")))


def tally(session: Session, as_of: dt.date, since: dt.date | None = None,
          until: dt.date | None = None, edges: tuple[dt.date, ...] = ()) -> Tally:
    """Counts, as of ``as_of``, of the live tasks assigned from ``since`` to ``until`` (and by
    ``as_of``): one statement (two if a group outgrows the narrow fields). ``edges``: the first
    days of months the counts will be split at (every month on SQLite, only these elsewhere)."""
    until = min(until, as_of) if until else as_of
    edges = tuple(sorted(set(edges)))
    dialect = session.get_bind().dialect.name
    connection = session.connection()  # Core rows: no ORM step for a few thousand tuples
    for per_sum, bits in (NARROW, WIDE):
        rows = connection.execute(
            _statement(dialect, as_of, since, until, edges, (per_sum, bits))).all()
        if all(row[3] < 1 << bits for row in rows):
            break
    mask = (1 << bits) - 1
    fields = [(standing, i // per_sum, bits * (i % per_sum)) for i, standing in enumerate(PACKED)]
    months: dict[str, dict[tuple[int, int], int]] = {}
    cancelled = TaskStatus.CANCELLED.value
    for unit, status, month, n, *sums in rows:
        counts = months.get(month)
        if counts is None:
            counts = months[month] = {}
        if status == cancelled:
            counts[unit, CANCELLED] = counts.get((unit, CANCELLED), 0) + n
            continue
        if any(sums):  # else every task of the group was done on time
            for standing, which, shift in fields:
                field = (int(sums[which]) >> shift) & mask
                if field:
                    counts[unit, standing] = counts.get((unit, standing), 0) + field
                    n -= field
        if n:
            counts[unit, ON_TIME] = counts.get((unit, ON_TIME), 0) + n
    return Tally(months, since, until, None if dialect == "sqlite" else edges)

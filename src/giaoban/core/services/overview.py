"""The leaders' overview (Tổng quan): every figure from one function, a few aggregate queries.

``compute_overview`` is used by the overview page; its table by lead unit comes from
``unit_figures``, which the follow-up report's loader also calls, so the screen and the paper
never disagree. Each task's state is ``tasks_rules.task_standing`` (here in SQL: the counts by
unit, standing and month of ``overview_tally``, the oldest overdue by the same conditions).

One scope for everything on the page and in its report — the chosen Kỳ (a ``Period``, or
``None`` for "Mọi thời gian"): the live tasks assigned in the period and by ``as_of``
(``scope_conditions``). Of those, as of ``as_of``:

- open: not done and not cancelled; overdue: open and due before ``as_of``;
- due this week: open and due within the next 7 days (``as_of`` … ``as_of`` + 7);
- done: done by ``as_of`` (on time or late) — the one meaning of "completed": the cards, the
  unit table, the chart and the report all count a period's tasks done, whatever the day they
  were completed on;
- per lead unit (cancelled tasks left out): assigned, done on time, done late, in progress
  (open, not overdue), overdue; rate = on time / (on time + late + overdue), i.e. of the tasks
  whose deadline has come or that are finished, the share finished by the deadline (no deadline
  = on time).
- by quarter (8 quarters ending with the Kỳ's last, or ``as_of``'s): the tasks assigned in each
  quarter (cancelled left out) and how many of them are done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, literal, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from giaoban.core.enums import TaskStatus
from giaoban.core.models import Organization, Task
from giaoban.core.periods import FIRST_YEAR, LAST_YEAR, Period
from giaoban.core.services.overview_tally import (
    CANCELLED,
    DUE_SOON,
    LATE,
    ON_TIME,
    OVERDUE,
    PENDING,
    tally,
)
from giaoban.core.services.reading import shared_reads
from giaoban.core.services.tasks_query import TaskRow, task_rows
from giaoban.core.services.tasks_rules import DUE_SOON_DAYS, OPEN_STATUSES, standing_sql
from giaoban.core.text import quarter_bounds, quarter_of, sort_key

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

OLDEST_OVERDUE = 10
QUARTERS = 8
# "Mọi thời gian" where a period must be dates (the report and its register): every day a task
# can be assigned on (core.periods refuses years outside FIRST_YEAR … LAST_YEAR).
ALL_TIME = Period(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31))


def is_all_time(start: dt.date, end: dt.date) -> bool:
    """Whether a report's dates are "Mọi thời gian" (``ALL_TIME``)."""
    return (start, end) == tuple(ALL_TIME)


@dataclass(frozen=True)
class UnitFigures:
    """One line of the table by lead unit."""

    unit_id: int
    unit: str
    assigned: int
    done_on_time: int
    done_late: int
    in_progress: int
    overdue: int
    cancelled: int = 0

    @property
    def rate(self) -> float | None:
        """Share done on time among tasks finished or past their deadline (None if none)."""
        counted = self.done_on_time + self.done_late + self.overdue
        return self.done_on_time / counted if counted else None

    @property
    def done(self) -> int:
        """Done by the day of the figures, on time or late."""
        return self.done_on_time + self.done_late

    @property
    def open(self) -> int:
        """Not done yet (in progress or overdue)."""
        return self.in_progress + self.overdue


@dataclass(frozen=True)
class QuarterFigures:
    year: int
    quarter: int
    assigned: int
    completed: int


@dataclass(frozen=True)
class Overview:
    """The page's figures for one scope: ``period`` (None = "Mọi thời gian") as of ``as_of``."""

    as_of: dt.date
    period: Period | None
    open: int
    overdue: int
    due_this_week: int
    done: int
    on_time_rate: float | None
    units: tuple[UnitFigures, ...]
    oldest_overdue: tuple[TaskRow, ...]
    quarters: tuple[QuarterFigures, ...]

    @property
    def totals(self) -> UnitFigures:
        """The sum of the unit table (its last line)."""
        return total_of(self.units)

    @property
    def report_period(self) -> Period:
        """The dates the report of this scope covers (``ALL_TIME`` for "Mọi thời gian")."""
        return self.period or ALL_TIME


FIGURES = ("assigned", "done_on_time", "done_late", "in_progress", "overdue", "cancelled")


def total_of(units: Sequence[UnitFigures]) -> UnitFigures:
    """The totals line: the sum of the lines by lead unit (the page's and the report's)."""
    return UnitFigures(0, "", *(sum(getattr(u, f) for u in units) for f in FIGURES))


def scope_conditions(
    as_of: dt.date, assigned_from: dt.date | None = None, assigned_to: dt.date | None = None
) -> list[Any]:
    """The tasks a scope covers: live, assigned by ``as_of`` and within the dates given."""
    conds: list[Any] = [col(Task.deleted_at).is_(None), col(Task.assigned_on) <= as_of]
    if assigned_from is not None:
        conds.append(col(Task.assigned_on) >= assigned_from)
    if assigned_to is not None:
        conds.append(col(Task.assigned_on) <= assigned_to)
    return conds


def _oldest_overdue(as_of: dt.date, assigned_from: dt.date | None,
                    assigned_to: dt.date | None) -> Any:
    """The ids of the ``OLDEST_OVERDUE`` overdue tasks of a scope, by due day then id: those
    ``standing_sql(as_of).overdue`` holds, read as three parts that each stop early.

    An open task per status from the status-and-deadline index in due order (``LIMIT`` each),
    and the done tasks completed only after ``as_of`` (the rest of "overdue": few, from the
    status-and-completion index). One condition over all of them read every overdue task's
    row to check its assignment day, then sorted them: ~5 ms on SQLite at 100k tasks."""
    table = Task.__table__.c  # type: ignore[attr-defined]
    scope = scope_conditions(as_of, assigned_from, assigned_to)
    arms = [sa_select(table.id, table.due_on)
            .where(*scope, table.status == status, table.due_on < as_of)
            .order_by(table.due_on, table.id).limit(OLDEST_OVERDUE).subquery()
            for status in OPEN_STATUSES]
    # No LIMIT here and the deadline tested outside: with it SQLite walks the deadline index
    # over every done task instead of the completion index.
    arms.append(sa_select(table.id, table.due_on).where(
        *scope, table.status == TaskStatus.DONE.value, table.completed_on > as_of).subquery())
    found = union_all(*(sa_select(arm.c.id, arm.c.due_on) for arm in arms)).subquery()
    return (sa_select(found.c.id).where(found.c.due_on < as_of)
            .order_by(found.c.due_on, found.c.id).limit(OLDEST_OVERDUE))


def _units(session: Session, counts: dict[tuple[int, int], int]) -> list[UnitFigures]:
    """The table by lead unit from counts by (unit, standing), in directory order."""
    ids = sorted({unit for unit, _standing in counts})
    orgs = session.execute(sa_select(col(Organization.id), col(Organization.name),
                                     col(Organization.sort_order))
                           .where(col(Organization.id).in_(ids))).all() if ids else []
    ordered = sorted(orgs, key=lambda r: (r[2] or 0, sort_key(r[1] or "")))

    def n(unit: int, *standings: int) -> int:
        return sum(counts.get((unit, s), 0) for s in standings)

    return [UnitFigures(int(uid), name or "",
                        n(uid, ON_TIME, LATE, OVERDUE, PENDING, DUE_SOON), n(uid, ON_TIME),
                        n(uid, LATE), n(uid, PENDING, DUE_SOON), n(uid, OVERDUE),
                        n(uid, CANCELLED))
            for uid, name, _order in ordered]


def unit_figures(
    session: Session,
    as_of: dt.date,
    assigned_from: dt.date | None = None,
    assigned_to: dt.date | None = None,
) -> list[UnitFigures]:
    """Figures by lead unit of the live tasks assigned in the range and by ``as_of``: 2 queries
    (the grouped tally, then the units' names).

    Units are in directory order. A unit whose tasks are all cancelled has ``assigned == 0``
    (its line carries only the cancelled count).
    """
    end = min(assigned_to, as_of) if assigned_to else as_of
    if assigned_from is not None and assigned_from > end:
        return []
    found = tally(session, as_of, since=assigned_from, until=end)
    return _units(session, found.count(start=None, end=end))


def _previous_quarters(year: int, quarter: int, count: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for _ in range(count):
        out.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return list(reversed(out))


def _scope(period: Period | tuple[int, int] | None) -> Period | None:
    if period is None or isinstance(period, Period):
        return period
    return Period.of(*period)


def compute_overview(
    ctx: AppContext,
    as_of: dt.date | None = None,
    period: Period | tuple[int, int] | None = None,
) -> Overview:
    """All the overview's figures as of a day (default today) for a Kỳ: a ``Period`` (or a
    (year, quarter) pair), or None for "Mọi thời gian": one grouped pass over the tasks
    (``overview_tally``), the units' names, and the oldest overdue tasks (an index walk)."""
    as_of = as_of or ctx.today()
    scope = _scope(period)
    last = min(scope.end, as_of) if scope else as_of
    spans = [quarter_bounds(y, q)
             for y, q in _previous_quarters(last.year, quarter_of(last), QUARTERS)]
    empty = scope is not None and scope.start > as_of
    # One session for every read (task_rows' too): on a server each session is a connection
    # check-out with its ping, a BEGIN and a ROLLBACK.
    with shared_reads(ctx) as one, one.session() as session:
        # Kỳ and quarters are whole months (core.periods): one tally answers them all.
        found = tally(session, as_of, since=min(scope.start, spans[0][0]) if scope else None,
                      edges=tuple(day for first, end in [*spans, *([scope] if scope else [])]
                                  for day in (first, end + dt.timedelta(days=1))))
        counts = {} if empty else found.count(start=scope.start if scope else None, end=last)
        units = [u for u in _units(session, counts) if u.assigned]
        oldest = [] if empty else [int(i) for i in session.execute(_oldest_overdue(
            as_of, *((scope.start, scope.end) if scope else (None, None)))).scalars()]
        oldest_rows = tuple(task_rows(one, oldest)) if oldest else ()

    def quarter(first: dt.date, end: dt.date) -> QuarterFigures:
        if first > as_of:
            return QuarterFigures(first.year, quarter_of(first), 0, 0)
        by = found.count(start=first, end=min(end, as_of))
        total = sum(n for (_u, standing), n in by.items() if standing != CANCELLED)
        done = sum(n for (_u, standing), n in by.items() if standing in (ON_TIME, LATE))
        return QuarterFigures(first.year, quarter_of(first), total, done)

    quarters = tuple(quarter(first, end) for first, end in spans)
    due_soon = sum(n for (_u, standing), n in counts.items() if standing == DUE_SOON)
    totals = total_of(units)
    return Overview(
        as_of=as_of, period=scope, open=totals.open, overdue=totals.overdue,
        due_this_week=due_soon, done=totals.done, on_time_rate=totals.rate,
        units=tuple(units), oldest_overdue=oldest_rows, quarters=quarters,
    )


PROBES_PER_QUERY = 200  # EXISTS columns in one SELECT (PostgreSQL allows 1,664 columns)


@cache
def _probes(count: int) -> Any:
    """SELECT EXISTS (a live task assigned from :s0 to :e0), … for ``count`` quarters: built
    once per size, with parameters (building 48 EXISTS anew took most of the Kỳ list's time)."""
    assigned, deleted = col(Task.assigned_on), col(Task.deleted_at)
    return sa_select(*(sa_select(literal(1)).where(
        deleted.is_(None), assigned >= bindparam(f"s{i}"), assigned <= bindparam(f"e{i}"))
        .exists() for i in range(count)))


def scope_periods(ctx: AppContext) -> list[Period]:
    """The Kỳ a leader can choose: each year and quarter in which live tasks were assigned,
    newest first, a year before its quarters (read from the tasks' days, not from briefings).

    Two statements whatever the number of tasks: the first and last assignment day of a live
    task (two walks from either end of the assignment-day index), then, in one SELECT, whether
    each quarter between them holds a live task (an EXISTS per quarter, an index range seek).
    Reading every task's day instead costs a scan: 100 ms on a server with 100k tasks.
    """
    assigned, deleted = col(Task.assigned_on), col(Task.deleted_at)
    live = (deleted.is_(None), assigned.is_not(None))
    with ctx.session() as session:
        first, last = session.execute(sa_select(
            sa_select(func.min(assigned)).where(*live).scalar_subquery(),
            sa_select(func.max(assigned)).where(*live).scalar_subquery())).one()
        if first is None or last is None:
            return []
        candidates = [(y, q) for y in range(first.year, last.year + 1) for q in (1, 2, 3, 4)
                      if (first.year, quarter_of(first)) <= (y, q)
                      <= (last.year, quarter_of(last))]
        quarters: set[tuple[int, int]] = set()
        for start in range(0, len(candidates), PROBES_PER_QUERY):
            part = candidates[start:start + PROBES_PER_QUERY]
            bounds = [quarter_bounds(y, q) for y, q in part]
            found = session.execute(_probes(len(part)), {
                **{f"s{i}": day for i, (day, _end) in enumerate(bounds)},
                **{f"e{i}": day for i, (_start, day) in enumerate(bounds)}}).one()
            quarters |= {quarter for quarter, hit in zip(part, found, strict=True) if hit}
    periods: list[Period] = []
    for year in sorted({y for y, _q in quarters}, reverse=True):
        periods.append(Period.of(year))
        periods += [Period.of(year, q) for q in (4, 3, 2, 1) if (year, q) in quarters]
    return periods


@dataclass(frozen=True)
class Reminder:
    """What the daily reminder says: tasks newly overdue, all overdue, due within 7 days."""

    as_of: dt.date
    newly_overdue: int
    overdue: int
    due_soon: int

    @property
    def worth_telling(self) -> bool:
        return bool(self.overdue or self.due_soon)

    def message(self) -> str:
        """One or two short Vietnamese sentences for a tray notice or a banner."""
        from giaoban.i18n import _, format_number

        parts = []
        if self.overdue:
            text = _("{n} nhiệm vụ quá hạn").format(n=format_number(self.overdue))
            if self.newly_overdue:
                text += _(" ({n} nhiệm vụ mới quá hạn)").format(n=format_number(self.newly_overdue))
            parts.append(text)
        if self.due_soon:
            parts.append(_("{n} nhiệm vụ đến hạn trong 7 ngày tới").format(
                n=format_number(self.due_soon)))
        return "; ".join(parts) + "." if parts else ""


def reminder(ctx: AppContext, since: dt.date | None = None) -> Reminder:
    """Counts for the reminder; 'newly overdue' = fell overdue on or after ``since``.

    A task due on day D becomes overdue on D + 1, so it is new if ``since - 1 <= D``. Without
    ``since`` (first run) only the totals are told.
    """
    today = ctx.today()
    state = standing_sql(today)
    first_new = (since - dt.timedelta(days=1)) if since else today  # first run: none "new"
    soon = (state.pending, col(Task.due_on) >= today,
            col(Task.due_on) <= today + dt.timedelta(days=DUE_SOON_DAYS))
    with ctx.session() as session:
        # Three counts the status-and-deadline indexes answer (open tasks are few), not a
        # scan of every task at start-up.
        def count(*where: Any) -> int:
            return int(session.exec(select(func.count()).select_from(Task).where(
                col(Task.deleted_at).is_(None), *where)).one())

        overdue = count(state.overdue)
        newly = count(state.overdue, col(Task.due_on) >= first_new) if overdue else 0
        due_soon = count(*soon)
    return Reminder(today, newly, overdue, due_soon)

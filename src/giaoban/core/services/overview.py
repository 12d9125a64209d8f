"""The leaders' overview (Tổng quan): every figure from one function, a few aggregate queries.

``compute_overview`` is used by the overview page and the ``giaoban`` CLI; its table by lead unit
comes from ``unit_figures``, which the follow-up report's loader also calls, so the screen and
the paper never disagree. Each task's state is ``tasks_rules.task_standing`` (here in its SQL
form ``standing_sql``). Definitions (all on live, non-deleted tasks, as of ``as_of``):

- open: not done by ``as_of`` and not cancelled; overdue: open and due before ``as_of``;
- due this week: open and due within the next 7 days (``as_of`` … ``as_of`` + 7);
- completed this quarter: done with a completion date in the quarter (``period`` or ``as_of``'s);
- per lead unit (cancelled tasks left out, tasks assigned after ``as_of`` too): assigned, done on
  time, done late, in progress (open, not overdue), overdue; rate = on time / (on time + late +
  overdue), i.e. of the tasks whose deadline has come or that are finished, the share finished
  by the deadline (no deadline = on time). With ``period`` the unit table counts only tasks
  assigned in that quarter.
- by quarter: assigned (by assigned date) and completed (by completion date) for 8 quarters
  ending with the current one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from giaoban.core.models import Organization, Task
from giaoban.core.services.tasks_query import TaskRow, task_rows
from giaoban.core.services.tasks_rules import DUE_SOON_DAYS, standing_sql
from giaoban.core.text import quarter_bounds, quarter_of, sort_key

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

OLDEST_OVERDUE = 10
QUARTERS = 8


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


@dataclass(frozen=True)
class QuarterFigures:
    year: int
    quarter: int
    assigned: int
    completed: int


@dataclass(frozen=True)
class Overview:
    as_of: dt.date
    period: tuple[int, int]
    open: int
    overdue: int
    due_this_week: int
    completed_this_quarter: int
    on_time_rate: float | None
    units: tuple[UnitFigures, ...]
    oldest_overdue: tuple[TaskRow, ...]
    quarters: tuple[QuarterFigures, ...]
    unit_period: tuple[int, int] | None = None

    @property
    def totals(self) -> UnitFigures:
        """The sum of the unit table (its last line)."""
        return UnitFigures(
            0, "", *(sum(getattr(u, f) for u in self.units) for f in FIGURES)
        )


FIGURES = ("assigned", "done_on_time", "done_late", "in_progress", "overdue", "cancelled")


def unit_figures(
    session: Session,
    as_of: dt.date,
    assigned_from: dt.date | None = None,
    assigned_to: dt.date | None = None,
) -> list[UnitFigures]:
    """Figures by lead unit of the live tasks assigned in the range and by ``as_of``: 1 query.

    Units are in directory order. A unit whose tasks are all cancelled has ``assigned == 0``
    (its line carries only the cancelled count).
    """
    state = standing_sql(as_of)
    conds: list[Any] = [col(Task.deleted_at).is_(None), col(Task.assigned_on) <= as_of]
    if assigned_from is not None:
        conds.append(col(Task.assigned_on) >= assigned_from)
    if assigned_to is not None:
        conds.append(col(Task.assigned_on) <= assigned_to)
    rows = session.execute(
        sa_select(
            col(Task.lead_unit_id), col(Organization.name), col(Organization.sort_order),
            _count(~state.cancelled), _count(state.on_time), _count(state.late),
            _count(state.pending), _count(state.overdue), _count(state.cancelled),
        ).join(Organization, col(Task.lead_unit_id) == col(Organization.id))
        .where(*conds)
        .group_by(col(Task.lead_unit_id), col(Organization.name), col(Organization.sort_order))
    ).all()
    ordered = sorted(rows, key=lambda r: (r[2] or 0, sort_key(r[1] or "")))
    return [UnitFigures(int(uid), name or "", *(int(n) for n in counts))
            for uid, name, _order, *counts in ordered]


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _previous_quarters(year: int, quarter: int, count: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for _ in range(count):
        out.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return list(reversed(out))


def compute_overview(
    ctx: AppContext,
    as_of: dt.date | None = None,
    period: tuple[int, int] | None = None,
) -> Overview:
    """All the overview's figures as of a day (default today) for a quarter (default as_of's)."""
    as_of = as_of or ctx.today()
    quarter = period or (as_of.year, quarter_of(as_of))
    q_start, q_end = quarter_bounds(*quarter)
    state = standing_sql(as_of)
    is_open = or_(state.pending, state.overdue)
    is_done = or_(state.on_time, state.late)
    live = col(Task.deleted_at).is_(None)
    with ctx.session() as session:
        head = session.exec(select(
            _count(is_open),
            _count(state.overdue),
            _count(and_(is_open, col(Task.due_on) >= as_of,
                        col(Task.due_on) <= as_of + dt.timedelta(days=DUE_SOON_DAYS))),
            _count(and_(is_done, col(Task.completed_on) >= q_start, col(Task.completed_on) <= q_end)),
        ).where(live)).one()

        units = [u for u in unit_figures(session, as_of, *((q_start, q_end) if period else ()))
                 if u.assigned]

        spans = [(y, q, *quarter_bounds(y, q)) for y, q in _previous_quarters(*quarter, QUARTERS)]
        sums: list[Any] = []
        for _y, _q, start, end in spans:
            sums.append(_count(and_(col(Task.assigned_on) >= start, col(Task.assigned_on) <= end)))
            sums.append(_count(and_(is_done, col(Task.completed_on) >= start,
                                    col(Task.completed_on) <= end)))
        first = spans[0][2]  # only rows touching the eight quarters need the sixteen sums
        per_quarter = session.exec(select(*sums).where(live, or_(
            col(Task.assigned_on) >= first, col(Task.completed_on) >= first))).one()

        oldest = [int(i or 0) for i in session.exec(
            select(Task.id).where(live, state.overdue)
            .order_by(col(Task.due_on), col(Task.id)).limit(OLDEST_OVERDUE)
        )]

    quarters = tuple(
        QuarterFigures(y, q, int(per_quarter[2 * i]), int(per_quarter[2 * i + 1]))
        for i, (y, q, _s, _e) in enumerate(spans)
    )
    overview = Overview(
        as_of=as_of, period=quarter, open=int(head[0]), overdue=int(head[1]),
        due_this_week=int(head[2]), completed_this_quarter=int(head[3]), on_time_rate=None,
        units=tuple(units), oldest_overdue=tuple(task_rows(ctx, oldest)), quarters=quarters,
        unit_period=period,
    )
    return _with_rate(overview)


def _with_rate(overview: Overview) -> Overview:
    from dataclasses import replace

    return replace(overview, on_time_rate=overview.totals.rate)


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
    is_open = or_(state.pending, state.overdue)
    overdue = state.overdue
    first_new = (since - dt.timedelta(days=1)) if since else today  # first run: none "new"
    with ctx.session() as session:
        row = session.exec(select(
            _count(and_(overdue, col(Task.due_on) >= first_new)),
            _count(overdue),
            _count(and_(is_open, col(Task.due_on) >= today,
                        col(Task.due_on) <= today + dt.timedelta(days=DUE_SOON_DAYS))),
        ).where(col(Task.deleted_at).is_(None))).one()
    return Reminder(today, int(row[0]), int(row[1]), int(row[2]))

"""The overview's one grouped scan gives the figures of counting the tasks one by one.

A crafted register with the awkward cases on purpose — due today, due in exactly 7 and 8 days,
done on the due day and a day late, completed only after the day of the figures, assigned
after it, cancelled, in the trash — across three units and three years.
For several days and every kind of Kỳ (none, a year, a quarter, a quarter still to come, "Mọi
thời gian" as the report's dates) every figure must equal the tasks counted here in Python with
the one rule, ``task_standing``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from sqlmodel import col, select

from giaoban.core.models import Task
from giaoban.core.periods import Period
from giaoban.core.services import directory
from giaoban.core.services.overview import (
    ALL_TIME,
    QUARTERS,
    compute_overview,
    reminder,
    scope_periods,
    unit_figures,
)
from giaoban.core.services.tasks_rules import DUE_SOON_DAYS, Standing, task_standing
from giaoban.core.text import quarter_bounds, quarter_of

D = dt.date
TODAY = D(2026, 11, 29)
DAYS = (TODAY, D(2026, 6, 30), D(2025, 12, 31))
PERIODS = (None, Period.of(2026), Period.of(2026, 4), Period.of(2026, 2), Period.of(2025, 4),
           Period.of(2027, 1), ALL_TIME)
PENDING = (Standing.IN_PROGRESS, Standing.NOT_STARTED)


@pytest.fixture
def register(ctx):
    units = [o.id for o in directory.list_organizations(ctx)][:3]
    rng = random.Random(18)
    near = [TODAY + dt.timedelta(days=n) for n in (-1, 0, 1, DUE_SOON_DAYS, DUE_SOON_DAYS + 1)]
    with ctx.transaction() as session:
        for n in range(400):
            assigned = D(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 1130))
            if n % 40 == 0:
                assigned = TODAY + dt.timedelta(days=rng.randrange(1, 30))  # after the day
            due = rng.choice([None, *near, assigned + dt.timedelta(days=rng.randrange(0, 120))])
            status = rng.choice(["not_started", "in_progress", "done", "done", "cancelled"])
            completed = None
            if status == "done":
                completed = rng.choice([due, due and due + dt.timedelta(days=1),
                                        assigned + dt.timedelta(days=rng.randrange(0, 200)),
                                        TODAY + dt.timedelta(days=3)])  # the last: after the day
                completed = completed or assigned
            if due is not None and due < assigned:
                due = assigned
            if completed is not None and completed < assigned:
                completed = assigned  # the schema refuses a completion before the assignment
            session.add(Task(
                title=f"Nhiệm vụ {n}", lead_unit_id=units[n % 3], assigned_on=assigned,
                due_on=due, status=status, completed_on=completed,
                deleted_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC) if n % 17 == 0 else None))
    with ctx.session() as session:
        return list(session.exec(select(Task)).all())


def expected(rows: list[Task], as_of: dt.date, period: Period | None) -> dict:
    """Every figure of the page, counted task by task."""
    def standing(t: Task) -> Standing:
        return task_standing(t.status, t.due_on, t.completed_on, as_of).key

    live = [t for t in rows if t.deleted_at is None and t.assigned_on <= as_of]
    scope = [t for t in live if period is None or period.start <= t.assigned_on <= period.end]
    units: dict[int, Counter] = {}
    for t in scope:
        units.setdefault(t.lead_unit_id, Counter())[standing(t)] += 1
    table = {u: (sum(c.values()) - c[Standing.CANCELLED], c[Standing.ON_TIME], c[Standing.LATE],
                 c[Standing.IN_PROGRESS] + c[Standing.NOT_STARTED], c[Standing.OVERDUE],
                 c[Standing.CANCELLED]) for u, c in units.items()}
    last = min(period.end, as_of) if period else as_of
    year, quarter = last.year, quarter_of(last)
    spans = []
    for _ in range(QUARTERS):
        spans.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    quarters = []
    for y, q in reversed(spans):
        first, end = quarter_bounds(y, q)
        inside = [t for t in live if first <= t.assigned_on <= end]
        quarters.append((y, q, sum(1 for t in inside if standing(t) != Standing.CANCELLED),
                         sum(1 for t in inside if standing(t) in (Standing.ON_TIME,
                                                                  Standing.LATE))))
    counted = Counter(standing(t) for t in scope)
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    overdue = sorted((t for t in scope if standing(t) == Standing.OVERDUE),
                     key=lambda t: (t.due_on, t.id))
    return {
        "units": {u: v for u, v in table.items() if v[0]},
        "open": sum(counted[k] for k in PENDING) + counted[Standing.OVERDUE],
        "overdue": counted[Standing.OVERDUE],
        "due_this_week": sum(1 for t in scope if standing(t) in PENDING
                             and t.due_on is not None and as_of <= t.due_on <= soon),
        "done": counted[Standing.ON_TIME] + counted[Standing.LATE],
        "quarters": quarters,
        "oldest": [t.id for t in overdue[:10]],
    }


def shown(ctx, as_of: dt.date, period: Period | None) -> dict:
    o = compute_overview(ctx, as_of=as_of, period=period)
    return {
        "units": {u.unit_id: (u.assigned, u.done_on_time, u.done_late, u.in_progress, u.overdue,
                              u.cancelled) for u in o.units},
        "open": o.open, "overdue": o.overdue, "due_this_week": o.due_this_week, "done": o.done,
        "quarters": [(q.year, q.quarter, q.assigned, q.completed) for q in o.quarters],
        "oldest": [r.id for r in o.oldest_overdue],
    }


@pytest.mark.parametrize("as_of", DAYS)
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key if p else "all")
def test_every_figure_equals_the_tasks_counted_one_by_one(ctx, register, as_of, period):
    want = expected(register, as_of, period)
    assert shown(ctx, as_of, period) == want
    if period is not None and period.start <= as_of:
        assert want["units"], "the crafted register must give each scope something to count"


@pytest.mark.parametrize("as_of", DAYS)
def test_the_reports_unit_table_is_the_pages(ctx, register, as_of):
    with ctx.session() as session:
        for start, end in ((None, None), tuple(Period.of(2026, 2)), tuple(ALL_TIME),
                           (D(2026, 5, 15), D(2026, 8, 20))):
            report = unit_figures(session, as_of, start, end)
            period = Period(start, end) if start else None
            table = expected(register, as_of, period)["units"]
            assert {u.unit_id: (u.assigned, u.done_on_time, u.done_late, u.in_progress,
                                u.overdue, u.cancelled) for u in report if u.assigned} == table


def test_the_kys_offered_leave_out_a_quarter_that_only_the_trash_holds(ctx, register):
    with ctx.transaction() as session:
        lone = Task(title="Chỉ trong thùng rác", lead_unit_id=register[0].lead_unit_id,
                    assigned_on=D(2023, 2, 1), status="not_started",
                    deleted_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
        session.add(lone)
    keys = [p.key for p in scope_periods(ctx)]
    with ctx.session() as session:
        days = session.exec(select(Task.assigned_on).where(col(Task.deleted_at).is_(None))).all()
    live = {(d.year, quarter_of(d)) for d in days}
    assert "2023" not in keys and "2023-Q1" not in keys
    assert {k for k in keys if "-Q" in k} == {f"{y}-Q{q}" for y, q in live}
    assert keys == sorted(keys, key=lambda k: (k[:4], "-Q" not in k, k[-1]), reverse=True)


@pytest.mark.parametrize("since", (None, TODAY - dt.timedelta(days=3), D(2020, 1, 1)))
def test_the_reminder_counts_what_the_page_counts(ctx, register, since):
    def standing(t: Task) -> Standing:
        return task_standing(t.status, t.due_on, t.completed_on, TODAY).key

    live = [t for t in register if t.deleted_at is None]
    overdue = [t for t in live if standing(t) == Standing.OVERDUE]
    first_new = since - dt.timedelta(days=1) if since else TODAY
    soon = TODAY + dt.timedelta(days=DUE_SOON_DAYS)
    found = reminder(ctx, since)
    assert found.overdue == len(overdue) > 0
    assert found.newly_overdue == sum(1 for t in overdue if t.due_on >= first_new)
    assert found.due_soon == sum(1 for t in live if standing(t) in PENDING
                                 and t.due_on is not None and TODAY <= t.due_on <= soon) > 0

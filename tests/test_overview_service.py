"""The leaders' overview on a hand-built dataset whose right answers are worked out below.

Today is pinned to 29/11/2026 (quarter IV/2026: 01/10 – 31/12).

unit A: A1 assigned 01/07 due 01/08 done 20/07 (on time, completed in Q3)
        A2 assigned 01/07 due 01/08 done 05/10 (late, completed in Q4)
        A3 assigned 01/10 due 10/11 in progress (overdue 19 days)
        A4 assigned 01/10 due 03/12 not started (due within the week, in progress bucket)
        A5 assigned 01/10 no deadline (in progress bucket)
unit B: B1 assigned 01/04 due 01/05 not started (overdue 212 days, the oldest)
        B2 assigned 15/10 due 30/11 done 20/11 (on time, Q4)
        B3 assigned 15/10 cancelled (left out of the unit table)
        B4 assigned 01/04 due 01/05, in the trash (left out everywhere)

"Mọi thời gian": open = A3 A4 A5 B1 = 4; overdue = A3 B1 = 2; due this week = A4 = 1;
done = A1 A2 B2 = 3 (done means: of the scope's tasks, done by today — wherever completed).
A: assigned 5, on time 1, late 1, in progress 2, overdue 1, rate 1/3.
B: assigned 2, on time 1, late 0, in progress 0, overdue 1, rate 1/2.
On-time rate = 2 / (2 + 1 + 2) = 0.4.
"""

from __future__ import annotations

import datetime as dt

import pytest

from giaoban.core.models import Task
from giaoban.core.services import directory, tasks
from giaoban.core.services.overview import compute_overview

D = dt.date


@pytest.fixture
def dataset(ctx):
    a, b = [o.id for o in directory.list_organizations(ctx)][:2]

    def new(unit, assigned, due=None):
        return tasks.create_task(ctx, title="Nhiệm vụ", lead_unit_id=unit, assigned_on=assigned,
                                 due_on=due).id

    ids = {
        "A1": new(a, D(2026, 7, 1), D(2026, 8, 1)),
        "A2": new(a, D(2026, 7, 1), D(2026, 8, 1)),
        "A3": new(a, D(2026, 10, 1), D(2026, 11, 10)),
        "A4": new(a, D(2026, 10, 1), D(2026, 12, 3)),
        "A5": new(a, D(2026, 10, 1)),
        "B1": new(b, D(2026, 4, 1), D(2026, 5, 1)),
        "B2": new(b, D(2026, 10, 15), D(2026, 11, 30)),
        "B3": new(b, D(2026, 10, 15), D(2026, 12, 31)),
        "B4": new(b, D(2026, 4, 1), D(2026, 5, 1)),
    }
    tasks.complete_task(ctx, ids["A1"], completed_on=D(2026, 7, 20))
    tasks.complete_task(ctx, ids["A2"], completed_on=D(2026, 10, 5))
    tasks.add_update(ctx, ids["A3"], "Đang triển khai")
    tasks.complete_task(ctx, ids["B2"], completed_on=D(2026, 11, 20))
    tasks.cancel_task(ctx, ids["B3"], reason="Không còn cần thiết")
    with ctx.transaction() as s:
        row = s.get(Task, ids["B4"])
        row.deleted_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        s.add(row)
    return a, b, ids


def test_headline_figures(ctx, dataset):
    o = compute_overview(ctx)
    assert (o.open, o.overdue, o.due_this_week, o.done) == (4, 2, 1, 3)
    assert o.on_time_rate == pytest.approx(0.4)
    assert o.period is None


def test_unit_table(ctx, dataset):
    a, b, _ids = dataset
    units = {u.unit_id: u for u in compute_overview(ctx).units}
    assert set(units) == {a, b}
    ua, ub = units[a], units[b]
    assert (ua.assigned, ua.done_on_time, ua.done_late, ua.in_progress, ua.overdue) == (5, 1, 1, 2, 1)
    assert ua.rate == pytest.approx(1 / 3)
    assert (ub.assigned, ub.done_on_time, ub.done_late, ub.in_progress, ub.overdue) == (2, 1, 0, 0, 1)
    assert ub.rate == pytest.approx(0.5)


def test_oldest_overdue_first(ctx, dataset):
    _a, _b, ids = dataset
    rows = compute_overview(ctx).oldest_overdue
    assert [r.id for r in rows] == [ids["B1"], ids["A3"]]
    assert [r.days_overdue for r in rows] == [212, 19]


def test_eight_quarters_assigned_and_completed(ctx, dataset):
    quarters = compute_overview(ctx).quarters
    assert len(quarters) == 8
    assert (quarters[0].year, quarters[0].quarter) == (2025, 1)
    assert (quarters[-1].year, quarters[-1].quarter) == (2026, 4)
    table = {(q.year, q.quarter): (q.assigned, q.completed) for q in quarters}
    # each quarter's tasks (cancelled B3 and trashed B4 left out) and how many of them are done
    assert table[(2026, 2)] == (1, 0)
    assert table[(2026, 3)] == (2, 2)  # A2 was completed in Q4 but is one of Q3's tasks
    assert table[(2026, 4)] == (4, 1)
    assert sum(q.assigned for q in quarters) == 7


def test_a_chosen_quarter_limits_the_unit_table_to_tasks_assigned_in_it(ctx, dataset):
    a, _b, _ids = dataset
    o = compute_overview(ctx, period=(2026, 3))
    assert [u.unit_id for u in o.units] == [a]
    assert (o.units[0].assigned, o.units[0].done_on_time, o.units[0].done_late) == (2, 1, 1)
    # every card follows the quarter: its 2 tasks are done, none open, overdue or due soon
    assert (o.open, o.overdue, o.due_this_week, o.done) == (0, 0, 0, 2)
    assert o.done == o.totals.done_on_time + o.totals.done_late
    assert o.oldest_overdue == ()
    assert o.on_time_rate == pytest.approx(0.5)
    chosen = o.quarters[-1]
    assert (chosen.year, chosen.quarter, chosen.assigned, chosen.completed) == (2026, 3, 2, 2)


def test_empty_database_has_no_rate(ctx):
    o = compute_overview(ctx)
    assert (o.open, o.overdue, o.on_time_rate, o.units, o.oldest_overdue) == (0, 0, None, (), ())


def test_the_kys_a_leader_can_choose_and_a_whole_year(ctx, dataset):
    from giaoban.core.periods import Period
    from giaoban.core.services.overview import scope_periods

    assert [p.key for p in scope_periods(ctx)] == ["2026", "2026-Q4", "2026-Q3", "2026-Q2"]
    year = compute_overview(ctx, period=Period.of(2026))
    assert year.totals == compute_overview(ctx).totals  # every task here is of 2026
    assert (year.open, year.overdue, year.done) == (4, 2, 3)
    q4 = compute_overview(ctx, period=Period.of(2026, 4))
    # A3 A4 A5 B2 (B3 cancelled): open A3 A4 A5, overdue A3, due within the week A4, done B2
    assert (q4.open, q4.overdue, q4.due_this_week, q4.done) == (3, 1, 1, 1)
    assert [r.title for r in q4.oldest_overdue] == ["Nhiệm vụ"]

"""One rule for a task's state: the per-task function, the overview's SQL, the task list and the
follow-up report agree on a hand-built dataset with every case (today is 29/11/2026).

unit A: early     assigned 01/10 due 20/10 done 15/10        on time
        due_day   assigned 01/10 due 20/10 done 20/10        on time (done on the due day)
        late      assigned 01/10 due 20/10 done 25/10        late 5 days
        no_due    assigned 01/10 no due    done 05/11        on time (no due day is never late)
        ip_over   assigned 02/10 due 01/11 in progress       overdue 28 days
        today     assigned 02/10 due 29/11 in progress       in progress (due today, not overdue)
        old       assigned 01/07 due 01/08 not started       overdue (outside quarter IV)
unit B: ns_over   assigned 02/10 due 01/11 not started       overdue 28 days
        open_nd   assigned 02/10 no due    not started       not started (never overdue)
        ahead     assigned 03/10 due 10/12 not started       not started
        cancel    assigned 03/10 due 01/11 cancelled         cancelled (left out)
        after     assigned 03/10 due 30/10 done 20/11        late 21; as of 15/11 overdue 16
        deleted   assigned 03/10 due 01/11, in the trash     left out everywhere
        future    assigned 05/12 due 20/12 not started       left out of figures as of 29/11
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal

import pytest
from sqlmodel import col, select

from giaoban.core.models import Task
from giaoban.core.services import directory, tasks
from giaoban.core.services.document_data import load_followup_report_data
from giaoban.core.services.overview import compute_overview, unit_figures
from giaoban.core.services.tasks_query import list_tasks
from giaoban.core.services.tasks_rules import Standing, task_standing
from giaoban.core.text import quarter_bounds
from giaoban.documents.blocks import Paragraph, Table
from giaoban.documents.builders import build_report

D = dt.date
TODAY = D(2026, 11, 29)
AS_OF_DAYS = (D(2026, 10, 20), D(2026, 11, 1), D(2026, 11, 15), TODAY)
SPEC = {
    # name: (unit index, assigned, due, action, completed)
    "early": (0, D(2026, 10, 1), D(2026, 10, 20), "done", D(2026, 10, 15)),
    "due_day": (0, D(2026, 10, 1), D(2026, 10, 20), "done", D(2026, 10, 20)),
    "late": (0, D(2026, 10, 1), D(2026, 10, 20), "done", D(2026, 10, 25)),
    "no_due": (0, D(2026, 10, 1), None, "done", D(2026, 11, 5)),
    "ip_over": (0, D(2026, 10, 2), D(2026, 11, 1), "progress", None),
    "today": (0, D(2026, 10, 2), TODAY, "progress", None),
    "old": (0, D(2026, 7, 1), D(2026, 8, 1), "", None),
    "ns_over": (1, D(2026, 10, 2), D(2026, 11, 1), "", None),
    "open_nd": (1, D(2026, 10, 2), None, "", None),
    "ahead": (1, D(2026, 10, 3), D(2026, 12, 10), "", None),
    "cancel": (1, D(2026, 10, 3), D(2026, 11, 1), "cancel", None),
    "after": (1, D(2026, 10, 3), D(2026, 10, 30), "done", D(2026, 11, 20)),
    "deleted": (1, D(2026, 10, 3), D(2026, 11, 1), "delete", None),
    "future": (1, D(2026, 12, 5), D(2026, 12, 20), "", None),
}


@pytest.fixture
def dataset(ctx):
    units = [o.id for o in directory.list_organizations(ctx)][:2]
    ids = {}
    for name, (unit, assigned, due, action, completed) in SPEC.items():
        task_id = tasks.create_task(ctx, title=f"Nhiệm vụ {name}", lead_unit_id=units[unit],
                                    assigned_on=assigned, due_on=due).id
        ids[name] = task_id
        if action == "done":
            tasks.complete_task(ctx, task_id, completed_on=completed)
        elif action == "progress":
            tasks.add_update(ctx, task_id, "Đang triển khai")
        elif action == "cancel":
            tasks.cancel_task(ctx, task_id, reason="Không còn cần thiết")
        elif action == "delete":
            with ctx.transaction() as s:
                row = s.get(Task, task_id)
                row.deleted_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
                s.add(row)
    return units, ids


def _live_tasks(ctx) -> list[Task]:
    with ctx.session() as s:
        return list(s.exec(select(Task).where(col(Task.deleted_at).is_(None))))


def _tally(rows: list[Task], as_of: dt.date, start=None, end=None) -> dict[int, tuple[int, ...]]:
    """The unit table worked out task by task with task_standing."""
    counts: dict[int, Counter[Standing]] = {}
    for t in rows:
        if t.assigned_on > as_of or (start and t.assigned_on < start) or (end and t.assigned_on > end):
            continue
        key = task_standing(t.status, t.due_on, t.completed_on, as_of).key
        counts.setdefault(t.lead_unit_id, Counter())[key] += 1
    return {
        unit: (sum(c.values()) - c[Standing.CANCELLED], c[Standing.ON_TIME], c[Standing.LATE],
               c[Standing.IN_PROGRESS] + c[Standing.NOT_STARTED], c[Standing.OVERDUE],
               c[Standing.CANCELLED])
        for unit, c in counts.items()
    }


def _figures(units) -> dict[int, tuple[int, ...]]:
    return {u.unit_id: (u.assigned, u.done_on_time, u.done_late, u.in_progress, u.overdue,
                        u.cancelled) for u in units}


def test_every_case_has_the_expected_standing(ctx, dataset):
    _units, ids = dataset
    by_id = {t.id: t for t in _live_tasks(ctx)}

    def standing(name, as_of=TODAY):
        t = by_id[ids[name]]
        return task_standing(t.status, t.due_on, t.completed_on, as_of)

    assert {n: standing(n).key for n in SPEC if n != "deleted"} == {
        "early": "on_time", "due_day": "on_time", "late": "late", "no_due": "on_time",
        "ip_over": "overdue", "today": "in_progress", "old": "overdue", "ns_over": "overdue",
        "open_nd": "not_started", "ahead": "not_started", "cancel": "cancelled",
        "after": "late", "future": "not_started",
    }
    assert (standing("late").days_late, standing("after").days_late) == (5, 21)
    assert standing("ip_over").days_overdue == 28
    assert standing("after", D(2026, 11, 15)) == task_standing("in_progress", D(2026, 10, 30),
                                                               None, D(2026, 11, 15))
    assert standing("after", D(2026, 11, 15)).days_overdue == 16
    assert standing("today", D(2026, 11, 30)).key == "overdue"  # the day after its due day


@pytest.mark.parametrize("as_of", AS_OF_DAYS)
def test_sql_figures_equal_the_per_task_rule(ctx, dataset, as_of):
    rows = _live_tasks(ctx)
    with ctx.session() as s:
        all_time = unit_figures(s, as_of)
        quarter = unit_figures(s, as_of, *quarter_bounds(2026, 4))
    assert _figures(all_time) == _tally(rows, as_of)
    assert _figures(quarter) == _tally(rows, as_of, *quarter_bounds(2026, 4))

    o = compute_overview(ctx, as_of=as_of)
    rows = [t for t in rows if t.assigned_on <= as_of]  # the overview's scope: assigned by then
    keys = Counter(task_standing(t.status, t.due_on, t.completed_on, as_of).key for t in rows)
    assert o.overdue == keys[Standing.OVERDUE]
    assert o.open == keys[Standing.OVERDUE] + keys[Standing.IN_PROGRESS] + keys[Standing.NOT_STARTED]
    assert {r.id for r in o.oldest_overdue} == {
        t.id for t in rows
        if task_standing(t.status, t.due_on, t.completed_on, as_of).key == Standing.OVERDUE}


def test_hand_counted_unit_table_today(ctx, dataset):
    (a, b), _ids = dataset
    units = {u.unit_id: u for u in compute_overview(ctx).units}
    # A: 7 tasks, on time early/due_day/no_due, late 1, in progress 'today', overdue ip_over+old
    assert _figures([units[a]])[a] == (7, 3, 1, 1, 2, 0)
    # B (future and deleted left out): late 'after', open open_nd+ahead, overdue ns_over
    assert _figures([units[b]])[b] == (4, 0, 1, 2, 1, 1)


def test_task_list_rows_follow_the_same_rule(ctx, dataset):
    _units, ids = dataset
    rows = {r.id: r for r in list_tasks(ctx)}
    by_id = {t.id: t for t in _live_tasks(ctx)}
    for task_id, row in rows.items():
        t = by_id[task_id]
        standing = task_standing(t.status, t.due_on, t.completed_on, TODAY)
        assert row.overdue == (standing.key == Standing.OVERDUE)
        assert row.done_late == (standing.key == Standing.LATE)
        assert (row.days_overdue, row.days_late) == (standing.days_overdue, standing.days_late)
    assert rows[ids["due_day"]].deadline_note == "Đúng hạn"
    assert ids["deleted"] not in rows


def _summary(document) -> dict[str, str]:
    lines = {}
    for block in document.blocks:
        if isinstance(block, Paragraph):
            match = re.match(r"- (.+?): (.+?)[;.]$", block.text)
            if match:
                lines[match.group(1)] = match.group(2)
    return lines


@pytest.mark.parametrize("as_of", AS_OF_DAYS)
def test_report_shows_the_overview_figures(ctx, dataset, as_of):
    o = compute_overview(ctx, as_of=as_of, period=(2026, 4))
    document = build_report(load_followup_report_data(ctx, *quarter_bounds(2026, 4), as_of))
    t = o.totals
    summary = _summary(document)
    assert summary["Tổng số nhiệm vụ được giao"] == str(t.assigned)
    assert summary["Đã hoàn thành đúng hạn"] == str(t.done_on_time)
    assert summary["Hoàn thành quá hạn"] == str(t.done_late)
    assert summary["Đang thực hiện, còn trong hạn"] == str(t.in_progress)
    assert summary["Quá hạn chưa hoàn thành"] == str(t.overdue)
    rate = summary.get("Tỷ lệ đúng hạn")
    if o.on_time_rate is None:
        assert rate is None
    else:
        printed_rate = Decimal(rate.rstrip("%").replace(",", "."))
        assert abs(printed_rate - Decimal(100 * o.on_time_rate)) <= Decimal("0.05")

    # per lead unit: the report's lines, counted by their printed state, are the overview's
    tables = [b for b in document.blocks if isinstance(b, Table)]
    printed: dict[str, Counter[str]] = {}
    for row in (tables[0].rows if tables else []):
        printed.setdefault(row.group, Counter())[row.cells[4]] += 1
    expected = {
        u.unit: Counter({"Đã hoàn thành": u.done_on_time, "Hoàn thành quá hạn": u.done_late,
                         "Quá hạn": u.overdue}) for u in o.units
    }
    assert {unit: Counter({k: n for k, n in c.items()
                           if k in ("Đã hoàn thành", "Hoàn thành quá hạn", "Quá hạn")})
            for unit, c in printed.items()} == {
        unit: +c for unit, c in expected.items()}
    assert {unit: sum(c.values()) for unit, c in printed.items()} == {
        u.unit: u.assigned for u in o.units}


def test_report_on_the_pinned_day_in_numbers(ctx, dataset):
    document = build_report(load_followup_report_data(ctx, *quarter_bounds(2026, 4), TODAY))
    summary = _summary(document)
    # quarter IV: A without 'old' (6) + B (4): on time 3, late 2, open 3, overdue 2
    assert [summary[k] for k in ("Tổng số nhiệm vụ được giao", "Đã hoàn thành đúng hạn",
                                 "Hoàn thành quá hạn", "Đang thực hiện, còn trong hạn",
                                 "Quá hạn chưa hoàn thành", "Tỷ lệ hoàn thành",
                                 "Tỷ lệ đúng hạn",
                                 "Nhiệm vụ đã hủy (không tính)")] == [
        "10", "3", "2", "3", "2", "50%", "42,9%", "1"]

"""The demo data is realistic relative to the day it is made: nothing happens after that day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from giaoban.core.clock import Clock
from giaoban.core.demo import fill_demo
from giaoban.core.models import Aspiration, Briefing, Task, TaskUpdate
from giaoban.core.startup import open_context

# New Year's Day, a leap day, the last day of a quarter, a quarter's first day, the pinned day.
DAYS = [dt.date(2027, 1, 1), dt.date(2028, 2, 29), dt.date(2027, 3, 31), dt.date(2026, 7, 1),
        dt.date(2026, 11, 29)]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_no_demo_event_after_the_day_it_is_made(tmp_path, day):
    ctx = open_context(tmp_path / "demo.db", clock=Clock.at(day))
    try:
        fill_demo(ctx, "small")
        with ctx.session() as s:
            briefings = s.exec(select(Briefing)).all()
            aspirations = s.exec(select(Aspiration)).all()
            tasks = s.exec(select(Task)).all()
            updates = s.exec(select(TaskUpdate)).all()
    finally:
        ctx.db.dispose()
    assert briefings and aspirations and tasks and updates
    assert max(b.held_on for b in briefings if b.held_on) <= day
    assert max(a.raised_on for a in aspirations) <= day
    answered = [a for a in aspirations if a.response_on]
    assert answered and all(a.raised_on <= a.response_on <= day for a in answered)
    assert all(t.assigned_on <= day for t in tasks)
    done = [t for t in tasks if t.completed_on]
    assert done and all(t.assigned_on <= t.completed_on <= day for t in done)
    assert all(u.updated_on <= day for u in updates)
    by_task = {t.id: t for t in tasks}
    assert all(u.updated_on >= by_task[u.task_id].assigned_on for u in updates)
    stamps = [r.created_at for r in (*briefings, *aspirations, *tasks)]
    assert {s.replace(tzinfo=dt.UTC).astimezone().date() for s in stamps} == {day}

"""``giaoban tasks --json`` is written straight from the rows (commands/tasks.json_text): the
same text json.dumps writes of the rows' ``as_json``, whatever the values hold."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from giaoban.commands.tasks import json_text
from giaoban.core.services.tasks_query import TaskFilter, list_tasks


def _expected(rows):  # type: ignore[no-untyped-def]
    return json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2, default=str)


def test_the_task_json_is_jsons_own_on_the_demo(demo_ctx):
    rows = list_tasks(demo_ctx, TaskFilter())
    assert rows and any(r.supporting_units for r in rows) and any(r.completed_on for r in rows)
    assert json_text(rows) == _expected(rows)
    assert json_text([]) == _expected([]) == "[]"


def test_odd_values_are_written_as_json_writes_them(demo_ctx):
    [row] = list_tasks(demo_ctx, TaskFilter())[:1]
    odd = dataclasses.replace(
        row, title='Trích "dẫn" \\ %s %(x)s\n\ttab \u2028 đ', lead_unit="", supporting_units=(
            "A \"b\"", "", "%d"), due_on=None, completed_on=dt.date(2026, 1, 2), briefing_id=None,
        days_overdue=0, overdue=False, status="done")
    twice = [odd, dataclasses.replace(odd, supporting_units=(), briefing_id=2**40, overdue=True)]
    assert json_text(twice) == _expected(twice)

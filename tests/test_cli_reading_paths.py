"""The faster reading paths of the command line (issue 18) give the same answers as the general
ones: a long task list read with its filter as a subquery, on SQLite and on the server; the JSON
of a list of records written without json's pure-Python pretty printer."""

from __future__ import annotations

import json
from enum import StrEnum

import pytest

from giaoban.commands import print_json
from giaoban.core.services import tasks_query
from giaoban.core.services.tasks_query import TaskFilter, list_tasks, task_ids, task_rows

FILTERS = [
    TaskFilter(),
    TaskFilter(overdue_only=True),
    TaskFilter(statuses=("done",)),
    TaskFilter(query="kiểm tra"),
    TaskFilter(due_within=60),
]


@pytest.mark.parametrize("ctx", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("sort", ["deadline", "title", "lead_unit", "briefing"])
@pytest.mark.parametrize("filt", FILTERS, ids=["all", "overdue", "done", "query", "due-within"])
def test_a_long_list_reads_the_same_rows_through_its_filter(demo_ctx, monkeypatch, filt, sort):
    """More ids than one chunk: rows come from the filter as a subquery, in the list's order."""
    expected = task_rows(demo_ctx, task_ids(demo_ctx, filt, sort=sort))
    assert list_tasks(demo_ctx, filt, sort=sort) == expected  # one chunk: the ids themselves
    monkeypatch.setattr(tasks_query, "CHUNK", 3)
    assert len(expected) > 3, "the demo must give a list longer than the patched chunk"
    assert list_tasks(demo_ctx, filt, sort=sort) == expected


class Kind(StrEnum):
    TASK = "task"


@pytest.mark.parametrize("data", [
    [{"100%": "50% %s %(x)s", "b": ["%d", 7]}, {"b": [], "100%": ""}],  # % in keys and values
    [{"a": 1}, {"b": 2}, {"a": 3}, {}],  # records with different keys
    [{"kind": Kind.TASK}],  # a str subclass: json itself
    [{"a": [1.5]}], [{"a": [[1]]}], [{"n": 2**70, "t": True, "f": False, "z": None}],
])
def test_the_quick_json_writer_agrees_with_json(data, capsys):
    print_json(data)
    assert capsys.readouterr().out == json.dumps(data, ensure_ascii=False, indent=2,
                                                 default=str) + "\n"

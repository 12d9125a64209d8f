"""The task list sorts units and statuses in Vietnamese order and titles ignoring diacritics,
not by code points ("Đoàn…" and "Ủy ban…" after every "V" is what a database does by itself)."""

from __future__ import annotations

import datetime as dt

import pytest

from giaoban.core.services import directory, tasks
from giaoban.core.services.tasks_query import TaskFilter, list_tasks, task_ids, task_rows
from giaoban.core.text import sort_key

TODAY = dt.date(2026, 11, 29)
UNITS = ["Văn phòng Đảng ủy xã", "Ủy ban nhân dân xã", "Đoàn Thanh niên xã", "Ban Dân vận xã"]
TITLES = ["Vận động hộ dân", "Đôn đốc giải ngân", "Rà soát hồ sơ", "Ủng hộ quỹ", "Dự thảo kế hoạch"]


@pytest.fixture
def made(ctx):
    units = [directory.create_organization(ctx, name=name).id for name in UNITS]
    ids = [tasks.create_task(ctx, title=title, lead_unit_id=units[i % len(units)],
                             assigned_on=TODAY, due_on=TODAY + dt.timedelta(days=i)).id
           for i, title in enumerate(TITLES)]
    tasks.complete_task(ctx, ids[0], completed_on=TODAY)
    tasks.cancel_task(ctx, ids[1], reason="Không còn cần")
    return ids


def shown(ctx, ids, field):
    return [getattr(row, field) for row in task_rows(ctx, ids)]


def test_units_in_vietnamese_order_both_ways(ctx, made):
    ours = set(UNITS)
    ascending = [u for u in shown(ctx, task_ids(ctx, TaskFilter(), sort="lead_unit"), "lead_unit")
                 if u in ours]
    assert list(dict.fromkeys(ascending)) == [
        "Ban Dân vận xã", "Đoàn Thanh niên xã", "Ủy ban nhân dân xã", "Văn phòng Đảng ủy xã"]
    descending = [u for u in shown(ctx, task_ids(ctx, TaskFilter(), sort="lead_unit",
                                                 descending=True), "lead_unit") if u in ours]
    assert descending == ascending[::-1]


def test_titles_by_their_words_without_diacritics_on_the_screen_and_the_command_line(ctx, made):
    # as the register sorts content: by the folded search words (đ read as d), so "Ủng…" comes
    # before "Vận…" and "Đôn…" among the d's, not after every "V"
    expected = ["Đôn đốc giải ngân", "Dự thảo kế hoạch", "Rà soát hồ sơ", "Ủng hộ quỹ",
                "Vận động hộ dân"]
    assert shown(ctx, task_ids(ctx, TaskFilter(), sort="title"), "title") == expected
    assert [row.title for row in list_tasks(ctx, TaskFilter(), sort="title")] == expected


def test_statuses_in_the_order_of_their_labels(ctx, made):
    labels = [row.status_label for row in task_rows(ctx, task_ids(ctx, TaskFilter(),
                                                                   sort="status"))]
    assert labels == sorted(labels, key=sort_key)
    assert len(set(labels)) == 3  # done, cancelled and the open ones

"""The Kỳ list of the overview (``scope_periods``): the quarters that hold a live task, found in
two statements whatever the number of tasks or quarters (no scan of every task's day).

Tasks spread over years with gaps — a year without tasks, a quarter only the trash holds, the
first and last days of quarters — and the list must be exactly the quarters counted here in
Python; the probes are also split over several SELECTs to check the chunking. On both backends.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from giaoban.core.models import Task
from giaoban.core.services import directory, overview
from giaoban.core.services.overview import scope_periods
from giaoban.core.text import quarter_of

pytestmark = pytest.mark.parametrize("ctx", ["sqlite", "postgresql"], indirect=True)
D = dt.date
LIVE_DAYS = (D(2019, 3, 31), D(2019, 4, 1), D(2021, 12, 31), D(2024, 7, 1), D(2026, 11, 29))
TRASHED_DAYS = (D(2020, 5, 5), D(2024, 1, 15), D(2030, 1, 1))


def _add_tasks(ctx) -> None:
    unit = directory.list_organizations(ctx)[0].id  # a seeded body
    with ctx.transaction() as session:
        for day in LIVE_DAYS:
            session.add(Task(title=f"Việc ngày {day}", lead_unit_id=unit, assigned_on=day,
                             status="not_started"))
        for day in TRASHED_DAYS:
            session.add(Task(title=f"Đã xóa {day}", lead_unit_id=unit, assigned_on=day,
                             status="not_started", deleted_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)))


def _expected() -> list[str]:
    quarters = {(d.year, quarter_of(d)) for d in LIVE_DAYS}
    keys: list[str] = []
    for year in sorted({y for y, _q in quarters}, reverse=True):
        keys.append(str(year))
        keys += [f"{year}-Q{q}" for q in (4, 3, 2, 1) if (year, q) in quarters]
    return keys


def _statements(ctx) -> list[str]:
    seen: list[str] = []
    event.listen(ctx.db.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *args: seen.append(statement))
    return seen


def test_the_quarters_holding_a_live_task_in_two_statements(ctx) -> None:
    _add_tasks(ctx)
    seen = _statements(ctx)
    keys = [p.key for p in scope_periods(ctx)]
    assert keys == _expected()
    assert "2020" not in keys and "2024-Q1" not in keys and "2030" not in keys  # trash only
    selects = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2, selects


def test_many_quarters_are_probed_in_chunks(ctx, monkeypatch) -> None:
    _add_tasks(ctx)
    monkeypatch.setattr(overview, "PROBES_PER_QUERY", 5)
    seen = _statements(ctx)
    assert [p.key for p in scope_periods(ctx)] == _expected()
    quarters_spanned = (2026 - 2019) * 4 + 4  # 2019-Q1 … 2026-Q4
    selects = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 + -(-quarters_spanned // 5)


def test_no_live_task_no_period(ctx) -> None:
    assert scope_periods(ctx) == []

"""Regression guard for speed that is not a timed test: SQL statements must not grow with rows.

Each scenario (opening a list page, opening a briefing, the overview, a search) runs on the small
demo data and on a copy with 8× the briefings, aspirations and tasks; the statements it sends
(SQLAlchemy ``before_cursor_execute`` on ``ctx.db.engine``) are counted. A query per row, or a list
loaded eagerly in chunks, makes the bigger count larger and fails here long before anyone notices
a slow screen. Each scenario imports what it measures directly: a renamed module or function fails
here, it is never skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from giaoban.core import search
from giaoban.core.clock import Clock
from giaoban.core.context import AppContext
from giaoban.core.demo import fill_demo
from giaoban.core.services import briefing_query, tasks_query
from giaoban.core.services.overview import compute_overview
from giaoban.core.startup import open_context
from tests.conftest import TODAY

pytestmark = pytest.mark.timeout(240)

DOUBLINGS = 3  # 2**3 = 8× the rows
SETTLE_MS = 400  # longer than any debounce timer of the pages (FilterBar: 120 ms)
AREA_INDEX = {"briefings": 0, "aspirations": 1, "tasks": 2, "overview": 3, "directory": 4}


def _double(conn: Any, table: str, children: tuple[tuple[str, str], ...] = ()) -> None:
    """Copy every row of ``table`` once (new ids follow the old ones), with its child rows."""
    low, high, count = conn.execute(text(f"SELECT min(id), max(id), count(*) FROM {table}")).one()
    assert (low, high) == (1, count), f"{table} ids must be 1..n to copy children by offset"
    columns = [row[1] for row in conn.execute(text(f"PRAGMA table_info({table})")) if row[1] != "id"]
    names = ", ".join(f'"{c}"' for c in columns)
    conn.execute(text(f"INSERT INTO {table} ({names}) SELECT {names} FROM {table} ORDER BY id"))
    for child, key in children:
        child_columns = [row[1] for row in conn.execute(text(f"PRAGMA table_info({child})"))
                         if row[1] not in ("id", key)]
        child_names = ", ".join(f'"{c}"' for c in child_columns)
        conn.execute(text(
            f"INSERT INTO {child} ({key}, {child_names}) "
            f"SELECT {key} + :offset, {child_names} FROM {child} WHERE {key} <= :offset"
        ), {"offset": high})


def _grow(ctx: AppContext) -> None:
    """8× the aspirations and tasks (kept in their briefings) and 8× the briefing list."""
    with ctx.db.engine.begin() as conn:
        for _round in range(DOUBLINGS):
            _double(conn, "briefing")
            _double(conn, "aspiration")
            _double(conn, "task", (("task_support", "task_id"), ("task_update", "task_id")))


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two database files: the small demo, and the same grown 8×."""
    paths = {}
    for name in ("small", "big"):
        path = tmp_path_factory.mktemp(f"counts-{name}") / f"{name}.db"
        ctx = open_context(path, clock=Clock.at(TODAY))
        fill_demo(ctx, "small")
        if name == "big":
            _grow(ctx)
        ctx.db.dispose()
        paths[name] = path
    return paths


@contextmanager
def counting(ctx: AppContext) -> Iterator[list[str]]:
    """The SQL statements sent through ``ctx``'s engine inside the block."""
    statements: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", on_execute)
    try:
        yield statements
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", on_execute)


def _open(path: Path) -> AppContext:
    ctx = open_context(path, clock=Clock.at(TODAY))
    ctx.user = "tester"
    return ctx


def _compare(datasets: dict[str, Path], scenario: Callable[[AppContext], None]) -> list[int]:
    """Statement counts of ``scenario`` on the small and the big file; fails if they differ."""
    counts, texts = [], []
    for name in ("small", "big"):
        ctx = _open(datasets[name])
        try:
            with counting(ctx) as statements:
                scenario(ctx)
        finally:
            ctx.db.dispose()
        counts.append(len(statements))
        texts.append(statements)
    assert counts[0] > 0, "the scenario sent no SQL through ctx.db.engine at all"
    assert counts[1] <= counts[0], (
        f"{counts[0]} statements on the small data, {counts[1]} on 8× the rows: something runs "
        "a query per row or loads a list in chunks. Extra statements:\n"
        + "\n".join(sorted(set(texts[1]) - set(texts[0]))[:5] or texts[1][counts[0]:][:5])
    )
    return counts


# --- services ------------------------------------------------------------------------------------


def _first_briefing_with_aspirations(ctx: AppContext) -> int:
    with ctx.db.engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT briefing_id FROM aspiration WHERE briefing_id IS NOT NULL "
            "GROUP BY briefing_id ORDER BY count(*) DESC, briefing_id LIMIT 1")).scalar_one())


def test_opening_a_briefing_costs_the_same_queries_whatever_its_size(datasets):
    def scenario(ctx: AppContext) -> None:
        briefing_id = _first_briefing_with_aspirations(ctx)
        draft = briefing_query.load_briefing(ctx, briefing_id)
        briefing_query.follow_ups(ctx, briefing_id)
        assert draft.aspirations

    _compare(datasets, scenario)


def test_briefing_list_costs_the_same_queries_with_eight_times_the_briefings(datasets):
    _compare(datasets, lambda ctx: briefing_query.list_briefings(ctx))


def test_search_costs_the_same_queries_with_eight_times_the_rows(datasets):
    _compare(datasets, lambda ctx: search.search(ctx, "duong"))


def test_overdue_task_ids_and_first_page_cost_the_same_queries(datasets):
    def scenario(ctx: AppContext) -> None:
        ids = tasks_query.task_ids(ctx, tasks_query.TaskFilter(overdue_only=True))
        assert ids
        tasks_query.task_rows(ctx, ids[:100])

    _compare(datasets, scenario)


def test_overview_costs_the_same_queries_with_eight_times_the_rows(datasets):
    _compare(datasets, lambda ctx: compute_overview(ctx))


# --- pages (the models as the GUI loads them) ----------------------------------------------------


def _diff(small: list[str], big: list[str]) -> str:
    """The statements that differ, one line each, to see what grew."""
    import difflib

    heads = [[" ".join(s.split())[:110] for s in run] for run in (small, big)]
    lines = difflib.unified_diff(heads[0], heads[1], "small", "big", lineterm="", n=1)
    return "\n".join(list(lines)[:30])


def _page_statements(path: Path, area: str, qtbot: Any) -> list[str]:
    """Statements sent while the main window shows ``area`` for the first time."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from giaoban.ui.main_window import MainWindow

    ctx = _open(path)
    try:
        # Open on another cheap area and let start-up work finish outside the count, then count
        # only what showing this page costs (its models loaded, the visible rows painted).
        QSettings().setValue("window/area", AREA_INDEX["directory" if area != "directory" else "briefings"])
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        window._after_start()  # reminders and the start-up backup: done before counting
        window.reminders.check()  # its delayed first check (1.5 s) then sends no SQL mid-count
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(10_000)
        qtbot.wait(50)
        with counting(ctx) as statements:
            window.show_area(area)
            qtbot.wait(SETTLE_MS)  # debounced reloads run on both data sets, not only the slow one
            window.grab()
            QApplication.processEvents()
        window.close()
    finally:
        ctx.db.dispose()
    return statements


@pytest.mark.parametrize("area", ["briefings", "aspirations", "tasks", "overview", "directory"])
def test_opening_a_page_costs_the_same_queries_with_eight_times_the_rows(datasets, qtbot, area):
    from giaoban.ui.app import create_application

    create_application()
    # A first visit saves header and splitter state in QSettings; later visits restore it (and a
    # restored sort order may reload the list). Count both data sets in that same later state.
    _page_statements(datasets["small"], area, qtbot)
    small = _page_statements(datasets["small"], area, qtbot)
    big = _page_statements(datasets["big"], area, qtbot)
    assert small, f"showing the {area} page sent no SQL at all"
    assert len(big) <= len(small), (
        f"the {area} page sent {len(small)} statements on the small data and {len(big)} on 8× the "
        "rows: a query per row, or the whole list loaded in chunks instead of an id-backed lazy "
        "model. Difference:\n" + _diff(small, big)
    )

"""The task list filtered to overdue: opening it, then scrolling it end to end.

Opening = the page's ``show_deadline("overdue")`` (filters set, ids queried, model reset, first
row selected and shown in the detail) plus the first 30 rows' cells read, as the view paints
them. Scrolling = every row's cells read through the lazy model, which fetches page by page. The
floors are bare SQL through sqlite3 on the same file: the overdue ids in order (opening), and
the same rows with their lead unit's name (scrolling).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from typing import Any

from bench.timing import Result, measure

TITLE = "task list, overdue"
VISIBLE_ROWS = 30
# Overdue as tasks_rules.standing_sql says: open, or done only after today, and due before today.
OVERDUE = ("FROM task t JOIN organization o ON o.id = t.lead_unit_id WHERE t.deleted_at IS NULL "
           "AND (t.status IN ('not_started', 'in_progress') OR (t.status = 'done' AND "
           "t.completed_on > :today)) AND t.due_on IS NOT NULL AND t.due_on < :today "
           "ORDER BY t.due_on, t.id")


def sql_floor(path: Any, columns: str, today: dt.date, runs: int) -> list[float]:
    conn = sqlite3.connect(path)
    try:
        return measure(lambda: conn.execute(f"SELECT {columns} {OVERDUE}",
                                            {"today": today.isoformat()}).fetchall(), runs)
    finally:
        conn.close()


def time_overdue(bench: Any) -> tuple[list[float], list[float], int]:
    """Samples of opening the overdue list, of scrolling it, and its rows (any backend)."""
    window = bench.window()
    page = window.show_area("tasks")
    model, app = page.model, bench.app
    columns = model.columnCount()

    def read_rows(count: int) -> None:
        for row in range(count):
            for column in range(columns):
                model.data(model.index(row, column))

    def open_overdue() -> None:
        page.show_deadline("overdue")
        app.processEvents()
        read_rows(min(VISIBLE_ROWS, model.rowCount()))

    def scroll_all() -> None:
        page.show_deadline("overdue")  # a fresh model: nothing cached
        start = time.perf_counter()
        read_rows(model.rowCount())
        scroll_all.seconds = time.perf_counter() - start  # type: ignore[attr-defined]

    open_samples = measure(open_overdue, bench.runs)
    rows = model.rowCount()
    scroll_samples = []
    for _ in range(max(3, bench.runs // 2)):
        scroll_all()
        scroll_samples.append(scroll_all.seconds)  # type: ignore[attr-defined]
    window.close()
    return open_samples, scroll_samples, rows


def run(bench: Any) -> list[Result]:
    open_samples, scroll_samples, rows = time_overdue(bench)
    today = bench.ctx.today()
    return [
        Result(name=f"open the task list filtered to overdue ({rows:,} rows)", samples=open_samples,
               floor_samples=sql_floor(bench.db_path, "t.id", today, bench.runs),
               floor_name="bare SQL of the overdue ids in due order via sqlite3",
               note="no budget in the issue; reported"),
        Result(name=f"scroll the overdue list end to end ({rows:,} rows)", samples=scroll_samples,
               floor_samples=sql_floor(bench.db_path, "t.*, o.name", today, bench.runs),
               floor_name="bare SQL of the same rows with the lead unit's name via sqlite3",
               note="every cell read through the lazy model; no budget in the issue"),
    ]

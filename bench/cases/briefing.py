"""Opening a briefing with 200 aspirations and 100 tasks in the briefing editor.

The bench dataset tops the newest 200-aspiration briefing of the large demo up to 100 tasks.
Timed: the Briefings page's ``open_briefing`` (load the draft, fill every tab and grid, the
follow-ups and the review of open tasks) and the events it queues. The floor is the bare SQL of
the same rows through sqlite3: the briefing, its attendance, reports, aspirations, conclusions
and tasks (six SELECTs, all rows fetched).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from bench.timing import Result, measure

TITLE = "open a briefing"
FLOOR_SQL = (
    "SELECT * FROM briefing WHERE id = ?",
    "SELECT * FROM attendance WHERE briefing_id = ? ORDER BY position, id",
    "SELECT * FROM report WHERE briefing_id = ? ORDER BY position, id",
    "SELECT * FROM aspiration WHERE briefing_id = ? AND deleted_at IS NULL ORDER BY position, id",
    "SELECT * FROM conclusion WHERE briefing_id = ? ORDER BY position, id",
    "SELECT * FROM task WHERE briefing_id = ? AND deleted_at IS NULL ORDER BY assigned_on, id",
)


def sql_floor(path: Any, briefing_id: int, runs: int) -> list[float]:
    conn = sqlite3.connect(path)
    try:
        return measure(lambda: [conn.execute(sql, (briefing_id,)).fetchall() for sql in FLOOR_SQL],
                       runs)
    finally:
        conn.close()


def sizes(path: Any, briefing_id: int) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {table} WHERE briefing_id = ?",  # type: ignore[return-value]
                                  (briefing_id,)).fetchone()[0] for table in ("aspiration", "task"))
    finally:
        conn.close()


def time_open(bench: Any, briefing_id: int) -> list[float]:
    """Samples of the briefing opened in the editor (any backend)."""
    window = bench.window()
    page = window.show_area("briefings")
    app = bench.app

    def open_it() -> None:
        page.open_briefing(briefing_id)
        app.processEvents()

    samples = []
    for _ in range(bench.runs + 1):
        page.show_list()
        app.processEvents()
        samples += measure(open_it, 1, warmup=0)
    page.show_list()
    window.close()
    return samples[1:]


def run(bench: Any) -> list[Result]:
    briefing_id = bench.dataset.big_briefing_id
    aspirations, tasks = sizes(bench.db_path, briefing_id)
    samples = time_open(bench, briefing_id)
    return [Result(
        name=f"open a briefing ({aspirations} aspirations, {tasks} tasks)", samples=samples,
        floor_samples=sql_floor(bench.db_path, briefing_id, bench.runs),
        floor_name="bare SQL of the briefing and its rows (6 SELECTs) via sqlite3",
        budget_abs=0.150)]

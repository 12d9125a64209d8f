"""The overview (Tổng quan) on the large set: what a leader waits for when the page is opened.

Timed: the page's ``activated()`` — the Kỳ offered (``scope_periods``), every figure
(``compute_overview``: one grouped scan of the tasks and the ten oldest overdue) and the cards,
tables and chart filled — then the events processed (the page painted). A second line times
``compute_overview`` alone. The floor is what any way of computing the figures without a
maintained summary has to read: every live task's unit, status and three dates, scanned by
sqlite3 in one statement on the same file (``SELECT max(…) … WHERE deleted_at IS NULL``). A bare
``COUNT(*)`` would be no floor: SQLite answers it from the smallest index without reading a row.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from bench.timing import NotAvailable, Result, measure

TITLE = "overview"
FLOOR_SQL = ("SELECT max(lead_unit_id), max(status), max(assigned_on), max(due_on), "
             "max(completed_on) FROM task WHERE deleted_at IS NULL")
FLOOR_NAME = ("bare scan of every live task's unit, status and dates via sqlite3 "
              "(SELECT max(…) … WHERE deleted_at IS NULL)")


def scan_floor(path: Any, runs: int) -> tuple[list[float], int]:
    conn = sqlite3.connect(path)
    try:
        count = conn.execute("SELECT count(*) FROM task WHERE deleted_at IS NULL").fetchone()[0]
        return measure(lambda: conn.execute(FLOOR_SQL).fetchall(), runs), int(count)
    except sqlite3.OperationalError as exc:
        raise NotAvailable(f"no task table: {exc}") from exc
    finally:
        conn.close()


def time_page(bench: Any) -> tuple[list[float], list[float]]:
    """Samples of the page opened, then of ``compute_overview`` alone (any backend)."""
    from giaoban.core.services.overview import compute_overview

    window = bench.window()
    page = window.show_area("overview")
    app = bench.app

    def open_page() -> None:
        page.activated()
        app.processEvents()

    page_samples = measure(open_page, bench.runs)
    figure_samples = measure(lambda: compute_overview(bench.ctx), bench.runs)
    window.close()
    return page_samples, figure_samples


def run(bench: Any) -> list[Result]:
    page_samples, figure_samples = time_page(bench)
    floor, tasks = scan_floor(bench.db_path, bench.runs)
    return [
        Result(name=f"overview page opened ({tasks:,} live tasks)", samples=page_samples,
               floor_samples=floor, floor_name=FLOOR_NAME, budget_abs=0.100,
               note="the Kỳ list, every figure, the page filled and painted"),
        Result(name="overview figures alone (compute_overview)", samples=figure_samples,
               floor_samples=floor, floor_name=FLOOR_NAME,
               note="no budget of its own: the page line holds the bound"),
    ]

"""Search in the register, one figure per keystroke: "d", "du", "duo", "duon", "duong".

Each keystroke sets the register's search box and flushes its debounce timer (the wait a user
never feels as work), so what is timed is what the user then waits for: the count of what the
search keeps, the first page of ids in the list's order (the register reads further pages only
as the list scrolls), the first row selected and shown in the detail form (reread only when the
keystroke changes which record that is), the events processed
(the list painted) and the first 30 rows' cells read. The floor is the bare FTS5 query of the
same prefix on the same file through sqlite3, in the same run:
``SELECT rowid FROM aspiration_fts WHERE aspiration_fts MATCH '"duong"*'``, every matching id
fetched. The budget is the issue's: within 5× that floor for every prefix length.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from bench.timing import NotAvailable, Result

TITLE = "search in the register"
QUERY = "duong"
VISIBLE_ROWS = 30


def fts_floor(path: Any, prefix: str, runs: int) -> list[float]:
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT 1 FROM aspiration_fts LIMIT 1")
        samples = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            conn.execute("SELECT rowid FROM aspiration_fts WHERE aspiration_fts MATCH ?",
                         (f'"{prefix}"*',)).fetchall()
            samples.append(time.perf_counter() - start)
        return samples[1:]
    except sqlite3.OperationalError as exc:
        raise NotAvailable(f"no FTS table: {exc}") from exc
    finally:
        conn.close()


PREFIXES = [QUERY[: n] for n in range(1, len(QUERY) + 1)]


def time_keystrokes(bench: Any) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Samples of each keystroke and the rows each prefix keeps (any backend)."""
    window = bench.window()
    page = window.show_area("aspirations")
    box, bar, model, app = page.filter_bar.search, page.filter_bar, page.model, bench.app

    def type_prefix(prefix: str) -> None:
        box.setText(prefix)
        bar.flush()
        app.processEvents()
        for row in range(min(VISIBLE_ROWS, model.rowCount())):
            model.data(model.index(row, model.CONTENT))

    prefixes = PREFIXES
    samples: dict[str, list[float]] = {p: [] for p in prefixes}
    matches: dict[str, int] = {}
    for run_index in range(bench.runs + 1):  # the first pass warms caches and is not counted
        type_prefix("")
        for prefix in prefixes:
            start = time.perf_counter()
            type_prefix(prefix)
            if run_index:
                samples[prefix].append(time.perf_counter() - start)
            matches[prefix] = model.rowCount()
    type_prefix("")
    window.close()
    return samples, matches


def run(bench: Any) -> list[Result]:
    samples, matches = time_keystrokes(bench)
    return [
        Result(name=f"search keystroke “{prefix}” ({matches[prefix]:,} rows)", samples=samples[prefix],
               floor_samples=fts_floor(bench.db_path, prefix, bench.runs),
               floor_name="bare FTS5 MATCH of the prefix via sqlite3, all rowids fetched",
               budget_ratio=5.0, note="count + first page shown")
        for prefix in PREFIXES
    ]

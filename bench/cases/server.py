"""The same screens on the local PostgreSQL server (issue 17 item 8): list, search, briefing, overview.

The data set is the SQLite one copied onto the server (bench/server.py), so every line here has a
SQLite twin above it with the same rows. The app side is timed by the very functions of the
SQLite cases (a main window on a context opened on the server URL); each floor is the same bare
SQL sent through psycopg on a plain connection to the same database in the same run: the overdue
ids in due order (list), the word-prefix query of migration 0002's GIN index with every matching
id fetched, the index used (search, the FTS5 floor's twin: left to itself the planner scans the
table for a prefix most rows hold and recomputes every row's words, seconds), the briefing's six SELECTs, the scan of every live
task's unit, status and dates (overview). The budgets are SQLite's (DESIGN.md).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from bench.cases import briefing, overview, search, tasks
from bench.runner import open_window
from bench.server import ServerSet, connect, prepare
from bench.timing import Result, measure

TITLE = "on the PostgreSQL server"
SEARCH_FLOOR_SQL = ("SELECT id FROM aspiration WHERE to_tsvector('simple'::regconfig, "
                    "regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g')) @@ "
                    "to_tsquery('simple'::regconfig, %s)")


class ServerBench:
    """What the shared timing functions need, on a context opened on the server database."""

    def __init__(self, bench: Any, server: ServerSet) -> None:
        self.bench = bench
        self.server = server
        self.runs = bench.runs
        self.dataset = bench.dataset

    @cached_property
    def ctx(self) -> Any:
        from giaoban.core.startup import open_context

        return open_context(self.server.url, seed=False)

    @property
    def app(self) -> Any:
        return self.bench.app

    def window(self) -> Any:
        """A new main window on the server database, as :meth:`bench.runner.Bench.window`."""
        return open_window(self.app, self.ctx)

    def close(self) -> None:
        if "ctx" in self.__dict__:
            self.ctx.db.dispose()


def pg(sql: str) -> str:
    """The SQLite cases' SQL with psycopg's placeholders."""
    return sql.replace("?", "%s").replace(":today", "%(today)s")


def floor(conn: Any, sql: str, params: Any, runs: int) -> list[float]:
    return measure(lambda: conn.execute(sql, params).fetchall(), runs)


def run(bench: Any) -> list[Result]:
    server = prepare(bench.dataset)
    where = f"{server.shown}" + (f", copied in {server.build_s:.0f} s" if server.build_s else "")
    on = ServerBench(bench, server)
    try:
        open_samples, _scroll, rows = tasks.time_overdue(on)
        keystrokes, matches = search.time_keystrokes(on)
        big = bench.dataset.big_briefing_id
        briefing_samples = briefing.time_open(on, big)
        page_samples, figure_samples = overview.time_page(on)
        today = on.ctx.today()
    finally:
        on.close()
    with connect(server) as conn:
        overdue_floor = floor(conn, pg(f"SELECT t.id {tasks.OVERDUE}"), {"today": today},
                              bench.runs)
        conn.execute("SET enable_seqscan = off")  # the index's answer (FTS5's twin)
        search_floors = {p: floor(conn, SEARCH_FLOOR_SQL, (f"{p}:*",), bench.runs)
                         for p in search.PREFIXES}
        conn.execute("RESET enable_seqscan")
        briefing_floor = measure(lambda: [conn.execute(pg(sql), (big,)).fetchall()
                                          for sql in briefing.FLOOR_SQL], bench.runs)
        scan_floor = floor(conn, overview.FLOOR_SQL, None, bench.runs)
        aspirations, task_count = (conn.execute(
            f"SELECT count(*) FROM {table} WHERE briefing_id = %s", (big,)).fetchone()[0]
            for table in ("aspiration", "task"))
        live = conn.execute("SELECT count(*) FROM task WHERE deleted_at IS NULL").fetchone()[0]
    note = f"PostgreSQL {where}"
    results = [Result(
        name=f"server: open the task list filtered to overdue ({rows:,} rows)",
        samples=open_samples, floor_samples=overdue_floor,
        floor_name="bare SQL of the overdue ids in due order via psycopg",
        note=note + "; no budget in the issue (SQLite's line has none); reported")]
    results += [Result(
        name=f"server: search keystroke “{p}” ({matches[p]:,} rows)", samples=keystrokes[p],
        floor_samples=search_floors[p], budget_ratio=5.0,
        floor_name="bare GIN word-prefix query (to_tsquery 'simple', p:*) via psycopg, "
                   "all ids fetched, the index used (enable_seqscan off)",
        note="count + first page shown; left to itself the planner scans the table for a "
             "prefix most rows hold, recomputing every row's words")
        for p in search.PREFIXES]
    results += [
        Result(name=f"server: open a briefing ({aspirations} aspirations, {task_count} tasks)",
               samples=briefing_samples, floor_samples=briefing_floor, budget_abs=0.150,
               floor_name="bare SQL of the briefing and its rows (6 SELECTs) via psycopg"),
        Result(name=f"server: overview page opened ({live:,} live tasks)", samples=page_samples,
               floor_samples=scan_floor, budget_abs=0.100,
               floor_name="bare scan of every live task's unit, status and dates via psycopg",
               note="the Kỳ list, every figure, the page filled and painted"),
        Result(name="server: overview figures alone (compute_overview)", samples=figure_samples,
               floor_samples=scan_floor, floor_name="as the page line",
               note="no budget of its own: the page line holds the bound"),
    ]
    return results

"""``giaoban demo --size large`` (measured once, when the cached database is built).

The floor is the bare cost of writing the same rows: a freshly migrated empty file that copies
every table of the cached database with ``INSERT INTO … SELECT`` (same indexes, FTS triggers and
one transaction), timed in this run. The demo adds what the floor cannot do: generating the rows
in Python and computing their folded search text.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from bench.dataset import remove_db
from bench.timing import Result

TITLE = "giaoban demo --size large"


def copy_rows_seconds(source: Any, target: Any) -> float:
    """Seconds to copy every ordinary table's rows from the cached file into a new empty one."""
    from giaoban.core.db import open_database
    from giaoban.core.models import SQLModel

    remove_db(target)
    open_database(target).dispose()  # schema at head, no rows
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS src", (str(source),))
        start = time.perf_counter()
        conn.execute("BEGIN")
        for table in SQLModel.metadata.sorted_tables:
            columns = [row[1] for row in conn.execute(f"PRAGMA main.table_info({table.name})")]
            names = ", ".join(f'"{c}"' for c in columns)
            conn.execute(f"INSERT INTO main.{table.name} ({names}) SELECT {names} FROM src.{table.name}")
        conn.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        conn.close()
        remove_db(target)


def run(bench: Any) -> list[Result]:
    dataset = bench.dataset
    floor = copy_rows_seconds(dataset.path, bench.workdir / "floor-copy.db")
    when = "in this run" if dataset.rebuilt else f"when the cache was built ({dataset.built_at})"
    return [Result(
        name=f"giaoban demo --size {dataset.size}", samples=[dataset.demo_s], floor_samples=[floor],
        floor_name="INSERT … SELECT of the same rows into an empty migrated file (one transaction)",
        budget_abs=60.0, note=f"measured once, {when}")]

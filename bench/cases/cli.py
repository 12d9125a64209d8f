"""The reading commands on the large set, each a whole ``giaoban`` process, against their floor.

The floor is what any command that answers through SQLModel pays before it can do its work: a
child of the same interpreter that imports SQLAlchemy and SQLModel and opens the file with
sqlite3 (reading its schema table). ``check`` reads the whole file by design, so its floor also
runs the same integrity PRAGMA (``integrity_check``, or ``quick_check`` on a file above
``core.db.QUICK_CHECK_ABOVE_BYTES``) and ``foreign_key_check`` through sqlite3. A reported line
shows the floor plus importing giaoban's schema (``giaoban.core.models``): the table classes
SQLModel/SQLAlchemy build at import, which the reading commands no longer pay (they read through
``core.tables``; tests/test_read_tables.py checks they never import the models).
Samples of the commands and the floors are interleaved, so a busy machine slows both alike.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.dataset import giaoban_command
from bench.timing import Result

TITLE = "command line"
BUDGET = 1.3
# The reading commands pause Python's cyclic collector while they run (commands/__init__.py);
# the floor pauses it too, so the libraries' import costs both the same (~30 ms less than with
# the collector on) and the ratio is what giaoban's own code adds.
FLOOR_CODE = ("import gc; gc.disable()\n"
              "import sys, sqlite3, sqlalchemy, sqlmodel\n"
              "conn = sqlite3.connect(sys.argv[1])\n"
              "conn.execute('SELECT count(*) FROM sqlite_master').fetchone()\n")
SCHEMA_CODE = FLOOR_CODE + "import giaoban.core.models\n"
CHECK_FLOOR_CODE = FLOOR_CODE + ("conn.execute('PRAGMA ' + sys.argv[2]).fetchall()\n"
                                 "conn.execute('PRAGMA foreign_key_check').fetchall()\n")
TIMEOUT_S = 300


def timed(command: list[str]) -> float:
    """Seconds of one whole process, launched to exit; a failure stops the case."""
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1) or "Traceback" in proc.stderr:
        raise RuntimeError(f"{' '.join(command[-4:])} exited {proc.returncode}: "
                           f"{proc.stderr[-300:]}")
    return seconds


def newest_quarter(path: Path) -> str:
    """The quarter of the newest aspiration: ``aspirations --period`` lists a real quarter."""
    conn = sqlite3.connect(path)
    try:
        (day,) = conn.execute("SELECT max(raised_on) FROM aspiration "
                              "WHERE deleted_at IS NULL").fetchone()
    finally:
        conn.close()
    year, month = int(str(day)[:4]), int(str(day)[5:7])
    return f"{year}-Q{(month - 1) // 3 + 1}"


def run(bench: Any) -> list[Result]:
    from giaoban.core.db import QUICK_CHECK_ABOVE_BYTES

    path = Path(bench.db_path)
    app = [*giaoban_command(), "--db", str(path)]
    commands = {
        "search “duong lien xa”": [*app, "search", "duong lien xa"],
        "tasks --overdue --json": [*app, "tasks", "--overdue", "--json"],
        "briefings --json": [*app, "briefings", "--json"],
        f"aspirations --period {newest_quarter(path)}": [*app, "aspirations", "--period",
                                                        newest_quarter(path)],
        "check": [*app, "check"],
    }
    pragma = "quick_check" if path.stat().st_size > QUICK_CHECK_ABOVE_BYTES else "integrity_check"
    floor = [sys.executable, "-c", FLOOR_CODE, str(path)]
    check_floor = [sys.executable, "-c", CHECK_FLOOR_CODE, str(path), pragma]
    schema = [sys.executable, "-c", SCHEMA_CODE, str(path)]
    samples: dict[str, list[float]] = {name: [] for name in commands}
    floors: list[float] = []
    check_floors: list[float] = []
    schema_samples: list[float] = []
    for command in (*commands.values(), floor, check_floor, schema):  # warm the file cache
        timed(command)
    for _ in range(bench.runs):
        floors.append(timed(floor))
        for name, command in commands.items():
            samples[name].append(timed(command))
        check_floors.append(timed(check_floor))
        schema_samples.append(timed(schema))
    floor_name = ("child python, collector paused as giaoban's reading commands pause it: "
                  "import sqlalchemy, sqlmodel; open the file with sqlite3 "
                  "(same run, interleaved)")
    results = []
    for name, values in samples.items():
        is_check = name == "check"
        results.append(Result(
            name=f"giaoban {name}", samples=values,
            floor_samples=check_floors if is_check else floors,
            floor_name=floor_name + (f" + PRAGMA {pragma} and foreign_key_check (what `check` "
                                     "must read)" if is_check else ""),
            budget_ratio=BUDGET))
    results.append(Result(
        name="floor + giaoban's schema (import giaoban.core.models)", samples=schema_samples,
        floor_samples=floors, floor_name=floor_name,
        note="the table classes SQLModel builds at import: the reading commands no longer "
             "import them (core/tables.py); for comparison, no budget"))
    return results

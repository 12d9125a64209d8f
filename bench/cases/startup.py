"""Start-up and peak memory: ``giaoban --db large.db`` in a child process until shown.

The app reports through the bench hook (ui/bench_hook.py, ``GIAOBAN_BENCH_EXIT_AFTER_SHOWN=1``):
the moment the main window is shown, its first page populated and painted once, as wall-clock
time; the figure is that moment minus the moment the parent launched the process. The floor is a
child of the same interpreter that creates a bare QApplication, shows an empty QMainWindow and
reports the same way. Peak memory (VmHWM) is taken after every area has been opened.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.dataset import giaoban_command
from bench.timing import NotAvailable, Result

TITLE = "start-up"
MB = 1024
FLOOR_CODE = """
import json, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 720)
window.show()
for _ in range(3):
    app.processEvents()
window.grab()
shown_at = time.time()
mem = {}
for line in open("/proc/self/status"):
    if line.startswith(("VmRSS:", "VmHWM:")):
        mem["rss_kb" if line.startswith("VmRSS") else "hwm_kb"] = int(line.split()[1])
print(json.dumps({"shown_at": shown_at, **mem}), flush=True)
"""
# The same bare window after importing the libraries every giaoban start needs: what no change
# to giaoban's own code can go below (reported beside the budget's floor).
LIBRARY_FLOOR_CODE = "import sqlalchemy, sqlmodel, alembic.config, alembic.script\n" + FLOOR_CODE
AREA_OVERVIEW, AREA_REGISTER = 3, 1
TIMEOUT_S = 120


class Hung(Exception):
    """A child that never reported; that sample is dropped and the reason noted."""


def remember_area(area: int) -> None:
    """Write the area the app opens on into the sandboxed settings file."""
    conf = Path(os.environ["XDG_CONFIG_HOME"]) / "giaoban" / "giaoban.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(f"[window]\narea={area}\n", encoding="utf-8")


def launch(command: list[str], *, visit_all: bool = False) -> dict[str, Any]:
    """Run a child to its report; seconds from launch to shown, and its memory in MB."""
    env = dict(os.environ, GIAOBAN_BENCH_EXIT_AFTER_SHOWN="1",
               GIAOBAN_BENCH_VISIT_ALL="1" if visit_all else "0")
    start = time.time()
    try:
        proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:  # e.g. a modal dialog waiting offscreen
        tail = (exc.stderr or b"")[-300:]
        raise Hung(f"{Path(command[0]).name} did not report within {TIMEOUT_S} s; {tail!r}") from exc
    reports = [line for line in proc.stdout.splitlines() if line.startswith('{"shown_at"')]
    if not reports:
        raise NotAvailable(f"no report from {Path(command[0]).name} (exit {proc.returncode}; "
                           f"is bench_hook wired in ui/app.py?) {proc.stderr[-300:]}")
    data = json.loads(reports[-1])
    return {"seconds": data["shown_at"] - start, "hwm_mb": data.get("hwm_kb", 0) / MB}


def run(bench: Any) -> list[Result]:
    app = [*giaoban_command(), "--db", str(bench.db_path)]
    floor = [sys.executable, "-c", FLOOR_CODE]
    results = []
    library = [sys.executable, "-c", LIBRARY_FLOOR_CODE]
    floor_samples: list[float] = []
    library_samples: list[float] = []
    floor_memory: list[float] = []
    for area, label in ((AREA_OVERVIEW, "overview"), (AREA_REGISTER, "register")):
        remember_area(area)
        if bench.runs > 1:
            launch(app)  # warm the file cache
        samples: list[float] = []
        hung = []
        for _ in range(bench.runs):
            remember_area(area)
            try:
                samples.append(launch(app)["seconds"])
            except Hung as exc:
                hung.append(str(exc))
            if len(floor_samples) < bench.runs:
                floor_samples.append(launch(floor)["seconds"])
                library_samples.append(launch(library)["seconds"])
        versus = (f"{statistics.median(samples) / statistics.median(library_samples):.1f}× the "
                  "library floor" if samples else "")
        note = "; ".join(n for n in (versus, f"{len(hung)} run(s) hung and "
                                     f"were dropped: {hung[0]}" if hung else "") if n)
        results.append(Result(
            name=f"start-up to a populated {label} page", samples=samples,
            floor_samples=floor_samples, floor_name="bare QApplication + empty QMainWindow shown "
            "(child process, same interpreter)", budget_ratio=3.0, note=note,
            status="" if samples else "error"))
    results.append(Result(
        name="library floor: bare window after importing SQLAlchemy, SQLModel, Alembic",
        samples=library_samples, floor_samples=floor_samples,
        floor_name="bare QApplication + empty QMainWindow shown",
        note="what giaoban's own code cannot go below; no budget"))
    memory_runs = max(3, bench.runs // 2) if bench.runs >= 3 else bench.runs
    memory: list[float] = []
    hung = []
    for _ in range(memory_runs):
        remember_area(0)
        try:
            memory.append(launch(app, visit_all=True)["hwm_mb"])
        except Hung as exc:
            hung.append(str(exc))
        floor_memory.append(launch(floor)["hwm_mb"])
    results.append(Result(
        name="peak RSS of the GUI after opening every area", samples=memory,
        floor_samples=floor_memory, floor_name="VmHWM of the bare QApplication child", unit="MB",
        budget_abs=300.0, note="VmHWM from /proc/self/status"
        + (f"; {len(hung)} run(s) hung and were dropped: {hung[0]}" if hung else ""),
        status="" if memory else "error"))
    return results

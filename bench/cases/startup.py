"""Start-up and peak memory: ``giaoban --db FILE`` in a child process until shown.

The app reports through the bench hook (ui/bench_hook.py, ``GIAOBAN_BENCH_EXIT_AFTER_SHOWN=1``)
two wall-clock moments: the first paint (the window on screen, "Đang mở dữ liệu…", the database
not yet open) and the window populated (its first page filled and painted once); each figure is
that moment minus the moment the parent launched the process. Both are measured on the small demo
database (made here with ``giaoban demo``) and on the large set. Floors, children of the same
interpreter reporting the same way: a bare QApplication showing an empty QMainWindow (the first
paint's floor), and the same after ``import sqlalchemy, sqlmodel`` (the populated window's: the
libraries every opening needs). Peak memory (VmHWM) is taken after every area has been opened.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.dataset import giaoban_command
from bench.timing import NotAvailable, Result

TITLE = "start-up"
MB = 1024
# The GUI pauses Python's cyclic collector until its first page is populated (ui/app.py); the
# floors pause it too, so the libraries' import and the window cost both the same.
FLOOR_CODE = """
import gc; gc.disable()
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
# The same bare window after importing the libraries every opening of a database needs: the
# floor of a populated window (Alembic is not among them: an up-to-date file does not load it).
LIBRARY_FLOOR_CODE = "import gc; gc.disable()\nimport sqlalchemy, sqlmodel\n" + FLOOR_CODE
AREA_OVERVIEW, AREA_REGISTER = 3, 1
TIMEOUT_S = 120
PAINT_BUDGET, POPULATED_BUDGET = 2.0, 1.5


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
    painted = [json.loads(line) for line in proc.stdout.splitlines()
               if line.startswith('{"painted_at"')]
    return {"seconds": data["shown_at"] - start, "hwm_mb": data.get("hwm_kb", 0) / MB,
            "painted": painted[0]["painted_at"] - start if painted else None}


def small_database(bench: Any) -> Path:
    """The small demo database (``giaoban demo``), made once in the bench's work folder."""
    path = Path(bench.workdir) / "small-demo.db"
    if not path.exists():
        subprocess.run([*giaoban_command(), "demo", "--db", str(path)], check=True,
                       capture_output=True, timeout=TIMEOUT_S)
    return path


def _timed_starts(command: list[str], area: int, runs: int, floors: list[list[float]],
                  floor_commands: list[list[str]]) -> tuple[list[float], list[float], list[str]]:
    """``runs`` starts of the app on ``area`` (after one to warm the file cache), each followed
    by one run of every floor, so the floors see the same load: (populated, painted, hung)."""
    remember_area(area)
    if runs > 1:
        launch(command)  # warm the file cache
    shown: list[float] = []
    painted: list[float] = []
    hung: list[str] = []
    for _ in range(runs):
        remember_area(area)
        try:
            report = launch(command)
            shown.append(report["seconds"])
            if report["painted"] is not None:
                painted.append(report["painted"])
        except Hung as exc:
            hung.append(str(exc))
        for samples, floor in zip(floors, floor_commands, strict=True):
            samples.append(launch(floor)["seconds"])
    return shown, painted, hung


def run(bench: Any) -> list[Result]:
    floor = [sys.executable, "-c", FLOOR_CODE]
    library = [sys.executable, "-c", LIBRARY_FLOOR_CODE]
    floor_samples: list[float] = []
    library_samples: list[float] = []
    floor_memory: list[float] = []
    bare = ("bare QApplication + empty QMainWindow shown (child process, same interpreter, "
            "collector paused as the GUI pauses it)")
    with_libraries = ("bare QApplication + empty QMainWindow shown after `import sqlalchemy, "
                      "sqlmodel` (child process, same interpreter, collector paused as the GUI "
                      "pauses it)")
    results = []
    small = small_database(bench)
    named = f"{bench.dataset.size} set"
    for db, area, label in ((small, AREA_OVERVIEW, "overview page, small demo database"),
                            (bench.db_path, AREA_OVERVIEW, f"overview page, {named}"),
                            (bench.db_path, AREA_REGISTER, f"register page, {named}")):
        app = [*giaoban_command(), "--db", str(db)]
        shown, painted, hung = _timed_starts(app, area, bench.runs,
                                             [floor_samples, library_samples], [floor, library])
        dropped = (f"{len(hung)} run(s) hung and were dropped: {hung[0]}" if hung else "")
        if area == AREA_OVERVIEW:  # the first paint does not depend on the page
            results.append(Result(
                name=f"first paint, {label.split(', ')[1]}", samples=painted,
                floor_samples=floor_samples, floor_name=bare, budget_ratio=PAINT_BUDGET,
                note="the window on screen with “Đang mở dữ liệu…”, before the database "
                     "libraries are imported", status="" if painted else "error"))
        results.append(Result(
            name=f"start-up to a populated {label}", samples=shown,
            floor_samples=library_samples, floor_name=with_libraries,
            budget_ratio=POPULATED_BUDGET, note=dropped, status="" if shown else "error"))
    results.append(Result(
        name="library floor: bare window after importing SQLAlchemy, SQLModel",
        samples=library_samples, floor_samples=floor_samples, floor_name=bare,
        note="what giaoban's own code cannot go below; no budget"))
    memory_runs = max(3, bench.runs // 2) if bench.runs >= 3 else bench.runs
    memory: list[float] = []
    hung = []
    app = [*giaoban_command(), "--db", str(bench.db_path)]
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

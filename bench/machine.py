"""What machine a run was on: CPU, memory, Python, Qt and SQLite versions."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from pathlib import Path
from typing import Any


def _proc_value(path: str, key: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def describe() -> dict[str, Any]:
    """A dictionary written into results.json and summed up above the table."""
    import PySide6
    from PySide6.QtCore import qVersion

    mem_kb = _proc_value("/proc/meminfo", "MemTotal").split()
    return {
        "nproc": os.cpu_count(),
        "cpu": _proc_value("/proc/cpuinfo", "model name") or platform.processor() or "?",
        "ram_gb": round(int(mem_kb[0]) / 1024 / 1024, 1) if mem_kb else None,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
        "sqlite": sqlite3.sqlite_version,
        "qpa": os.environ.get("QT_QPA_PLATFORM", ""),
    }


def one_line(info: dict[str, Any]) -> str:
    return (f"{info['cpu']} × {info['nproc']} CPU, {info['ram_gb']} GB RAM, {info['os']}; "
            f"Python {info['python']}, PySide6 {info['pyside6']} (Qt {info['qt']}), "
            f"SQLite {info['sqlite']}, QT_QPA_PLATFORM={info['qpa'] or '(default)'}")


def compile_program() -> int:
    """Byte-compile giaoban's own modules before anything is timed, and say how many needed it.

    An installed giaoban carries its byte code (pip compiles a wheel at install, the packaged
    build ships .pyc files), so that is what a user starts. A source checkout run with
    ``PYTHONDONTWRITEBYTECODE=1`` (as on the development machines) would instead compile every
    module from source at every start: ~0.1–0.3 s that no user pays, and that the floors (which
    import only installed libraries, compiled at install) do not pay either."""
    import compileall
    import io
    from contextlib import redirect_stdout

    import giaoban

    package = Path(giaoban.__file__).parent
    stale = sum(1 for source in package.rglob("*.py") if not _compiled(source))
    with redirect_stdout(io.StringIO()):
        compileall.compile_dir(package, quiet=1)
    return stale


def _compiled(source: Path) -> bool:
    import importlib.util

    cached = Path(importlib.util.cache_from_source(str(source)))
    return cached.exists() and cached.stat().st_mtime >= source.stat().st_mtime


def load() -> list[float]:
    """The load average (1, 5, 15 min): how busy the shared machine was around the run."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []

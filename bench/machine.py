"""What machine a run was on: CPU, memory, Python, Qt and SQLite versions."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
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


def load() -> list[float]:
    """The load average (1, 5, 15 min): how busy the shared machine was around the run."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []

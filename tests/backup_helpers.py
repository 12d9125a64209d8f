"""Helpers for the data-safety tests: every table of a SQLite file, row by row."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def dump_tables(path: Path) -> dict[str, list[tuple]]:
    """Every user table's rows (all columns), in primary-key order, read-only."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        result = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            order = ", ".join(f'"{c}"' for c in columns)
            result[table] = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
        return result
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()

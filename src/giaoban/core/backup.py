"""Backups with SQLite's online backup API (a plain copy can miss what is still in the WAL)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from giaoban.core.errors import DatabaseError
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.db import Database


def default_backup_dir(db_path: Path) -> Path:
    """Backups live beside the database, in '<name>-backups/', so they travel with it."""
    return db_path.with_name(f"{db_path.stem}-backups")


def backup_file(source: Path, destination: Path) -> Path:
    """Copy a live SQLite database consistently to ``destination`` (created 0600)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(destination.name + ".part")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            with dst:
                src.backup(dst)
        finally:
            src.close()
            dst.close()
        os.replace(tmp, destination)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(_("Không sao lưu được dữ liệu: {reason}").format(reason=exc)) from exc
    return destination


def backup_name(db_path: Path, reason: str, when: dt.datetime | None = None) -> str:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{db_path.stem}-{stamp}-{reason}.db"


def backup_before_migration(db: Database, backup_dir: Path | None = None) -> Path | None:
    """Back up a file before its schema is upgraded; returns the backup's path."""
    if db.path is None:
        return None
    folder = backup_dir or default_backup_dir(db.path)
    return backup_file(db.path, folder / backup_name(db.path, "pre-migration"))

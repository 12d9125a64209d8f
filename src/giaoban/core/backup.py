"""Backups with SQLite's online backup API (a plain copy can miss what is still in the WAL).

Automatic backups live beside the database in '<name>-backups/', named
'<name>-YYYYMMDD-HHMMSS-<reason>.db' (reason: startup, manual, pre-migration, pre-restore), and
are thinned by :func:`backups_to_delete`: every backup of today, the newest of each of the last
7 days, of each of the last 5 weeks and of each of the last 12 months are kept.
Every file made here is readable by its owner only (0600).

A copy is written to '<destination>.part' and renamed when complete; the part is noted in the
operation's work folder beside the database (core.scratch), so a killed copy leaves nothing
once the database is opened again.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from giaoban.core.errors import DatabaseCorrupt, DatabaseError
from giaoban.core.scratch import Work, regular_file_or_refuse, work_folder
from giaoban.i18n import _

KEEP_DAILY_DAYS = 7
KEEP_WEEKLY_WEEKS = 5
KEEP_MONTHLY_MONTHS = 12
SIDE_FILES = ("-wal", "-shm", "-journal")
_NAME = re.compile(r"-(\d{8}-\d{6})-([a-z]+(?:-[a-z]+)*)(?:-(\d+))?\.db$")


def default_backup_dir(db_path: Path) -> Path:
    """Backups live beside the database, in '<name>-backups/', so they travel with it."""
    return db_path.with_name(f"{db_path.stem}-backups")


def _private_part(destination: Path, work: Work | None) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = destination.with_name(destination.name + ".part")
    if work is not None:
        work.note_part(tmp)
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    return tmp


def backup_file(source: Path, destination: Path, work: Work | None = None) -> Path:
    """Copy a live SQLite database consistently to ``destination`` (created 0600).

    With ``work`` the '.part' being written is noted there (see the module docstring).
    """
    tmp = _private_part(destination, work)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            with dst:
                src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside
        finally:
            src.close()
            dst.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, destination)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(_("Không sao lưu được dữ liệu: {reason}").format(reason=exc)) from exc
    return destination


def backup_name(db_path: Path, reason: str, when: dt.datetime) -> str:
    """'<name>-YYYYMMDD-HHMMSS-<reason>.db' for the moment ``when`` (local time of the user)."""
    stamp = when.strftime("%Y%m%d-%H%M%S")
    return f"{db_path.stem}-{stamp}-{reason}.db"


def unique_backup_path(folder: Path, db_path: Path, reason: str, when: dt.datetime) -> Path:
    """A backup path in ``folder`` that does not exist yet (a counter is added within a second)."""
    first = folder / backup_name(db_path, reason, when)
    candidate, counter = first, 2
    while candidate.exists():
        candidate = first.with_name(f"{first.stem}-{counter}.db")
        counter += 1
    return candidate


def backup_before_migration(db_path: Path, when: dt.datetime,
                            backup_dir: Path | None = None) -> Path:
    """Back up a database file before its schema is upgraded; returns the backup's path."""
    folder = backup_dir or default_backup_dir(db_path)
    with work_folder(db_path) as work:
        return backup_file(db_path, unique_backup_path(folder, db_path, "pre-migration", when),
                           work)


# --- the backup folder and its thinning -------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    """A backup file found in the folder, with the moment and reason its name records."""

    path: Path
    when: dt.datetime
    reason: str


def parse_backup_name(name: str) -> tuple[dt.datetime, str] | None:
    """(moment, reason) from a backup file name, or None for files that are not our backups."""
    match = _NAME.search(name)
    if match is None:
        return None
    try:
        when = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return when, match.group(2)


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first (unfinished '.part' files and other files ignored)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = parse_backup_name(path.name) if path.is_file() else None
        if parsed is not None:
            found.append(BackupInfo(path, parsed[0], parsed[1]))
    return sorted(found, key=lambda b: (b.when, b.path.name), reverse=True)


def backups_to_delete(moments: Iterable[tuple[str, dt.datetime]], today: dt.date) -> list[str]:
    """Which backups thinning removes: a pure function of (name, moment) pairs and today.

    Kept: all of today (and any dated in the future), the newest of each of the last
    ``KEEP_DAILY_DAYS`` days, of each ISO week of the last ``KEEP_WEEKLY_WEEKS`` weeks, of each
    month of the last ``KEEP_MONTHLY_MONTHS`` months, and always the newest backup overall.
    The newest of a period stays the newest as it ages, so thinning never undoes itself.
    """
    items = sorted(moments, key=lambda m: (m[1], m[0]), reverse=True)
    if not items:
        return []
    keep = {items[0][0]}
    seen_days: set[dt.date] = set()
    seen_weeks: set[tuple[int, int]] = set()
    seen_months: set[tuple[int, int]] = set()
    week_floor = today - dt.timedelta(weeks=KEEP_WEEKLY_WEEKS)
    month_index = today.year * 12 + today.month - 1
    for name, when in items:  # newest first: the first seen in a period is its newest
        day = when.date()
        age = (today - day).days
        if age <= 0:
            keep.add(name)
            continue
        if age < KEEP_DAILY_DAYS and day not in seen_days:
            keep.add(name)
        iso = day.isocalendar()
        if day > week_floor and (iso.year, iso.week) not in seen_weeks:
            keep.add(name)
        if month_index - (day.year * 12 + day.month - 1) < KEEP_MONTHLY_MONTHS and (
            day.year, day.month
        ) not in seen_months:
            keep.add(name)
        seen_days.add(day)
        seen_weeks.add((iso.year, iso.week))
        seen_months.add((day.year, day.month))
    return [name for name, _when in items if name not in keep]


def prune_backups(folder: Path, today: dt.date) -> list[Path]:
    """Delete the backups thinning no longer keeps; returns what was deleted."""
    backups = {b.path.name: b for b in list_backups(folder)}
    doomed = backups_to_delete(((n, b.when) for n, b in backups.items()), today)
    deleted = []
    for name in doomed:
        try:
            backups[name].path.unlink()
            deleted.append(backups[name].path)
        except OSError:
            continue
    return deleted


def has_backup_on(folder: Path, day: dt.date) -> bool:
    """True when a backup of any kind was taken on ``day`` (start-up backups: once a day)."""
    return any(b.when.date() == day for b in list_backups(folder))


# --- swapping database files (the file to restore from is checked by core.db) -----------------


def stage_copy(source: Path, folder: Path) -> Path:
    """A private copy of ``source`` (with its -wal, if any) to check and restore from.

    Opening a WAL-mode file even read-only can leave -wal/-shm files beside it; working on a
    copy leaves the user's chosen file exactly as it was.
    """
    if not source.exists():
        raise DatabaseError(_("Không tìm thấy tệp “{path}”.").format(path=source))
    regular_file_or_refuse(source)
    staged = folder / "restore-source.db"
    try:
        shutil.copyfile(source, staged)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, staged.with_name(staged.name + "-wal"))
    except OSError as exc:
        raise DatabaseError(
            _("Không đọc được tệp “{path}”: {reason}").format(path=source, reason=exc.strerror)
        ) from exc
    os.chmod(staged, 0o600)
    return staged


def copy_into_live_file(source: Path, target: Path) -> None:
    """Replace the content of the sound database ``target`` with ``source``, in one transaction.

    The backup API writes into the live file under SQLite's own locking: other connections see
    either the old data or the new, never a mix, and a crash part-way leaves the old data.
    """
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        dst = sqlite3.connect(target, timeout=15)
        try:
            src.backup(dst)
            problems = [row[0] for row in dst.execute("PRAGMA quick_check")]
        finally:
            src.close()
            dst.close()
    except sqlite3.Error as exc:
        raise DatabaseError(
            _("Không khôi phục được dữ liệu: {reason}").format(reason=exc)
        ) from exc
    if problems != ["ok"]:
        raise DatabaseCorrupt(_("Dữ liệu sau khi khôi phục không đạt kiểm tra toàn vẹn."))


def move_aside(path: Path, when: dt.datetime, reason: str = "damaged") -> Path | None:
    """Rename a file we must not write to (with its -wal/-shm) to '<name>-<stamp>-<reason>.db'."""
    if not path.exists():
        return None
    aside = unique_backup_path(path.parent, path, reason, when)
    os.replace(path, aside)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    return aside


def replace_file_with_copy(source: Path, target: Path, work: Work | None = None) -> None:
    """Put a consistent 0600 copy of ``source`` at ``target`` (which must not exist now)."""
    backup_file(source, target, work)

"""Backup and restore as use cases, the same for the File menu and `giaoban backup/restore`.

A restore first checks a private copy of the chosen file, staged in a work folder beside the
database (core.scratch: never a shared temp folder, and removed at the next opening if the
program is killed): a giaoban database, full integrity check, schema not newer than this program
and exactly what its revision must contain (core.migrations.schema). Only then does it keep a
backup of the current data and swap:

* current file sound — the backup is copied *into* it with SQLite's backup API (one transaction
  under SQLite's locks; a crash part-way leaves the old data);
* current file damaged, foreign or missing — it is never written to: it is renamed aside
  ('<name>-<stamp>-damaged.db', with its -wal/-shm) and a fresh 0600 copy takes its place.

The restored file is then upgraded if its schema is older, and a RESTORE audit event is written.
The caller must have closed its own connections first (``ctx.db.dispose()``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from giaoban.core import audit, backup
from giaoban.core.clock import SYSTEM_CLOCK, Clock
from giaoban.core.db import inspect_file, open_database, verify_database_file
from giaoban.core.enums import AuditAction
from giaoban.core.errors import DatabaseError
from giaoban.core.scratch import Work, clean_leftovers, regular_file_or_refuse, work_folder
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: where the previous data went (a backup, or the damaged file aside)."""

    source: Path
    target: Path
    previous_backup: Path | None
    damaged_aside: Path | None


def _file_of(ctx: AppContext) -> Path:
    if ctx.db.path is None:
        raise DatabaseError(
            _("Chỉ sao lưu, khôi phục được dữ liệu lưu trong tệp SQLite trên máy này.")
        )
    return ctx.db.path


def backup_folder(ctx: AppContext) -> Path:
    return backup.default_backup_dir(_file_of(ctx))


def backup_now(
    ctx: AppContext, out: Path | None = None, *, reason: str = "manual", overwrite: bool = False
) -> Path:
    """Back up the database to ``out`` or into the backup folder (then thinned); returns path.

    A backup asked for (not the automatic one at start-up) is recorded in the history, after
    the copy: the file holds what came before.
    """
    path = _file_of(ctx)
    if out is not None:
        out = out.expanduser()
        if out.resolve() == path.resolve():
            raise DatabaseError(_("Không thể sao lưu đè lên chính tệp dữ liệu đang dùng."))
        if out.exists() and not overwrite:
            raise DatabaseError(
                _("Tệp “{path}” đã có; hãy chọn tên khác.").format(path=out)
            )
        with work_folder(path) as work:  # a kill mid-copy leaves no '.part' once reopened
            made = backup.backup_file(path, out, work)
    else:
        folder = backup.default_backup_dir(path)
        with work_folder(path) as work:
            made = backup.backup_file(
                path, backup.unique_backup_path(folder, path, reason, ctx.now()), work)
        backup.prune_backups(folder, ctx.today())
    if reason != "startup":
        with ctx.transaction() as session:
            audit.record(session, ctx, "database", None, AuditAction.BACKUP,
                         note=_("Sao lưu vào tệp {path}").format(path=made))
    return made


def startup_backup(ctx: AppContext) -> Path | None:
    """The automatic backup at start-up: at most once a day, then thinning; None if not due."""
    if ctx.db.path is None:
        return None
    folder = backup.default_backup_dir(ctx.db.path)
    if backup.has_backup_on(folder, ctx.today()):
        return None
    return backup_now(ctx, reason="startup")


def list_backups(db_path: Path) -> list[backup.BackupInfo]:
    return backup.list_backups(backup.default_backup_dir(db_path))


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup of this database that passes the full check (for a damaged file)."""
    for info in list_backups(db_path):
        try:
            verify_database_file(info.path)
        except DatabaseError:
            continue
        return info.path
    return None


def _is_sound(path: Path) -> bool:
    try:
        state = inspect_file(path)
    except DatabaseError:
        return False
    return not state.empty_schema


def restore_database(
    db_path: Path, source: Path, *, user: str, clock: Clock = SYSTEM_CLOCK
) -> RestoreResult:
    """Check ``source``, keep the current data, swap, upgrade, record the restore.

    ``clock`` names the backup of the current data and stamps the restore in the history.
    """
    db_path, source = db_path.expanduser(), source.expanduser()
    if not source.exists():
        raise DatabaseError(_("Không tìm thấy tệp “{path}”.").format(path=source))
    regular_file_or_refuse(source)  # a FIFO would block the copy forever
    if db_path.exists():
        regular_file_or_refuse(db_path)
        if os.path.samefile(source, db_path):  # also through a hard link or a symlink
            raise DatabaseError(_("Tệp được chọn chính là tệp dữ liệu đang dùng."))
    elif not db_path.parent.is_dir():
        raise DatabaseError(_("Thư mục “{folder}” không tồn tại.").format(folder=db_path.parent))
    clean_leftovers(db_path)
    with work_folder(db_path) as work:
        staged = backup.stage_copy(source, work.folder)  # the chosen file is never opened
        verify_database_file(staged, shown_as=source)
        result = _swap(db_path, staged, clock.now(), work)
    _record_restore(db_path, source, user, clock)
    return RestoreResult(source, db_path, *result)


def _swap(db_path: Path, staged: Path, now: dt.datetime,
          work: Work) -> tuple[Path | None, Path | None]:
    """Keep the current data (backup, or the damaged file aside), then put ``staged`` in place."""
    folder = backup.default_backup_dir(db_path)
    previous = aside = None
    if db_path.exists() and _is_sound(db_path):
        previous = backup.backup_file(
            db_path, backup.unique_backup_path(folder, db_path, "pre-restore", now), work
        )
        backup.copy_into_live_file(staged, db_path)
    else:
        aside = backup.move_aside(db_path, now)
        for suffix in backup.SIDE_FILES:  # a stale WAL must never be replayed onto the new file
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        backup.replace_file_with_copy(staged, db_path, work)
    return previous, aside


def _record_restore(db_path: Path, source: Path, user: str, clock: Clock) -> None:
    from giaoban.core.context import AppContext

    db = open_database(db_path, create=False, clock=clock)
    try:
        ctx = AppContext(db=db, user=user, clock=clock)
        with ctx.transaction() as session:
            audit.record(session, ctx, "database", None, AuditAction.RESTORE,
                         note=_("Khôi phục từ tệp {name}").format(name=source.name))
    finally:
        db.dispose()


def restore_into_context(ctx: AppContext, source: Path) -> RestoreResult:
    """Restore the database ``ctx`` works on; its engine reconnects to the restored data."""
    path = _file_of(ctx)
    ctx.db.dispose()
    try:
        return restore_database(path, source, user=ctx.user, clock=ctx.clock)
    finally:
        ctx.db.dispose()

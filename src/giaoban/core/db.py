"""Open a giaoban database safely: check before touching, back up before upgrading.

A SQLite file is first inspected read-only (header, quick integrity check, application id, schema
revision). Only a sound file of ours, at or below the program's schema, is then opened for writing
and migrated; anything else raises a :class:`DatabaseError` and the file is left byte for byte as
it was. "Sound" includes the schema: every table, column, index, trigger and FTS table the file's
revision must contain, compared with what the real migrations make (``core.migrations.schema``),
so a crafted or half-made file is refused like a damaged one.

A new file is created readable by its owner only, made and migrated under a temporary name in a
work folder beside it (``core.scratch``) and linked into place only once its schema is complete:
a kill part-way never leaves an empty or schema-less file behind. Only a caller that may create
(the GUI, ``demo``) turns an empty SQLite file into a giaoban database; others refuse it. A
``sqlite:///path`` URL is the same as the plain path.

Dependencies point one way: this module calls ``core.migrations`` (which never imports it back)
and ``core.backup`` (plain file copies) for the backup taken before an upgrade. Opening a database
also switches on the ORM events that keep each row's folded search text current
(``core.search_text.keep_current``).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from giaoban.core import migrations, search_text
from giaoban.core.backup import backup_before_migration
from giaoban.core.clock import SYSTEM_CLOCK, Clock
from giaoban.core.errors import (
    DatabaseError,
    DatabaseTooNew,
    NotAGiaobanDatabase,
)
from giaoban.core.file_check import (  # noqa: F401 - named here by callers and tests too
    APPLICATION_ID,
    QUICK_CHECK_ABOVE_BYTES,
    SQLITE_MAGIC,
    FileState,
    inspect_file,
    read_only_uri,
)
from giaoban.core.migrations import schema
from giaoban.core.scratch import clean_leftovers, work_folder
from giaoban.i18n import _


@dataclass
class Database:
    """An open database: its engine and, for SQLite, the file it lives in."""

    engine: Engine
    path: Path | None = None
    created: bool = False
    upgraded_from: str | None = None
    # The writing program's hold on the file (core/file_hold.py), released with the database.
    hold: Any = None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def display_name(self) -> str:
        """The file's name; on a server ``user@host/db`` (who is logged in where, no password)."""
        if self.path:
            return self.path.name
        url = self.engine.url
        if url.host and url.username:
            return f"{url.username}@{url.host}/{url.database or ''}"
        return url.database or self.url

    def dispose(self) -> None:
        """Close every connection, and let another program write to the file again."""
        self.engine.dispose()
        if self.hold is not None:
            self.hold.release()
            self.hold = None


def is_url(target: str) -> bool:
    return "://" in target


def file_of(target: str | Path) -> Path | str:
    """The file a ``--db`` value names: a plain path, or a ``sqlite:///path`` URL's file (which
    then gets every check and the 0600 mode a path gets); other URLs stay as they are."""
    if isinstance(target, Path) or not is_url(target):
        return Path(target).expanduser()
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(target)
    except ArgumentError as exc:
        raise DatabaseError(_("Địa chỉ cơ sở dữ liệu “{url}” không hợp lệ.").format(
            url=target.split("://", 1)[0] + "://…")) from exc  # never a password in a message
    if (url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:"
            and not url.query):
        return Path(url.database).expanduser()
    return target


# Execution option a session's connection carries when it is opened to write (ctx.transaction).
WRITE_OPTION = "giaoban_write"
# How long a writer waits for another program's write to end before saying so.
BUSY_TIMEOUT_MS = 15_000
# Execution option: a callable told when a writer has to wait for another program's write.
WAIT_OPTION = "giaoban_on_wait"
FIRST_TRY_MS = 250  # how long a writer waits before it tells (WAIT_OPTION) that it is waiting


def sqlite_engine(path: Path) -> Engine:
    """Engine with the pragmas DESIGN.md asks for and real transactions (BEGIN on begin)."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A write transaction takes the write lock at BEGIN (IMMEDIATE), so the busy timeout
        # applies; a read one upgraded later would fail at once with "database is locked".
        options = connection.get_execution_options()
        if not options.get(WRITE_OPTION):
            connection.exec_driver_sql("BEGIN")
            return
        waiting = options.get(WAIT_OPTION)
        if waiting is None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        # Try briefly first; if another program is writing, say so (the window shows that it
        # waits), then wait the full busy timeout.
        connection.exec_driver_sql(f"PRAGMA busy_timeout={FIRST_TRY_MS}")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as exc:
            if "locked" not in str(exc.orig).lower() and "busy" not in str(exc.orig).lower():
                raise
            waiting()
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (0600)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _fsync(path: Path) -> None:
    """Flush a file (or on POSIX a folder's entries) to disk; a system that cannot is let be."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    with suppress(OSError):
        os.fsync(fd)
    os.close(fd)


def _create_new(path: Path) -> bool:
    """Make a complete new database at ``path``; False if a file appeared there meanwhile.

    It is created and migrated as 'new.db' in a work folder beside ``path`` and only then linked
    into place (a hard link never replaces a file; where links are not supported, a rename), so
    ``path`` never holds a file without its schema. A killed creation leaves only the work folder,
    removed at the next opening.
    """
    with work_folder(path) as work:
        tmp = work.folder / "new.db"
        create_private_file(tmp)
        made = Database(engine=sqlite_engine(tmp), path=tmp)
        try:
            _upgrade(made)
            with made.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            made.dispose()
        wal = tmp.with_name(tmp.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            raise DatabaseError(_("Không tạo được tệp dữ liệu “{path}”: {reason}").format(
                path=path, reason="WAL"))
        made_conn = sqlite3.connect(read_only_uri(tmp), uri=True)
        try:
            schema.remember(migrations.head(), made_conn)  # this file IS the head's reference
        finally:
            made_conn.close()
        _fsync(tmp)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # no hard links on this file system (FAT, some shares)
            if path.exists():
                return False
            os.replace(tmp, path)
        _fsync(path.parent)
    return True


def _upgrade(db: Database, revision: str | None = None, *, revision_known: bool = False) -> None:
    """Run the pending migrations (see :func:`migrations.upgrade`) and, when any ran on SQLite,
    mark the file as a giaoban database in its header."""
    if migrations.upgrade(db, revision, revision_known=revision_known) and (
        db.engine.dialect.name == "sqlite"
    ):
        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def verify_database_file(path: Path, shown_as: Path | None = None) -> FileState:
    """A file fit to restore from: ours, sound (full integrity check), schema not newer."""
    name = shown_as or path
    if not path.exists():
        raise DatabaseError(_("Không tìm thấy tệp “{path}”.").format(path=name))
    try:
        state = inspect_file(path, thorough=True)
        migrations.refuse_if_too_new(state.revision, name)
    except DatabaseError as exc:
        if shown_as is None:
            raise
        raise type(exc)(str(exc).replace(str(path), str(shown_as))) from exc
    if state.empty_schema:
        raise NotAGiaobanDatabase(
            _("Tệp “{path}” là cơ sở dữ liệu trống, không có dữ liệu giaoban.").format(path=name)
        )
    return state


def open_database(
    target: str | Path,
    *,
    create: bool = True,
    create_parents: bool = False,
    migrate: bool = True,
    backup_dir: Path | None = None,
    inspected: FileState | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Database:
    """Open (creating or upgrading when allowed) the database at a path or URL.

    ``clock`` names the backup made before an upgrade.

    ``inspected`` is what a caller's own :func:`inspect_file` of the same file found just before
    (the GUI's start-up health check), so a large file is not read twice.
    """
    search_text.keep_current()
    target = file_of(target)
    if isinstance(target, str):
        return _open_url(target, migrate=migrate)
    path = target
    clean_leftovers(path)  # what a killed restore, backup or creation left beside the file
    created = False
    if not path.exists():
        if not create:
            raise DatabaseError(_("Không tìm thấy tệp dữ liệu “{path}”.").format(path=path))
        if not path.parent.exists():
            if not create_parents:
                raise DatabaseError(
                    _("Thư mục “{folder}” không tồn tại.").format(folder=path.parent)
                )
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if migrate:
                created = _create_new(path)
            else:  # the caller migrates it itself (tests making a file at an old revision)
                create_private_file(path)
                created = True
        except OSError as exc:
            raise DatabaseError(
                _("Không tạo được tệp dữ liệu “{path}”: {reason}").format(
                    path=path, reason=exc.strerror
                )
            ) from exc
    if created:
        state = FileState(empty_schema=not migrate, revision=migrations.head() if migrate else None,
                          application_id=APPLICATION_ID if migrate else 0)
    else:
        state = inspected or inspect_file(path)
        migrations.refuse_if_too_new(state.revision, path)
        if state.empty_schema and not (create and state.application_id in (0, APPLICATION_ID)):
            raise NotAGiaobanDatabase(_(
                "Tệp “{path}” là cơ sở dữ liệu SQLite trống, không có dữ liệu giaoban."
            ).format(path=path))
    db = Database(engine=sqlite_engine(path), path=path, created=created)
    try:
        if migrate and not created:
            needs_backup = not state.empty_schema and migrations.needs_upgrade(state.revision)
            if needs_backup:
                backup_before_migration(path, clock.now(), backup_dir)
                db.upgraded_from = state.revision
            _upgrade(db, state.revision, revision_known=True)
    except Exception:
        db.dispose()
        raise
    return db


def _open_url(target: str, *, migrate: bool) -> Database:
    """A database named by a URL other than a SQLite file's (a server).

    PostgreSQL goes to ``core.db_server`` (psycopg 3, our messages, never migrated by a client;
    ``migrate=False`` skips its schema check for ``server init`` and the tests). The SQLite
    pragmas, WAL, busy timeout and BEGIN IMMEDIATE above stay SQLite's own.
    """
    from giaoban.core import db_server

    if db_server.is_server_url(target):
        return Database(engine=db_server.open_engine(target, check_schema=migrate))
    engine = create_engine(target, pool_pre_ping=True)
    db = Database(engine=engine)
    try:
        if migrate:
            _upgrade(db)
    except Exception:
        engine.dispose()
        raise
    return db


__all__ = [
    "APPLICATION_ID",
    "Database",
    "DatabaseTooNew",
    "inspect_file",
    "open_database",
    "sqlite_engine",
    "verify_database_file",
]

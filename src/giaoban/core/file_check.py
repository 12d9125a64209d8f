"""A read-only look at a SQLite file before anything opens it for writing: header, integrity,
application id, revision and schema.

Only ``sqlite3`` and the migrations' file headers are needed here — no SQLAlchemy, no Alembic —
so the GUI can start the check (a second on a large file, spent inside SQLite with Python free)
while the main thread is still importing the database libraries.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from giaoban.core import migrations
from giaoban.core.errors import DatabaseCorrupt, DatabaseError, NotAGiaobanDatabase
from giaoban.core.migrations import schema
from giaoban.core.scratch import regular_file_or_refuse
from giaoban.i18n import _

APPLICATION_ID = 0x47424E31  # "GBN1" in the SQLite header marks a giaoban file
SQLITE_MAGIC = b"SQLite format 3\x00"
QUICK_CHECK_ABOVE_BYTES = 200 * 1024 * 1024
SEEDED_KEY = "seeded"  # core.seed's mark in the settings (that module needs the ORM)


@dataclass
class FileState:
    """What a read-only look at an existing SQLite file found."""

    empty_schema: bool
    revision: str | None
    application_id: int
    seeded: bool = False
    """The file's settings hold the mark ``core.seed`` leaves (its first-start content is in):
    opening it need not start a write transaction to find that out."""


def read_only_uri(path: Path) -> str:
    """A URI that reads without writing anything beside the file.

    With no ``-wal`` file nobody has the database open in WAL mode, so ``immutable=1`` is safe
    and keeps SQLite from creating ``-wal``/``-shm`` files next to a file we only inspect.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    return uri


def inspect_file(path: Path, *, thorough: bool = False, integrity: bool = True) -> FileState:
    """Look at an existing file without writing to it; raise if it is not a usable giaoban file.

    Besides the header, integrity, application id and revision, the schema must be exactly what
    that revision's migrations make (a revision this program does not know is left to
    :func:`migrations.refuse_if_too_new`).
    """
    refuse_unless_sqlite(path)
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(
            _("Không mở được tệp dữ liệu “{path}”: {reason}").format(path=path, reason=exc)
        ) from exc
    try:
        # integrity=False: a caller that will only read leaves damaged pages to SQLite, which
        # reports one it reads (commands/__init__.py), or checks them itself at the same time
        # (:func:`integrity_problems`, the GUI); everything below is still checked
        if integrity:
            refuse_if_damaged(path, _integrity(conn, path, thorough))
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        ours = application_id == APPLICATION_ID and revision is not None
        known = ours and revision in migrations.known_revisions()
        problems = schema.problems_of(conn, str(revision)) if known else []
        seeded = known and not problems and conn.execute(
            "SELECT 1 FROM setting WHERE key = ?", (SEEDED_KEY,)).fetchone() is not None
    except sqlite3.DatabaseError as exc:
        raise unreadable(path, exc) from exc
    finally:
        conn.close()
    if not tables:
        return FileState(empty_schema=True, revision=None, application_id=application_id)
    if not ours:
        raise NotAGiaobanDatabase(
            _("Tệp “{path}” là cơ sở dữ liệu SQLite nhưng không phải của giaoban.").format(path=path)
        )
    if problems:
        raise DatabaseCorrupt(_(
            "Tệp “{path}” không phải dữ liệu giaoban hợp lệ: lược đồ không khớp với phiên bản {rev} "
            "ghi trong tệp ({detail}). Tệp không bị thay đổi."
        ).format(path=path, rev=revision, detail=schema.summary(problems)))
    return FileState(empty_schema=False, revision=revision, application_id=application_id,
                     seeded=seeded)


def _integrity(conn: sqlite3.Connection, path: Path, thorough: bool) -> list[str]:
    large = path.stat().st_size > QUICK_CHECK_ABOVE_BYTES
    pragma = "integrity_check" if thorough and not large else "quick_check"
    return [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}")]


def integrity_problems(path: Path, *, thorough: bool = False) -> list[str]:
    """What SQLite's integrity check (``quick_check`` on a large file) says of ``path``, read-only:
    ``["ok"]`` when sound. Run on its own thread by the GUI while the main thread imports the
    database libraries; :func:`inspect_file` with ``integrity=False`` checks the rest. A file
    SQLite cannot read raises ``sqlite3.DatabaseError`` (the caller's :func:`unreadable`)."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return _integrity(conn, path, thorough)
    finally:
        conn.close()


def refuse_if_damaged(path: Path, problems: list[str]) -> None:
    """Raise DatabaseCorrupt naming the first problems, unless the check said only "ok"."""
    if problems != ["ok"]:
        raise DatabaseCorrupt(
            _("Tệp dữ liệu “{path}” bị hỏng. Chi tiết kỹ thuật cho người hỗ trợ: {detail}").format(
                path=path, detail="; ".join(str(p) for p in problems[:3])
            )
        )


def unreadable(path: Path, exc: BaseException) -> DatabaseCorrupt:
    """The error for a file SQLite fails to read while checking it."""
    return DatabaseCorrupt(
        _("Tệp dữ liệu “{path}” bị hỏng hoặc không đọc được. Chi tiết kỹ thuật cho người "
          "hỗ trợ: {reason}").format(path=path, reason=exc))


def refuse_unless_sqlite(path: Path) -> None:
    """Raise unless ``path`` is a regular file that starts like a whole SQLite database: what can
    be told from its first 100 bytes, before SQLite itself is let near it."""
    regular_file_or_refuse(path)  # a FIFO would block the read below forever
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseError(
            _("Không đọc được tệp “{path}”: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    if len(header) == 0:
        raise NotAGiaobanDatabase(
            _("Tệp “{path}” rỗng (0 byte), không phải dữ liệu giaoban.").format(path=path)
        )
    if not header.startswith(SQLITE_MAGIC):
        raise NotAGiaobanDatabase(
            _("Tệp “{path}” không phải là tệp dữ liệu giaoban.").format(path=path)
        )
    if len(header) < 100:
        raise DatabaseCorrupt(_("Tệp dữ liệu “{path}” bị cắt cụt hoặc hỏng.").format(path=path))

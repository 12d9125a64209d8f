"""Copy a whole office between SQLite and PostgreSQL, either way, then verify it row by row.

Every table of the models is copied (``SQLModel.metadata.sorted_tables``: a table added later is
never forgotten) with its own ids, history, attachment bytes and settings, through SQLAlchemy Core
so each value goes through its column type both ways. The target must be at the program's schema
head and hold no data (nothing, or only what seeding writes, which is cleared); the copy is
one transaction on the target, so a failure or Ctrl+C leaves it as it was (a SQLite file made
for the copy is removed). Afterwards each table's row count and a SHA-256 of every row's values,
read in id order, are compared between source and target.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from giaoban.core import live
from giaoban.core import models as _models  # noqa: F401  (the tables are registered on import)
from giaoban.core.db import Database, is_url, open_database
from giaoban.core.errors import GiaobanError
from giaoban.i18n import _

Progress = Callable[[str, int, int], None]
BATCH = 2000


@dataclass(frozen=True)
class CopyResult:
    """What was copied: rows per table, all verified."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        """Rows copied in all tables."""
        return sum(self.rows.values())


def tables() -> list[sa.Table]:
    """The model tables, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def _ordered(table: sa.Table) -> sa.Select[Any]:
    keys = list(table.primary_key.columns) or list(table.columns)
    return sa.select(table).order_by(*keys)


def _batches(conn: Connection, table: sa.Table) -> Iterator[list[sa.Row[Any]]]:
    result = conn.execution_options(yield_per=BATCH).execute(_ordered(table))
    for part in result.partitions():
        yield list(part)


def _count(conn: Connection, table: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _fingerprint(conn: Connection, table: sa.Table) -> tuple[int, str]:
    """Row count and a hash of every row's values in key order (the same on both backends)."""
    digest, count = hashlib.sha256(), 0
    for part in _batches(conn, table):
        for row in part:
            digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
            count += 1
    return count, digest.hexdigest()


def _open_source(source: str) -> Database:
    if not is_url(source) and not Path(source).is_file():
        raise GiaobanError(_("Không tìm thấy tệp dữ liệu “{path}”.").format(path=source))
    return open_database(source if is_url(source) else Path(source), create=False)


def _open_target(target: str) -> tuple[Database, bool]:
    """The target database at the schema head, and whether the copy made its file."""
    if is_url(target):
        return open_database(target, create=False), False
    path = Path(target)
    made = not path.exists()
    return open_database(path, create=True), made


def _refuse_non_empty(conn: Connection, shown: str) -> None:
    """Refuse a target with data; what seeding alone writes (the default bodies, the "seeded"
    setting and its one history line: a server just set up) is cleared instead, since the
    source brings its own."""
    from giaoban.core.seed import DEFAULT_ORGANIZATIONS, SEEDED_KEY

    limits = {"organization": len(DEFAULT_ORGANIZATIONS), "audit_event": 1, "setting": 1}
    full = [table.name for table in tables() if _count(conn, table) > limits.get(table.name, 0)]
    setting = SQLModel.metadata.tables["setting"]
    if conn.execute(sa.select(setting.c.key).where(setting.c.key != SEEDED_KEY)).first():
        full.append("setting")
    if full:
        raise GiaobanError(_(
            "Nơi chép đến “{target}” đã có dữ liệu (bảng {tables}); chỉ chép vào một cơ sở dữ liệu "
            "trống. Chưa có gì được ghi.").format(target=shown, tables=", ".join(sorted(set(full)))))
    for table in reversed(tables()):
        conn.execute(table.delete())


def _self_references(table: sa.Table) -> list[str]:
    """Columns naming a row of the same table (a body's parent body): set after the insert."""
    return sorted({fk.parent.name for fk in table.foreign_keys if fk.column.table is table})


def _copy_rows(source: Connection, target: Connection, progress: Progress | None) -> dict[str, int]:
    copied: dict[str, int] = {}
    for table in tables():
        total, done = _count(source, table), 0
        own = _self_references(table)
        for part in _batches(source, table):
            rows = [row._asdict() for row in part]
            target.execute(table.insert(), [{**row, **dict.fromkeys(own)} for row in rows])
            for name in own:  # a parent may come after its child in id order
                later = [{"key_": row["id"], "value_": row[name]} for row in rows if row[name]]
                if later:
                    target.execute(table.update().where(table.c.id == sa.bindparam("key_"))
                                   .values({name: sa.bindparam("value_")}), later)
            done += len(part)
            if progress is not None:
                progress(table.name, done, total)
        copied[table.name] = done
    if target.dialect.name == "postgresql":
        from giaoban.core.db_server import catch_up_sequences

        catch_up_sequences(target)
    return copied


def _keep_history_names(target: Connection, keep: bool) -> None:
    """On PostgreSQL a trigger writes the login into each history line; the copied lines keep
    the names they had (switched off inside the copy's transaction only: the table's owner,
    who ran ``server init``, may; a rollback switches it back)."""
    if target.dialect.name == "postgresql":
        from giaoban.core.db_server import set_history_login_trigger

        set_history_login_trigger(target, enabled=not keep)


def _verify(source: Connection, target: Connection) -> None:
    for table in tables():
        if _fingerprint(source, table) != _fingerprint(target, table):
            raise GiaobanError(_(
                "Bảng {table} chép sang không khớp với bản gốc; đã huỷ, nơi chép đến không đổi."
            ).format(table=table.name))


def copy_office(source: str, target: str, *, progress: Progress | None = None) -> CopyResult:
    """Copy every row of ``source`` into the empty ``target`` (file paths or server URLs) in one
    transaction, verify each table row by row, and commit only when all matched."""
    if source == target:
        raise GiaobanError(_("Nguồn và nơi chép đến là một."))
    src = _open_source(source)
    made: Path | None = None
    try:
        dst, created = _open_target(target)
        made = Path(target) if created else None
        try:
            with src.engine.connect() as read, dst.engine.begin() as write:
                _refuse_non_empty(write, dst.display_name)
                _keep_history_names(write, True)
                rows = _copy_rows(read, write, progress)
                _keep_history_names(write, False)
                _verify(read, write)
                live.notify_whole(write, "copy")  # open programs refresh (sent on commit)
        finally:
            dst.dispose()
    except BaseException:
        if made is not None:
            for leftover in (made, *(made.with_name(made.name + end) for end in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        raise
    finally:
        src.dispose()
    return CopyResult(rows)

"""`giaoban check` on a PostgreSQL server, read-only: the schema revision, the records' counts
and every stored attached file against its size and SHA-256 (what ``core.checks`` does for a
SQLite file, where it is not SQLite's own: the server keeps its own integrity and foreign keys)."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlmodel import SQLModel

from giaoban.core import migrations
from giaoban.core.check_report import Blob, CheckReport, report_contents
from giaoban.core.errors import DatabaseError
from giaoban.i18n import _


def check_server(target: str) -> CheckReport:
    """Inspect the server's office without writing; a refusal to open is the one problem."""
    from giaoban.core import db_server

    report = CheckReport()
    try:
        engine = db_server.open_engine(target)
    except DatabaseError as exc:
        report.problem(str(exc))
        return report
    try:
        report.lines.append(_("Máy chủ: {url}").format(url=db_server.shown(target)))
        report.lines.append(_("Lược đồ: {rev} (mới nhất).").format(rev=migrations.head()))
        with engine.connect() as conn:
            return report_contents(report, lambda table: _count(conn, table),
                                   lambda: _blobs(conn), lambda damaged: _names(conn, damaged))
    finally:
        engine.dispose()


def _count(conn: sa.Connection, table: str) -> int:
    rows = sa.select(sa.func.count()).select_from(SQLModel.metadata.tables[table])
    return int(conn.execute(rows).scalar_one())


def _blobs(conn: sa.Connection) -> Iterator[Blob]:
    """Every stored file, read a few rows at a time."""
    blob = SQLModel.metadata.tables["attachment_blob"]
    rows = conn.execution_options(yield_per=50).execute(
        sa.select(blob.c.id, blob.c.sha256, blob.c.size, blob.c.content))
    return ((row[0], row[1], row[2], row[3]) for row in rows)


def _names(conn: sa.Connection, damaged: list[int]) -> list[tuple[int, str]]:
    attachment = SQLModel.metadata.tables["attachment"]
    return [(row_id, name) for row_id, name in conn.execute(
        sa.select(attachment.c.id, attachment.c.name)
        .where(attachment.c.blob_id.in_(damaged)).order_by(attachment.c.id))]

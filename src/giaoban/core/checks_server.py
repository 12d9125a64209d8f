"""`giaoban check` on a PostgreSQL server, read-only: the schema revision, the records' counts
and every stored attached file against its size and SHA-256 (what ``core.checks`` does for a
SQLite file, where it is not SQLite's own: the server keeps its own integrity and foreign keys)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import SQLModel

from giaoban.core import kinds, migrations
from giaoban.core.check_report import CheckReport, check_attachments
from giaoban.core.errors import DatabaseError
from giaoban.i18n import _, format_number


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
            for kind in kinds.counted():
                table = SQLModel.metadata.tables[kind.name]
                count = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                report.lines.append(f"{_(kind.count_msgid)}: {format_number(count)}")
            _check_attachments(conn, report)
    finally:
        engine.dispose()
    if report.ok:
        report.lines.append(_("Không phát hiện vấn đề."))
    return report


def _check_attachments(conn: sa.Connection, report: CheckReport) -> None:
    """Every stored file read once, a row at a time, against its size and SHA-256."""
    blob, attachment = (SQLModel.metadata.tables[name] for name in ("attachment_blob", "attachment"))
    files = conn.execute(sa.select(sa.func.count()).select_from(attachment)).scalar_one()

    def names_of(damaged: list[int]) -> list[tuple[int, str]]:
        return [(row_id, name) for row_id, name in conn.execute(
            sa.select(attachment.c.id, attachment.c.name)
            .where(attachment.c.blob_id.in_(damaged)).order_by(attachment.c.id))]

    rows = conn.execution_options(yield_per=50).execute(
        sa.select(blob.c.id, blob.c.sha256, blob.c.size, blob.c.content))
    check_attachments(report, files, ((r[0], r[1], r[2], r[3]) for r in rows), names_of)

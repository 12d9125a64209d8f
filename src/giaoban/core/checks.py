"""Health check of a database file, read-only: what `giaoban check` and start-up report.

The file must be sound and ours, its schema exactly what its revision's migrations make
(``core.db.inspect_file``); an empty SQLite file is a problem too, not "nothing found".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from giaoban.core import migrations
from giaoban.core.check_report import Blob, CheckReport, report_contents
from giaoban.core.db import inspect_file, read_only_uri
from giaoban.core.errors import DatabaseError
from giaoban.i18n import _


def check_database(target: Path | str) -> CheckReport:
    """Inspect without writing: integrity, ownership, schema revision, foreign keys, counts."""
    report = CheckReport()
    if isinstance(target, str):
        from giaoban.core.db_server import is_server_url, shown  # never the password

        if is_server_url(target):
            from giaoban.core.checks_server import check_server

            return check_server(target)
        report.lines.append(_("Chỉ kiểm tra được tệp SQLite; URL: {url}").format(url=shown(target)))
        return report
    if not target.exists():
        report.problem(_("Không tìm thấy tệp dữ liệu “{path}”.").format(path=target))
        return report
    try:
        state = inspect_file(target, thorough=True)
        migrations.refuse_if_too_new(state.revision, target)
    except DatabaseError as exc:
        report.problem(str(exc))
        return report
    report.lines.append(_("Tệp: {path}").format(path=target))
    report.lines.append(_("Kiểm tra toàn vẹn: đạt."))
    if state.empty_schema:  # not ours (yet): no command but the GUI or `demo` makes it ours
        report.problem(_("Tệp “{path}” là cơ sở dữ liệu SQLite trống, không có dữ liệu "
                         "giaoban.").format(path=target))
        return report
    if migrations.needs_upgrade(state.revision):
        report.lines.append(
            _("Lược đồ {rev} sẽ được nâng cấp lên {head} khi mở (có sao lưu trước).").format(
                rev=state.revision, head=migrations.head()
            )
        )
    else:
        report.lines.append(_("Lược đồ: {rev} (mới nhất).").format(rev=state.revision))
    conn = sqlite3.connect(read_only_uri(target), uri=True)
    try:
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            report.problem(
                _("{n} dòng tham chiếu đến bản ghi không tồn tại.").format(n=len(broken))
            )
        return report_contents(report, lambda table: _count(conn, table),
                               _blobs(conn), lambda damaged: _names(conn, damaged))
    finally:
        conn.close()


def _count(conn: sqlite3.Connection, table: str) -> int:
    (count,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count)


def _blobs(conn: sqlite3.Connection) -> Callable[[], Iterable[Blob]] | None:
    """The stored files, one row at a time (None in a file older than revision 0006)."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                         "'attachment_blob'").fetchone()
    if found is None:
        return None
    return lambda: conn.execute(
        "SELECT id, sha256, size, CAST(content AS BLOB) FROM attachment_blob")


def _names(conn: sqlite3.Connection, damaged: list[int]) -> list[tuple[int, str]]:
    marks = ", ".join("?" * len(damaged))
    return conn.execute(f"SELECT id, name FROM attachment WHERE blob_id IN ({marks}) "
                        "ORDER BY id", damaged).fetchall()

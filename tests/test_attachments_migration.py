"""Revision 0006 on an older file, and attachments travelling in a backup and coming back in a
restore (they live in the database: nothing beside it to forget)."""

from __future__ import annotations

import sqlite3

from alembic import command

from giaoban.core import migrations, search
from giaoban.core.clock import Clock
from giaoban.core.db import APPLICATION_ID, open_database
from giaoban.core.services import attachments as files
from giaoban.core.services.backups import backup_now, restore_database
from giaoban.core.startup import open_context
from tests.attachment_files import make_docx, make_task
from tests.conftest import TODAY


def test_0006_upgrades_a_0005_file_and_its_records_take_files(tmp_path):
    path = tmp_path / "old.db"
    db = open_database(path, migrate=False)
    config = migrations.alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0005")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.exec_driver_sql(
            "INSERT INTO organization (name, short_name, abbreviation, kind, active, sort_order) "
            "VALUES ('Hội Nông dân tỉnh', '', 'HND', 'association', 1, 0)")
        conn.exec_driver_sql(
            "INSERT INTO task (title, detail, lead_unit_id, assigned_on, priority, status, result, "
            "cancel_reason, search_text, created_at, updated_at) VALUES ('Nhiệm vụ cũ', '', 1, "
            "'2026-10-01', 'normal', 'not_started', '', '', 'nhiem vu cu', '2026-10-01 00:00:00', "
            "'2026-10-01 00:00:00')")
    db.dispose()
    ctx = open_context(path, clock=Clock.at(TODAY))
    try:
        with ctx.db.engine.connect() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert revision == migrations.head()  # 0006 and the revisions after it
        info = files.add_attachment(ctx, "task", 1, make_docx(tmp_path / "a.docx", "vụ mùa đông"))
        files.extract_pending(ctx)
        assert [h.id for h in search.search(ctx, "vu mua dong")] == [info.id]
        assert [h.id for h in search.search(ctx, "nhiem vu cu")] == [1]  # the old index still works
    finally:
        ctx.db.dispose()
    conn = sqlite3.connect(path)
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert {"attachment", "attachment_blob", "attachment_blob_fts", "attachment_blob_fts_ai",
            "ix_attachment_owner", "ix_attachment_trashed"} <= names


def test_a_backup_carries_the_files_and_a_restore_brings_them_back(ctx, db_path, tmp_path):
    task = make_task(ctx)
    source = make_docx(tmp_path / "Báo cáo.docx", "Kết quả đối thoại với thanh niên")
    info = files.add_attachment(ctx, "task", task, source)
    files.extract_pending(ctx)
    copy = backup_now(ctx, tmp_path / "sao lưu.db")
    files.remove_attachment(ctx, info.id)
    ctx.db.dispose()
    restore_database(db_path, copy, user="tester", clock=Clock.at(TODAY))
    again = open_context(db_path, clock=Clock.at(TODAY))
    try:
        assert [a.id for a in files.list_attachments(again, "task", task)] == [info.id]
        assert files.read_attachment(again, info.id) == source.read_bytes()
        assert [h.id for h in search.search(again, "doi thoai thanh nien")] == [info.id]
    finally:
        again.db.dispose()

"""Backup and restore round trips, compared table by table and row by row, on real files."""

from __future__ import annotations

import stat

import pytest
from sqlmodel import select

from giaoban.cli import main
from giaoban.core.models import AuditEvent, Organization
from giaoban.core.services import backups, directory, trash
from giaoban.core.startup import open_context
from tests.backup_helpers import dump_tables, integrity


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _without_last_event(live, made):
    """The live data as it was copied: the history's last event, the backup itself, came after."""
    tables = dump_tables(live)
    last = tables["audit_event"].pop()
    assert last[5] == "backup" and str(made) in last[7]
    return tables


def test_backup_is_an_exact_private_copy(demo_ctx, tmp_path):
    made = backups.backup_now(demo_ctx)
    assert made.parent == backups.backup_folder(demo_ctx)
    assert _mode(made) == 0o600 and _mode(demo_ctx.db.path) == 0o600
    assert _mode(made.parent) == 0o700
    assert integrity(made) == ["ok"]
    assert dump_tables(made) == _without_last_event(demo_ctx.db.path, made)
    assert not made.with_name(made.name + "-wal").exists()
    out = tmp_path / "elsewhere" / "copy.db"
    out.parent.mkdir()
    assert backups.backup_now(demo_ctx, out) == out
    assert dump_tables(out) == _without_last_event(demo_ctx.db.path, out)
    with pytest.raises(Exception, match="đã có"):
        backups.backup_now(demo_ctx, out)


def test_restore_round_trip_gives_back_every_row(demo_ctx):
    path = demo_ctx.db.path
    saved = backups.backup_now(demo_ctx)
    expected = dump_tables(saved)
    # change things after the backup: add, edit, trash, purge
    directory.create_organization(demo_ctx, name="Đơn vị thêm sau sao lưu")
    with demo_ctx.session() as s:
        org = s.exec(select(Organization)).first()
    directory.update_organization(demo_ctx, org.id, name="Tên đã đổi")
    trash.move_to_trash(demo_ctx, "briefing", [1])
    trash.empty_trash(demo_ctx)
    assert dump_tables(path) != expected

    result = backups.restore_into_context(demo_ctx, saved)
    assert result.previous_backup is not None and result.damaged_aside is None
    after = dump_tables(path)
    assert integrity(path) == ["ok"]
    for table, rows in expected.items():
        if table == "audit_event":
            continue
        assert after[table] == rows, table
    # the audit history is the backup's plus exactly one RESTORE event
    assert after["audit_event"][: len(expected["audit_event"])] == expected["audit_event"]
    assert len(after["audit_event"]) == len(expected["audit_event"]) + 1
    # the context keeps working on the restored data
    with demo_ctx.session() as s:
        last = s.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert s.get(Organization, org.id).name == org.name
    assert (last.action, last.entity, last.user) == ("restore", "database", "tester")
    # the data before the restore was kept, and restoring it brings the changes back
    previous = dump_tables(result.previous_backup)
    assert any(r[1] == "Tên đã đổi" for r in previous["organization"])
    assert _mode(path) == 0o600 and _mode(result.previous_backup) == 0o600


def test_restore_over_a_damaged_file_never_writes_to_it(demo_ctx, tmp_path):
    path = demo_ctx.db.path
    saved = backups.backup_now(demo_ctx)
    demo_ctx.db.dispose()
    damaged = bytearray(path.read_bytes())
    damaged[4096 * 3: 4096 * 6] = b"\xff" * (4096 * 3)
    path.write_bytes(bytes(damaged))
    result = backups.restore_database(path, saved, user="tester")
    assert result.previous_backup is None
    assert result.damaged_aside is not None
    assert result.damaged_aside.read_bytes() == bytes(damaged)
    assert integrity(path) == ["ok"]
    restored = dump_tables(path)
    for table, rows in dump_tables(saved).items():
        if table != "audit_event":
            assert restored[table] == rows
    assert _mode(path) == 0o600


def test_startup_backup_once_a_day(ctx):
    first = backups.startup_backup(ctx)
    assert first is not None and first.exists() and "startup" in first.name
    assert backups.startup_backup(ctx) is None
    assert backups.newest_good_backup(ctx.db.path) == first


def test_newest_good_backup_skips_broken_ones(ctx):
    good = backups.backup_now(ctx)
    folder = backups.backup_folder(ctx)
    broken = folder / f"{ctx.db.path.stem}-20991231-235959-manual.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    assert backups.newest_good_backup(ctx.db.path) == good


def test_cli_backup_and_restore_round_trip(demo_ctx, tmp_path, capsys):
    path = demo_ctx.db.path
    demo_ctx.db.dispose()
    out = tmp_path / "cli-backup.db"
    assert main(["backup", "--db", str(path), "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    expected = dump_tables(out)
    ctx = open_context(path)
    directory.create_person(ctx, full_name="Người thêm sau")
    ctx.db.dispose()
    assert main(["backup", "--db", str(path), "--out", str(out)]) == 1
    assert "đã có" in capsys.readouterr().err
    assert main(["restore", str(out), "--db", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "Đã khôi phục" in printed and "pre-restore" in printed
    restored = dump_tables(path)
    assert restored["person"] == expected["person"]
    assert main(["check", "--db", str(path)]) == 0


def _database_at_first_revision(path):
    """A giaoban file as the first release wrote it (schema 0001), with one organization."""
    from alembic import command

    from giaoban.core import migrations
    from giaoban.core.db import APPLICATION_ID, open_database

    db = open_database(path, migrate=False)
    config = migrations.alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.exec_driver_sql(
            "INSERT INTO organization (name, short_name, abbreviation, kind, active, sort_order) "
            "VALUES ('Hội Nông dân tỉnh', '', 'HND', 'association', 1, 1)")
    db.dispose()


def test_restoring_an_old_schema_backup_upgrades_it(ctx, tmp_path):
    from giaoban.core import migrations

    old = tmp_path / "old-release.db"
    _database_at_first_revision(old)
    before = old.read_bytes()
    result = backups.restore_into_context(ctx, old)
    assert old.read_bytes() == before  # the chosen file is only read
    assert result.previous_backup is not None
    assert migrations.current_revision(ctx.db) == migrations.head()
    names = [o.name for o in directory.list_organizations(ctx)]
    assert names == ["Hội Nông dân tỉnh"]
    folder = backups.backup_folder(ctx)
    assert any("pre-migration" in p.name for p in folder.iterdir())

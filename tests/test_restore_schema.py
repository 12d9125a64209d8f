"""Crafted databases: giaoban's application id and a known revision, but not that revision's schema.

Each is refused with one clear line before anything is touched — by ``restore`` (the live file
keeps its bytes), by ``check`` (a problem on stderr, exit 1), by every command that opens it and
by the GUI (offered the newest good backup, like a damaged file). What a revision must contain is
what its real migrations make: the references are checked against files migrated here.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from giaoban.cli import main
from giaoban.core import migrations
from giaoban.core.db import APPLICATION_ID, open_database, sqlite_engine
from giaoban.core.errors import DatabaseCorrupt
from giaoban.core.migrations import schema
from giaoban.core.scratch import scratch_dir
from giaoban.core.services import backups
from giaoban.core.startup import open_context

REFUSED = "không phải dữ liệu giaoban hợp lệ"
HEAD = migrations.head()


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _at_revision(path: Path, revision: str) -> None:
    """A giaoban file made by the real migrations up to ``revision``."""
    from alembic import command

    path.touch(mode=0o600)
    engine = sqlite_engine(path)
    config = migrations.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    engine.dispose()


def _edited(*statements: str):
    def make(good: Path, target: Path) -> None:
        shutil.copy(good, target)
        _sql(target, *statements)
    return make


def _old_schema_claiming_head(_good: Path, target: Path) -> None:
    _at_revision(target, "0001")
    _sql(target, f"UPDATE alembic_version SET version_num = '{HEAD}'")


CRAFTED = {
    "table-dropped": _edited("DROP TABLE task_update"),
    "column-dropped": _edited("ALTER TABLE person DROP COLUMN title"),
    "index-dropped": _edited("DROP INDEX ix_task_status"),
    "trigger-dropped": _edited("DROP TRIGGER task_fts_ai"),
    "fts-dropped": _edited("DROP TABLE task_fts"),
    "trigger-added": _edited(
        "CREATE TRIGGER wipe AFTER INSERT ON person BEGIN DELETE FROM task; END"),
    "view-added": _edited("CREATE VIEW everything AS SELECT * FROM person"),
    "table-added": _edited("CREATE TABLE extra (id INTEGER PRIMARY KEY)"),
    "check-weakened": _edited(
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = replace(sql, 'length(trim(full_name)) > 0', '1') "
        "WHERE name = 'person'"),
    "revision-lies-older": _edited("UPDATE alembic_version SET version_num = '0001'"),
    "revision-lies-one-back": _edited("UPDATE alembic_version SET version_num = '0003'"),
    "revision-lies-newer-schema": _old_schema_claiming_head,
}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    from giaoban.core.demo import fill_demo

    path = tmp_path_factory.mktemp("good") / "good.db"
    ctx = open_context(path)
    fill_demo(ctx, "small")
    ctx.db.dispose()
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _one_line(err: str) -> str:
    line = err.strip()
    assert line.startswith("Lỗi: ") and "\n" not in line and "Traceback" not in line, err
    return line


@pytest.mark.parametrize("kind", list(CRAFTED))
def test_restore_refuses_a_crafted_file_before_touching_the_live_one(kind, good, tmp_path,
                                                                     capsys):
    live_dir, source_dir = tmp_path / "live", tmp_path / "source"
    live_dir.mkdir()
    source_dir.mkdir()
    live = live_dir / "live.db"
    shutil.copy(good, live)
    crafted = source_dir / f"{kind}.db"
    CRAFTED[kind](good, crafted)
    before_live, before_source = _files(live_dir), _files(source_dir)

    assert main(["restore", str(crafted), "--db", str(live)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert REFUSED in line and str(crafted) in line, line
    assert _files(live_dir) == before_live  # no backup, no staged copy, not a byte changed
    assert _files(source_dir) == before_source
    assert not scratch_dir(live).exists()
    with pytest.raises(DatabaseCorrupt):
        backups.restore_database(live, crafted, user="tester")
    assert _files(live_dir) == before_live


@pytest.mark.parametrize("kind", list(CRAFTED))
def test_a_crafted_file_is_refused_by_check_and_every_command(kind, good, tmp_path, capsys):
    crafted = tmp_path / f"{kind}.db"
    CRAFTED[kind](good, crafted)
    before = crafted.read_bytes()

    assert main(["check", "--db", str(crafted)]) == 1
    checked = capsys.readouterr()
    assert REFUSED in checked.err and "Không phát hiện vấn đề" not in checked.out
    for command in (["tasks"], ["search", "đường"], ["briefings"], ["backup"]):
        assert main([*command, "--db", str(crafted)]) == 1, command
        assert REFUSED in _one_line(capsys.readouterr().err), command
    with pytest.raises(DatabaseCorrupt):
        open_database(crafted)
    assert crafted.read_bytes() == before
    assert not (tmp_path / f"{crafted.stem}-backups").exists()


def test_gui_treats_a_crafted_file_like_a_damaged_one(qtbot, ctx, monkeypatch):
    from giaoban.core.services import directory
    from giaoban.ui.actions import opening
    from giaoban.ui.dialogs import ask

    path = ctx.db.path
    directory.create_organization(ctx, name="Có trong bản sao lưu")
    backups.backup_now(ctx)
    ctx.db.dispose()
    _sql(path, "DROP TABLE task_update")
    crafted = path.read_bytes()
    asked = []
    monkeypatch.setattr(ask, "confirm", lambda parent, title, text, *a, **k: asked.append(text)
                        or True)
    monkeypatch.setattr(ask, "show_info", lambda *a, **k: None)
    restored = opening.open_for_gui(path)
    assert restored is not None
    try:
        assert REFUSED in asked[0] and "Khôi phục bản sao lưu tốt gần nhất" in asked[0]
        names = {o.name for o in directory.list_organizations(restored)}
        assert "Có trong bản sao lưu" in names
    finally:
        restored.db.dispose()
    aside = [p for p in path.parent.iterdir() if p.name.endswith("-damaged.db")]
    assert len(aside) == 1 and aside[0].read_bytes() == crafted


def test_sound_files_of_every_revision_still_open_and_restore(tmp_path, capsys):
    live = tmp_path / "live.db"
    open_context(live).db.dispose()
    for revision in sorted(migrations.known_revisions()):
        old = tmp_path / f"release-{revision}.db"
        _at_revision(old, revision)
        assert main(["check", "--db", str(old)]) == 0, capsys.readouterr()
        assert main(["restore", str(old), "--db", str(live)]) == 0, capsys.readouterr().err
        assert main(["check", "--db", str(live)]) == 0
        capsys.readouterr()


def test_references_are_what_the_migrations_make(tmp_path):
    """Each revision's reference equals a file migrated to it; every upgraded file equals the
    head's; a file created by the program equals the head's."""
    for revision in sorted(migrations.known_revisions()):
        path = tmp_path / f"at-{revision}.db"
        _at_revision(path, revision)
        with sqlite3.connect(path) as conn:
            assert schema.differences(schema.describe(conn), schema.build(revision)) == []
        conn.close()
        open_database(path).dispose()  # upgrades (after a backup) to the head
        with sqlite3.connect(path) as conn:
            assert schema.problems_of(conn, HEAD) == []
        conn.close()
    fresh = tmp_path / "fresh.db"
    open_database(fresh).dispose()
    with sqlite3.connect(fresh) as conn:
        assert schema.differences(schema.describe(conn), schema.build(HEAD)) == []
    conn.close()


def test_an_unreadable_cached_reference_is_rebuilt(monkeypatch, tmp_path):
    monkeypatch.setattr(schema, "_memory", {})
    cached = schema._cache_file("0001")
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text("{not json", encoding="utf-8")
    assert schema.reference("0001") == schema.build("0001")
    assert schema._load("0001") == schema.build("0001")  # stored again, readable


def test_a_cli_restore_is_refused_while_a_window_holds_the_file(good, tmp_path, capsys):
    """The GUI holds its file while open (core.file_hold), by whatever path it was opened."""
    from giaoban.core.file_hold import hold

    live = tmp_path / "live.db"
    shutil.copy(good, live)
    other_name = tmp_path / "same-file.db"
    os.link(live, other_name)
    source = tmp_path / "source.db"
    shutil.copy(good, source)
    before = live.read_bytes()
    with hold(other_name):  # a window opened the file through another name
        assert main(["restore", str(source), "--db", str(live)]) == 1
        assert "chương trình giaoban khác" in _one_line(capsys.readouterr().err)
    assert live.read_bytes() == before
    assert main(["restore", str(source), "--db", str(live)]) == 0

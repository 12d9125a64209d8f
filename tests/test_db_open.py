"""Opening databases: new files, pragmas, permissions; bad files refused and left untouched."""

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from giaoban.core import migrations
from giaoban.core.db import APPLICATION_ID, open_database
from giaoban.core.errors import (
    DatabaseCorrupt,
    DatabaseError,
    DatabaseTooNew,
    NotAGiaobanDatabase,
)
from giaoban.core.startup import open_context


def test_new_database_gets_schema_pragmas_and_owner_only_permissions(tmp_path):
    path = tmp_path / "new.db"
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
            assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        assert migrations.current_revision(db) == migrations.head()
        assert db.created
    finally:
        db.dispose()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_first_start_seeds_the_usual_bodies_once(tmp_path):
    from giaoban.core.services.directory import list_organizations, update_organization

    ctx = open_context(tmp_path / "seed.db")
    abbreviations = {o.abbreviation for o in list_organizations(ctx)}
    assert {"MTTQ", "LĐLĐ", "LHPN", "CCB", "HND", "TĐ", "BTGDV"} <= abbreviations
    mttq = next(o for o in list_organizations(ctx) if o.abbreviation == "MTTQ")
    update_organization(ctx, mttq.id, name="Ủy ban MTTQ Việt Nam tỉnh Ninh Bình")
    ctx.db.dispose()
    ctx = open_context(tmp_path / "seed.db")
    names = [o.name for o in list_organizations(ctx)]
    assert "Ủy ban MTTQ Việt Nam tỉnh Ninh Bình" in names
    assert len(names) == len(abbreviations)  # not seeded twice
    ctx.db.dispose()


def test_constraints_reject_unsound_rows(ctx):
    from sqlalchemy.exc import IntegrityError

    from giaoban.core.models import Task

    with pytest.raises(IntegrityError), ctx.transaction() as s:
        s.add(Task(title="x", lead_unit_id=999999, assigned_on=ctx.today()))
    with pytest.raises(IntegrityError), ctx.transaction() as s:
        s.add(Task(title="x", lead_unit_id=1, assigned_on=ctx.today(), status="bogus"))


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", NotAGiaobanDatabase),
        (os.urandom(8192), NotAGiaobanDatabase),
        (b"SQLite format 3\x00" + b"\x00" * 20, DatabaseCorrupt),
    ],
    ids=["zero-bytes", "random-bytes", "truncated-header"],
)
def test_bad_files_are_refused_and_unchanged(tmp_path, content, error):
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    with pytest.raises(error):
        open_database(path)
    assert _bytes(path) == content
    assert not (tmp_path / "bad.db-wal").exists()


def test_truncated_database_is_refused_and_unchanged(tmp_path):
    good = tmp_path / "good.db"
    ctx = open_context(good)
    from giaoban.core.demo import fill_demo

    fill_demo(ctx)
    ctx.db.dispose()
    data = good.read_bytes()
    cut = tmp_path / "cut.db"
    cut.write_bytes(data[: len(data) // 3])
    before = cut.read_bytes()
    with pytest.raises(DatabaseError):
        open_database(cut)
    assert cut.read_bytes() == before


def test_other_sqlite_database_is_not_ours(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE music (id INTEGER PRIMARY KEY, title TEXT)")
    before = path.read_bytes()
    with pytest.raises(NotAGiaobanDatabase):
        open_database(path)
    assert path.read_bytes() == before


def test_database_from_a_newer_program_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew) as info:
        open_database(path)
    assert "mới hơn" in str(info.value)
    assert path.read_bytes() == before


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseError) as info:
        open_database(tmp_path / "no" / "such" / "x.db")
    assert "không tồn tại" in str(info.value)
    assert not (tmp_path / "no").exists()


def test_older_schema_is_backed_up_before_upgrading(tmp_path):
    revisions = [r.revision for r in migrations._script().walk_revisions()]
    if len(revisions) < 2:
        pytest.skip("only one schema revision exists so far")
    from alembic import command

    from giaoban.core.db import sqlite_engine

    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    engine = sqlite_engine(path)
    config = migrations.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revisions[-1])
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    engine.dispose()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert migrations.current_revision(db) == migrations.head()
        backups = list((tmp_path / "backups").glob("*.db"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as conn:
            (rev,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        assert rev == revisions[-1]
    finally:
        db.dispose()


def test_inspecting_a_closed_file_leaves_nothing_beside_it(tmp_path):
    from giaoban.core.checks import check_database

    path = tmp_path / "closed.db"
    open_database(path).dispose()
    assert not (tmp_path / "closed.db-wal").exists()
    before = path.read_bytes()
    assert check_database(path).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["closed.db"]
    assert path.read_bytes() == before


def test_revision_graph_read_from_files_agrees_with_alembic():
    script = migrations._script()
    assert migrations.head() == script.get_current_head()
    assert migrations.known_revisions() == {r.revision for r in script.walk_revisions()}


def test_opening_an_up_to_date_file_does_not_load_alembic(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "current.db"
    open_database(path).dispose()
    code = (
        "import sys; from giaoban.core.db import open_database\n"
        f"open_database({str(path)!r}).dispose()\n"
        "print(any(m.startswith('alembic') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr

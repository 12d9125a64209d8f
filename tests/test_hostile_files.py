"""Hostile database files: too new, truncated, zero bytes, random bytes. Clear errors, no change."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from giaoban.cli import main
from giaoban.core.db import open_database
from giaoban.core.errors import DatabaseError
from giaoban.core.services import backups
from giaoban.core.startup import open_context


@pytest.fixture
def good_db(tmp_path) -> Path:
    path = tmp_path / "good.db"
    ctx = open_context(path)
    from giaoban.core.demo import fill_demo

    fill_demo(ctx, "small")
    ctx.db.dispose()
    return path


def _too_new(good: Path, target: Path) -> None:
    shutil.copy(good, target)
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()


def _truncated(good: Path, target: Path) -> None:
    data = good.read_bytes()
    target.write_bytes(data[: len(data) // 2])


def _zero(_good: Path, target: Path) -> None:
    target.write_bytes(b"")


def _random(_good: Path, target: Path) -> None:
    target.write_bytes(random.Random(7).randbytes(64 * 1024))


def _random_after_header(good: Path, target: Path) -> None:
    data = good.read_bytes()
    target.write_bytes(data[:100] + random.Random(8).randbytes(len(data) - 100))


HOSTILE = {
    "too-new": (_too_new, "mới hơn"),
    "truncated": (_truncated, "hỏng"),
    "zero-byte": (_zero, "rỗng"),
    "random-bytes": (_random, "không phải"),
    "random-after-sqlite-header": (_random_after_header, "hỏng"),
}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_restore_refuses_hostile_file_and_changes_nothing(kind, good_db, tmp_path, capsys):
    make, words = HOSTILE[kind]
    hostile_dir = tmp_path / "hostile"
    hostile_dir.mkdir()
    hostile = hostile_dir / f"{kind}.db"
    make(good_db, hostile)
    before_hostile = _files(hostile_dir)
    before_live = _files(good_db.parent)
    assert main(["restore", str(hostile), "--db", str(good_db)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Lỗi: ") and words in err and "\n" not in err, err
    assert _files(hostile_dir) == before_hostile
    after_live = {k: v for k, v in _files(good_db.parent).items() if not k.startswith("hostile")}
    assert after_live == {k: v for k, v in before_live.items() if not k.startswith("hostile")}
    with pytest.raises(DatabaseError):
        backups.restore_database(good_db, hostile, user="tester")
    assert _files(hostile_dir) == before_hostile


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_opening_and_checking_hostile_file_changes_nothing(kind, good_db, tmp_path, capsys):
    make, words = HOSTILE[kind]
    folder = tmp_path / "open"
    folder.mkdir()
    hostile = folder / f"{kind}.db"
    make(good_db, hostile)
    os.chmod(hostile, 0o600)
    before = _files(folder)
    with pytest.raises(DatabaseError) as info:
        open_database(hostile)
    assert words in str(info.value)
    assert main(["check", "--db", str(hostile)]) == 1
    checked = capsys.readouterr()
    assert words in checked.err and words not in checked.out  # the problem goes to stderr
    assert main(["backup", "--db", str(hostile)]) == 1
    after = _files(folder)
    assert after[hostile.name] == before[hostile.name]  # same bytes
    # nothing else but what SQLite itself leaves beside a WAL-mode file it read (see db.py):
    # an empty -wal and a -shm index; no backup folder, no data written anywhere
    assert set(after) - set(before) <= {f"{hostile.name}-wal", f"{hostile.name}-shm"}
    assert after.get(f"{hostile.name}-wal", b"") == b""
    assert not (folder / f"{hostile.stem}-backups").exists()

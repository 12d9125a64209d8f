"""What `--db` may name: an empty SQLite file of another program, a FIFO, a ``sqlite:///`` URL.

A command that only reads never turns an empty SQLite file into a giaoban database (only `demo`
and the GUI, which may create, do — and never a file another program marked as its own); `check`
says what is wrong on stderr; a FIFO is refused at once (it would block a reader forever), as
the database and as the file to restore from; a ``sqlite:///`` URL is the same as its path
(0600 when created, checked like a path).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from giaoban.cli import main
from giaoban.core.checks import check_database
from giaoban.core.startup import open_context

READERS = (["tasks"], ["search", "đường"], ["briefings"], ["aspirations"], ["backup"],
           ["check"])


def _empty_sqlite(path: Path, application_id: int = 0) -> bytes:
    """What another program leaves: a valid SQLite header, no tables."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")
    if application_id:
        conn.execute(f"PRAGMA application_id = {application_id}")
    conn.commit()
    conn.close()
    return path.read_bytes()


def _one_line(err: str) -> str:
    line = err.strip()
    assert line and "\n" not in line and "Traceback" not in line, err
    return line


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_reading_command_never_converts_an_empty_sqlite_file(command, tmp_path, capsys):
    path = tmp_path / "other.sqlite"
    before = _empty_sqlite(path)
    assert main([*command, "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert "trống" in _one_line(captured.err) and "Không phát hiện vấn đề" not in captured.out
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def test_demo_may_fill_an_empty_file_but_not_one_another_program_marked(tmp_path, capsys):
    plain, marked = tmp_path / "plain.db", tmp_path / "marked.db"
    _empty_sqlite(plain)
    before = _empty_sqlite(marked, application_id=0x12345678)
    assert main(["demo", "--db", str(marked)]) == 1
    assert "trống" in _one_line(capsys.readouterr().err)
    assert marked.read_bytes() == before
    assert main(["demo", "--db", str(plain)]) == 0
    assert check_database(plain).ok


@pytest.mark.timeout(30)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_is_refused_at_once_as_database_or_restore_source(tmp_path, capsys):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    live = tmp_path / "live.db"
    open_context(live).db.dispose()
    for command in ([*c, "--db", str(fifo)] for c in (*READERS, ["demo"])):
        assert main(command) == 1, command
        assert "không phải tệp thường" in _one_line(capsys.readouterr().err), command
    assert main(["restore", str(live), "--db", str(fifo)]) == 1
    assert "không phải tệp thường" in _one_line(capsys.readouterr().err)
    assert main(["restore", str(fifo), "--db", str(live)]) == 1
    assert "không phải tệp thường" in _one_line(capsys.readouterr().err)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert check_database(live).ok


@pytest.mark.timeout(30)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_the_gui_refuses_a_fifo_with_one_message(qtbot, tmp_path, monkeypatch):
    from giaoban.ui.actions import opening
    from giaoban.ui.dialogs import ask

    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    errors = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, title=None: errors.append(text))
    assert opening.open_for_gui(fifo) is None
    assert len(errors) == 1 and "không phải tệp thường" in errors[0]


def test_a_sqlite_url_is_its_file(tmp_path, capsys):
    path = tmp_path / "by-url.db"
    url = f"sqlite:///{path}"
    assert main(["demo", "--db", url]) == 0
    capsys.readouterr()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert main(["check", "--db", url]) == 0
    assert "Không phát hiện vấn đề" in capsys.readouterr().out
    assert main(["backup", "--db", url]) == 0
    assert "Đã sao lưu" in capsys.readouterr().out
    assert list((tmp_path / "by-url-backups").glob("*.db"))
    ctx = open_context(url, create=False)
    try:
        assert ctx.db.path == path
    finally:
        ctx.db.dispose()

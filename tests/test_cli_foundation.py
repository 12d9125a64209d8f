"""The command line: demo, check, --version, --db/--lang placement, bad databases."""

import sqlite3
import subprocess
import sys

import pytest

from giaoban.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    """Run the real console entry point in a child process (what admins and CI do)."""
    return subprocess.run(
        [sys.executable, "-m", "giaoban", *args], capture_output=True, text=True, timeout=120
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("giaoban ")


def test_demo_then_check_then_demo_again_refused(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "cuộc giao ban" in out
    assert main(["check", "--db", str(db)]) == 0
    assert "Không phát hiện vấn đề" in capsys.readouterr().out
    with sqlite3.connect(db) as conn:
        briefings = conn.execute("SELECT count(*) FROM briefing").fetchone()[0]
        people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        kinds = {r[0] for r in conn.execute("SELECT DISTINCT kind FROM briefing")}
        statuses = {r[0] for r in conn.execute("SELECT DISTINCT status FROM task")}
    assert briefings >= 10 and 20 <= people <= 40
    assert {"quarterly", "half_year", "annual"} <= kinds
    assert {"not_started", "in_progress", "done", "cancelled"} <= statuses
    before = db.read_bytes()
    assert main(["--db", str(db), "demo"]) == 1  # --db before the subcommand works too
    err = capsys.readouterr().err
    assert "đã có dữ liệu" in err and "Traceback" not in err
    assert db.read_bytes() == before


def test_lang_after_subcommand_switches_messages(tmp_path, capsys):
    db = tmp_path / "d.db"
    assert main(["demo", "--db", str(db), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Loaded demo data" in out


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100], ids=["empty", "text"])
def test_check_reports_bad_files_and_changes_nothing(tmp_path, content):
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    result = run("check", "--db", str(path))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.strip() or result.stderr.strip()
    assert path.read_bytes() == content


def test_bad_db_path_is_one_clear_line(tmp_path):
    result = run("demo", "--db", str(tmp_path / "missing" / "x.db"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "không tồn tại" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_too_new_database_is_refused_byte_for_byte(tmp_path):
    db = tmp_path / "future.db"
    assert main(["demo", "--db", str(db)]) == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_newer'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db.read_bytes()
    result = run("demo", "--db", str(db))
    assert result.returncode == 1 and "mới hơn" in result.stderr
    result = run("check", "--db", str(db))
    assert result.returncode == 1
    assert db.read_bytes() == before


def test_demo_large_size_is_offered():
    result = run("demo", "--help")
    assert "large" in result.stdout


def test_opening_the_gui_imports_no_subcommand():
    from giaoban.cli import needs_subcommands

    assert not needs_subcommands([])
    assert not needs_subcommands(["--db", "x.db", "--lang", "en"])
    assert needs_subcommands(["--db", "x.db", "check"])
    assert needs_subcommands(["--help"])
    code = (
        "import sys; from unittest import mock; import giaoban.cli as c\n"
        "with mock.patch('giaoban.ui.app.run_gui', return_value=0) as gui:\n"
        "    assert c.main(['--db', 'x.db']) == 0 and gui.called\n"
        "print(sorted(m for m in sys.modules if m.startswith('giaoban.commands.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_usage_mistakes_are_one_line_with_a_hint():
    result = run("tasks", "--status", "bogus")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "lỗi" in lines[0] and "--help" in lines[0]

"""Start-up promises (issue 18): the window is painted before the database libraries are
imported, the command line is built without them, and a reading command writes nothing yet still
refuses a newer program's file and reports a damaged one in one line."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from giaoban.core.services import tasks
from giaoban.core.startup import open_context

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "PySide6", "openpyxl", "giaoban.core.models")


def _child(code: str, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env)


def _loaded_after(call: str) -> list[str]:
    """The heavy modules a child process has imported after ``call``."""
    code = (f"import sys\nfrom giaoban import cli\n{call}\n"
            f"print([m for m in {HEAVY!r} if m in sys.modules])\n")
    result = _child(code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_building_the_command_line_imports_no_database_library():
    assert _loaded_after("cli.build_parser()") == []


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_import_no_database_library(argv):
    call = f"try:\n    cli.main({argv!r})\nexcept SystemExit:\n    pass"
    assert _loaded_after(call) == []


def test_a_lazy_choice_is_still_checked_and_listed(capsys):
    from giaoban.cli import main
    from giaoban.core.search import TYPES

    with pytest.raises(SystemExit) as exited:
        main(["search", "--type", "khong-co", "x"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "khong-co" in err and all(kind in err for kind in TYPES)
    with pytest.raises(SystemExit):
        main(["demo", "--size", "khong-co"])
    assert "large" in capsys.readouterr().err


def _settled(path: Path) -> bytes:
    """Fold the WAL into the file, so its bytes are the whole database."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path.read_bytes()


def _giaoban(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "giaoban", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def filled(tmp_path) -> Path:
    path = tmp_path / "doc.db"
    from giaoban.core.services import directory

    ctx = open_context(path)
    unit = directory.list_organizations(ctx)[0].id
    tasks.create_task(ctx, title="Đọc mà không ghi", lead_unit_id=unit,
                      assigned_on=ctx.today(), due_on=ctx.today())
    ctx.db.dispose()
    return path


def test_a_reading_command_writes_nothing(filled):
    before = _settled(filled)
    for args in (["tasks", "--json"], ["briefings"], ["aspirations"], ["search", "đọc"]):
        result = _giaoban("--db", str(filled), *args)
        assert result.returncode == 0, result.stderr
    assert _settled(filled) == before
    assert "Đọc mà không ghi" in _giaoban("--db", str(filled), "tasks").stdout


def test_a_reading_command_refuses_a_newer_programs_file(filled):
    conn = sqlite3.connect(filled)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = _settled(filled)
    result = _giaoban("--db", str(filled), "tasks")
    assert result.returncode == 1 and "mới hơn" in result.stderr
    assert "Traceback" not in result.stderr
    assert _settled(filled) == before


def test_a_reading_command_on_a_damaged_file_says_so_in_one_line(filled):
    _settled(filled)
    data = bytearray(filled.read_bytes())
    pages = len(data) // 4096
    data[4096 * 2: 4096 * pages] = b"\xa5" * (4096 * (pages - 2))  # all but the schema page
    filled.write_bytes(bytes(data))
    result = _giaoban("--db", str(filled), "tasks")
    assert result.returncode == 1, result.stdout
    assert "hỏng" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert filled.read_bytes() == bytes(data)


def test_the_window_is_painted_before_the_database_libraries_are_imported(filled, tmp_path):
    """The real program in a child: its first paint reports the status line and whether
    SQLAlchemy was loaded yet (ui/bench_hook.py), then the populated window reports."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GIAOBAN_BENCH_EXIT_AFTER_SHOWN="1",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "giaoban", "--db", str(filled)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    painted, shown = reports
    assert painted["status"] == "Đang mở dữ liệu…"
    assert painted["libraries_loaded"] is False
    assert shown["shown_at"] >= painted["painted_at"]


def test_a_window_opening_its_database_waits_then_gets_it(qtbot, ctx):
    """Before attach: sidebar and menus disabled, the status says why; after: the start page is
    made and filled, the commands work."""
    from giaoban.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.statusBar().currentMessage() == "Đang mở dữ liệu…"
    assert not window.nav.isEnabled() and window.pages == {}
    assert not window.export_action.isEnabled()
    window.attach(ctx)
    window._after_start()  # what the queued call does (no welcome: the file is not new)
    assert window.nav.isEnabled() and window.statusBar().currentMessage() == ""
    page = window.current_page()
    assert window.pages and page.isVisible()
    assert ctx.db.display_name in window.windowTitle()
    assert window.db_label.text().endswith(ctx.db.display_name)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_whole_numbers_are_written_as_babel_writes_them(language):
    """format_number's quick path for ints (thousands of calls in a task list) agrees with
    Babel's own formatting in both languages."""
    from babel.numbers import format_decimal

    from giaoban.i18n import format_number, set_language

    locale = "vi_VN" if language == "vi" else "en_US"
    set_language(language)
    try:
        for value in (0, 7, -7, 999, 1000, -1204, 65_536, 1_234_567, -10**9, 10**15):
            assert format_number(value) == format_decimal(value, locale=locale)
        assert format_number(1204.5) == format_decimal(1204.5, locale=locale)
    finally:
        set_language("vi")

"""One program per database: the second start brings the first forward; stale names are reclaimed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from giaoban.ui import app as gui_app
from giaoban.ui import instance


@pytest.fixture
def qt(qtbot):
    return qtbot


def test_same_file_same_name_other_file_other_name(tmp_path):
    a = tmp_path / "a.db"
    assert instance.server_name(a) == instance.server_name(tmp_path / "x" / ".." / "a.db")
    assert instance.server_name(a) != instance.server_name(tmp_path / "b.db")
    assert len(instance.server_name(a)) < 40


def test_second_claim_asks_the_first_to_come_forward(qt, tmp_path):
    db = tmp_path / "one.db"
    first = instance.claim(db)
    assert first is not None
    try:
        with qt.waitSignal(first.raise_requested, timeout=3000):
            assert instance.claim(db) is None
        other = instance.claim(tmp_path / "other.db")
        assert other is not None
        other.close()
    finally:
        first.close()
    again = instance.claim(db)  # after the first closed, the file is free again
    assert again is not None
    again.close()


@pytest.mark.skipif(sys.platform == "win32", reason="Unix socket files")
def test_stale_name_left_by_a_crash_is_removed(qt, tmp_path):
    db = tmp_path / "stale.db"
    name = instance.server_name(db)
    path = os.path.join(QDir.tempPath(), name)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)  # a socket file nobody listens on, as a SIGKILLed program leaves
    stale.close()
    assert Path(path).exists()
    guard = instance.claim(db)
    assert guard is not None
    guard.close()


@pytest.mark.timeout(60)
def test_second_program_on_the_same_database_exits_and_raises_the_first(qt, ctx):
    """A real second process: it finds the first, says so, and exits without opening the file."""
    path = ctx.db.path
    ctx.db.dispose()
    guard = instance.claim(path)
    assert guard is not None
    raised = []
    guard.raise_requested.connect(lambda: raised.append(True))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    code = (
        "import sys\n"
        "from giaoban.ui import app\n"
        "from giaoban.ui.dialogs import ask\n"
        "ask.show_info = lambda parent, text, title=None: print('INFO', text)\n"
        f"sys.exit(app.run_gui({str(path)!r}))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    qt.waitUntil(lambda: proc.poll() is not None or bool(raised), timeout=30000)
    out, _err = proc.communicate(timeout=30)
    guard.close()
    assert proc.returncode == 0
    assert raised
    assert "đang được mở trong một cửa sổ giaoban khác" in out


def test_first_window_comes_forward(qt, ctx):
    from giaoban.ui.main_window import MainWindow

    gui_app.create_application()
    window = MainWindow(ctx)
    qt.addWidget(window)
    window.showMinimized()
    instance.bring_forward(window)
    assert not window.isMinimized() and window.isVisible()


@pytest.mark.timeout(60)
def test_a_window_on_a_hard_link_of_a_held_file_is_refused_before_anything_is_written(ctx,
                                                                                      tmp_path):
    """Another program writes to the file (a command, another user's window): a GUI started
    through a second name of the same file says so and exits; the file is not touched."""
    from giaoban.core.file_hold import hold

    path = ctx.db.path
    ctx.db.dispose()
    link = tmp_path / "ten-khac.db"
    os.link(path, link)
    before = path.read_bytes()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    code = (
        "import sys\n"
        "from giaoban.ui import app\n"
        "from giaoban.ui.dialogs import ask\n"
        "ask.show_error = lambda parent, text, title=None: print('ERROR', text)\n"
        f"sys.exit(app.run_gui({str(link)!r}))\n"
    )
    with hold(path):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=env, timeout=50)
    assert proc.returncode == 1
    assert "đang được một chương trình giaoban khác ghi" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert path.read_bytes() == before

"""After Tệp → Kết nối máy chủ… everything start-up tied to the old file follows the window:
the one-program guard names the server's database (the old file is free for another program),
the reminders are told about the new database, and the person works as their server login.
The login is tried on a worker: a slow server never freezes the window and Esc stops waiting.
"""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from giaoban.core import server_login
from giaoban.core.context import current_user
from giaoban.core.server_login import ServerLogin
from giaoban.core.services import directory, tasks
from giaoban.ui import instance
from giaoban.ui.dialogs import ask
from tests.test_server_connect_gui import PASSWORD, connect, fill, office  # noqa: F401
from tests.test_server_login import memory_keyring, no_libpq_password  # noqa: F401

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def guarded(window):
    """The window's program holds the guard on its file, as ui.app does at start-up."""
    for left in instance.held_guards():  # another test's, still listening
        left.close()
    guard = instance.claim(window.ctx.db.path, QApplication.instance())
    assert guard is not None
    yield guard
    for held in QApplication.instance().findChildren(instance.InstanceGuard):
        held.close()
        held.deleteLater()


def _overdue_tasks(ctx, count: int) -> None:
    lead = directory.list_organizations(ctx)[0].id
    for n in range(count):
        tasks.create_task(ctx, title=f"Việc quá hạn {n}", lead_unit_id=lead,
                          assigned_on=dt.date(2026, 10, 1), due_on=dt.date(2026, 11, 10 + n))


def test_after_the_switch_guard_reminders_and_user_follow_the_server(
        window, qtbot, guarded, office, pg_ctx, memory_keyring, monkeypatch):  # noqa: F811
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    _overdue_tasks(pg_ctx, 2)  # the file has none
    window._after_start()
    first = window.reminders.check()  # start-up's check, on the file: nothing to tell
    assert first is not None and first.overdue == 0
    old_file = window.ctx.db.path

    dialog = connect(window, qtbot)
    fill(qtbot, dialog, office, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctx.db.path is None, timeout=15000)

    # the guard names the server's database; the old file is free for another program
    held = instance.current_guard()
    assert held is not None and held is not guarded
    assert held.name == instance.server_name(office.url())
    assert not guarded.server.isListening()
    other = instance.claim(old_file)
    assert other is not None
    other.close()
    # the reminders are told about the server's tasks (told today about the file: not these)
    qtbot.waitUntil(lambda: window.reminders.last is not None
                    and window.reminders.last.overdue == 2, timeout=5000)
    banner = window.page("overview").banner
    assert "2 nhiệm vụ quá hạn" in banner.text()
    # the person works as the server's login, not as the computer's user
    assert window.ctx.user == office.user != current_user()
    page = window.show_area("directory")
    assert page.ctx.user == office.user


def test_a_server_another_program_works_on_brings_that_one_forward(
        window, qtbot, guarded, office, memory_keyring, monkeypatch):  # noqa: F811
    told: list[str] = []
    monkeypatch.setattr(ask, "show_info", lambda _parent, text, _title=None: told.append(text))
    elsewhere = instance.claim(office.url())  # another program on the server's database
    assert elsewhere is not None
    sqlite_ctx = window.ctx
    try:
        with qtbot.waitSignal(elsewhere.raise_requested, timeout=15000):
            dialog = connect(window, qtbot)
            fill(qtbot, dialog, office, PASSWORD)
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: bool(told), timeout=15000)
    finally:
        elsewhere.close()
    assert "đang được mở trong một cửa sổ giaoban khác" in told[0]
    assert window.ctx is sqlite_ctx and instance.current_guard() is guarded
    assert dialog.opened.db.engine.pool.checkedout() == 0


@pytest.fixture
def silent_server():
    """A port on this computer that takes the connection and never answers (a server that
    hangs): the login waits for its timeout."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener.getsockname()[1]
    listener.close()


class Ticks:
    """Counts the event loop's turns while a login is tried (a frozen window counts none)."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


def test_a_slow_server_never_freezes_the_window_and_esc_stops_waiting(
        window, qtbot, silent_server, memory_keyring, monkeypatch):  # noqa: F811
    monkeypatch.setattr(server_login, "PROBE_TIMEOUT_S", 3)
    sqlite_ctx = window.ctx
    slow = ServerLogin(host="127.0.0.1", port=silent_server, database="giaoban", user="lan")
    dialog = connect(window, qtbot)
    fill(qtbot, dialog, slow, "mật khẩu")
    ticks = Ticks()
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "Đang kết nối" in dialog.message.text()
    assert not dialog.host.isEnabled() and not dialog.connect_button.isEnabled()
    qtbot.wait(1000)
    assert ticks.count >= 3, f"the window was frozen: {ticks.count} turns in 1 s"
    assert dialog.isVisible() and "Đang kết nối" in dialog.message.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # stop waiting; the dialog stays to correct
    assert dialog.isVisible() and dialog.host.isEnabled() and dialog.connect_button.isEnabled()
    assert dialog.message.text() == "Đã dừng kết nối."
    qtbot.wait(3000)  # the stopped attempt ends on its own: nothing is said or opened
    assert dialog.message.text() == "Đã dừng kết nối." and window.ctx is sqlite_ctx

    ticks.count = 0
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)  # tried to the end
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=15000)
    assert ticks.count >= 6  # ~3 s of timeout, the window alive throughout (frozen: 0 or 1)
    assert dialog.isVisible() and window.ctx is sqlite_ctx and dialog.opened is None
    assert "Đang kết nối" not in dialog.message.text() and "mật khẩu" not in dialog.message.text()
    assert dialog.message.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing tried: Esc closes
    assert not dialog.isVisible() and window.ctx is sqlite_ctx
    ticks.timer.stop()

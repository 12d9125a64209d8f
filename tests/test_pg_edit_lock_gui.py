"""One editor at a time on real widgets and a real server: A edits a briefing, B's editor of it
is read-only under a banner naming A's login; when A's program is gone, B's "Thử lại" takes it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtTest import QTest
from sqlalchemy.engine import make_url

from giaoban.core.clock import Clock
from giaoban.core.services import briefings
from giaoban.core.services.briefing_draft import BriefingDraft
from giaoban.core.startup import open_context
from tests.pg_fixtures import TODAY
from tests.qt_helpers import type_text


@pytest.fixture
def briefing_id(pg_ctx) -> int:
    draft = BriefingDraft(kind="quarterly", year=2026, quarter=4, held_on=dt.date(2026, 12, 10),
                          place="Hội trường Tỉnh ủy")
    return briefings.save_briefing(pg_ctx, draft)


@pytest.fixture
def windows(qtbot, pg_login):
    """Two programs, each logged in as its own secretary: [(window, login), …]."""
    from giaoban.ui.app import create_application
    from giaoban.ui.main_window import MainWindow

    create_application()
    made = []
    for _n in range(2):
        url = pg_login("secretary")
        ctx = open_context(url, clock=Clock.at(TODAY))
        ctx.db.created = False
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        made.append((win, str(make_url(url).username)))
    yield made
    for win, _login in made:
        win.page("briefings").editor.guard.lock.close()
        win.ctx.db.dispose()


def _open(window, briefing_id: int):
    page = window.show_area("briefings")
    page.select_id(briefing_id)
    page.view.setFocus()
    QTest.keyClick(page.view, Qt.Key.Key_Return)  # open it as a person does
    assert page.editing()
    return page.editor


def test_the_second_editor_is_read_only_until_the_first_is_gone(qtbot, briefing_id, windows,
                                                                  pg_server):
    (a_window, a_login), (b_window, _b_login) = windows
    a = _open(a_window, briefing_id)
    assert not a.guard.isVisible() and a.general.place.isEnabled()

    b = _open(b_window, briefing_id)
    since = b_window.ctx.now().strftime("%H:%M")
    assert b.guard.isVisible()
    assert b.guard.text.text() == (f"Đang được {a_login} chỉnh sửa từ {since} — anh/chị chỉ xem "
                                   "được.")
    assert not b.general.place.isEnabled() and not b.save_action.isEnabled()
    assert all(grid.model.read_only and not grid.add_action.isEnabled() for grid in b.grids)

    b_window.undo_stack.push(QUndoCommand("Sửa nhiệm vụ trước đó"))  # B's earlier step

    # A saves: B, reading, sees it without F5 (and is still read-only)
    a.general.place.setFocus()
    a.general.place.end(False)
    type_text(a.general.place, " số 2")
    assert a.save()
    qtbot.waitUntil(lambda: b.draft.place == "Hội trường Tỉnh ủy số 2", timeout=3000)
    assert b.general.place.text() == "Hội trường Tỉnh ủy số 2" and b.guard.locked_out
    assert b_window.undo_stack.count() == 1  # reading it again cost B no undo step

    QTest.mouseClick(b.guard.retry, Qt.MouseButton.LeftButton)  # A still there
    assert b.guard.isVisible() and not b.general.place.isEnabled()

    # A's program dies: its lock's connection is gone, and the lock with it
    pg_server.admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE usename = %s AND application_name LIKE 'giaoban-edit %%'",
                            (a_login,))
    qtbot.waitUntil(lambda: not _still_held(pg_server, a_login), timeout=3000)
    QTest.mouseClick(b.guard.retry, Qt.MouseButton.LeftButton)
    assert not b.guard.isVisible() and b.general.place.isEnabled() and b.save_action.isEnabled()
    assert b.guard.lock.held == briefing_id


def test_leaving_the_editor_lets_the_briefing_go(qtbot, briefing_id, windows):
    (a_window, _a_login), (b_window, _b_login) = windows
    a = _open(a_window, briefing_id)
    b = _open(b_window, briefing_id)
    assert b.guard.locked_out
    a.back_action.trigger()  # A goes back to the list
    assert a.guard.lock.held is None
    QTest.mouseClick(b.guard.retry, Qt.MouseButton.LeftButton)
    assert not b.guard.locked_out and b.general.place.isEnabled()
    assert _open(a_window, briefing_id).guard.locked_out  # now A reads, B edits


def _still_held(pg_server, login: str) -> bool:
    return bool(pg_server.admin.execute(
        "SELECT 1 FROM pg_stat_activity WHERE usename = %s AND application_name LIKE "
        "'giaoban-edit %%'", (login,)).fetchall())


def test_the_reader_gets_the_briefing_by_itself_once_the_other_closes_it(qtbot, briefing_id,
                                                                        windows):
    (a_window, _a_login), (b_window, _b_login) = windows
    a = _open(a_window, briefing_id)
    b = _open(b_window, briefing_id)
    assert b.guard.locked_out and b.guard.poll.isActive()
    assert not a.guard.poll.isActive()  # the holder does not ask
    b.guard.poll.setInterval(100)  # the test's patience, not the program's
    qtbot.wait(400)
    assert b.guard.locked_out  # still A's: asking changed nothing
    a.back_action.trigger()  # A closes it; B presses nothing
    qtbot.waitUntil(lambda: not b.guard.locked_out, timeout=10_000)
    assert not b.guard.isVisible() and b.general.place.isEnabled() and b.save_action.isEnabled()
    assert b.guard.lock.held == briefing_id and not b.guard.poll.isActive()
    assert b_window.statusBar().currentMessage() == ("Người kia đã đóng biên bản: anh/chị sửa "
                                                     "được rồi.")
    assert _open(a_window, briefing_id).guard.locked_out  # now A reads, B edits

"""Tệp → Kết nối máy chủ…: typed into the real dialog, connected to the real local PostgreSQL;
the window then works on that office; refusals stay in the dialog; the fields come back next
time and the password is never in the settings file; the keyring only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QMenu
from sqlalchemy.engine import make_url

from giaoban.core.server_login import ServerLogin
from giaoban.core.services import directory
from tests.qt_helpers import type_text, wait_exposed
from tests.test_server_login import (  # noqa: F401 - fixtures
    broken_keyring,
    memory_keyring,
    no_libpq_password,
)

PASSWORD = "Mật khẩu Văn phòng 7!"
OFFICE = "Ban Dân vận Huyện Máy Chủ"


@pytest.fixture
def office(pg_ctx, pg_login, no_libpq_password):  # noqa: F811
    """A secretary's login on a server database holding a body the SQLite file has not."""
    directory.create_organization(pg_ctx, name=OFFICE)
    login, _password = ServerLogin.from_url(pg_login("secretary", PASSWORD))
    return login


def fill(qtbot, dialog, login: ServerLogin, password: str) -> None:
    """Type every field as a person does (the remembered ones cleared first)."""
    for field, text in ((dialog.host, login.host), (dialog.port, str(login.port)),
                        (dialog.database, login.database), (dialog.user, login.user)):
        field.setFocus()
        field.selectAll()
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
        qtbot.keyClicks(field, text)
    dialog.password.selectAll()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Backspace)
    type_text(dialog.password, password)


def settings_bytes() -> bytes:
    settings = QSettings()
    settings.sync()
    return Path(settings.fileName()).read_bytes()


def connect(window, qtbot):
    window.connect_server()
    dialog = window._server_dialog
    wait_exposed(qtbot, dialog)
    return dialog


def test_connect_opens_the_office_and_remembers_the_fields_not_the_password(
        window, qtbot, office, memory_keyring):  # noqa: F811
    sqlite_ctx = window.ctx
    dialog = connect(window, qtbot)
    assert dialog.port.text() == "5432" and dialog.host.text() == ""
    fill(qtbot, dialog, office, PASSWORD)
    assert not dialog.keep.isChecked()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.ctx is not sqlite_ctx and window.ctx.db.path is None
    assert make_url(window.ctx.db.engine.url).username == office.user
    assert f"{office.user}@{office.host}/{office.database}" in window.windowTitle()
    assert PASSWORD not in window.windowTitle() and PASSWORD not in window.db_label.toolTip()
    page = window.show_area("directory")
    names = [org.name for org in directory.list_organizations(window.ctx)]
    assert OFFICE in names and page.orgs.model.rowCount() == len(names)
    assert page.ctx is window.ctx
    assert "Đã kết nối máy chủ" in window.statusBar().currentMessage()
    # remembered: the fields, never the password (not ticked: not in the keyring either)
    stored = settings_bytes()
    assert office.user.encode() in stored and office.database.encode() in stored
    assert PASSWORD.encode() not in stored and "Mật khẩu".encode() not in stored
    assert memory_keyring.store == {}
    window.ctx.db.dispose()
    again = connect(window, qtbot)
    assert (again.host.text(), again.port.text(), again.database.text(), again.user.text()) == (
        office.host, str(office.port), office.database, office.user)
    assert again.password.text() == "" and again.focusWidget() is again.password
    again.reject()


def test_wrong_password_says_so_in_the_dialog_and_saves_nothing(
        window, qtbot, office, memory_keyring):  # noqa: F811
    sqlite_ctx = window.ctx
    dialog = connect(window, qtbot)
    fill(qtbot, dialog, office, "Sai-bét 123")
    qtbot.mouseClick(dialog.keep, Qt.MouseButton.LeftButton)
    assert dialog.keep.isChecked()
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "Đang kết nối" in dialog.message.text()  # tried on a worker
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=10000)
    assert dialog.isVisible() and window.ctx is sqlite_ctx
    assert dialog.message.isVisible()
    assert "sai tên đăng nhập hoặc mật khẩu" in dialog.message.text()
    assert "Sai-bét" not in dialog.message.text()
    assert memory_keyring.store == {}
    assert b"server" not in settings_bytes()
    assert dialog.focusWidget() is dialog.password  # ready for the right one
    dialog.reject()


def test_an_unsaved_edit_kept_keeps_the_window_on_its_file(window, qtbot, office, pg_ctx,
                                                            monkeypatch):
    sqlite_ctx = window.ctx
    monkeypatch.setattr(window, "may_discard_edits", lambda: False)  # the person pressed Hủy
    dialog = connect(window, qtbot)
    fill(qtbot, dialog, office, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.ctx is sqlite_ctx and dialog.opened is not None
    assert window.ctx.db.path is not None and office.user not in window.windowTitle()
    with pg_ctx.session() as session:  # the server's connections were let go
        left = session.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE usename = :u"),
                               {"u": office.user}).scalar()
    assert left == 0


def test_empty_fields_are_named_and_nothing_is_tried(window, qtbot):
    dialog = connect(window, qtbot)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message("host") and dialog.errors.message("user")
    assert not dialog.message.isVisible()
    dialog.reject()


def test_remember_password_keeps_it_in_the_keyring_only(window, qtbot, office,
                                                       memory_keyring):  # noqa: F811
    dialog = connect(window, qtbot)
    fill(qtbot, dialog, office, PASSWORD)
    qtbot.keyClick(dialog.keep, Qt.Key.Key_Space)
    assert dialog.keep.isChecked()
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert memory_keyring.store == {("giaoban", office.key): PASSWORD}
    assert PASSWORD.encode() not in settings_bytes()
    # next time: nothing to type, the keyring answers
    first = window.ctx
    again = connect(window, qtbot)
    assert again.keep.isChecked() and again.password.placeholderText()
    qtbot.keyClick(again.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not again.isVisible())
    assert window.ctx is not first and window.ctx.db.display_name.startswith(office.user)
    # unticked: forgotten
    third = connect(window, qtbot)
    qtbot.keyClick(third.keep, Qt.Key.Key_Space)
    type_text(third.password, PASSWORD)
    qtbot.keyClick(third.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not third.isVisible())
    assert memory_keyring.store == {}
    window.ctx.db.dispose()


def test_a_failing_keyring_only_adds_a_note(window, qtbot, office, broken_keyring):  # noqa: F811
    dialog = connect(window, qtbot)
    fill(qtbot, dialog, office, PASSWORD)
    qtbot.keyClick(dialog.keep, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.ctx.db.path is None
    assert "kho mật khẩu" in window.statusBar().currentMessage()
    again = connect(window, qtbot)  # the next time says so once, and asks for the password
    assert again.message.isVisible() and "hỏi mỗi lần" in again.message.text()
    again.reject()
    window.ctx.db.dispose()


def test_start_with_a_server_url_asks_the_password_in_a_small_dialog(
        qtbot, office, monkeypatch, memory_keyring):  # noqa: F811
    from giaoban.ui.actions.opening import open_for_gui
    from giaoban.ui.dialogs.server_connect import PasswordDialog

    seen: list[list[str]] = []

    def exec_(dialog: PasswordDialog) -> int:  # a person types the password and presses Enter
        dialog.show()
        wait_exposed(qtbot, dialog)
        seen.append([label.text() for label in dialog.findChildren(QLabel)])
        type_text(dialog.password, "Sai-Lần-Đầu 1" if len(seen) == 1 else PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(PasswordDialog, "exec", exec_)
    ctx = open_for_gui(office.url())
    try:
        assert ctx is not None and len(seen) == 2
        assert ctx.db.display_name == office.shown
        assert any(office.user in text for text in seen[0])
        assert not any("sai tên đăng nhập" in text for text in seen[0])
        assert any("sai tên đăng nhập hoặc mật khẩu" in text for text in seen[1])
        assert not any("Sai-Lần-Đầu" in text for text in seen[1])
        assert memory_keyring.store == {}  # not ticked
    finally:
        if ctx is not None:
            ctx.db.dispose()


def test_start_password_given_up_opens_nothing(qtbot, office, monkeypatch,
                                               broken_keyring):  # noqa: F811
    from giaoban.ui.actions.opening import open_for_gui
    from giaoban.ui.dialogs.server_connect import PasswordDialog

    asked: list[int] = []

    def give_up(dialog: PasswordDialog) -> int:
        dialog.show()
        asked.append(1)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)
        return dialog.result()

    monkeypatch.setattr(PasswordDialog, "exec", give_up)
    assert open_for_gui(office.url()) is None and asked == [1]


def test_welcome_offers_the_server(qtbot, ctx, monkeypatch):
    from giaoban.ui.app import create_application
    from giaoban.ui.main_window import MainWindow

    create_application()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win._after_start()
    welcome = win._welcome
    wait_exposed(qtbot, welcome)
    qtbot.mouseClick(welcome.server_button, Qt.MouseButton.LeftButton)
    assert not welcome.isVisible()
    assert win._server_dialog.isVisible()
    win._server_dialog.reject()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_alt_letter_once_in_both_dialogs(window, qtbot, language):
    from giaoban import i18n
    from giaoban.ui.dialogs.server_connect import PasswordDialog
    from tests.test_qa_keyboard import clashes

    i18n.set_language(language)
    try:
        from giaoban.ui.main_window import MainWindow
        from tests.test_qa_keyboard import _letter

        window = MainWindow(window.ctx)  # its menus in this language
        qtbot.addWidget(window)
        file_menu = window.menuBar().findChildren(QMenu)[0]
        assert file_menu.title() == ("&Tệp" if language == "vi" else "&File")
        letters = [_letter(action.text()) for action in file_menu.actions() if action.text()]
        assert len(letters) == len(set(letters)) == 7, letters  # the new command's included
        dialog = connect(window, qtbot)
        password = PasswordDialog(ServerLogin(host="h", database="d", user="u"), "sai")
        qtbot.addWidget(password)
        password.show()
        assert clashes(window, dialog) == {} and clashes(window, password) == {}
        dialog.reject()
        password.reject()
    finally:
        i18n.set_language("vi")

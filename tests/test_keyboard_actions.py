"""Every action from the keyboard (issue 13, items 7 and 8): the task actions' shortcuts, a
context menu on every list (Menu key, Shift+F10), Esc that cancels only the cell it is in, an
empty reason that keeps its box open, a past deadline asked about once. Real key events into the
real window; what the service stored is read back.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QTableView

from giaoban.core.services import directory, tasks
from giaoban.ui.dialogs import ask
from giaoban.ui.widgets.context_menu import ListMenus

D = dt.date
CS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


@pytest.fixture
def task_id(ctx) -> int:
    unit = directory.list_organizations(ctx)[0].id
    return tasks.create_task(ctx, title="Rà soát kiến nghị đất đai", lead_unit_id=unit,
                             assigned_on=D(2026, 9, 1), due_on=D(2026, 12, 1)).id


def _tasks_page(window, task_id):
    page = window.show_area("tasks")
    page.select_record(task_id)
    page.view.setFocus()
    return page


def _retype(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def test_complete_and_reopen_a_task_by_their_shortcuts(window, qtbot, ctx, task_id, monkeypatch):
    page = _tasks_page(window, task_id)
    qtbot.keyClick(page.view, Qt.Key.Key_H, CS)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible() and "Ctrl+Shift+H" in \
        page.complete_action.toolTip()
    _retype(qtbot, dialog.date, "2611")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)  # Enter in a field presses the dialog's OK
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = tasks.get_task(ctx, task_id)
    assert (stored.status, stored.completed_on) == ("done", D(2026, 11, 26))
    monkeypatch.setattr(ask, "ask_text", lambda *a, **k: "")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_M, CS)
    assert tasks.get_task(ctx, task_id).status != "done"


def test_a_past_deadline_is_asked_about_once(window, qtbot, ctx, task_id, monkeypatch):
    asked: list[str] = []
    answers = iter([False, True])
    monkeypatch.setattr(ask, "confirm", lambda _p, title, text, *a, **k: (
        asked.append(text), next(answers))[1])
    page = _tasks_page(window, task_id)
    qtbot.keyClick(page.view, Qt.Key.Key_G, CS)
    dialog = page.dialog
    _retype(qtbot, dialog.date, "20/11/2026")
    qtbot.keyClicks(dialog.text, "Cho kinh phi")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "20/11/2026" in asked[0] and "đã qua" in asked[0]
    assert dialog.isVisible() and tasks.get_task(ctx, task_id).due_on == D(2026, 12, 1)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # "Vẫn gia hạn" this time
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(asked) == 2 and tasks.get_task(ctx, task_id).due_on == D(2026, 11, 20)


def test_an_empty_cancel_reason_keeps_the_box_open_with_the_reason_under_it(
        window, qtbot, ctx, task_id, monkeypatch):
    seen: dict[str, object] = {}

    def drive(dialog) -> int:
        """What a person does in the box: Enter on nothing, then a reason and Enter."""
        dialog.show()
        line = dialog.findChild(QLineEdit)
        QTest.keyClick(line, Qt.Key.Key_Return)
        seen["open"], seen["message"] = dialog.isVisible(), dialog.error.text()
        seen["under"] = dialog.error.isVisible() and dialog.error.y() > line.y()
        QTest.keyClicks(line, "Trung voi nhiem vu khac")
        QTest.keyClick(line, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(ask.TextDialog, "exec", drive)
    page = _tasks_page(window, task_id)
    qtbot.keyClick(page.view, Qt.Key.Key_X, CS)
    assert seen == {"open": True, "message": "Hãy nêu lý do hủy nhiệm vụ.", "under": True}
    stored = tasks.get_task(ctx, task_id)
    assert (stored.status, stored.cancel_reason) == ("cancelled", "Trung voi nhiem vu khac")


def _menu_texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


@pytest.mark.parametrize("key", [(Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
                                 (Qt.Key.Key_F10, SHIFT)])
def test_the_task_list_menu_opens_by_key_and_its_entry_runs(window, qtbot, ctx, task_id, key):
    page = _tasks_page(window, task_id)
    qtbot.keyClick(page.view, *key)
    menu = QApplication.instance().findChild(ListMenus).last_menu
    assert menu is not None and menu.isVisible()
    texts = _menu_texts(menu)
    for wanted in ("Hoàn thành", "Gia hạn", "Hủy nhiệm vụ", "Mở lại", "Xóa", "Sao chép dòng"):
        assert wanted in texts
    while menu.activeAction() is None or menu.activeAction().text() != "Gia hạn":
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    assert page.dialog.windowTitle() == "Gia hạn nhiệm vụ"
    page.dialog.reject()


def test_every_list_has_a_menu(demo_ctx, window, qtbot):
    menus = QApplication.instance().findChild(ListMenus)
    seen = 0
    for area in ("briefings", "aspirations", "tasks", "directory", "overview"):
        page = window.show_area(area)
        for view in page.findChildren(QTableView):
            if not view.isVisible():
                continue
            view.setFocus()
            menus.last_menu = None
            qtbot.keyClick(view, Qt.Key.Key_F10, SHIFT)
            menu = menus.last_menu
            assert menu is not None and menu.isVisible(), (area, view.accessibleName())
            assert "Sao chép dòng" in _menu_texts(menu)
            menu.close()
            seen += 1
    assert seen >= 5


def test_esc_in_a_grid_cancels_the_cell_only_and_the_grid_menu_has_its_rows(window, qtbot):
    page = window.show_area("briefings")
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = page.editor
    tab = editor.conclusions
    editor.tabs.setCurrentWidget(tab)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    tab.select(0, 1)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    cell_editor = QApplication.focusWidget()
    qtbot.keyClicks(cell_editor, "Nua chung")
    qtbot.keyClick(cell_editor, Qt.Key.Key_Escape)
    assert page.editing() and editor.draft.conclusions[0].text == ""
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Escape)  # on the grid itself: nothing more
    assert page.editing()
    qtbot.keyClick(tab.view, Qt.Key.Key_F10, SHIFT)
    menu = QApplication.instance().findChild(ListMenus).last_menu
    assert {"Thêm dòng", "Xóa dòng"} <= set(_menu_texts(menu))
    menu.close()


def test_no_list_menu_inside_a_calendar(window, qtbot):
    page = window.show_area("briefings")
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    field = page.editor.general.held_on
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F4)
    menus = QApplication.instance().findChild(ListMenus)
    menus.last_menu = None
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F10, SHIFT)
    assert menus.last_menu is None and field.calendar is not None
    field.calendar.close()

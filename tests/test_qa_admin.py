"""QA: the office admin's and the leader's keys — Delete asks once, Ctrl+Z brings it back, Esc
closes dialogs, F5 and Ctrl+L do what they say — with real key presses on real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from giaoban.core.services import aspiration_query
from giaoban.core.services import tasks as task_service
from giaoban.ui.dialogs import ask

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


@pytest.fixture
def asked(monkeypatch):
    questions: list[tuple] = []

    def confirm(*args, **kwargs):
        questions.append((args, kwargs))
        return True

    monkeypatch.setattr(ask, "confirm", confirm)
    return questions


def _says_how_to_restore(question) -> bool:
    args, kwargs = question
    text = " ".join(str(a) for a in args[1:]) + " " + kwargs.get("informative", "")
    return "Ctrl+Z" in text and "thùng rác" in text


@pytest.mark.parametrize("area", ["briefings", "aspirations", "tasks"])
def test_delete_key_asks_once_says_how_to_restore_and_ctrl_z_undoes(demo_ctx, window, qtbot,
                                                                    asked, area):
    page = window.show_area(area)
    page.view.setFocus()
    index = page.view.model().index(1, 0)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    page.view.selectionModel().setCurrentIndex(index, flags)  # (selectRow obeys a stale Ctrl)
    before = page.view.model().rowCount()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert len(asked) == 1 and _says_how_to_restore(asked[0]), asked
    assert page.view.model().rowCount() == before - 1
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Z, CTRL)
    page.refresh()
    assert page.view.model().rowCount() == before


def test_esc_closes_every_dialog(demo_ctx, window, qtbot):
    from giaoban.ui.dialogs.global_search import open_global_search
    from giaoban.ui.dialogs.history import open_history
    from giaoban.ui.dialogs.trash import open_trash

    window.open_settings()
    dialogs = [open_trash(window), open_history(window), open_global_search(window),
               window._settings_dialog]
    for dialog in dialogs:
        dialog.activateWindow()
        qtbot.waitExposed(dialog)
        target = QApplication.focusWidget() if dialog.isAncestorOf(
            QApplication.focusWidget()) else dialog
        qtbot.keyClick(target, Qt.Key.Key_Escape)
        assert not dialog.isVisible(), dialog.windowTitle()


def test_f5_shows_what_another_window_wrote_and_ctrl_l_goes_to_search(demo_ctx, window, qtbot):
    page = window.show_area("tasks")
    before = page.view.model().rowCount()
    units = [u for u in demo_ctx_units(demo_ctx)]
    task_service.create_task(demo_ctx, title="Nhiệm vụ mới từ máy khác", lead_unit_id=units[0],
                             assigned_on=demo_ctx.today())
    qtbot.keyClick(page.view, Qt.Key.Key_F5)
    assert page.view.model().rowCount() == before + 1
    qtbot.keyClick(page.view, Qt.Key.Key_L, CTRL)
    assert QApplication.focusWidget() is page.filters.search
    asp = window.show_area("aspirations")
    total = aspiration_query.count_aspirations(demo_ctx)
    assert asp.filter_bar.count_label.text() == f"Hiển thị {total} / {total}"


def demo_ctx_units(ctx) -> list[int]:
    from giaoban.core.services import directory

    return [o.id for o in directory.list_organizations(ctx)]


def test_menu_commands_a_page_cannot_do_are_greyed_out(demo_ctx, window, qtbot):
    def enabled(text: str) -> bool:
        [action] = [a for a in window.actions() if a.text().replace("&", "").startswith(text)]
        return action.isEnabled()

    window.show_area("directory")
    assert not enabled("Xuất danh sách") and not enabled("In")
    assert enabled("Thêm mới") and enabled("Lưu")
    window.show_area("aspirations")
    assert enabled("Xuất danh sách") and not enabled("In")
    window.show_area("overview")
    assert not enabled("Thêm mới") and not enabled("Xóa") and enabled("In")
    window.show_area("briefings")
    assert enabled("In") and enabled("Thêm mới") and not enabled("Xuất danh sách")


def test_delete_in_the_directory_asks_and_never_reactivates(demo_ctx, window, qtbot, asked):
    from giaoban.core.services import directory

    page = window.show_area("directory")
    page.orgs.view.setFocus()
    org = page.orgs.selected()
    assert org.active
    qtbot.keyClick(page.orgs.view, Qt.Key.Key_Delete)
    assert len(asked) == 1 and "Khôi phục hoạt động" in str(asked[0])
    assert not directory.get_organization(demo_ctx, org.id).active
    page.orgs.select_id(org.id)
    qtbot.keyClick(page.orgs.view, Qt.Key.Key_Delete)  # already stopped: Delete does not undo it
    assert not directory.get_organization(demo_ctx, org.id).active


def test_reason_questions_have_buttons_that_say_what_they_do(demo_ctx, window, qtbot,
                                                              monkeypatch):
    """'Hủy nhiệm vụ' asked with buttons 'Đồng ý' / 'Hủy' invites pressing 'Hủy' to cancel it."""
    from PySide6.QtWidgets import QDialog, QInputDialog

    shown = []

    def answer(dialog):
        shown.append((dialog.windowTitle(), dialog.okButtonText(), dialog.cancelButtonText()))
        dialog.setTextValue("Không còn phù hợp")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", answer)
    tasks = window.show_area("tasks")
    tasks.view.selectRow(0)
    tasks.cancel_selected()
    assert shown[-1] == ("Hủy nhiệm vụ", "Hủy nhiệm vụ", "Không hủy")
    tasks.reopen_selected()
    assert shown[-1][1] == "Mở lại" and "Hủy" not in shown[-1][1]

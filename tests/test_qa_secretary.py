"""QA: the secretary's first hour on the demo data, with the keyboard."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from giaoban.ui.dialogs import ask

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


def test_typing_the_meeting_date_into_the_empty_date_field(window, qtbot, demo_ctx):
    page = window.show_area("briefings")
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)
    editor = page.editor
    held_on = editor.general.held_on
    assert editor.draft.held_on is None and QApplication.focusWidget() is held_on
    qtbot.keyClicks(held_on, "10032027")
    qtbot.keyClick(held_on, Qt.Key.Key_Tab)
    assert editor.draft.held_on == dt.date(2027, 3, 10)
    assert held_on.text() == "10/03/2027"


def _grid_type(qtbot, view, text: str) -> None:
    """Start typing on a cell (the grid opens its editor), then Enter to commit and move on."""
    from tests.qt_helpers import type_text

    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not view, "F2 opens the cell's editor"
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(5)


@pytest.mark.timeout(120)
def test_quarter_briefing_by_keyboard_with_follow_up_task_finalize_reopen(demo_ctx, window, qtbot,
                                                                          monkeypatch):
    from sqlmodel import select

    from giaoban.core.models import Task
    from giaoban.core.services import briefings

    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(ask, "ask_text", lambda *a, **k: "Bổ sung kết luận")
    page = window.show_area("briefings")
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)
    editor = page.editor
    qtbot.keyClicks(editor.general.held_on, "12032027")
    # Conclusions tab by its Alt letter, a new row with Ctrl+Insert, typed text.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert editor.tabs.currentWidget() is editor.conclusions
    grid = editor.conclusions
    grid.view.setFocus()
    qtbot.keyClick(grid.view, Qt.Key.Key_Insert, CTRL)
    _grid_type(qtbot, grid.view, "Tăng cường đối thoại với Nhân dân về đất đai.")
    assert "Tăng cường đối thoại với Nhân dân về đất đai." in [
        c.text for c in editor.draft.conclusions]  # Enter after it opened a blank row (not saved)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    assert not editor.has_unsaved_changes(), editor.problems.text()
    saved_id = editor.draft.id
    assert saved_id is not None

    # Follow-up: Alt+N, the source list, Tab through the form, Space ticks a body, Ctrl+Enter.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    follow = editor.followups
    assert editor.tabs.currentWidget() is follow
    follow.source_view.setFocus()
    row = next(r for r in range(follow.sources.rowCount())
               if follow.sources.row_at(r).text.startswith("Tăng cường đối thoại"))
    follow.source_view.selectRow(row)
    assert follow.title.text() == "Tăng cường đối thoại với Nhân dân về đất đai."
    qtbot.keyClick(follow.source_view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is follow.title
    qtbot.keyClick(follow.title, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is follow.lead
    qtbot.keyClick(follow.lead, Qt.Key.Key_Down)
    lead_id = follow.lead.currentData()
    qtbot.keyClick(follow.lead, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is follow.support
    follow.support.setCurrentIndex(follow.support_model.index(2, 0))
    qtbot.keyClick(follow.support, Qt.Key.Key_Space)
    assert follow.support_model.item(2).checkState() == Qt.CheckState.Checked
    qtbot.keyClick(follow.support, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: follow.tasks.rowCount() == 1)  # a button's shortcut clicks it animated
    with demo_ctx.session() as s:
        task = s.exec(select(Task).where(Task.briefing_id == saved_id)).one()
    assert task.lead_unit_id == lead_id and task.conclusion_id is not None
    assert list(follow.tasks.row_at(0).supporting_units) == [follow.support_model.item(2).text()]

    # Finalize with its shortcut, then reopen with a reason.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K,
                   CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert briefings.load_briefing(demo_ctx, saved_id).finalized
    editor.reopen_action.trigger()
    assert not briefings.load_briefing(demo_ctx, saved_id).finalized


def test_ctrl_z_on_another_page_does_not_change_the_hidden_briefing(demo_ctx, window, qtbot,
                                                                     monkeypatch):
    from tests.qt_helpers import type_text

    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.SAVE)
    page = window.show_area("briefings")
    page.open_briefing(page.model.row_at(0).id)
    editor = page.editor
    editor.general.place.setFocus()
    editor.general.place.selectAll()
    type_text(editor.general.place, "Phòng họp số 2")
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)  # asks, saves, goes to the tasks
    assert window.nav.currentRow() == 2 and editor.draft.place == "Phòng họp số 2"
    tasks = window.page("tasks")
    tasks.view.setFocus()
    qtbot.keyClick(tasks.view, Qt.Key.Key_Z, CTRL)
    assert editor.draft.place == "Phòng họp số 2" and not editor.has_unsaved_changes()
    assert "địa điểm" not in window.undo_action.text()


def test_new_aspiration_keeps_the_body_of_the_last_one_or_the_filter(demo_ctx, window, qtbot):
    from tests.qt_helpers import type_text

    page = window.show_area("aspirations")
    detail = page.detail
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)
    body = detail.organization.itemData(3)
    detail.organization.setCurrentIndex(3)
    type_text(detail.content, "Đề nghị sửa cầu treo thôn Bắc")
    qtbot.keyClick(detail.content, Qt.Key.Key_S, CTRL)
    assert not page.has_unsaved_changes()
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)  # the next one from the same report
    assert detail.aspiration_id is None and detail.organization.currentData() == body
    page.filters.body.setCurrentIndex(page.filters.body.findData(detail.organization.itemData(5)))
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)  # filtered on a body: that body
    assert detail.organization.currentData() == detail.organization.itemData(5)


def test_a_prepared_briefing_already_shows_last_periods_tasks(demo_ctx, window, qtbot):
    """Preparing the next briefing is when the secretary needs 'Kết quả kỳ trước' most."""
    from giaoban.core.services import briefings

    page = window.show_area("briefings")
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)
    editor = page.editor
    shown = editor.review.model.rowCount()
    assert shown > 0, editor.review.summary.text()
    assert "Không có nhiệm vụ" not in editor.review.summary.text()
    qtbot.keyClicks(editor.general.held_on, "12032027")
    assert editor.save()
    assert editor.review.model.rowCount() == shown  # the same list once saved
    assert briefings.load_briefing(demo_ctx, editor.draft.id).id == editor.draft.id

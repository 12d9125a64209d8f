"""The editor refuses to save while something typed is not a value, and a name that is not in the
directory is offered to be added — then the row holds that person (issue 13)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from giaoban.core.services import briefings, directory
from tests.test_choice_input import CTRL, _editor, _save, _type_in_cell


@pytest.mark.timeout(60)
def test_a_name_not_in_the_directory_is_offered_and_then_saved(window, qtbot, ctx):
    editor = _editor(window, qtbot)
    tab = editor.attendance
    editor.tabs.setCurrentWidget(tab)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert, CTRL)
    tab.select(0, 0)
    tab.view.setFocus()
    _type_in_cell(qtbot, tab.view, "Trần Văn Lạ")
    assert "Trần Văn Lạ" in editor.problems.text() and "Thêm vào danh bạ" in editor.problems.text()
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_S, CTRL)
    assert editor.draft.id is None  # not saved while the name is in no list: nothing dropped
    editor.problems.linkActivated.emit("add-person:0")  # the link above the tabs, clicked
    dialog = editor.unknown_people.dialog
    assert dialog.isVisible() and dialog.full_name.text() == "Trần Văn Lạ"
    dialog.add_button.click()
    (person,) = [p for p in directory.list_people(ctx) if p.full_name == "Trần Văn Lạ"]
    assert editor.draft.attendance[0].person_id == person.id
    assert not tab.model.input_problems()
    saved = _save(qtbot, editor)
    assert [a.person_id for a in saved.attendance] == [person.id]


@pytest.mark.timeout(60)
def test_a_wrong_meeting_date_stops_the_save_with_the_reason_under_it(window, qtbot, ctx):
    editor = _editor(window, qtbot)
    field = editor.general.held_on
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    for ch in "31/02/2026":
        qtbot.keyClick(field, ch)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_S, CTRL)
    assert editor.draft.id is None and briefings.list_briefings(ctx) == []
    assert editor.problems.isVisible() and "Chưa lưu được" in editor.problems.text()

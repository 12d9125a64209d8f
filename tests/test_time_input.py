"""The one time field (issue 13): "từ … đến" of the briefing takes times as people type them.

The bug: a field showing --:-- would not take 08:00 (it read --:--0800), Ctrl+A and Backspace did
not clear it, Tab did not leave it. Here each time is typed key by key into the real editor,
saved with Ctrl+S and read back from the database.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from giaoban.core.services import briefings
from giaoban.ui.dialogs import ask
from giaoban.ui.widgets.times import parse_time
from giaoban.ui.widgets.typed import InputProblem

CTRL = Qt.KeyboardModifier.ControlModifier
T = dt.time


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


@pytest.mark.parametrize(("text", "meant"), [
    ("8", T(8)), ("830", T(8, 30)), ("0830", T(8, 30)), ("8:30", T(8, 30)), ("08:30", T(8, 30)),
    ("8h30", T(8, 30)), ("8H", T(8)), ("14g15", T(14, 15)), ("8.30", T(8, 30)), ("", None),
    ("23:59", T(23, 59)),
])
def test_every_way_of_writing_a_time(text, meant):
    assert parse_time(text) == meant


@pytest.mark.parametrize("text", ["24", "8:60", "--:--0800", "tám giờ", "12345"])
def test_what_is_not_a_time_is_refused(text):
    with pytest.raises(InputProblem, match="không phải là giờ"):
        parse_time(text)


def _editor(window, qtbot):
    page = window.show_area("briefings")
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)
    return page.editor


def _clear_and_type(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == ""
    for ch in text:
        qtbot.keyClick(field, ch)


@pytest.mark.parametrize(("start", "end", "stored"), [
    ("08:00", "1130", (T(8), T(11, 30))), ("8", "11h", (T(8), T(11))),
    ("7h30", "9:45", (T(7, 30), T(9, 45))),
])
def test_times_typed_key_by_key_are_stored(window, qtbot, ctx, start, end, stored):
    editor = _editor(window, qtbot)
    general = editor.general
    _clear_and_type(qtbot, general.start_time, start)
    qtbot.keyClick(general.start_time, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not general.start_time  # Tab leaves the field
    _clear_and_type(qtbot, general.end_time, end)
    qtbot.keyClick(general.end_time, Qt.Key.Key_Tab)
    assert general.start_time.text() == stored[0].strftime("%H:%M")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    assert editor.draft.id is not None, editor.problems.text()
    saved = briefings.load_briefing(ctx, editor.draft.id)
    assert (saved.start_time, saved.end_time) == stored


def test_an_emptied_time_stays_empty_and_a_wrong_one_is_said(window, qtbot, ctx):
    editor = _editor(window, qtbot)
    general = editor.general
    _clear_and_type(qtbot, general.end_time, "")
    _clear_and_type(qtbot, general.start_time, "25:00")
    qtbot.keyClick(general.start_time, Qt.Key.Key_Tab)
    assert "không phải là giờ" in general.errors.message("held_on")  # the row's line
    assert general.input_problems().keys() == {"start_time"}
    _clear_and_type(qtbot, general.start_time, "9")
    qtbot.keyClick(general.start_time, Qt.Key.Key_Up)  # an hour later
    assert general.start_time.text() == "10:00"
    assert general.errors.message("held_on") == ""
    qtbot.keyClick(general.start_time, Qt.Key.Key_S, CTRL)
    saved = briefings.load_briefing(ctx, editor.draft.id)
    assert (saved.start_time, saved.end_time) == (T(10), None)

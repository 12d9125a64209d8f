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

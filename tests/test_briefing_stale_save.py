"""The briefing editor's save never overwrites a briefing someone else saved after it was read
(on a server the one-editor lock prevents it, unless that lock was lost with its connection):
the save is refused with who and when, nothing written, the typed text kept on screen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from giaoban.core.clock import Clock
from giaoban.core.services import briefings
from giaoban.core.services.briefing_draft import BriefingDraft
from giaoban.core.startup import open_context
from giaoban.ui.dialogs import ask
from tests.conftest import TODAY
from tests.qt_helpers import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


@pytest.fixture
def briefing_id(ctx) -> int:
    return briefings.save_briefing(ctx, BriefingDraft(
        kind="quarterly", year=2026, quarter=4, held_on=dt.date(2026, 12, 10),
        place="Hội trường Tỉnh ủy"))


def _open(window, qtbot, briefing_id: int):
    page = window.show_area("briefings")
    page.select_id(briefing_id)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert page.editing()
    return page.editor


def _type_place(editor, text: str) -> None:
    place = editor.general.place
    place.setFocus()
    place.end(False)
    type_text(place, text)


def test_saving_twice_needs_no_reload(briefing_id, window, qtbot, ctx):
    editor = _open(window, qtbot, briefing_id)
    for extra in (" số 2", ", tầng 3"):
        _type_place(editor, extra)
        qtbot.keyClick(editor.general.place, Qt.Key.Key_S, CTRL)
        assert not editor.has_unsaved_changes()
    assert briefings.load_briefing(ctx, briefing_id).place == "Hội trường Tỉnh ủy số 2, tầng 3"


def test_a_briefing_saved_by_someone_else_since_is_not_overwritten(briefing_id, window, qtbot,
                                                                   ctx, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _parent, message, *a: shown.append(message))
    editor = _open(window, qtbot, briefing_id)
    other = open_context(ctx.db.path, clock=Clock.at(TODAY, dt.time(9, 30)))
    other.user = "hanh"
    try:
        theirs = briefings.load_briefing(other, briefing_id)
        theirs.place = "Hội trường UBND tỉnh"
        briefings.save_briefing(other, theirs)
    finally:
        other.db.dispose()
    _type_place(editor, " số 2")
    qtbot.keyClick(editor.general.place, Qt.Key.Key_S, CTRL)
    assert len(shown) == 1 and shown[0].startswith("Cuộc giao ban đã được hanh lưu lúc ")
    assert briefings.load_briefing(ctx, briefing_id).place == "Hội trường UBND tỉnh"
    assert editor.has_unsaved_changes()
    assert editor.general.place.text() == "Hội trường Tỉnh ủy số 2"  # what was typed is kept

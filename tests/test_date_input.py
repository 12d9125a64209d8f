"""The one date field (issue 13): what is typed, key by key, is what the service stores.

Each GUI test types into the real field of the real briefing editor or task dialog with
QTest key events, saves through the real path (Ctrl+S, the dialog's button) and reads back
what the database holds. The context's clock says 29/11/2026, so "25/11" means 25/11/2026.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from giaoban.core.services import briefings, directory, tasks
from giaoban.ui.dialogs import ask
from giaoban.ui.widgets.dates import DateField, parse_date, shift_date
from giaoban.ui.widgets.typed import InputProblem

CTRL = Qt.KeyboardModifier.ControlModifier
D = dt.date


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


@pytest.mark.parametrize(("text", "meant"), [
    ("25/11/2026", D(2026, 11, 25)), ("25112026", D(2026, 11, 25)), ("25/11", D(2026, 11, 25)),
    ("2511", D(2026, 11, 25)), ("5/2/27", D(2027, 2, 5)), ("05-02-2027", D(2027, 2, 5)),
    ("2027-02-05", D(2027, 2, 5)), (" 5.2.2027 ", D(2027, 2, 5)),
    ("ngày 05 tháng 02 năm 2027", D(2027, 2, 5)), ("", None),
])
def test_every_way_of_writing_a_date(text, meant):
    assert parse_date(text, 2026) == meant


@pytest.mark.parametrize("text", ["31/02/2026", "25/13/2026", "abc", "25/11/202", "251", "1/1/1944",
                                  "1/1/2101", "25/11/2026 9h"])
def test_what_is_not_a_date_is_refused_with_a_reason(text):
    with pytest.raises(InputProblem) as caught:
        parse_date(text, 2026)
    assert "1945" in str(caught.value) or "không phải là một ngày" in str(caught.value)


def test_a_short_date_needs_a_year_to_come_from():
    with pytest.raises(InputProblem, match="cả năm"):
        parse_date("25/11", None)


def test_moving_a_month_keeps_the_day_inside_it():
    assert shift_date(D(2026, 1, 31), 1, 1) == D(2026, 2, 28)
    assert shift_date(D(2024, 2, 29), 2, 1) == D(2025, 2, 28)
    assert shift_date(D(2026, 12, 31), 0, 1) == D(2027, 1, 1)


def _new_briefing(window, qtbot):
    page = window.show_area("briefings")
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)
    return page.editor


def _save(qtbot, editor) -> int:
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_S, CTRL)
    assert editor.draft.id is not None, editor.problems.text()
    return editor.draft.id


@pytest.mark.parametrize(("typed", "stored"), [
    ("25/11/2026", D(2026, 11, 25)), ("15/12/2026", D(2026, 12, 15)), ("25112026", D(2026, 11, 25)),
    ("25/11", D(2026, 11, 25)), ("2511", D(2026, 11, 25)), ("5/12/26", D(2026, 12, 5)),
])
def test_meeting_date_typed_key_by_key_is_stored(window, qtbot, ctx, typed, stored):
    """The bug: typing 25/11/2026 into the empty "Ngày họp" stored 25/10/2026."""
    editor = _new_briefing(window, qtbot)
    field = editor.general.held_on
    assert field.text() == "" and editor.draft.held_on is None
    field.setFocus()
    for ch in typed:
        qtbot.keyClick(field, ch)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.text() == stored.strftime("%d/%m/%Y")
    briefing_id = _save(qtbot, editor)
    assert briefings.load_briefing(ctx, briefing_id).held_on == stored


def test_a_short_meeting_date_is_in_the_briefings_year(window, qtbot, ctx):
    """A Quý I/2027 briefing prepared on 29/11/2026: "2503" is 25/03/2027, its own quarter."""
    from giaoban.core.services.briefings import save_briefing

    draft = briefings.prepare_next_briefing(ctx, "quarterly")
    draft.held_on = D(2026, 12, 10)
    save_briefing(ctx, draft)  # Q4/2026 exists: the next one is Q1/2027
    editor = _new_briefing(window, qtbot)
    assert (editor.draft.year, editor.draft.quarter) == (2027, 1)
    qtbot.keyClicks(editor.general.held_on, "2503")
    assert briefings.load_briefing(ctx, _save(qtbot, editor)).held_on == D(2027, 3, 25)


def test_a_new_day_typed_over_a_date_replaces_it(window, qtbot, ctx):
    """The bug: typing a new day into a field holding a date was ignored."""
    editor = _new_briefing(window, qtbot)
    field = editor.general.held_on
    qtbot.keyClicks(field, "25/11/2026")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, "3/12/2026")
    assert briefings.load_briefing(ctx, _save(qtbot, editor)).held_on == D(2026, 12, 3)


def test_a_wrong_date_is_said_under_the_field_and_never_stored_as_another(window, qtbot, ctx):
    editor = _new_briefing(window, qtbot)
    field = editor.general.held_on
    qtbot.keyClicks(field, "31/02/2026")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert "không phải là một ngày" in editor.general.errors.message("held_on")
    assert field.text() == "31/02/2026"  # what was typed stays, to be corrected
    assert editor.draft.held_on is None
    assert editor.general.input_problems() == {"held_on": field.problem()}
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, "1/1/1900")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert "1945" in editor.general.errors.message("held_on")
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, "28/12/2026")
    assert editor.general.errors.message("held_on") == ""
    assert briefings.load_briefing(ctx, _save(qtbot, editor)).held_on == D(2026, 12, 28)


def test_up_and_down_change_the_part_under_the_cursor(window, qtbot, ctx):
    editor = _new_briefing(window, qtbot)
    field = editor.general.held_on
    qtbot.keyClicks(field, "25/11/2026")
    field.setCursorPosition(4)  # in the month
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.text() == "25/12/2026"
    field.setCursorPosition(1)  # in the day
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    field.setCursorPosition(8)  # in the year
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.text() == "23/12/2027"
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert field.text() == "23/12/2026"
    assert briefings.load_briefing(ctx, _save(qtbot, editor)).held_on == D(2026, 12, 23)


def test_a_pasted_date_is_read(window, qtbot, ctx):
    editor = _new_briefing(window, qtbot)
    field = editor.general.held_on
    QApplication.clipboard().setText("2026-12-15")
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_V, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.text() == "15/12/2026"
    assert briefings.load_briefing(ctx, _save(qtbot, editor)).held_on == D(2026, 12, 15)


def test_the_calendar_opens_from_the_keyboard_and_gives_its_day(window, qtbot, ctx):
    editor = _new_briefing(window, qtbot)
    field = editor.general.held_on
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar
    assert calendar is not None and calendar.isVisible()
    assert calendar.selectedDate().toPython() == ctx.today()  # empty field: today to start from
    inner = QApplication.focusWidget()
    qtbot.keyClick(inner, Qt.Key.Key_Right)
    qtbot.keyClick(inner, Qt.Key.Key_Return)
    assert field.text() == "30/11/2026" and field.calendar is None
    assert briefings.load_briefing(ctx, _save(qtbot, editor)).held_on == D(2026, 11, 30)


def test_an_emptied_date_stays_empty(window, qtbot, ctx):
    editor = _new_briefing(window, qtbot)
    field = editor.general.held_on
    qtbot.keyClicks(field, "25/11/2026")
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.text() == "" and editor.general.errors.message("held_on") == ""
    assert briefings.load_briefing(ctx, _save(qtbot, editor)).held_on is None


def test_completing_a_task_on_a_typed_short_date(window, qtbot, ctx):
    unit = directory.list_organizations(ctx)[0].id
    task = tasks.create_task(ctx, title="Rà soát kiến nghị", lead_unit_id=unit,
                             assigned_on=D(2026, 9, 1), due_on=D(2026, 12, 1))
    page = window.show_area("tasks")
    page.select_record(task.id)
    dialog = page.complete_selected()
    assert isinstance(dialog.date, DateField)
    dialog.date.setFocus()
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.date, "2511")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.text, "Xong")
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.date, "32/11")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "không phải là một ngày" in dialog.errors.message("completed_on")
    assert tasks.get_task(ctx, task.id).status == "not_started"
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.date, "25/11")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = tasks.get_task(ctx, task.id)
    assert (stored.status, stored.completed_on) == ("done", D(2026, 11, 25))

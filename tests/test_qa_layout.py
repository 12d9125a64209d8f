"""QA at 1366×768: dates in lists are never cut ("29/12/20…"), main lists need no sideways scroll."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QTableView

from giaoban.ui.dialogs import ask

DATE = re.compile(r"^\d\d/\d\d/\d{4}( \d\d:\d\d(:\d\d)?)?$")


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


def cut_dates(root) -> list[str]:
    """'list name: text (width needed > width given)' for each date cell too narrow to read."""
    cut = []
    for view in root.findChildren(QTableView):
        if not view.isVisible() or view.model() is None:
            continue
        model, metrics = view.model(), view.fontMetrics()
        for column in range(model.columnCount()):
            if view.isColumnHidden(column):
                continue
            for row in range(min(model.rowCount(), 15)):
                text = model.index(row, column).data()
                if isinstance(text, str) and DATE.match(text):
                    need = metrics.horizontalAdvance(text) + 8
                    if view.columnWidth(column) < need:
                        cut.append(f"{view.accessibleName()}: {text} ({need} > "
                                   f"{view.columnWidth(column)})")
                        break
    return cut


def test_dates_fit_their_columns_on_a_laptop_screen(demo_ctx, window, qtbot):
    window.resize(1366, 740)
    problems = []
    for key in ("briefings", "aspirations", "tasks", "overview", "directory"):
        window.show_area(key)
        problems += cut_dates(window)
    tasks = window.page("tasks")
    window.show_area("tasks")
    tasks.view.selectRow(2)
    for tab in range(tasks.detail.count()):
        tasks.detail.setCurrentIndex(tab)
        problems += cut_dates(window)
    briefings = window.show_area("briefings")
    for row in briefings.model.rows():  # one whose conclusions became tasks
        briefings.open_briefing(row.id)
        if briefings.editor.followups.tasks.rowCount():
            break
    briefings.editor.tabs.setCurrentWidget(briefings.editor.followups)
    assert briefings.editor.followups.tasks.rowCount() > 0
    problems += cut_dates(window)
    briefings.new_item()  # a prepared briefing lists last period's tasks in "Kết quả kỳ trước"
    briefings.editor.tabs.setCurrentWidget(briefings.editor.review)
    assert briefings.editor.review.model.rowCount() > 0
    problems += cut_dates(window)
    assert problems == []


def test_task_progress_note_gets_the_room(demo_ctx, window, qtbot):
    window.resize(1366, 740)
    tasks = window.show_area("tasks")
    tasks.view.selectRow(2)
    tasks.detail.setCurrentIndex(1)
    view = tasks.detail.timeline_view
    widths = [view.columnWidth(c) for c in range(view.model().columnCount())]
    assert max(widths) == widths[tasks.detail.timeline.NOTE], widths
    assert view.horizontalScrollBar().maximum() == 0


def test_main_lists_need_no_sideways_scrolling(demo_ctx, window, qtbot):
    window.resize(1366, 740)
    for key in ("briefings", "aspirations", "tasks", "directory"):
        page = window.show_area(key)
        qtbot.wait(10)
        for view in page.findChildren(QTableView):
            if view.isVisible():
                assert view.horizontalScrollBar().maximum() == 0, (key, view.accessibleName())


def test_trash_dialog_needs_no_sideways_scrolling(demo_ctx, window, qtbot, monkeypatch):
    from giaoban.ui.dialogs.trash import open_trash

    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)
    tasks = window.show_area("tasks")
    tasks.view.selectRow(0)
    tasks.delete_selected()
    dialog = open_trash(window)
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == 1
    assert dialog.view.horizontalScrollBar().maximum() == 0
    title = dialog.model.TITLE
    assert dialog.view.columnWidth(title) == max(
        dialog.view.columnWidth(c) for c in range(dialog.model.columnCount()))


def test_first_start_fits_a_laptop_screen_with_a_taskbar():
    """1366×768 with a 40 px Windows taskbar leaves 1366×728: the window and its title bar fit."""
    from PySide6.QtCore import QRect

    from giaoban.ui.main_window import initial_geometry

    size = initial_geometry(QRect(0, 0, 1366, 728))
    assert size.width() <= 1366 and size.height() + 40 <= 728
    size = initial_geometry(QRect(0, 0, 1920, 1040))
    assert (size.width(), size.height()) == (1280, 720)


def test_review_of_last_period_marks_due_soon_like_the_task_list(demo_ctx, window, qtbot):
    """UI.md: due within 7 days is amber plus words — with an icon, as on the task list."""
    from PySide6.QtCore import Qt

    briefings = window.show_area("briefings")
    briefings.new_item()
    model = briefings.editor.review.model
    rows = [r for r in range(model.rowCount()) if model.row_at(r).due_soon]
    assert rows
    state = model.columnCount() - 1
    index = model.index(rows[0], state)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None

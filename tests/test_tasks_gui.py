"""The task area on real widgets: the lazy list, progress updates, completing, cancelling, new."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from sqlmodel import select

from giaoban.core.models import Task, TaskUpdate
from giaoban.core.services import directory, tasks
from giaoban.ui.dialogs import ask
from giaoban.ui.pages.task_model import RED, TaskListModel
from tests.qt_helpers import type_text

D = dt.date


def _unit(ctx, index: int = 0) -> int:
    return [o.id for o in directory.list_organizations(ctx) if o.active][index]


@pytest.fixture
def three(ctx):
    lead = _unit(ctx)
    overdue = tasks.create_task(ctx, title="Rà soát kiến nghị đất đai", lead_unit_id=lead,
                                assigned_on=D(2026, 9, 1), due_on=D(2026, 11, 19))
    soon = tasks.create_task(ctx, title="Tổng hợp tình hình tư tưởng", lead_unit_id=_unit(ctx, 1),
                             assigned_on=D(2026, 10, 1), due_on=D(2026, 12, 2))
    later = tasks.create_task(ctx, title="Kiểm tra Quy chế dân chủ", lead_unit_id=_unit(ctx, 2),
                              assigned_on=D(2026, 10, 1), due_on=D(2027, 3, 1))
    return overdue.id, soon.id, later.id


def test_lazy_model_fetches_pages_not_rows(ctx):
    lead = _unit(ctx)
    with ctx.transaction() as s:
        for n in range(450):
            s.add(Task(title=f"Nhiệm vụ {n}", lead_unit_id=lead, assigned_on=D(2026, 1, 1),
                       due_on=D(2026, 1, 1) + dt.timedelta(days=n)))
    model = TaskListModel(ctx)
    model.reload()
    assert model.rowCount() == 450
    for row in range(450):
        model.data(model.index(row, TaskListModel.TITLE))
        model.data(model.index(row, TaskListModel.DEADLINE))
    assert model.fetches == 3  # 200 + 200 + 50, never one query per row
    model.sort(TaskListModel.TITLE, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, TaskListModel.TITLE)) == "Nhiệm vụ 99"


def test_overdue_and_due_soon_rows_say_so_in_words_icon_and_colour(ctx, three):
    overdue, soon, later = three
    model = TaskListModel(ctx)
    model.reload()
    rows = {model.row_at(r).id: r for r in range(model.rowCount())}
    assert list(rows) == [overdue, soon, later]  # open tasks by deadline
    cell = model.index(rows[overdue], TaskListModel.DEADLINE)
    assert model.data(cell) == "Quá hạn 10 ngày"
    assert not model.data(cell, Qt.ItemDataRole.DecorationRole).isNull()
    assert model.data(cell, Qt.ItemDataRole.ForegroundRole).color() == RED
    soon_cell = model.index(rows[soon], TaskListModel.DEADLINE)
    assert model.data(soon_cell) == "Còn 3 ngày"
    assert not model.data(soon_cell, Qt.ItemDataRole.DecorationRole).isNull()
    assert model.data(model.index(rows[later], TaskListModel.DEADLINE),
                      Qt.ItemDataRole.DecorationRole) is None


@pytest.mark.timeout(60)
def test_add_update_with_enter(three, window, qtbot, ctx):
    overdue, _soon, _later = three
    page = window.show_area("tasks")
    assert page.select_record(overdue)
    assert page.detail.task_id == overdue
    page.detail.setCurrentIndex(1)
    type_text(page.detail.update_edit, "Đã làm việc với UBND xã")
    qtbot.keyClick(page.detail.update_edit, Qt.Key.Key_Return)
    with ctx.session() as s:
        notes = [u.note for u in s.exec(select(TaskUpdate).where(TaskUpdate.task_id == overdue))]
    assert notes == ["Đã làm việc với UBND xã"]
    assert page.detail.timeline.rowCount() == 1
    assert page.detail.update_edit.text() == ""
    row = page.model.row_at(page.model.row_of(overdue))
    assert row.status == "in_progress" and row.last_update == "Đã làm việc với UBND xã"


@pytest.mark.timeout(60)
def test_complete_a_task_with_result_and_date(three, window, qtbot, ctx):
    overdue, _soon, _later = three
    page = window.show_area("tasks")
    page.select_record(overdue)
    dialog = page.complete_selected()
    assert dialog is not None and dialog.isVisible()
    dialog.date.setDate(QDate(2026, 8, 1))  # before it was assigned
    type_text(dialog.text, "Đã trả lời 12 hộ dân")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message("completed_on")
    assert tasks.get_task(ctx, overdue).status == "not_started"
    dialog.date.setDate(QDate(2026, 11, 25))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    task = tasks.get_task(ctx, overdue)
    assert (task.status, task.completed_on, task.result) == ("done", D(2026, 11, 25),
                                                            "Đã trả lời 12 hộ dân")
    row = page.model.row_at(page.model.row_of(overdue))
    assert row.deadline_note == "Hoàn thành chậm 6 ngày"
    assert "hoàn thành chậm 6 ngày" in page.detail.state_label.text()
    assert not page.complete_action.isEnabled() and page.reopen_action.isEnabled()


def test_cancel_needs_a_reason_then_reopen(three, window, qtbot, ctx, monkeypatch):
    _overdue, soon, _later = three
    page = window.show_area("tasks")
    page.select_record(soon)
    errors: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _p, text, title=None: errors.append(text))
    monkeypatch.setattr(ask, "ask_text", lambda *a, **k: "  ")
    page.cancel_selected()
    assert errors and tasks.get_task(ctx, soon).status == "not_started"
    monkeypatch.setattr(ask, "ask_text", lambda *a, **k: "Đã lồng ghép vào nhiệm vụ khác")
    page.cancel_selected()
    assert tasks.get_task(ctx, soon).status == "cancelled"
    assert "Lý do hủy: Đã lồng ghép" in page.detail.state_label.text()
    monkeypatch.setattr(ask, "ask_text", lambda *a, **k: "")
    page.reopen_selected()
    assert tasks.get_task(ctx, soon).status == "in_progress"


def test_reschedule_keeps_old_deadline_in_timeline(three, window, qtbot, ctx):
    overdue, _soon, _later = three
    page = window.show_area("tasks")
    page.select_record(overdue)
    dialog = page.reschedule_selected()
    dialog.date.setDate(QDate(2026, 12, 31))
    type_text(dialog.text, "Chờ kinh phí")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    timeline = page.detail.timeline
    assert timeline.rowCount() == 1
    assert timeline.data(timeline.index(0, timeline.DUE)) == "Hạn 19/11/2026 → 31/12/2026"


@pytest.mark.timeout(60)
def test_new_task_with_keyboard_and_field_errors(three, window, qtbot, ctx):
    page = window.show_area("tasks")
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.detail.title_edit.hasFocus()
    page.detail.assigned_edit.setDate(QDate(2026, 11, 20))
    page.detail.due_edit.setDate(QDate(2026, 11, 10))
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.detail.errors.message("title")
    assert page.detail.errors.message("lead_unit_id")
    assert "trước ngày giao" in page.detail.errors.message("due_on")
    before = len(tasks.task_ids(ctx))
    type_text(page.detail.title_edit, "Đối thoại với thanh niên công nhân")
    page.detail.lead_combo.setCurrentIndex(page.detail.lead_combo.findData(_unit(ctx, 3)))
    page.detail.due_edit.setDate(QDate(2026, 12, 20))
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(tasks.task_ids(ctx)) == before + 1
    assert page.current_row().title == "Đối thoại với thanh niên công nhân"
    assert not page.has_unsaved_changes()


def test_filters_overdue_only_and_search(three, window, qtbot, ctx):
    overdue, soon, _later = three
    page = window.show_area("tasks")
    page.filters.set_deadline("overdue")
    assert page.model.ids() == [overdue]
    assert page.filters.count_label.text() == "Hiển thị 1 / 3"
    page.filters.set_deadline("due_soon")
    assert page.model.ids() == [soon]
    page.filters.clear()
    type_text(page.filters.search, "tu tuong")
    page.filters.flush()
    assert page.model.ids() == [soon]


def test_delete_moves_to_trash_and_undo_restores(three, window, qtbot, ctx, monkeypatch):
    overdue, _soon, _later = three
    page = window.show_area("tasks")
    page.select_record(overdue)
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert overdue not in tasks.task_ids(ctx)
    assert page.model.row_of(overdue) == -1
    window.undo_stack.undo()
    assert overdue in tasks.task_ids(ctx)


def test_leaving_an_edited_task_asks_and_undo_restores(three, window, qtbot, ctx, monkeypatch):
    overdue, soon, _later = three
    page = window.show_area("tasks")
    page.select_record(overdue)
    type_text(page.detail.title_edit, " (bổ sung)")
    assert page.has_unsaved_changes()
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a, **k: ask.Choice.CANCEL)
    page.view.setCurrentIndex(page.model.index(page.model.row_of(soon), 0))
    assert page.detail.task_id == overdue and page.has_unsaved_changes()
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a, **k: ask.Choice.SAVE)
    page.view.setCurrentIndex(page.model.index(page.model.row_of(soon), 0))
    assert page.detail.task_id == soon
    assert tasks.get_task(ctx, overdue).title.endswith("(bổ sung)")
    window.undo_stack.undo()
    assert tasks.get_task(ctx, overdue).title == "Rà soát kiến nghị đất đai"


def test_creating_the_page_asks_for_no_ids_until_it_is_shown(ctx, qtbot):
    from giaoban.ui.pages.tasks import TasksPage

    statements = []
    from sqlalchemy import event

    def count(*args):
        statements.append(args[2])

    event.listen(ctx.db.engine, "before_cursor_execute", count)
    try:
        page = TasksPage(ctx, None)
        qtbot.addWidget(page)
        assert not any("FROM task" in s for s in statements)
        page.activated()
        assert any("FROM task" in s for s in statements)
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", count)


@pytest.mark.timeout(60)
def test_ctrl_z_after_complete_undoes_the_completion_not_an_older_edit(three, window, qtbot, ctx,
                                                                     monkeypatch):
    overdue, _soon, _later = three
    page = window.show_area("tasks")
    page.select_record(overdue)
    type_text(page.detail.title_edit, " (bổ sung)")
    assert page.save()
    dialog = page.complete_selected()
    type_text(dialog.text, "Đã trả lời 12 hộ dân")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert tasks.get_task(ctx, overdue).status == "done"
    assert window.undo_action.text() == (
        "Hoàn tác Hoàn thành nhiệm vụ “Rà soát kiến nghị đất đai (bổ sung)”")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    task = tasks.get_task(ctx, overdue)
    assert (task.status, task.completed_on, task.result) == ("not_started", None, "")
    assert task.title == "Rà soát kiến nghị đất đai (bổ sung)"  # the older edit stays
    assert page.detail.timeline.rowCount() == 0  # the page shows the undone state
    assert window.statusBar().currentMessage() == (
        "Đã hoàn tác: Hoàn thành nhiệm vụ “Rà soát kiến nghị đất đai (bổ sung)”")
    assert page.complete_action.isEnabled()
    qtbot.keyClick(page.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert tasks.get_task(ctx, overdue).status == "done"


@pytest.mark.parametrize("action", ["cancel", "reopen", "progress", "new"])
def test_every_task_action_is_on_the_undo_stack(three, window, qtbot, ctx, monkeypatch, action):
    overdue, _soon, _later = three
    page = window.show_area("tasks")
    page.select_record(overdue)
    monkeypatch.setattr(ask, "ask_text", lambda *a, **k: "Trùng với nhiệm vụ khác")
    if action == "reopen":
        tasks.complete_task(ctx, overdue, completed_on=D(2026, 11, 20))
        page.refresh()
        page.select_record(overdue)
    before = window.undo_stack.count()
    if action == "cancel":
        page.cancel_selected()
        assert tasks.get_task(ctx, overdue).status == "cancelled"
    elif action == "reopen":
        page.reopen_selected()
        assert tasks.get_task(ctx, overdue).status == "in_progress"
    elif action == "progress":
        page.add_update("Đã làm việc với xã")
        assert len(tasks.task_updates(ctx, overdue)) == 1
    else:
        page.new_item()
        type_text(page.detail.title_edit, "Nhiệm vụ mới tinh")
        page.detail.lead_combo.setCurrentIndex(1)
        assert page.save()
    assert window.undo_stack.count() == before + 1
    assert "“" in window.undo_action.text() and window.undo_action.text().endswith("”")
    window.undo_action.trigger()
    if action == "new":
        assert "Nhiệm vụ mới tinh" not in [t.title for t in tasks.list_tasks(ctx)]
    else:
        task = tasks.get_task(ctx, overdue)
        assert task.status == ("done" if action == "reopen" else "not_started")
        assert len(tasks.task_updates(ctx, overdue)) == (1 if action == "reopen" else 0)


def test_a_change_of_filter_does_not_count_every_task_again(three, window, qtbot, ctx,
                                                             monkeypatch):
    """Typing in the search or picking a filter lists other tasks of the same set: the total
    ("Hiển thị 1 / 3") is the one counted when the list was loaded, and a task added since is
    counted when the list is loaded again."""
    from giaoban.ui.pages import tasks as tasks_page

    page = window.show_area("tasks")
    counted: list[int] = []
    real = tasks_page.count_tasks
    monkeypatch.setattr(tasks_page, "count_tasks", lambda c: counted.append(1) or real(c))
    type_text(page.filters.search, "tu tuong")
    page.filters.flush()
    page.filters.set_deadline("due_soon")
    assert page.filters.count_label.text() == "Hiển thị 1 / 3" and counted == []
    tasks.create_task(ctx, title="Nhiệm vụ mới về tư tưởng", lead_unit_id=_unit(ctx),
                      assigned_on=D(2026, 11, 1), due_on=D(2026, 12, 1))
    page.refresh()
    assert counted == [1]
    assert page.filters.count_label.text() == "Hiển thị 2 / 4"

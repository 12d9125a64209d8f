"""Giao ban area flows with real widgets on a real file: create, fill every tab, finalize, undo."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QWidget
from sqlmodel import select

from giaoban.core.models import AuditEvent, Task
from giaoban.core.services import briefings, directory
from giaoban.ui.dialogs import ask
from tests.qt_helpers import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def people(ctx):
    orgs = directory.list_organizations(ctx)
    chair = directory.create_person(ctx, full_name="Trần Văn Bình", title="Phó Bí thư",
                                    organization_id=orgs[0].id)
    secretary = directory.create_person(ctx, full_name="Lê Thị Hoa", title="Chuyên viên",
                                        organization_id=orgs[0].id)
    member = directory.create_person(ctx, full_name="Phạm Minh Châu", title="Chủ tịch",
                                     organization_id=orgs[1].id)
    return orgs, chair, secretary, member


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    """Closing the window at the end of a test must not ask about unsaved edits."""
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


def edit_cell(qtbot, view, text: str) -> None:
    """Open the current cell's editor (as F2 does), type, Enter (which commits and moves on)."""
    view.setFocus()
    view.edit(view.currentIndex())
    editors = [w for w in view.viewport().children()
               if isinstance(w, QWidget) and w.isVisible()]
    assert len(editors) == 1
    editor = editors[0].lineEdit() if isinstance(editors[0], QComboBox) else editors[0]
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(5)  # the delegate commits and closes on the next turn of the event loop
    assert view.state() != view.State.EditingState


def new_row(qtbot, tab) -> None:
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert, CTRL)


@pytest.mark.timeout(120)
def test_create_fill_every_tab_by_keyboard_finalize_and_reopen(window, qtbot, ctx, people,
                                                               monkeypatch):
    orgs, chair, secretary, _member = people
    page = window.show_area("briefings")
    assert page.empty.is_empty_shown()
    assert "Ctrl+N" in page.empty.message.text()
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)
    editor = page.editor
    assert page.editing() and editor.badge.text() == "Dự thảo"
    assert (editor.draft.year, editor.draft.quarter) == (2026, 4)

    general = editor.general
    general.held_on.setFocus()
    general.held_on.setDate(QDate(2026, 12, 10))
    type_text(general.place, "Hội trường Tỉnh ủy")
    type_text(general.chair.lineEdit(), "Trần Văn Bình – Phó Bí thư")
    qtbot.keyClick(general.chair.lineEdit(), Qt.Key.Key_Return)
    type_text(general.secretary.lineEdit(), "Lê Thị Hoa – Chuyên viên")
    qtbot.keyClick(general.secretary.lineEdit(), Qt.Key.Key_Return)
    type_text(general.document_number, "15/BB")
    assert editor.draft.chair_id == chair.id and editor.draft.secretary_id == secretary.id
    assert editor.has_unsaved_changes() and "Chưa lưu" in editor.unsaved.text()

    # Attendance: two rows, the second absent without a reason (asked for at finalize).
    editor.tabs.setCurrentWidget(editor.attendance)
    grid = editor.attendance
    new_row(qtbot, grid)
    edit_cell(qtbot, grid.view, "Trần Văn Bình – Phó Bí thư")
    new_row(qtbot, grid)
    edit_cell(qtbot, grid.view, "Phạm Minh Châu – Chủ tịch")
    grid.select(1, 3)
    qtbot.keyClick(grid.view, Qt.Key.Key_Space)
    assert [a.present for a in editor.draft.attendance] == [True, False]
    assert "vắng mặt 1" in grid.info.text()

    # Reports, aspirations (body carried over), conclusions (reordered).
    editor.tabs.setCurrentWidget(editor.reports)
    new_row(qtbot, editor.reports)
    edit_cell(qtbot, editor.reports.view, orgs[1].name)
    edit_cell(qtbot, editor.reports.view, "Phạm Minh Châu")
    editor.tabs.setCurrentWidget(editor.aspirations)
    asp = editor.aspirations
    new_row(qtbot, asp)
    edit_cell(qtbot, asp.view, orgs[2].name)
    for _column in range(4):  # kind, field, locality, people concerned: keep, Enter moves on
        qtbot.keyClick(asp.view, Qt.Key.Key_Return)
    edit_cell(qtbot, asp.view, "Đề nghị sớm chi trả chế độ cho người có công.")
    assert len(editor.draft.aspirations) == 2  # Enter past the last cell added a row
    assert editor.draft.aspirations[1].organization_id == orgs[2].id
    qtbot.keyClick(asp.view, Qt.Key.Key_Delete, CTRL)
    assert len(editor.draft.aspirations) == 1
    editor.tabs.setCurrentWidget(editor.conclusions)
    con = editor.conclusions
    new_row(qtbot, con)
    edit_cell(qtbot, con.view, "Giải quyết dứt điểm kiến nghị về đất đai.")
    assert con.view.currentIndex().row() == 1  # Enter on the last cell added the next row
    edit_cell(qtbot, con.view, "Tiếp tục nắm chắc tình hình Nhân dân.")
    con.select(1, 1)
    qtbot.keyClick(con.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert editor.draft.conclusions[0].text == "Tiếp tục nắm chắc tình hình Nhân dân."
    assert con.model.index(0, 0).data() == 1

    # Ctrl+S: bad input is shown at its field and its row, nothing is written.
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert briefings.list_briefings(ctx) == []
    assert "15-BB/TU" in general.errors.message("document_number")
    assert not grid.model.errors  # an absent person's reason is asked for at finalize, not here
    assert editor.problems.isVisible()
    general.document_number.setFocus()
    qtbot.keyClick(general.document_number, Qt.Key.Key_A, CTRL)
    type_text(general.document_number, "15-BB/TU")
    editor.tabs.setCurrentWidget(grid)
    grid.select(1, 4)
    edit_cell(qtbot, grid.view, "Đi công tác")
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert not editor.has_unsaved_changes(), editor.problems.text()
    [row] = briefings.list_briefings(ctx)
    assert (row.period, row.chair, row.aspirations, row.conclusions) == ("Quý IV/2026", "Trần Văn Bình", 1, 2)
    stored = briefings.load_briefing(ctx, row.id)
    assert stored.attendance[1].absence_reason == "Đi công tác"
    assert stored.reports[0].presenter == "Phạm Minh Châu"

    # Follow-ups: a task from the first conclusion in one action.
    editor.tabs.setCurrentWidget(editor.followups)
    follow = editor.followups
    assert follow.sources.rowCount() == 3
    follow.source_view.selectRow(0)
    follow.lead.setCurrentIndex(follow.lead.findData(orgs[3].id))
    follow.support_model.item(1).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(follow.button, Qt.MouseButton.LeftButton)
    with ctx.session() as s:
        task = s.exec(select(Task)).one()
    assert task.title == "Tiếp tục nắm chắc tình hình Nhân dân."
    assert (task.briefing_id, task.conclusion_id, task.lead_unit_id) == (
        row.id, stored.conclusions[0].id, orgs[3].id)
    assert task.due_on == dt.date(2027, 1, 9)
    assert follow.tasks.rowCount() == 1

    # Finalize: read-only everywhere until reopened with a reason.
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)
    editor.finalize_action.trigger()
    assert briefings.load_briefing(ctx, row.id).status == "finalized"
    assert editor.badge.text() == "Đã chốt"
    assert not general.place.isEnabled() and grid.model.read_only
    assert not editor.save_action.isEnabled() and editor.reopen_action.isVisible()
    monkeypatch.setattr(ask, "ask_text", lambda *a, **k: "Bổ sung kết luận")
    editor.reopen_action.trigger()
    assert briefings.load_briefing(ctx, row.id).status == "draft"
    assert general.place.isEnabled()
    with ctx.session() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "reopen")).one()
    assert event.note == "Bổ sung kết luận" and event.entity_id == row.id


def test_finalize_lists_what_is_missing(window, qtbot, ctx, people, monkeypatch):
    page = window.show_area("briefings")
    page.new_item()
    editor = page.editor
    editor.general.chair.setCurrentIndex(0)
    editor.general._on_edit("chair_id", typing=False)
    shown = []
    monkeypatch.setattr(ask, "show_error", lambda _p, text, *a: shown.append(text))
    editor.finalize_action.trigger()
    assert shown and "ngày họp" in shown[0] and "thư ký" in shown[0]
    assert "ít nhất một người" in shown[0]
    assert briefings.list_briefings(ctx)[0].status == "draft"


def test_undo_redo_across_tabs(window, qtbot, ctx, people):
    page = window.show_area("briefings")
    page.new_item()
    editor = page.editor
    type_text(editor.general.place, "Phòng họp A")
    editor.tabs.setCurrentWidget(editor.conclusions)
    new_row(qtbot, editor.conclusions)
    edit_cell(qtbot, editor.conclusions.view, "Kết luận một")
    assert window.undo_action.text().startswith("Hoàn tác")
    window.undo_action.trigger()  # the row Enter added after the last cell
    assert [c.text for c in editor.draft.conclusions] == ["Kết luận một"]
    window.undo_action.trigger()
    assert editor.draft.conclusions[0].text == ""
    window.undo_action.trigger()
    assert editor.draft.conclusions == []
    window.undo_action.trigger()  # typing into one field is one step
    assert editor.draft.place == "" and editor.general.place.text() == ""
    assert editor.tabs.currentIndex() == 0  # the undone edit's tab is shown
    assert not editor.has_unsaved_changes()
    window.redo_action.trigger()
    assert editor.general.place.text() == "Phòng họp A"
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)
    assert len(editor.draft.conclusions) == 1 and editor.tabs.currentIndex() == 4


def test_leaving_editor_or_area_asks_about_unsaved_edits(window, qtbot, ctx, people, monkeypatch):
    page = window.show_area("briefings")
    page.new_item()
    type_text(page.editor.general.place, "Nơi họp")
    answers = [ask.Choice.CANCEL, ask.Choice.DISCARD]
    asked = []
    monkeypatch.setattr(ask, "ask_save_changes",
                        lambda *a: asked.append(a) or answers.pop(0))
    page.editor.back_action.trigger()
    assert page.editing()
    page.editor.back_action.trigger()
    assert not page.editing() and len(asked) == 2
    assert briefings.list_briefings(ctx) == []
    page.new_item()
    type_text(page.editor.general.place, "Nơi họp")
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.CANCEL)
    window.show_area("directory")
    assert window.nav.currentRow() == 0 and page.has_unsaved_changes()


def test_second_briefing_for_a_quarter_asks(window, qtbot, ctx, people, monkeypatch):
    _orgs, chair, *_rest = people
    briefings.save_briefing(ctx, briefings.BriefingDraft(year=2026, quarter=4, chair_id=chair.id))
    page = window.show_area("briefings")
    page.new_item()
    editor = page.editor
    assert (editor.draft.year, editor.draft.quarter) == (2027, 1)
    editor.general.year.setValue(2026)
    editor.general.quarter.setCurrentIndex(3)
    editor.general._on_edit("quarter", typing=False)
    questions = []
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: questions.append(a) or False)
    assert not editor.save()
    assert questions and "Quý IV/2026" in questions[0][2]
    assert len(briefings.list_briefings(ctx)) == 1


def test_list_filters_sorts_opens_with_enter_and_select_record(window, qtbot, demo_ctx):
    page = window.show_area("briefings")
    page.reload_list()
    total = page.model.rowCount()
    assert total == len(briefings.list_briefings(demo_ctx)) and not page.empty.is_empty_shown()
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("annual"))
    assert page.proxy.rowCount() == 1
    assert page.filters.count_label.text() == f"Hiển thị 1 / {total}"
    page.filters.clear()
    page.status_filter.setCurrentIndex(page.status_filter.findData("draft"))
    assert page.proxy.rowCount() == 1
    page.filters.clear()
    page.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    first = page.proxy.index(0, 1).data()
    assert first.endswith("/2024")
    page.view.setFocus()
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert page.editing() and page.editor.badge.text() == "Đã chốt"
    assert page.editor.review.model.rowCount() == 0  # the first briefing has no earlier tasks
    page.editor.back_action.trigger()
    latest = briefings.list_briefings(demo_ctx, status="finalized")[0]
    page.select_record(latest.id)
    assert page.editing() and page.editor.draft.id == latest.id
    assert page.editor.review.model.rowCount() > 0
    assert page.editor.followups.tasks.rowCount() == latest.open_tasks + sum(
        1 for r in briefings.follow_ups(demo_ctx, latest.id) if r.status in ("done", "cancelled"))


def test_delete_moves_to_trash_and_undo_restores(window, qtbot, demo_ctx, monkeypatch):
    page = window.show_area("briefings")
    page.reload_list()
    before = page.model.rowCount()
    page.view.selectRow(0)
    target = page.selected_ids()[0]
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)
    page.delete_selected()
    assert page.model.rowCount() == before - 1
    assert target not in [r.id for r in briefings.list_briefings(demo_ctx)]
    window.undo_action.trigger()
    assert page.model.rowCount() == before


def test_cli_lists_briefings_as_json(demo_ctx, db_path, capsys):
    from giaoban.cli import main

    assert main(["briefings", "--db", str(db_path), "--kind", "quarterly", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and set(data[0]) == {"id", "kind", "year", "quarter", "held_on", "chair",
                                     "secretary", "status", "document_number", "aspirations",
                                     "conclusions", "open_tasks"}
    assert {d["kind"] for d in data} == {"quarterly"}
    assert main(["briefings", "--db", str(db_path), "--year", "2025"]) == 0
    assert "Quý III/2025" in capsys.readouterr().out

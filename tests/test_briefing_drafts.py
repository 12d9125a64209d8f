"""Issue 13 "no lost work": the first briefing on an empty database is saved as a draft, a chair
is added from the editor, the recovery copy survives a kill and is offered back once, focus
stays in the editor after finalizing, Esc cancels only what it is in."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from giaoban.core.services import briefings, directory, recovery
from giaoban.core.services.briefing_draft import (
    AspirationDraft,
    AttendanceDraft,
    BriefingDraft,
    ConclusionDraft,
    ReportDraft,
)
from giaoban.ui.dialogs import ask
from tests.qt_helpers import type_text, wait_exposed

CTRL = Qt.KeyboardModifier.ControlModifier
WRITER = Path(__file__).with_name("recovery_writer.py")


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


def _save_by_keys(qtbot, window, widget) -> None:
    """Ctrl+S as a person presses it: the window must be the active one (a dialog just closed)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_S, CTRL)


def _new_briefing(window, qtbot):
    page = window.show_area("briefings")
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)
    assert page.editing()
    return page, page.editor


def test_first_briefing_on_an_empty_database_is_saved_without_chair(window, qtbot, ctx):
    assert directory.list_people(ctx) == []
    _page, editor = _new_briefing(window, qtbot)
    editor.general.place.setFocus()
    qtbot.keyClicks(editor.general.place, "Phong hop so 2")
    qtbot.keyClick(editor.general.place, Qt.Key.Key_S, CTRL)
    assert not editor.has_unsaved_changes(), editor.problems.text()
    [row] = briefings.list_briefings(ctx)
    stored = briefings.load_briefing(ctx, row.id)
    assert (stored.place, stored.chair_id, stored.secretary_id) == ("Phong hop so 2", None, None)
    assert recovery.recovery_path(ctx) is not None
    assert not recovery.recovery_path(ctx).exists()  # a clean save leaves no copy


def test_chair_and_secretary_are_added_from_the_editor(window, qtbot, ctx):
    _page, editor = _new_briefing(window, qtbot)
    chair_box = editor.general.chair.lineEdit()
    type_text(chair_box, "Nguyễn Thị Lan")
    button = editor.people_buttons.buttons["chair_id"]
    assert button.isVisible()
    qtbot.keyClick(chair_box, Qt.Key.Key_Tab)  # Tab from the name goes to "Thêm…"
    assert QApplication.focusWidget() is button
    qtbot.keyClick(button, Qt.Key.Key_Space)
    dialog = editor.people_buttons.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.full_name.text() == "Nguyễn Thị Lan"  # the name typed is carried over
    type_text(dialog.title_edit, "Phó Bí thư")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    [person] = directory.list_people(ctx)
    assert (person.full_name, person.title) == ("Nguyễn Thị Lan", "Phó Bí thư")
    assert editor.draft.chair_id == person.id
    assert editor.general.chair.currentText() == person.label

    # An empty name keeps the dialog open with the message under the field, nothing stored.
    qtbot.mouseClick(editor.people_buttons.buttons["secretary_id"], Qt.MouseButton.LeftButton)
    dialog = editor.people_buttons.dialog
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    assert dialog.isVisible() and "họ và tên" in dialog.errors.message("full_name")
    assert len(directory.list_people(ctx)) == 1
    type_text(dialog.full_name, "Lê Văn Minh")
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    minh = next(p.id for p in directory.list_people(ctx) if p.full_name == "Lê Văn Minh")
    assert editor.attendance.model.label("person_id", minh) == "Lê Văn Minh"  # grids know it

    _save_by_keys(qtbot, window, editor.general.place)
    stored = briefings.load_briefing(ctx, briefings.list_briefings(ctx)[0].id)
    names = {p.id: p.full_name for p in directory.list_people(ctx)}
    assert (names[stored.chair_id], names[stored.secretary_id]) == ("Nguyễn Thị Lan", "Lê Văn Minh")


def test_the_copy_is_written_on_tab_change_and_timer_and_goes_when_undone(window, qtbot, ctx):
    _page, editor = _new_briefing(window, qtbot)
    path = recovery.recovery_path(ctx)
    type_text(editor.general.place, "Phòng họp")
    assert not path.exists()
    editor.tabs.setCurrentWidget(editor.reports)  # a tab change writes the copy
    assert recovery.load_recovery(ctx).draft.place == "Phòng họp"
    editor.tabs.setCurrentIndex(0)
    type_text(editor.general.place, " số 3")
    editor.recovery.timer.timeout.emit()  # what the 30-second timer does
    assert recovery.load_recovery(ctx).draft.place == "Phòng họp số 3"
    assert editor.recovery.timer.interval() == 30_000 and editor.recovery.timer.isActive()
    qtbot.keyClick(editor.general.place, Qt.Key.Key_Z, CTRL)  # back to the prepared draft
    assert not editor.has_unsaved_changes() and not path.exists()


def _full_draft(ctx) -> BriefingDraft:
    orgs = directory.list_organizations(ctx)
    return BriefingDraft(
        kind="quarterly", year=2026, quarter=4, held_on=dt.date(2026, 12, 10),
        start_time=dt.time(8, 30), end_time=dt.time(11), place="Hội trường “A”",
        document_number="15-BB/TU", notes="dòng 1\ndòng 2",
        attendance=[AttendanceDraft(organization_id=orgs[0].id, present=False,
                                    absence_reason="Ốm")],
        reports=[ReportDraft(organization_id=orgs[1].id, presenter="Châu", title="Báo cáo")],
        aspirations=[AspirationDraft(organization_id=orgs[1].id, kind="proposal",
                                     field="land_environment", content="Đề nghị làm đường")],
        conclusions=[ConclusionDraft(text="Kết luận một")],
    )


def test_recovery_copy_reads_back_exactly_and_a_damaged_one_is_dropped(ctx):
    draft = _full_draft(ctx)
    path = recovery.save_recovery(ctx, draft)
    assert path is not None and path.parent == ctx.db.path.parent
    found = recovery.load_recovery(ctx)
    assert found is not None and found.draft == draft
    assert abs(found.written_at - ctx.now()) < dt.timedelta(seconds=1)
    path.write_bytes(path.read_bytes().replace(b'"year": 2026', b'"year": "2026"'))
    assert recovery.load_recovery(ctx) is None and not path.exists()


@pytest.mark.skipif(not hasattr(os, "kill") or sys.platform == "win32", reason="needs SIGKILL")
@pytest.mark.timeout(90)
def test_killed_while_typing_the_draft_is_offered_once_and_restored(qtbot, ctx, db_path,
                                                                    tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "child-config")}
    done = subprocess.run([sys.executable, str(WRITER), str(db_path)], capture_output=True,
                          text=True, timeout=60, env=env, cwd=Path(__file__).parents[1])
    assert done.returncode == -9, done.stderr
    assert "WRITTEN" in done.stdout, done.stderr
    path = recovery.recovery_path(ctx)
    written = recovery.draft_from_json(path.read_bytes()).draft
    assert written.place == "Hoi truong B" and briefings.list_briefings(ctx) == []

    from giaoban.ui.main_window import MainWindow

    ctx.db.created = False  # the first-run welcome has its own tests
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    wait_exposed(qtbot, window)
    window._after_start()
    box = window.recovery_offer
    assert box.isVisible() and "chưa lưu" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # "Để sau": nothing lost, offered at the next start
    assert not box.isVisible() and path.exists()
    assert not window.current_page().editing()

    from giaoban.ui.pages.briefing_editor.recovery import offer_recovery

    box = offer_recovery(window)  # what the next start does
    assert box is not None and box.isVisible()
    restore = next(b for b in box.buttons() if b.text() == "Khôi phục")
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert page.editing() and page.editor.draft == written
    assert page.editor.has_unsaved_changes()
    assert path.exists()  # the restored, still unsaved draft is kept again
    _save_by_keys(qtbot, window, page.editor.general.place)
    assert briefings.list_briefings(ctx)[0].id == page.editor.draft.id
    assert briefings.load_briefing(ctx, page.editor.draft.id).place == "Hoi truong B"
    assert not path.exists()


def test_a_dropped_copy_is_not_offered_again(qtbot, ctx):
    from giaoban.ui.main_window import MainWindow

    recovery.save_recovery(ctx, _full_draft(ctx))
    ctx.db.created = False
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window._after_start()
    box = window.recovery_offer
    drop = next(b for b in box.buttons() if b.text() == "Bỏ bản này")
    qtbot.mouseClick(drop, Qt.MouseButton.LeftButton)
    assert recovery.load_recovery(ctx) is None and briefings.list_briefings(ctx) == []
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again._after_start()
    assert getattr(again, "recovery_offer", None) is None


def test_focus_stays_in_the_editor_after_finalizing(window, qtbot, ctx, monkeypatch):
    org = directory.list_organizations(ctx)[0]
    chair = directory.create_person(ctx, full_name="Trần Văn Bình", organization_id=org.id)
    draft = _full_draft(ctx)
    draft.chair_id = draft.secretary_id = chair.id
    draft.attendance.append(AttendanceDraft(person_id=chair.id))
    briefing_id = briefings.save_briefing(ctx, draft)
    page = window.show_area("briefings")
    page.open_briefing(briefing_id)
    editor = page.editor
    editor.general.place.setFocus()
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)
    qtbot.keyClick(editor.general.place, Qt.Key.Key_K, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert briefings.load_briefing(ctx, briefing_id).finalized
    focus = QApplication.focusWidget()
    assert focus is not None and editor.isAncestorOf(focus) and focus is not window.nav
    for key in (Qt.Key.Key_D, Qt.Key.Key_A, Qt.Key.Key_N):  # "Danh bạ" starts with D
        qtbot.keyClick(focus, key)
    assert window.current_page() is page and page.editing()


def test_esc_cancels_the_cell_not_the_editor(window, qtbot, ctx):
    page, editor = _new_briefing(window, qtbot)
    editor.general.place.setFocus()
    qtbot.keyClick(editor.general.place, Qt.Key.Key_Escape)
    assert page.editing()
    editor.tabs.setCurrentWidget(editor.conclusions)
    grid = editor.conclusions
    grid.view.setFocus()
    qtbot.keyClick(grid.view, Qt.Key.Key_Insert, CTRL)
    grid.view.edit(grid.view.currentIndex())
    [cell] = [w for w in grid.view.viewport().children() if isinstance(w, QWidget) and w.isVisible()]
    qtbot.keyClicks(cell, "abc")
    qtbot.keyClick(cell, Qt.Key.Key_Escape)
    qtbot.wait(5)
    assert grid.view.state() != grid.view.State.EditingState
    assert [c.text for c in editor.draft.conclusions] == [""]  # the typing was cancelled
    qtbot.keyClick(grid.view, Qt.Key.Key_Escape)
    assert page.editing()

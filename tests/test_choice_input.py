"""Choice cells and combos (issue 13): Enter/Tab keep what the suggestions showed; suggestions
ignore case and marks (đ too); a name that is in no list is kept and said, never dropped.

Typed into the real cells of the real editor (Vietnamese letters through ``type_text``, which
sends each character as a key event, as an input method does; QTest cannot send "Đ"), keys sent
where a person's keys go (the suggestion list while it is open), then saved with Ctrl+S and read
back from the database.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMainWindow

from giaoban.core.services import briefings, directory
from giaoban.ui.dialogs import ask
from giaoban.ui.pages.briefing_editor.grid_tabs import typed_problems
from giaoban.ui.widgets.choices import best_match, match_rank
from tests.qt_helpers import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


def test_matching_ignores_case_and_marks_and_ranks_the_best_first():
    labels = ["Kiến nghị", "Đề xuất", "Nông – lâm nghiệp", "Nguyễn Văn Hùng", "Hưng Thịnh"]
    assert best_match(labels, "Đề") == 1
    assert best_match(labels, "de") == 1
    assert best_match(labels, "NÔNG") == 2
    assert best_match(labels, "hung") == 4  # "Hưng Thịnh" starts with it: before "… Hùng"
    assert match_rank("Hưng Thịnh", "hung") == 1 and match_rank("Nguyễn Văn Hùng", "hung") == 2
    assert best_match(labels, "xyz") == -1 and best_match(labels, "  ") == -1


def _key(qtbot, key) -> None:
    """A key where a person's key goes: the open suggestion list, else the focused widget."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    qtbot.keyClick(target, key)
    qtbot.wait(5)
    _reactivate(qtbot)


def _reactivate(qtbot) -> None:
    """Offscreen, a suggestion list that closes gives no window back the focus (a window
    manager does): activate the main window again, as the person's screen would be."""
    if not isinstance(QApplication.activeWindow(), QMainWindow):
        main = next(w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMainWindow) and w.isVisible())
        main.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is main)


def _type_in_cell(qtbot, view, text: str, key=Qt.Key.Key_Return) -> int:
    """F2, type, then Enter (or Tab); the width of the suggestion list that was open."""
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view
    type_text(editor, text)
    width = 0
    if isinstance(editor, QComboBox):
        popup = editor.completer().popup()
        labels = [editor.itemText(i) for i in range(editor.count())]
        assert popup.isVisible() == (best_match(labels, text) >= 0)  # Enter goes to the list
        width = popup.minimumWidth()
    _key(qtbot, key)
    return width


def _editor(window, qtbot):
    page = window.show_area("briefings")
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)
    return page.editor


def _save(qtbot, editor):
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_S, CTRL)
    assert editor.draft.id is not None, editor.problems.text()
    return briefings.load_briefing(editor.ctx, editor.draft.id)


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Tab])
def test_enter_or_tab_keeps_the_suggested_kind_and_field(window, qtbot, ctx, key):
    """The bug: "Đề" + Enter in Loại left "Kiến nghị"; "Nông" + Enter in Lĩnh vực left "Khác"."""
    editor = _editor(window, qtbot)
    tab = editor.aspirations
    editor.tabs.setCurrentWidget(tab)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert, CTRL)
    org = directory.list_organizations(ctx)[0]
    _type_in_cell(qtbot, tab.view, org.name)
    tab.select(0, 1)
    tab.view.setFocus()
    assert _type_in_cell(qtbot, tab.view, "Đề", key) > 0
    assert editor.draft.aspirations[0].kind == "proposal"
    tab.select(0, 2)
    tab.view.setFocus()
    _type_in_cell(qtbot, tab.view, "nong", key)  # no marks, lower case
    assert editor.draft.aspirations[0].field == "agriculture"
    tab.select(0, 5)
    tab.view.setFocus()
    _type_in_cell(qtbot, tab.view, "Đề nghị hỗ trợ giống cây trồng.")
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)  # Enter on the last cell added a row
    saved = _save(qtbot, editor)
    assert [(a.kind, a.field) for a in saved.aspirations] == [("proposal", "agriculture")]


def test_attendance_suggestions_ignore_marks_and_an_unknown_name_is_kept(window, qtbot, ctx):
    orgs = directory.list_organizations(ctx)
    hung = directory.create_person(ctx, full_name="Nguyễn Văn Hùng", title="Chủ tịch",
                                   organization_id=orgs[0].id)
    editor = _editor(window, qtbot)
    tab = editor.attendance
    editor.tabs.setCurrentWidget(tab)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert, CTRL)
    tab.select(0, 0)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    for ch in "Hung":  # plain ASCII, key by key
        qtbot.keyClick(combo, ch)
    popup = combo.completer().popup()
    assert popup.isVisible()
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert any("Nguyễn Văn Hùng" in text for text in shown)
    longest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i))
                  for i in range(combo.count()))
    assert popup.minimumWidth() >= longest and combo.view().minimumWidth() >= longest
    _key(qtbot, Qt.Key.Key_Return)
    assert editor.draft.attendance[0].person_id == hung.id
    assert tab.view.currentIndex().column() == 1  # Enter moved on one cell, not two

    # A name in no list: the cell keeps it, marked, and the editor hears of it.
    heard: list[tuple[int, str, str]] = []
    tab.model.unknown_choice.connect(lambda *args: heard.append(args))
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert, CTRL)
    tab.select(1, 0)
    tab.view.setFocus()
    _type_in_cell(qtbot, tab.view, "Trần Văn Lạ")
    cell = tab.model.index(1, 0)
    assert cell.data() == "Trần Văn Lạ"
    assert "không có trong danh sách" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert heard == [(1, "person_id", "Trần Văn Lạ")]
    assert tab.model.input_problems().keys() == {(1, "person_id")}
    assert typed_problems(editor.general, editor.grids).keys() == {"attendance[1].person_id"}
    # Delete clears the cell (the row stays); deleting a row is Ctrl+Delete.
    tab.select(1, 0)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert tab.model.rowCount() == 2 and cell.data() == "" and not tab.model.input_problems()
    tab.select(0, 4)
    tab.view.setFocus()
    _type_in_cell(qtbot, tab.view, "Đi công tác")
    tab.select(0, 4)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert editor.draft.attendance[0].absence_reason == ""
    assert editor.draft.attendance[0].person_id == hung.id
    tab.select(1, 0)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)
    assert tab.model.rowCount() == 1
    saved = _save(qtbot, editor)
    assert [a.person_id for a in saved.attendance] == [hung.id]


def test_chair_typed_without_marks_is_chosen_and_a_stranger_is_said(window, qtbot, ctx):
    orgs = directory.list_organizations(ctx)
    hoa = directory.create_person(ctx, full_name="Lê Thị Hoa", title="Chuyên viên",
                                  organization_id=orgs[0].id)
    editor = _editor(window, qtbot)
    general = editor.general
    general.chair.setFocus()
    for ch in "le thi hoa":
        qtbot.keyClick(general.chair, ch)
    _key(qtbot, Qt.Key.Key_Tab)
    assert editor.draft.chair_id == hoa.id
    assert general.chair.currentText().startswith("Lê Thị Hoa")
    general.secretary.setFocus()
    type_text(general.secretary, "Người Chưa Có")
    _reactivate(qtbot)
    general.secretary.setFocus()
    general.place.setFocus()  # leaving the box
    assert "Không có “Người Chưa Có” trong danh bạ" in general.errors.message("secretary_id")
    assert "secretary_id" in general.input_problems()
    assert editor.draft.secretary_id is None
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_S, CTRL)
    assert editor.draft.id is None  # refused while the stranger's name is there: never dropped
    general.secretary.setFocus()
    qtbot.keyClick(general.secretary.lineEdit(), Qt.Key.Key_A, CTRL)
    qtbot.keyClick(general.secretary.lineEdit(), Qt.Key.Key_Backspace)
    general.place.setFocus()
    assert "secretary_id" not in general.input_problems()
    assert _save(qtbot, editor).chair_id == hoa.id


def test_aspiration_form_body_typed_without_marks_and_a_stranger_refused(demo_ctx, window, qtbot):
    from giaoban.core.services.aspirations import get_aspiration

    page = window.show_area("aspirations")
    qtbot.keyClick(page, Qt.Key.Key_N, CTRL)
    detail = page.detail
    front = next(o for o in directory.list_organizations(demo_ctx) if o.name.startswith("Ủy ban Mặt"))
    detail.organization.setFocus()
    qtbot.keyClick(detail.organization, Qt.Key.Key_A, CTRL)
    for ch in "hoi nong":
        qtbot.keyClick(detail.organization, ch)
    _key(qtbot, Qt.Key.Key_Tab)
    assert detail.organization.currentText() == "Hội Nông dân tỉnh"
    detail.organization.setFocus()
    qtbot.keyClick(detail.organization, Qt.Key.Key_A, CTRL)
    for ch in "mat tran":
        qtbot.keyClick(detail.organization, ch)
    _key(qtbot, Qt.Key.Key_Return)
    type_text(detail.content, "Đề nghị sửa cầu treo.")
    qtbot.keyClick(page, Qt.Key.Key_S, CTRL)
    assert get_aspiration(demo_ctx, page.current_id()).organization_id == front.id

    qtbot.keyClick(page, Qt.Key.Key_N, CTRL)
    type_text(detail.content, "Một kiến nghị khác.")
    detail.organization.setFocus()
    qtbot.keyClick(detail.organization, Qt.Key.Key_A, CTRL)
    type_text(detail.organization, "Hội Không Có")
    _reactivate(qtbot)
    total = page.total
    qtbot.keyClick(page, Qt.Key.Key_S, CTRL)
    assert page.total == total  # nothing saved under another body
    assert "không có trong danh sách" in detail.errors.message("organization_id")


def test_the_drop_down_follows_its_longest_entry_as_entries_come_and_go(qtbot):
    from giaoban.ui.widgets.choices import fit_popup

    combo = QComboBox()
    qtbot.addWidget(combo)
    fit_popup(combo)
    for name in ("Hội Nông dân", "Đoàn Thanh niên", "Hội LHPN"):
        combo.addItem(name)
    short = combo.view().minimumWidth()
    combo.addItem("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể chính trị - xã hội")
    wide = combo.view().minimumWidth()
    assert wide > short
    combo.addItem("Hội CCB")  # a shorter one keeps the width
    assert combo.view().minimumWidth() == wide
    combo.removeItem(3)  # the longest gone: back to the others' width
    assert combo.view().minimumWidth() == short

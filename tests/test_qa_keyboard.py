"""QA of the keyboard promises (UI.md "Keyboard"): each Alt+letter does one thing where it is."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QTabWidget, QWidget

from giaoban.ui.dialogs import ask

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


def _letter(text: str) -> str | None:
    match = re.search(r"&([^&])", text or "")
    return match.group(1).lower() if match else None


def mnemonics(window, root: QWidget) -> dict[str, list[str]]:
    """Every Alt+letter reachable at once in ``root``: the menu bar's, labels', buttons', tabs'."""
    found: dict[str, list[str]] = {}

    def add(text: str, what: str) -> None:
        letter = _letter(text)
        if letter:
            found.setdefault(letter, []).append(f"{what} {text!r}")

    if root is window:
        for action in window.menuBar().actions():
            add(action.text(), "menu")
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), "label")
        elif isinstance(widget, QAbstractButton):
            add(widget.text(), "button")
        elif isinstance(widget, QGroupBox):
            add(widget.title(), "group")
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                add(widget.tabText(i), "tab")
    return found


def clashes(window, root: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in mnemonics(window, root).items() if len(v) > 1}


def clashes_everywhere(window) -> dict[str, dict[str, list[str]]]:
    """Alt+letter clashes on every page, every tab, the briefing editor and Settings."""
    problems: dict[str, dict[str, list[str]]] = {}
    for key in ("briefings", "aspirations", "tasks", "overview", "directory"):
        page = window.show_area(key)
        for tabs in page.findChildren(QTabWidget):
            for i in range(tabs.count()):
                if tabs.isVisibleTo(page):
                    tabs.setCurrentIndex(i)
                    if found := clashes(window, window):
                        problems[f"{key} tab {i}"] = found
        if found := clashes(window, window):
            problems[key] = found
    page = window.show_area("briefings")
    page.new_item()
    for i in range(page.editor.tabs.count()):
        page.editor.tabs.setCurrentIndex(i)
        if found := clashes(window, window):
            problems[f"briefing editor tab {i}"] = found
    window.open_settings()
    if found := clashes(window, window._settings_dialog):
        problems["settings"] = found
    window._settings_dialog.close()
    return problems


def test_no_alt_letter_is_used_twice_on_any_page_tab_or_dialog(window, qtbot, demo_ctx):
    assert clashes_everywhere(window) == {}


def test_alt_letters_in_briefing_editor_reach_tab_and_menu_at_first_press(window, qtbot, demo_ctx):
    page = window.show_area("briefings")
    page.new_item()
    editor = page.editor
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, ALT)
    assert editor.tabs.currentWidget() is editor.conclusions  # "Kết luận"
    editor.tabs.setCurrentIndex(0)
    editor.general.place.setFocus()
    qtbot.keyClick(editor.general.place, Qt.Key.Key_T, ALT)  # the "Tệp" menu, not a tab
    assert editor.tabs.currentIndex() == 0


def tab_sequence(start: QWidget, wanted: list[QWidget]) -> list[QWidget]:
    """The ``wanted`` widgets in the order Tab reaches them, starting from ``start``."""
    seen: list[QWidget] = []
    current = start
    for _step in range(2000):
        if current in wanted and current not in seen:
            seen.append(current)
        current = current.nextInFocusChain()
        if current is start:
            break
    return seen


def test_tab_walks_the_aspiration_form_in_reading_order(window, qtbot, demo_ctx):
    page = window.show_area("aspirations")
    d = page.detail
    order = [page.view, d.raised_on, d.organization, d.kind, d.field, d.locality, d.people, d.content,
             d.status, d.response, d.has_response_date, d.response_on, d.responding_unit,
             d.task_button, d.save_button]
    got = tab_sequence(page.view, order)
    assert got == order, [w.accessibleName() or getattr(w, "text", type(w).__name__)()
                          if hasattr(w, "text") else type(w).__name__ for w in got]


def test_tab_walks_the_task_form_in_reading_order(window, qtbot, demo_ctx):
    page = window.show_area("tasks")
    d = page.detail
    order = [page.view, d.title_edit, d.detail_edit, d.sources, d.lead_combo, d.support_list, d.assigned_edit,
             d.due_edit, d.no_due, d.priority_combo, d.save_button]
    assert tab_sequence(page.view, order) == order


def test_tab_walks_directory_and_follow_up_forms_in_reading_order(window, qtbot, demo_ctx):
    page = window.show_area("directory")
    org_order = [page.orgs.view, page.org_name, page.org_short, page.org_abbr, page.org_kind, page.org_parent,
                 page.org_active]
    assert tab_sequence(page.orgs.view, org_order) == org_order
    people = [page.people.view, page.person_name, page.person_title, page.person_org, page.person_active]
    assert tab_sequence(page.people.view, people) == people
    briefings = window.show_area("briefings")
    briefings.new_item()
    f = briefings.editor.followups
    order = [f.source_view, f.title, f.lead, f.support, f.due, f.button, f.task_view]
    assert tab_sequence(f.source_view, order) == order


def test_filter_bar_tab_order_is_search_filters_then_clear(window, qtbot, demo_ctx):
    for key in ("briefings", "aspirations", "tasks"):
        page = window.show_area(key)
        bar = page.filter_bar if key == "aspirations" else page.filters
        fields = [w for f in bar._filters for w in (f, *f.findChildren(QWidget))
                  if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.focusProxy()
                  and w.isVisibleTo(bar)]
        order = [bar.search, *fields, bar.clear_button]
        assert tab_sequence(bar.search, order) == order, key


def test_enter_on_a_list_opens_the_selected_item(demo_ctx, window, qtbot):
    page = window.show_area("aspirations")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.detail.content
    tasks = window.show_area("tasks")
    tasks.view.setFocus()
    qtbot.keyClick(tasks.view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is tasks.detail.title_edit
    directory = window.show_area("directory")
    directory.orgs.view.setFocus()
    directory.orgs.view.selectRow(1)
    qtbot.keyClick(directory.orgs.view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is directory.org_name
    assert directory.org_name.text() == directory.orgs.selected().name


def test_tab_leaves_a_list_instead_of_walking_its_cells(demo_ctx, window, qtbot):
    for key in ("briefings", "aspirations", "tasks", "directory"):
        page = window.show_area(key)
        view = page.orgs.view if key == "directory" else page.view
        view.setFocus()
        view.setCurrentIndex(view.model().index(0, 0))
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not view, key
    briefings = window.show_area("briefings")
    briefings.new_item()
    follow = briefings.editor.followups
    briefings.editor.tabs.setCurrentWidget(follow)
    follow.source_view.setFocus()
    qtbot.keyClick(follow.source_view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is follow.title


def _dead_mnemonics(root: QWidget) -> list[str]:
    """Labels whose Alt+letter would move the cursor nowhere (buddy cannot take focus)."""
    dead = []
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is None or not label.isVisibleTo(root) or not _letter(label.text()):
            continue
        if buddy.focusPolicy() == Qt.FocusPolicy.NoFocus:  # QLabel ignores focus proxies
            dead.append(label.text())
    return dead


def test_every_alt_letter_of_a_label_reaches_its_field(demo_ctx, window, qtbot):
    dead = []
    for key in ("briefings", "aspirations", "tasks", "directory"):
        page = window.show_area(key)
        dead += _dead_mnemonics(page)
    page = window.show_area("briefings")
    page.new_item()
    for i in range(page.editor.tabs.count()):
        page.editor.tabs.setCurrentIndex(i)
        dead += _dead_mnemonics(page.editor)
    assert dead == []
    page.editor.tabs.setCurrentIndex(0)
    page.editor.general.place.setFocus()
    qtbot.keyClick(page.editor.general.place, Qt.Key.Key_P, ALT)  # "Ngày họ&p"
    held_on = page.editor.general.held_on
    assert held_on.hasFocus() or held_on.isAncestorOf(QApplication.focusWidget())


def test_an_underlined_letter_on_a_button_works(demo_ctx, window, qtbot):
    """A button given another shortcut loses its Alt+letter: it must not show one then."""
    page = window.show_area("briefings")
    page.new_item()
    page.editor.tabs.setCurrentWidget(page.editor.followups)
    for button in page.editor.findChildren(QAbstractButton):
        letter = _letter(button.text())
        if letter and button.isVisible():
            assert button.shortcut().toString().lower() == f"alt+{letter}", button.text()

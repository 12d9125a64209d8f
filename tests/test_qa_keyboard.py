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


def test_no_alt_letter_is_used_twice_on_any_page_tab_or_dialog(window, qtbot, demo_ctx):
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
    assert problems == {}


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

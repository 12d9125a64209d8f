"""Start-up order (issue 18): the start page is filled and painted before the work that waits for
the window (welcome, reminders, backup, drafts) runs, and the briefing list starts without its
editor, which is made when a briefing is first opened."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import QApplication

from giaoban.core.services import briefings
from giaoban.ui.dialogs import ask
from giaoban.ui.main_window import MainWindow
from giaoban.ui.pages import AREAS
from giaoban.ui.pages.briefings import BriefingsPage

CTRL = Qt.KeyboardModifier.ControlModifier


class PaintCounter(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def _window_on(qtbot: Any, ctx: Any, area: str) -> MainWindow:
    QSettings().setValue("window/area", next(i for i, a in enumerate(AREAS) if a.key == area))
    window = MainWindow()  # the shell first, as ui.app paints it
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):  # (a context manager: called bare it waits for nothing)
        window.show()
    ctx.db.created = False
    return window


def test_the_start_page_is_painted_with_its_data_before_the_start_up_work(qtbot, demo_ctx):
    window = _window_on(qtbot, demo_ctx, "briefings")
    seen: list[tuple[bool, int, int]] = []
    counter = PaintCounter()

    def populated() -> None:
        page = window.pages["briefings"]
        seen.append((window._started, page.model.rowCount(), counter.paints))

    window.populated.connect(populated)
    window.attach(demo_ctx)
    window.pages["briefings"].view.viewport().installEventFilter(counter)
    assert not window._started  # nothing of it ran inside attach
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    started, rows, paints = seen[0]
    assert not started, "the start-up work waited for the populated paint"
    assert rows == len(briefings.list_briefings(demo_ctx)) > 0
    assert paints > 0, "the list was painted with its rows before populated"
    assert window._started and window.reminders is not None  # and then it ran


def test_the_briefing_list_starts_without_its_editor_and_opens_one(qtbot, demo_ctx,
                                                                   monkeypatch):
    window = _window_on(qtbot, demo_ctx, "briefings")
    window.attach(demo_ctx)
    page = window.current_page()
    assert isinstance(page, BriefingsPage)
    assert page._editor is None and not page.editing() and not page.has_unsaved_changes()
    assert page.save()  # Ctrl+S on the list: nothing to save, no editor made for it
    page.discard_changes()
    assert page._editor is None
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Home)
    wanted = page.selected_ids()[0]
    qtbot.keyClick(page.view, Qt.Key.Key_Return)  # opens the selected briefing
    assert page.editing() and page.editor.draft.id == wanted
    assert page.stack.currentWidget() is page.editor
    page.editor.back_action.trigger()
    assert not page.editing() and page.selected_ids() == [wanted]
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)  # "another one this quarter?"
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)  # the same editor prepares the next one
    assert page.editing() and page.editor.draft.id is None
    assert QApplication.focusWidget() is page.editor.general.held_on

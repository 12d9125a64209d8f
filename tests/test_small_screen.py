"""Issue 13 "fits the screen": at 1024×600 (less a 40 px taskbar and the title bar) the window,
every page, every editor tab and the dialogs need no more room than there is."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

from giaoban.ui.pages import AREAS

# 1024×600 less a taskbar (40) and the window's title bar and borders (40 tall, 16 wide).
ROOM = QSize(1024 - 16, 600 - 40 - 40)


def _fits(widget: QWidget, what: str) -> None:
    need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    assert need.width() <= ROOM.width() and need.height() <= ROOM.height(), (what, need)


def test_every_page_and_editor_tab_fits_a_1024x600_screen(demo_ctx, window, qtbot):
    for area in AREAS:  # the window's minimum grew to 1248 px after Tâm tư, Nhiệm vụ, Tổng quan
        page = window.show_area(area.key)
        qtbot.wait(1)
        _fits(page, area.key)
        _fits(window, f"window after {area.key}")
    page = window.show_area("briefings")
    page.open_briefing(page.model.row_at(0).id)
    editor = page.editor
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        qtbot.wait(1)
        _fits(window, editor.tabs.tabText(index))
    window.resize(ROOM)
    qtbot.wait(1)
    assert window.width() <= ROOM.width() and window.height() <= ROOM.height()


def test_dialogs_fit_a_1024x600_screen(demo_ctx, window, qtbot):
    from giaoban.ui.dialogs.global_search import open_global_search
    from giaoban.ui.dialogs.history import open_history
    from giaoban.ui.dialogs.person_quick import PersonQuickDialog
    from giaoban.ui.dialogs.trash import open_trash
    from giaoban.ui.welcome import WelcomeDialog

    dialogs: list[QWidget] = [open_trash(window), open_history(window),
                              open_global_search(window),
                              PersonQuickDialog(demo_ctx, window, "thư ký"),
                              WelcomeDialog(window)]
    aspirations = window.show_area("aspirations")
    aspirations.view.selectRow(0)
    aspirations.make_task()
    dialogs.append(aspirations.task_dialog)
    tasks = window.show_area("tasks")
    tasks.view.selectRow(0)
    dialogs.append(tasks.reschedule_selected())
    for dialog in dialogs:
        dialog.show()
        qtbot.wait(1)
        _fits(dialog, dialog.windowTitle())
        room = dialog.screen().availableGeometry()  # offscreen: an 800×800 screen
        need = dialog.minimumSizeHint()  # never opened bigger than the screen it opens on
        assert dialog.width() <= max(need.width(), room.width() - 16)
        assert dialog.height() <= max(need.height(), room.height() - 40)
        dialog.close()


def test_first_start_fits_the_screen_it_opens_on():
    from giaoban.ui.main_window import initial_geometry

    for screen in (QRect(0, 0, 1024, 560), QRect(0, 0, 1024, 600), QRect(0, 0, 1366, 728)):
        size = initial_geometry(screen)
        assert size.width() + 16 <= screen.width() and size.height() + 40 <= screen.height()
    assert initial_geometry(QRect(0, 0, 1920, 1040)) == QSize(1280, 720)

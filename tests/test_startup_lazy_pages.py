"""Pages are built lazily after the window is painted (issue 18): a window put on screen before
its database, then given it, still answers the keyboard on pages not built yet — Ctrl+digit
builds and shows the page, and a page command (Ctrl+L, typed search) works on it at once."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from giaoban.core.services import directory, tasks
from giaoban.ui.app import create_application, install_list_menus
from giaoban.ui.main_window import MainWindow
from giaoban.ui.pages import AREAS
from tests.qt_helpers import type_text, wait_exposed

CTRL = Qt.KeyboardModifier.ControlModifier


def test_pages_not_built_yet_answer_the_keyboard(qtbot, ctx):
    unit = directory.list_organizations(ctx)[0].id
    wanted = tasks.create_task(ctx, title="Khảo sát đường liên xã", lead_unit_id=unit,
                               assigned_on=dt.date(2026, 9, 1))
    tasks.create_task(ctx, title="Tập huấn cán bộ", lead_unit_id=unit,
                      assigned_on=dt.date(2026, 9, 1))
    app = create_application(list_menus=False)  # as the GUI's start does
    QSettings().setValue("window/area", 0)
    window = MainWindow()  # the shell first, as ui.app paints it
    qtbot.addWidget(window)
    window.show()
    wait_exposed(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)  # still opening: nothing is built or switched
    assert window.pages == {} and window.nav.currentRow() == 0
    install_list_menus(app)
    ctx.db.created = False
    window.attach(ctx)
    assert list(window.pages) == [AREAS[0].key]  # only the start page
    qtbot.wait(50)  # the event loop runs on after attach, as in the program
    task_index = next(i for i, a in enumerate(AREAS) if a.key == "tasks")
    qtbot.keyClick(window, Qt.Key.Key_1 + task_index, CTRL)
    assert window.nav.currentRow() == task_index and "tasks" in window.pages
    page = window.pages["tasks"]
    assert window.stack.currentWidget().widget() is page
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    search = page.filters.search
    assert QApplication.focusWidget() is search
    type_text(search, "liên xã")
    qtbot.waitUntil(lambda: page.view.model().rowCount() == 1, timeout=5000)
    model = page.view.model()
    assert wanted.title in " ".join(str(model.index(0, c).data() or "")
                                    for c in range(model.columnCount()))
    last = len(AREAS)
    qtbot.keyClick(window, Qt.Key.Key_0 + last, CTRL)  # the last area, never built before
    assert window.nav.currentRow() == last - 1 and AREAS[-1].key in window.pages

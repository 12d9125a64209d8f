"""The register as the start page: its list and form are filled before the populated paint, its
filters' choices (periods, bodies, localities: only seen when a drop-down opens) right after it;
a page opened later fills them at once (issue 18)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from giaoban.ui.main_window import MainWindow
from giaoban.ui.pages import AREAS
from tests.qt_helpers import wait_exposed


def test_the_start_register_fills_its_choices_after_the_populated_paint(qtbot, demo_ctx):
    QSettings().setValue("window/area", next(i for i, a in enumerate(AREAS)
                                             if a.key == "aspirations"))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    wait_exposed(qtbot, window)
    demo_ctx.db.created = False
    seen: list[int] = []
    window.populated.connect(lambda: seen.append(page.filters.period_from.count()))
    window.attach(demo_ctx)
    page = window.current_page()
    assert page.model.rowCount() > 0 and page.detail.aspiration_id is not None
    assert page.filters.period_from.count() == 1  # "all" only, until the page is on screen
    qtbot.waitUntil(lambda: window._started, timeout=5000)
    assert seen == [1]
    assert page.filters.period_from.count() > 1 and page.filters.locality.count() > 1
    assert page.filters.body.count() == len(page.organizations) + 1


def test_a_register_opened_later_has_its_choices_at_once(window, demo_ctx):
    page = window.show_area("aspirations")
    assert page.filters.period_from.count() > 1 and page.filters.locality.count() > 1

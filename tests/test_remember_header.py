"""A list's column widths are kept between starts, written once the columns stop moving."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTableView

from giaoban.ui.pages.overview_parts import UnitModel
from giaoban.ui.widgets import page as page_widgets
from giaoban.ui.widgets.page import remember_header


def _view(qtbot) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(UnitModel(view))
    remember_header(view, "test/units")
    return view


def test_a_drag_is_saved_once_when_it_stops_and_restored_next_time(qtbot, monkeypatch):
    writes: list[str] = []
    real = QSettings.setValue

    def counting(self, key, value):
        writes.append(key)
        real(self, key, value)

    monkeypatch.setattr(page_widgets.QSettings, "setValue", counting)
    view = _view(qtbot)
    header = view.horizontalHeader()
    for width in range(120, 240, 4):  # a drag: one resize per pixel step
        header.resizeSection(UnitModel.UNIT, width)
    assert writes == []  # nothing written while the columns move
    qtbot.waitUntil(lambda: writes == ["header/test/units"], timeout=3000)
    qtbot.wait(page_widgets.SAVE_AFTER_MS + 100)
    assert writes == ["header/test/units"]

    again = _view(qtbot)
    assert again.horizontalHeader().sectionSize(UnitModel.UNIT) == 236


def test_columns_that_did_not_change_are_not_written(qtbot, monkeypatch):
    view = _view(qtbot)
    header = view.horizontalHeader()
    width = header.sectionSize(UnitModel.UNIT)
    header.resizeSection(UnitModel.UNIT, width + 10)
    header.resizeSection(UnitModel.UNIT, width)  # back where it was
    qtbot.wait(page_widgets.SAVE_AFTER_MS + 100)
    assert QSettings().value("header/test/units") is None

"""The area the window opens on is remembered when another is shown, and a start on the area
already remembered does not rewrite the settings file (each write rewrites it, ~2.5 ms)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from giaoban.ui.main_window import MainWindow
from giaoban.ui.pages import AREAS


def _index(key: str) -> int:
    return next(i for i, a in enumerate(AREAS) if a.key == key)


def test_the_start_area_is_not_rewritten_and_a_new_one_is_remembered(qtbot, ctx, monkeypatch):
    QSettings().setValue("window/area", _index("directory"))
    written: list[tuple[str, object]] = []
    original = QSettings.setValue

    def spy(self, key, value):
        written.append((key, value))
        original(self, key, value)

    monkeypatch.setattr(QSettings, "setValue", spy)
    window = MainWindow()
    qtbot.addWidget(window)
    ctx.db.created = False
    window.attach(ctx)
    assert window.current_page() is window.pages["directory"]
    assert ("window/area", _index("directory")) not in written
    window.show_area("tasks")
    assert ("window/area", _index("tasks")) in written
    assert int(QSettings().value("window/area")) == _index("tasks")

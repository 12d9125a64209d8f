"""Test helpers for Qt: typing Vietnamese (QTest.keyClicks only knows ASCII and aborts on 'ộ')."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` as key events carrying each character, like an IME does."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown if not ch.isascii() else _ascii_key(ch),
                              Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def _ascii_key(ch: str) -> int:
    if ch == " ":
        return int(Qt.Key.Key_Space)
    if ch.isalnum():
        return ord(ch.upper())
    return int(Qt.Key.Key_unknown)


def wait_exposed(qtbot: Any, widget: QWidget, timeout: int = 5000) -> None:
    """Wait until ``widget``'s window is on screen (pytest-qt's ``waitExposed`` is a context
    manager: called bare it waits for nothing)."""
    with qtbot.waitExposed(widget, timeout=timeout):
        pass

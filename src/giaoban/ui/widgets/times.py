"""The one time field: ``8``, ``830``, ``0830``, ``8:30``, ``08:30``, ``8h30``, ``8g30`` → 08:30.

A plain line edit, so Ctrl+A, Backspace and Tab behave as everywhere else; an empty field stays
empty (no time). Up/Down change the hour or the minutes under the cursor. A text that is not a
time is shown as wrong and read as no time, never as another time.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from giaoban.i18n import _
from giaoban.ui.widgets.typed import InputProblem, ParsedField

_SHAPES = (
    re.compile(r"(\d{1,2})\s*(?:[:.hg]|giờ)\s*(\d{1,2})?\s*(?:phút|p)?"),  # 8:30 8h30 8h 8 giờ 30
    re.compile(r"(\d{1,2})()"),  # 8, 08: the hour
    re.compile(r"(\d{1,2})(\d{2})"),  # 830, 0830
)


def parse_time(text: str) -> dt.time | None:
    """The time a person meant by ``text`` (None for an empty text); InputProblem otherwise."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    for shape in _SHAPES:
        match = shape.fullmatch(cleaned)
        if match:
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if hour <= 23 and minute <= 59:
                return dt.time(hour, minute)
            break
    raise InputProblem(_("“{text}” không phải là giờ. Hãy gõ giờ:phút, ví dụ 8:30 hoặc 14h.")
                       .format(text=text.strip()))


class TimeField(ParsedField):
    """The time field; ``value()`` is a ``datetime.time`` (hours and minutes) or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("giờ:phút"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:000") + 24)

    def parse(self, text: str) -> dt.time | None:
        return parse_time(text)

    def format(self, value: dt.time) -> str:
        return value.strftime("%H:%M")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not (
                event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self.step(1 if key == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)

    def step(self, step: int) -> None:
        """Up/Down: one hour more or less (cursor on the hour), or one minute (on the minutes)."""
        if self.isReadOnly() or self._problem or self._value is None:
            return
        text, position = self.text(), self.cursorPosition()
        on_minutes = bool(re.search(r"\D", text[:position])) or (text.isdigit() and position > 2)
        minutes = self._value.hour * 60 + self._value.minute + (step if on_minutes else 60 * step)
        minutes %= 24 * 60
        self.set_value(dt.time(minutes // 60, minutes % 60))
        self.setSelection(3 if on_minutes else 0, 2)

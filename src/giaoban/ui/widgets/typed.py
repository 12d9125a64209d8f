"""A text field that holds a parsed value (a date, a time): what is typed is read, never guessed.

The field keeps the text the person typed. Each edit is parsed: a good text becomes the value at
once (so Ctrl+S right after typing saves it); a bad one makes the value None and the field "wrong"
— outlined, with the reason under it once the person leaves the field (or presses Enter), never
while still typing. Leaving the field rewrites a good text in the standard form (25/11/2026).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QToolTip, QWidget

from giaoban.core.errors import ValidationError

ERROR_STYLE = "border: 1px solid #b3261e;"


class InputProblem(ValueError):
    """A text that is not a value of the field's kind; the message is shown to the person."""


class ParsedField(QLineEdit):
    """Base of DateField and TimeField: subclasses give ``parse`` and ``format``."""

    valueChanged = Signal(object)  # the new value, None when empty or wrong
    problemChanged = Signal(str)  # the reason shown under the field, "" when it is fine

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: Any = None
        self._problem = ""  # the current text's fault, shown once the person leaves the field
        self._shown = ""  # the fault on screen
        self.error_label: QLabel | None = None
        self.field_name = ""  # the ValidationError key when the value is read while wrong
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._finished)

    # --- for subclasses --------------------------------------------------------------------------
    def parse(self, text: str) -> Any:
        """The value of ``text`` (None for an empty one); raise InputProblem if it is not one."""
        raise NotImplementedError

    def format(self, value: Any) -> str:
        """The standard text of a value."""
        raise NotImplementedError

    def _emit(self, value: Any) -> None:
        """Announce a new value (subclasses add their Qt-style signal)."""
        self.valueChanged.emit(value)

    # --- reading and writing -------------------------------------------------------------------
    def value(self) -> Any:
        """The value typed; a ValidationError (keyed by ``field_name``) while the text is wrong."""
        if self._problem:
            self._show_problem(self._problem)
            raise ValidationError({self.field_name: self._problem})
        return self._value

    def current(self) -> Any:
        """The value typed, None while the field is empty or wrong (never raises)."""
        return self._value

    def is_valid(self) -> bool:
        return not self._problem

    def problem(self) -> str:
        """Why the text is not a value ("" when it is one or empty)."""
        return self._problem

    def set_value(self, value: Any) -> None:
        """Show ``value`` (None empties the field); emits ``valueChanged`` if it changed."""
        self.setText("" if value is None else self.format(value))
        self._problem = ""
        self._show_problem("")
        self._store(value)

    def _store(self, value: Any) -> None:
        if value != self._value:
            self._value = value
            self._emit(value)

    def _typed(self, text: str) -> None:
        try:
            value = self.parse(text)
        except InputProblem as exc:
            self._problem = str(exc)
            self._store(None)
            return
        self._problem = ""
        self._show_problem("")
        self._store(value)

    def _finished(self) -> None:
        if self._problem:
            self._show_problem(self._problem)
        elif self._value is not None and self.text() != self.format(self._value):
            self.setText(self.format(self._value))

    # --- showing the fault ------------------------------------------------------------------------
    def attach_error_line(self, label: QLabel) -> None:
        """Show faults in ``label`` (a form's line under the field) instead of a tooltip."""
        self.error_label = label

    def _show_problem(self, message: str) -> None:
        if message == self._shown:
            return
        previous, self._shown = self._shown, message
        self.setStyleSheet(ERROR_STYLE if message else "")
        self.setToolTip(message)
        label = self.error_label
        if label is not None:
            if message:
                label.setText(message)
                label.show()
            elif label.text() == previous:  # the line may be shared with a neighbour field
                label.hide()
        elif message and self.isVisible():
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), message, self)
        self.problemChanged.emit(message)

"""Form helpers: an error line under each field, outlined field, and the save button's reason."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from giaoban.ui.widgets.choices import make_choice_combo


def tab_order(*widgets: QWidget) -> None:
    """Tab visits ``widgets`` in this order (reading order), whatever order they were built in."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def combo_text_box(combo: QComboBox) -> QLineEdit:
    """The text box of an editable combo (Qt gives every editable combo one)."""
    line = combo.lineEdit()
    if line is None:
        raise ValueError("the combo box is not editable")
    return line


def make_searchable(combo: QComboBox) -> QLineEdit:
    """Make ``combo`` editable, its suggestions ignoring case and marks, Enter keeping the one
    shown (see ``widgets.choices``); typing never adds an item. Returns its text box."""
    return make_choice_combo(combo)


class FieldErrors:
    """Maps field names to their editors; shows a ValidationError's messages under each one."""

    def __init__(self) -> None:
        self._editors: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}

    def add_row(self, form: QFormLayout, label: str, name: str, editor: QWidget) -> QWidget:
        """Add ``editor`` to ``form`` with an error label below it (hidden until needed)."""
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        error = QLabel(holder)
        error.setObjectName(f"error_{name}")
        error.setWordWrap(True)
        error.setStyleSheet("color: #b3261e;")
        error.hide()
        box.addWidget(error)
        attach = getattr(editor, "attach_error_line", None)
        if attach is not None:  # a date or time field explains a wrong text on this line
            attach(error)
        form.addRow(label, holder)
        row_label = form.labelForField(holder)
        if isinstance(row_label, QLabel):
            row_label.setBuddy(editor)
        self._editors[name] = editor
        self._labels[name] = error
        return holder

    def can_show(self, errors: dict[str, str]) -> bool:
        """True when every message has a place (its field's line, or the form's general line)."""
        return "" in self._labels or all(name in self._labels for name in errors)

    def show(self, errors: dict[str, str]) -> None:
        """Show each message under its field; messages for unknown fields go to ``""``."""
        self.clear()
        first: QWidget | None = None
        for name, message in errors.items():
            label = self._labels.get(name) or self._labels.get("")
            if label is None:
                continue
            label.setText(message)
            label.show()
            editor = self._editors.get(name)
            if editor is not None:
                editor.setProperty("invalid", True)
                editor.setStyleSheet("border: 1px solid #b3261e;")
                first = first or editor
        if first is not None:
            first.setFocus()

    def note(self, name: str, message: str) -> None:
        """Show (or with "" hide) one field's message, leaving the others as they are."""
        label = self._labels.get(name)
        if label is None:
            return
        label.setText(message)
        label.setVisible(bool(message))

    def clear(self) -> None:
        for name, label in self._labels.items():
            label.hide()
            label.clear()
            editor = self._editors.get(name)
            if editor is not None:
                editor.setProperty("invalid", False)
                editor.setStyleSheet("")

    def message(self, name: str) -> str:
        label = self._labels.get(name)
        if label is None:
            return ""
        parent = label.parentWidget()  # shown within its form, even if the dialog is not yet
        shown = label.isVisibleTo(parent) if parent is not None else label.isVisible()
        return label.text() if shown else ""

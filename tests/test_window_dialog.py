"""The window's one dialog of a kind (trash, history, guide, Ctrl+F): made once, reloaded when
asked for again, always brought forward."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMainWindow

from giaoban.ui.dialogs.window_dialog import window_dialog


def test_one_dialog_per_window_made_once_reloaded_and_brought_forward(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.some_dialog = None  # an attribute with no dialog in it counts as none
    made: list[QDialog] = []
    reloaded: list[QDialog] = []

    def make() -> QDialog:
        made.append(QDialog(window))
        return made[-1]

    first = window_dialog(window, "some_dialog", QDialog, make, reloaded.append)
    assert made == [first] and reloaded == [] and window.some_dialog is first
    assert first.isVisible() and not first.isModal()
    first.hide()
    again = window_dialog(window, "some_dialog", QDialog, make, reloaded.append)
    assert again is first and made == [first] and reloaded == [first]
    assert again.isVisible()
    other = QMainWindow()
    qtbot.addWidget(other)
    assert window_dialog(other, "some_dialog", QDialog, make) is not first  # its own window's
    assert len(made) == 2

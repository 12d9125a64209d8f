"""The window's one dialog of a kind (trash, history, guide, search): non-modal beside the
window, made on first use and kept on the window, brought forward each time it is asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

D = TypeVar("D", bound=QWidget)


def window_dialog(window: Any, attribute: str, kind: type[D], make: Callable[[], D],
                  again: Callable[[D], None] | None = None) -> D:
    """The dialog kept on ``window.<attribute>`` (made by ``make`` when there is none yet; one
    already made is passed to ``again``, to read its data anew), shown, raised and active."""
    dialog = getattr(window, attribute, None)
    if not isinstance(dialog, kind):
        dialog = make()
        setattr(window, attribute, dialog)
    elif again is not None:
        again(dialog)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog

"""Another database in the same window (Tệp → Kết nối máy chủ…): the pages made again on it.

Apart from ui.actions.opening (which opens at start-up and asks a server's password through
ui.dialogs.server_connect) so that the dialog can use it without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


def switch_database(window: Any, ctx: AppContext) -> bool:
    """The window works on ``ctx`` from now on (Tệp → Kết nối máy chủ…): its pages are made
    again, its undo history and the old database (and its file hold) let go. False, changing
    nothing, when the person keeps an unsaved edit."""
    from PySide6.QtWidgets import QWidget

    from giaoban.ui.pages import AREAS

    if not window.may_discard_edits():
        return False
    keys = [area.key for area in AREAS]
    for key in list(window.pages):
        index = keys.index(key)
        old = window.stack.widget(index)
        window.stack.insertWidget(index, QWidget(window.stack))
        window.stack.removeWidget(old)
        old.deleteLater()
    window.pages.clear()
    window.undo_stack.clear()
    previous, hold = window.ctx, window.file_hold
    window.file_hold = None
    window.attach(ctx)
    if hold is not None:
        hold.release()
    if previous is not None:
        previous.db.dispose()
    return True

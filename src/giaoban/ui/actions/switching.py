"""Another database in the same window (Tệp → Kết nối máy chủ…): the pages made again on it.

Apart from ui.actions.opening (which opens at start-up and asks a server's password through
ui.dialogs.server_connect) so that the dialog can use it without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from giaoban.core.context import AppContext
    from giaoban.ui.main_window import MainWindow


def switch_database(window: MainWindow, ctx: AppContext) -> bool:
    """The window works on ``ctx`` from now on (Tệp → Kết nối máy chủ…): its pages are made
    again, its undo history and the old database (and its file hold) let go. False, changing
    nothing, when the person keeps an unsaved edit."""
    if not window.may_discard_edits():
        return False
    window.detach()
    window.attach(ctx)
    return True

"""Another database in the same window (Tệp → Kết nối máy chủ…): the pages made again on it.

Apart from ui.actions.opening (which opens at start-up and asks a server's password through
ui.dialogs.server_connect) so that the dialog can use it without an import cycle. Everything
start-up ties to the database follows it: the one-program-per-database guard names the new
one, and the reminders are told about it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


def switch_database(window: Any, ctx: AppContext) -> bool:
    """The window works on ``ctx`` from now on (Tệp → Kết nối máy chủ…): its pages are made
    again, its undo history and the old database (and its file hold) let go. False, changing
    nothing, when the person keeps an unsaved edit or another program already works on that
    database (it is brought forward, as at start-up)."""
    from giaoban.i18n import _
    from giaoban.ui import instance, reminders
    from giaoban.ui.dialogs import ask

    if not window.may_discard_edits():
        return False
    if not instance.move_guard(ctx.db.path or ctx.db.url, window):
        ask.show_info(window, _("Cơ sở dữ liệu này đang được mở trong một cửa sổ giaoban khác; "
                                "cửa sổ đó vừa được đưa lên trước. Hãy làm việc ở cửa sổ đó."),
                      _("giaoban đang chạy"))
        return False
    window.detach()
    window.attach(ctx)
    reminders.restart(window)
    return True

"""The editor's side of the one-editor-at-a-time lock (core/edit_lock.py) on a server.

Showing a saved briefing takes its lock; while someone else holds it, the editor is read-only
under a banner naming who and since when, with "Thử lại" to take it once it is free (the
briefing is then loaded again: the other person may have saved). While locked out it also asks
the server every POLL_MS by itself, so the editor becomes editable soon after the other person
closes the briefing (or their program ends) without anyone pressing "Thử lại". Leaving the
briefing or the editor lets it go; the lock's connection closes with the editor (and with the
program).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from giaoban.core.edit_lock import EditLock, Holder
from giaoban.core.errors import GiaobanError
from giaoban.i18n import _
from giaoban.ui.dialogs import ask

POLL_MS = 10_000  # how often a locked-out editor asks whether the briefing is free
BANNER_STYLE = ("QFrame#editLockBanner { background: #fff4ce; border: 1px solid #c19c00; "
                "border-radius: 4px; } QFrame#editLockBanner QLabel { color: #5c4400; }")


def banner_text(holder: Holder, zone: dt.tzinfo | None) -> str:
    """"Đang được … chỉnh sửa từ HH:MM — anh/chị chỉ xem được." (the time in ``zone``)."""
    user = holder.user or _("người khác")
    if holder.since is None:
        return _("Đang được {user} chỉnh sửa — anh/chị chỉ xem được.").format(user=user)
    return _("Đang được {user} chỉnh sửa từ {time} — anh/chị chỉ xem được.").format(
        user=user, time=holder.since.astimezone(zone).strftime("%H:%M"))


class EditGuard(QFrame):
    """The banner above the editor's tabs, and the lock it stands for."""

    def __init__(self, editor: Any, reopen: Callable[[int], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent or editor)
        self.editor, self._reopen = editor, reopen
        self.lock = EditLock(editor.ctx.db.engine)
        self.holder: Holder | None = None
        self._wanted: int | None = None
        self.setObjectName("editLockBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.retry = QPushButton(_("Thử lại"), self)
        self.retry.setToolTip(_("Nhận quyền sửa biên bản nếu người kia đã đóng"))
        self.retry.clicked.connect(self.try_again)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 1, 2, 1)
        row.addWidget(self.text, 1)
        row.addWidget(self.retry)
        self.setAccessibleName(_("Biên bản đang được người khác sửa"))
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._ask_again)
        self.hide()
        self.destroyed.connect(self.lock.close)

    @property
    def locked_out(self) -> bool:
        """True while another person edits the briefing shown (the editor is read-only)."""
        return self.holder is not None

    def claim(self, briefing_id: int | None) -> None:
        """Showing ``briefing_id`` (None: a new one): take its lock, or say who has it.
        Raises GiaobanError when the server cannot be asked."""
        self._wanted = briefing_id
        if briefing_id is None:
            self.release()
            return
        self._show(self.lock.take(briefing_id, self.editor.ctx.now_utc()))

    def release(self) -> None:
        """Leaving the briefing: let it go."""
        self.lock.release()
        self._show(None)

    def try_again(self) -> None:
        """"Thử lại": take the lock if it is free now, then show the briefing as stored."""
        if self._wanted is None:
            return
        try:
            holder = self.lock.take(self._wanted, self.editor.ctx.now_utc())
        except GiaobanError as exc:
            ask.show_error(self, str(exc))
            return
        if holder is None:
            self.holder = None
            try:
                self._reopen(self._wanted)
            except GiaobanError as exc:
                ask.show_error(self, str(exc))
        else:
            self._show(holder)

    def _ask_again(self) -> None:
        """The timer: take the briefing once it is free, quietly (a server out of reach is
        said by the window's status bar; the next tick asks again)."""
        if self.holder is None or self._wanted is None:
            self.poll.stop()
            return
        try:
            holder = self.lock.take(self._wanted, self.editor.ctx.now_utc())
        except GiaobanError:
            return
        if holder is not None:
            if holder != self.holder:
                self._show(holder)  # someone else took it over meanwhile
            return
        self.holder = None
        self.poll.stop()
        try:
            self._reopen(self._wanted)
        except GiaobanError:
            return
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(_("Người kia đã đóng biên bản: anh/chị sửa được rồi."), 10_000)

    def _show(self, holder: Holder | None) -> None:
        self.holder = holder
        if holder is None:
            self.poll.stop()
            self.hide()
            return
        self.poll.start()
        self.text.setText(banner_text(holder, self.editor.ctx.now().tzinfo))
        self.show()

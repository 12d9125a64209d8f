"""Other people's changes on the screen without F5 (issue 17 item 4): the window listens to
the server's messages (core/live.py) and refreshes what shows the changed kinds.

The listener's connection goes into the event loop with a ``QSocketNotifier`` on the main
thread: nothing blocks, no thread to stop. A burst of messages (an import, several people
saving) is gathered for :data:`DEBOUNCE_MS` and refreshed once, through the same path as the
window's own operations (``OperationRunner.changed``): pages with unsaved edits are left alone,
and each list keeps its selected record (the pages select by id after reloading) and its
scroll position. A lost server is said once in the status bar and reconnected quietly; on
reconnecting everything is refreshed (messages sent meanwhile were lost). On SQLite nothing
of this is installed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication

from giaoban.core import live
from giaoban.core import operations as ops
from giaoban.core.audit import Change
from giaoban.core.errors import GiaobanError
from giaoban.core.kinds import KINDS
from giaoban.i18n import _
from giaoban.ui.operations import runner_for

DEBOUNCE_MS = 300
RETRY_MS = 5000
STALE_CHECK_MS = 1000  # how often a page kept back by unsaved edits is looked at again


class LiveRefresh(QObject):
    """Listens for one window on its server; :meth:`stop` when the window closes or switches."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.listener = live.Listener(window.ctx.db.engine)
        self._notifier: QSocketNotifier | None = None
        self._pending: list[Change] = []
        self._lost = False
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._reconnect)
        self._stale: list[Any] = []  # pages not refreshed because of unsaved edits
        self._stale_check = QTimer(self, interval=STALE_CHECK_MS)
        self._stale_check.timeout.connect(self._refresh_stale)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def start(self) -> bool:
        """Listen (False, retried later, when the server cannot be reached)."""
        try:
            self.listener.start()
        except Exception:  # the server is away: try again in a while
            self._dropped()
            return False
        self._notifier = QSocketNotifier(self.listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)
        self._readable()  # anything that came while connecting
        return True

    def stop(self) -> None:
        """Stop listening and close the connection (exit, another database)."""
        self._debounce.stop()
        self._retry.stop()
        self._stale_check.stop()
        self._stale.clear()
        self._drop_notifier()
        self.listener.close()
        self._pending.clear()

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def _readable(self) -> None:
        try:
            messages = self.listener.drain()
        except Exception:  # the connection broke (server restarted, network gone)
            self._dropped()
            return
        for message in messages:
            self._pending.extend(message.changes())
        if self._pending and not self._debounce.isActive():
            self._debounce.start()

    def _dropped(self) -> None:
        self._drop_notifier()
        self.listener.close()
        if not self._lost:
            self._lost = True
            self._status(_("Mất kết nối tới máy chủ: danh sách chưa tự cập nhật thay đổi của "
                           "người khác; đang thử kết nối lại…"))
        self._retry.start()

    def _reconnect(self) -> None:
        if not self.start():
            return
        self._lost = False
        self._status(_("Đã kết nối lại máy chủ."), 5000)
        # what others changed meanwhile was not heard: everything that shows records
        self._pending.extend(Change(kind, None, "update") for kind in KINDS)
        self.flush()

    def flush(self) -> None:
        """Refresh the pages that show what changed, keeping each list's place."""
        if not self._pending:
            return
        changes, self._pending = tuple(self._pending), []
        result = ops.OpResult(None, changes)
        for page in _pages(self.window):  # skipped now (typed work is never dropped): later
            shows = getattr(page, "shows", None)
            if (shows is None or shows & result.kinds) and _editing(page) and \
                    page not in self._stale:
                self._stale.append(page)
        if self._stale:
            self._stale_check.start()
        refresh_keeping_place(self.window, result)

    def _refresh_stale(self) -> None:
        """A page kept back by unsaved edits is refreshed once they are saved or dropped."""
        done = [page for page in self._stale if not _editing(page)]
        self._stale = [page for page in self._stale if page not in done]
        if not self._stale:
            self._stale_check.stop()
        if done:
            with _kept_places(done):
                for page in done:
                    with contextlib.suppress(GiaobanError, RuntimeError):  # RuntimeError: gone
                        page.refresh()

    def _status(self, text: str, timeout: int = 0) -> None:
        with contextlib.suppress(RuntimeError):  # the window is going away
            self.window.statusBar().showMessage(text, timeout)


def _pages(window: Any) -> list[Any]:
    return list(getattr(window, "pages", {}).values())


def _editing(page: Any) -> bool:
    has_edits = getattr(page, "has_unsaved_changes", None)
    return bool(callable(has_edits) and has_edits())


@contextlib.contextmanager
def _kept_places(pages: list[Any]) -> Iterator[None]:
    """Each list's scroll bars as they were before the pages reloaded, and the selected row
    (reselected by id by the page) still in sight if it was."""
    places = []
    for page in pages:
        for view in page.findChildren(QAbstractItemView):
            current = view.currentIndex()
            seen = current.isValid() and view.visualRect(current).intersects(
                view.viewport().rect())
            places.append((view, view.verticalScrollBar().value(),
                           view.horizontalScrollBar().value(), seen))
    yield
    for view, vertical, horizontal, seen in places:
        with contextlib.suppress(RuntimeError):  # a view deleted by the refresh
            view.verticalScrollBar().setValue(vertical)
            view.horizontalScrollBar().setValue(horizontal)
            current = view.currentIndex()
            if seen and current.isValid():  # in sight before: kept in sight (rows added above)
                view.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)


def refresh_keeping_place(window: Any, result: ops.OpResult[Any]) -> None:
    """Refresh what shows ``result``'s kinds as the window's own operations do (pages with
    unsaved edits left alone), keeping each list's place (the pages reselect by id)."""
    with _kept_places(_pages(window)):
        runner_for(window, window.ctx).changed(result)


def install(window: Any) -> LiveRefresh | None:
    """Listen for ``window`` on its database if it is a server (stopping what listened for the
    window's previous one); the listener is kept as ``window.live_refresh``."""
    stop(window)
    ctx = getattr(window, "ctx", None)
    if ctx is None or not live.is_server(ctx.db.engine):
        return None
    listening = LiveRefresh(window)
    listening.start()
    window.live_refresh = listening
    return listening


def stop(window: Any) -> None:
    """Stop listening for ``window`` (its database is let go)."""
    old = getattr(window, "live_refresh", None)
    if isinstance(old, LiveRefresh):
        old.stop()
        old.deleteLater()
    window.live_refresh = None

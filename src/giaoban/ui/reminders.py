"""Reminders: at start-up and once a day while running, a notice of overdue and due-soon tasks.

Never modal: a system tray message where the desktop has a tray, otherwise a banner on the
overview page. Switched off by the "reminders_enabled" setting (Settings dialog), read each time
so the switch works without a restart. The day of the last notice is kept in QSettings per
database, so "newly overdue" means since the last time the user was told. When the window
moves to another database (Tệp → Kết nối máy chủ…) :func:`restart` tells about that one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QSystemTrayIcon

from giaoban.core.errors import GiaobanError
from giaoban.core.services.overview import Reminder, reminder
from giaoban.core.services.settings import get_setting
from giaoban.i18n import _
from giaoban.ui.icons import app_icon

CHECK_EVERY_MS = 60 * 60 * 1000  # look once an hour whether the day has changed
FIRST_CHECK_MS = 1500  # after start-up (or a switch of database): the window is painted first


class Reminders(QObject):
    """Owns the timer and the tray icon; ``check()`` tells at most once per day."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.tray: QSystemTrayIcon | None = None
        self.last: Reminder | None = None
        self.told_on: dt.date | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    @property
    def ctx(self) -> Any:
        """The window's database now (it may have moved to another since start-up)."""
        return self.window.ctx

    def _key(self) -> str:
        name = str(getattr(self.ctx.db, "path", None) or getattr(self.ctx.db, "url", ""))
        return "reminders/last/" + name.replace("/", "|").replace("\\", "|")

    def enabled(self) -> bool:
        try:
            return get_setting(self.ctx, "reminders_enabled") != "0"
        except GiaobanError:
            return False

    def check(self, *, force: bool = False) -> Reminder | None:
        """Tell the user if there is something to tell and they were not told today."""
        today = self.ctx.today()
        if (self.told_on == today and not force) or not self.enabled():
            return None  # told today already: not even a query
        stored = QSettings().value(self._key())
        since = None
        if stored:
            try:
                since = dt.date.fromisoformat(str(stored))
            except ValueError:
                since = None
        try:
            found = reminder(self.ctx, since)
        except GiaobanError:
            return None
        self.told_on = today
        self.last = found
        if not found.worth_telling:
            return found
        QSettings().setValue(self._key(), today.isoformat())
        self.notify(found)
        return found

    def notify(self, found: Reminder) -> None:
        title = _("Nhắc việc: nhiệm vụ theo dõi")
        text = found.message()
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(app_icon(), self)
                self.tray.setToolTip("giaoban")
                self.tray.messageClicked.connect(self.open_overdue)
                self.tray.activated.connect(lambda _reason: self.open_overdue())
            self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15000)
        else:
            page = self.window.page("overview")
            if hasattr(page, "show_banner"):
                page.show_banner(text, overdue=found.overdue > 0, due_soon=found.due_soon > 0)
        status = getattr(self.window, "statusBar", None)
        if callable(status):
            status().showMessage(text, 15000)

    def open_overdue(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        page = self.window.show_area("tasks")
        if hasattr(page, "show_deadline"):
            page.show_deadline("overdue" if self.last and self.last.overdue else "due_soon")


def install(window: Any) -> Reminders:
    """Called by the main window once it is on screen."""
    reminders = Reminders(window)
    window.reminders = reminders
    QTimer.singleShot(FIRST_CHECK_MS, reminders.check)
    return reminders


def restart(window: Any) -> Reminders | None:
    """The window works on another database now: its first check is made again for that one
    (told today about the other database is not told about this one). None when the window's
    start-up work has not run yet (it installs them on the new database itself)."""
    reminders: Reminders | None = getattr(window, "reminders", None)
    if reminders is None:
        return None
    reminders.told_on, reminders.last = None, None
    QTimer.singleShot(FIRST_CHECK_MS, reminders.check)
    return reminders

"""One program per database: a second start on the same file brings the first window forward.

The first program listens on a QLocalServer named after the database file's identity (device
and inode: every path to one file — hard link, symlink, other spelling — gives the same name). A
second program connects, sends "raise" and exits with a message instead of writing beside the
first. A name left behind by a program that crashed (nobody answers) is removed and taken over.
The lock that really keeps a second writer out is core/file_hold.py's hold on the file itself.
A server's database is named by its login (user@host:port/db, never the password). When the
window moves to another database (Tệp → Kết nối máy chủ…) :func:`move_guard` takes the new
database's name and lets the old one go.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from giaoban.core.file_hold import identity

CONNECT_MS = 500
RAISE = b"raise\n"


def server_name(target: Path | str) -> str:
    """A short, stable name for the database file (sockets have short path limits)."""
    key = identity(Path(target)) if "://" not in str(target) else _login_key(str(target))
    digest = hashlib.sha256(key.encode()).hexdigest()[:20]
    return f"giaoban-{digest}"


def _login_key(url: str) -> str:
    """A server's database as the same text however its URL was written (driver, default
    port, with or without the password). urllib, not SQLAlchemy: start-up claims the name
    before the database libraries are loaded."""
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(url)
        port = parts.port or 5432
    except ValueError:
        return url.split("@")[-1]  # never the password part
    user = unquote(parts.username or "")
    return f"{user}@{parts.hostname or ''}:{port}/{unquote(parts.path.lstrip('/'))}"


class InstanceGuard(QObject):
    """Held by the first program for as long as it runs; emits ``raise_requested``."""

    raise_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        if notify_running(self.name):  # another program took the name a moment ago
            return False
        QLocalServer.removeServer(self.name)  # stale: its program is gone, nobody answered
        return self.server.listen(self.name)

    def _on_connection(self) -> None:
        """Answer each caller at once (it writes as soon as it connects), then drop it."""
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            arrived = socket.bytesAvailable() > 0 or socket.waitForReadyRead(CONNECT_MS)
            if arrived and b"raise" in bytes(socket.readAll().data()):
                socket.write(b"ok\n")
                socket.flush()
                self.raise_requested.emit()
            socket.disconnectFromServer()
            socket.deleteLater()

    def close(self) -> None:
        self.server.close()


def notify_running(name: str) -> bool:
    """Ask a running program to come forward; True if one answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(RAISE)
    socket.flush()
    socket.waitForBytesWritten(CONNECT_MS)
    socket.waitForReadyRead(CONNECT_MS)  # the "ok"; a slow first program is still a program
    socket.disconnectFromServer()
    return True


def claim(target: Path | str, parent: QObject | None = None) -> InstanceGuard | None:
    """Become the one program on ``target``; None if another already is (it was asked to raise)."""
    name = server_name(target)
    for _attempt in range(2):
        if notify_running(name):
            return None
        guard = InstanceGuard(name, parent)
        if guard.listen():
            return guard
        guard.deleteLater()  # lost a race with a program starting at the same moment: ask it
    return None


def bring_forward(window: QWidget) -> None:
    """Another start on the same database asked us to come to the front."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def held_guards() -> list[InstanceGuard]:
    """The guards this program holds (made at start-up as children of the application)."""
    app = QCoreApplication.instance()
    if app is None:
        return []
    return [guard for guard in app.findChildren(InstanceGuard) if guard.server.isListening()]


def current_guard() -> InstanceGuard | None:
    """The guard this program holds, if any."""
    held = held_guards()
    return held[0] if held else None


def move_guard(target: Path | str, window: QWidget) -> bool:
    """Become the one program on ``target`` instead of the database held so far: the new name
    is taken (another start on it brings ``window`` forward) and the old one let go.
    False, changing nothing, when another program already works on ``target`` (it was asked
    to come forward)."""
    name = server_name(target)
    old = held_guards()
    if any(guard.name == name for guard in old):
        return True
    guard = claim(target, QCoreApplication.instance())
    if guard is None:
        return False
    guard.raise_requested.connect(lambda: bring_forward(window))
    for held in old:
        held.close()  # kept as an object: ui.app closes it again (a no-op) when the program ends
    return True

"""One program per database: a second start on the same file brings the first window forward.

The first program listens on a QLocalServer named after the database file's identity (device
and inode: every path to one file — hard link, symlink, other spelling — gives the same name). A
second program connects, sends "raise" and exits with a message instead of writing beside the
first. A name left behind by a program that crashed (nobody answers) is removed and taken over.
The lock that really keeps a second writer out is core/file_hold.py's hold on the file itself.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from giaoban.core.file_hold import identity

CONNECT_MS = 500
RAISE = b"raise\n"


def server_name(target: Path | str) -> str:
    """A short, stable name for the database file (sockets have short path limits)."""
    key = identity(Path(target)) if "://" not in str(target) else str(target)
    digest = hashlib.sha256(key.encode()).hexdigest()[:20]
    return f"giaoban-{digest}"


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

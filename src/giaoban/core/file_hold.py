"""One writer program per database FILE, whatever path reaches it.

A program that writes (the GUI for as long as it is open; ``import``, ``demo`` and ``restore`` on
the command line while they run) holds an exclusive lock on the database file itself. A lock on
the file — not on a name made from its path — is shared by every path to it: a hard link, a
symlink, another spelling, another user. SQLite keeps its own locks; this one only tells our
programs apart (Linux: ``flock``, which SQLite's POSIX locks ignore; Windows: one byte far beyond
the end of the file, as SQLite itself locks beyond the data).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from giaoban.core.errors import GiaobanError
from giaoban.i18n import _

_WINDOWS_OFFSET = 1 << 40  # far beyond any data: Windows locks are mandatory on what they cover


class FileHeld(GiaobanError):
    """Another giaoban program is writing to this database file."""


def identity(path: Path) -> str:
    """The file's identity (device and inode) when it exists, else its resolved path: the same
    for every path that reaches one file."""
    try:
        info = path.expanduser().stat()
    except OSError:
        return str(path.expanduser().resolve())
    if info.st_ino:
        return f"{info.st_dev}:{info.st_ino}"
    return str(path.expanduser().resolve())  # a file system without inode numbers


class FileHold:
    """An exclusive hold on a database file, released by :meth:`release` (or ``with``)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        """Let another program write; closing the descriptor drops the lock."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def follow(self, path: Path) -> bool:
        """Hold the file now at ``path`` instead (a restore put a new file there and moved the
        held one aside); False, keeping the old hold, when another program got it first."""
        fd = os.open(path.expanduser(), os.O_RDONLY)
        if not _lock(fd):
            os.close(fd)
            return False
        self.release()
        self.path, self._fd = path, fd
        return True

    def __enter__(self) -> FileHold:
        return self

    def __exit__(self, _type: type[BaseException] | None, _value: BaseException | None,
                 _tb: TracebackType | None) -> None:
        self.release()


def _lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def try_hold(path: Path) -> FileHold | None:
    """Hold ``path`` (an existing file) for this program; None when another program holds it."""
    fd = os.open(path.expanduser(), os.O_RDONLY)
    if _lock(fd):
        return FileHold(path, fd)
    os.close(fd)
    return None


def hold(path: Path) -> FileHold:
    """Hold ``path`` or raise :class:`FileHeld` with a message the user can act on."""
    try:
        held = try_hold(path)
    except OSError as exc:
        raise GiaobanError(_("Không mở được tệp dữ liệu “{path}”: {reason}").format(
            path=path, reason=exc.strerror)) from exc
    if held is None:
        raise FileHeld(_(
            "Tệp dữ liệu “{path}” đang được một chương trình giaoban khác ghi (một cửa sổ đang "
            "mở, có thể qua đường dẫn khác, hoặc một lệnh đang chạy). Hãy đóng chương trình đó "
            "rồi thử lại."
        ).format(path=path))
    return held


def is_held(path: Path) -> bool:
    """True when another program holds ``path`` right now (a missing file is not held)."""
    if not path.expanduser().exists():
        return False
    held = try_hold(path)
    if held is None:
        return True
    held.release()
    return False

"""Temporary files beside the database, never in a shared temp folder, and crash leftovers.

Each operation that needs temporary files (a staged copy to restore from, a new database being
created, a backup being written) gets a :func:`work_folder` under '.<name>.giaoban-tmp/' beside the
database. It holds that folder's lock file while it runs (core.file_hold: released by the system
when the program dies, however it dies) and notes there the '.part' files it writes elsewhere
(``backup --out`` into another folder). :func:`clean_leftovers`, run whenever the database is
opened, removes what a killed program left: work folders whose lock nobody holds, and the parts
they noted. A folder whose lock is held belongs to a program at work now and is left alone.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import socket
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from giaoban.core.errors import DatabaseError
from giaoban.core.file_hold import FileHold, try_hold
from giaoban.i18n import _

SCRATCH_SUFFIX = ".giaoban-tmp"
PARTS_NOTE = "parts"
BIRTH_SECONDS = 60
_HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def scratch_dir(db_path: Path) -> Path:
    """The hidden folder beside the database where operations keep their temporary files."""
    return db_path.with_name(f".{db_path.name}{SCRATCH_SUFFIX}")


@dataclass
class Work:
    """One operation's private folder beside the database, held (locked) while it runs."""

    folder: Path
    lock: Path
    hold: FileHold

    def note_part(self, part: Path) -> None:
        """Remember a '.part' file written outside this folder, so a crash leaves no trace."""
        with (self.folder / PARTS_NOTE).open("a", encoding="utf-8") as handle:
            handle.write(f"{part.resolve()}\n")
            handle.flush()
            os.fsync(handle.fileno())


def _new_work(db_path: Path) -> Work:
    """Make a lock file, hold it, then make the work folder it guards."""
    scratch = scratch_dir(db_path)
    for _attempt in range(5):  # a cleaner may remove the empty scratch folder meanwhile
        try:
            scratch.mkdir(mode=0o700, exist_ok=True)
            name = f"w{os.getpid()}-{_HOST}-{secrets.token_hex(4)}"
            lock = scratch / f"{name}.lock"
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            hold = try_hold(lock)
            if hold is None:  # a cleaner is looking at it this very moment: take another name
                continue
            folder = scratch / name
            folder.mkdir(mode=0o700)
            return Work(folder, lock, hold)
        except FileNotFoundError:
            continue
    raise DatabaseError(_("Không tạo được thư mục tạm “{folder}”.").format(folder=scratch))


def _remove_work(folder: Path, lock: Path) -> None:
    """Delete a work folder and the '.part' files it noted; the caller then drops its lock."""
    note = folder / PARTS_NOTE
    if note.is_file():
        for line in note.read_text(encoding="utf-8", errors="replace").splitlines():
            part = Path(line)
            if part.name.endswith(".part") and part.is_file():
                part.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


def _drop_scratch_if_empty(db_path: Path) -> None:
    with suppress(OSError):  # not empty (another operation's work), or already gone
        scratch_dir(db_path).rmdir()


@contextmanager
def work_folder(db_path: Path) -> Iterator[Work]:
    """A private (0700) folder beside ``db_path`` for one operation, removed when it ends."""
    work = _new_work(db_path)
    try:
        yield work
    finally:
        # the lock goes first, the folder after: killed in between, the folder is an orphan the
        # next cleaning removes; the other order left an unheld lock without a folder, which
        # looks like an operation being born and stayed for a minute
        work.hold.release()  # before removing the file: Windows cannot delete an open file
        with suppress(OSError):
            work.lock.unlink(missing_ok=True)
        _remove_work(work.folder, work.lock)
        _drop_scratch_if_empty(db_path)


def _file_system_now(folder: Path) -> float:
    """The file system's own "now" (a fresh probe's mtime). A lock's age is measured on the clock
    that stamped it: the program's clock can differ (a network folder's server, a moved clock)."""
    probe = folder / f".now-{os.getpid()}"
    try:
        probe.touch()
        return probe.stat().st_mtime
    finally:
        probe.unlink(missing_ok=True)


def _maker_gone(lock: Path) -> bool:
    """True when the lock's name says it was made on this computer by a process that no longer
    runs: killed between making the lock and its folder, it is no operation being born."""
    pid_text, _sep, rest = lock.stem[1:].partition("-")
    host = rest.partition("-")[0]
    if sys.platform == "win32" or host != _HOST or not pid_text.isdigit():
        return False  # Windows' os.kill would end the process; another computer's pid says nothing
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, someone else's
        return False
    return False


def _abandoned(lock: Path) -> bool:
    """True when nobody holds ``lock``: its program died (or is only just making it)."""
    try:
        hold = try_hold(lock)
    except OSError:
        return False
    if hold is None:
        return False
    hold.release()
    if lock.with_suffix("").exists() or _maker_gone(lock):
        return True
    try:  # no folder yet: a program may be between making the lock and holding it
        return _file_system_now(lock.parent) - lock.stat().st_mtime > BIRTH_SECONDS
    except OSError:
        return False


def _orphans(scratch: Path, locked: set[Path]) -> list[Path]:
    """Work folders in ``scratch`` that had no lock file when the locks were listed."""
    try:
        folders = [p for p in scratch.iterdir() if p.is_dir() and p.name.startswith("w")]
    except OSError:
        return []
    return [folder for folder in folders
            if folder not in locked and not folder.with_suffix(".lock").exists()]


def clean_leftovers(db_path: Path) -> list[Path]:
    """Remove the work folders (and noted '.part' files) of operations that died; returns them.

    A folder whose lock another program holds is at work right now and is left alone.
    """
    scratch = scratch_dir(db_path)
    try:
        locks = sorted(p for p in scratch.iterdir() if p.suffix == ".lock")
    except OSError:  # no scratch folder: the usual case
        return []
    removed = []
    for lock in locks:
        if not _abandoned(lock):
            continue
        try:
            _remove_work(lock.with_suffix(""), lock)
            lock.unlink(missing_ok=True)
        except OSError:
            continue
        removed.append(lock.with_suffix(""))
    # a folder whose lock is gone: its program ended (or died) between the two removals; a
    # program at work always made its lock before its folder
    for folder in _orphans(scratch, {lock.with_suffix("") for lock in locks}):
        _remove_work(folder, folder.with_suffix(".lock"))
        removed.append(folder)
    _drop_scratch_if_empty(db_path)
    return removed


def regular_file_or_refuse(path: Path, shown: Path | None = None) -> None:
    """Refuse at once what is not a plain file (a FIFO would block the reader forever)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise DatabaseError(_("Không đọc được tệp “{path}”: {reason}").format(
            path=shown or path, reason=exc.strerror)) from exc
    if stat.S_ISDIR(mode):
        raise DatabaseError(_("“{path}” là một thư mục, không phải tệp dữ liệu.").format(
            path=shown or path))
    if not stat.S_ISREG(mode):
        raise DatabaseError(_(
            "“{path}” không phải tệp thường (có thể là ống dẫn hoặc thiết bị); giaoban chỉ đọc "
            "tệp dữ liệu thường.").format(path=shown or path))

"""Writing output files whole or not at all: through a temporary file beside the target.

Every file the program writes (PDF, DOCX, XLSX, CSV, ICS) is rendered in memory, written with
:func:`write_all` into a temporary file that :func:`atomic_output` made in the destination folder,
checked complete there and only then renamed onto the target:

- ``write_all`` writes every byte (short writes resumed), flushes them to the disk (``fsync``: a
  full disk that the page cache hid shows up here) and compares the file's size with the number
  of bytes written;
- ``atomic_output`` then checks the file by its kind — a PDF ends with its ``%%EOF`` marker, a
  DOCX/XLSX is a zip whose every member reads back with the right checksum — before the rename.

A full disk, an unwritable or read-only folder, a folder that vanished: one clear line (a
GiaobanError), no file, no temporary file, and an older target left as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from giaoban.core.errors import GiaobanError
from giaoban.i18n import _

ZIP_KINDS = frozenset({".docx", ".xlsx"})
PDF_END = b"%%EOF"
_PDF_TAIL = 1024  # the end marker is in the last bytes (followed by at most a line end)
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM}


class IncompleteFile(OSError):
    """A written file that is not what was meant to be written (short, or not whole)."""


def write_all(path: Path, data: bytes) -> int:
    """Write ``data`` to ``path`` (created or truncated), on the disk; returns the size.

    Raises OSError when the disk refuses (full, read-only…) or IncompleteFile when the file's
    size afterwards is not the number of bytes written.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        view = memoryview(data)
        written = 0
        while written < len(view):
            count = os.write(fd, view[written:])
            if count <= 0:  # a write that takes nothing and says no error: treat as a full disk
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            written += count
        os.fsync(fd)
        size = os.fstat(fd).st_size
    finally:
        os.close(fd)
    if written != len(data) or size != written:
        raise IncompleteFile(errno.EIO, f"{size} of {len(data)} bytes on disk")
    return size


def pdf_complete(data: bytes) -> bool:
    """Whether PDF bytes end with the ``%%EOF`` marker (a line end after it is allowed)."""
    return data.rstrip(b"\r\n\t ").endswith(PDF_END)


def check_complete(path: Path, kind: str) -> None:
    """Raise IncompleteFile unless the file at ``path`` is whole for its kind (its extension).

    Every kind: not empty. PDF: ends with ``%%EOF``. DOCX/XLSX: a zip whose members all read back.
    """
    size = path.stat().st_size
    if size == 0:
        raise IncompleteFile(errno.EIO, "empty file")
    kind = kind.lower()
    if kind == ".pdf":
        with path.open("rb") as handle:
            handle.seek(max(0, size - _PDF_TAIL))
            if not pdf_complete(handle.read()):
                raise IncompleteFile(errno.EIO, "no %%EOF at the end")
    elif kind in ZIP_KINDS:
        try:
            with zipfile.ZipFile(path) as archive:
                broken = archive.testzip()
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise IncompleteFile(errno.EIO, f"not a whole zip: {exc}") from exc
        if broken is not None:
            raise IncompleteFile(errno.EIO, f"zip member {broken} damaged")


def write_error(target: Path, exc: OSError) -> GiaobanError:
    """One line saying why ``target`` could not be written, in words a secretary can act on."""
    folder = target.parent
    if isinstance(exc, IncompleteFile):
        message = _("Không ghi được tệp “{path}”: tệp ghi ra không trọn vẹn (có thể ổ đĩa đã đầy) "
                    "nên chưa được lưu.")
    elif exc.errno in _FULL:
        message = _("Không ghi được tệp “{path}”: ổ đĩa đã đầy. Hãy giải phóng chỗ trống hoặc "
                    "chọn thư mục khác.")
    elif exc.errno in _DENIED:
        message = _("Không ghi được tệp “{path}”: không có quyền ghi vào thư mục “{folder}” "
                    "(hoặc tệp đang mở trong chương trình khác). Hãy chọn thư mục khác.")
    elif exc.errno == errno.EROFS:
        message = _("Không ghi được tệp “{path}”: thư mục “{folder}” chỉ cho phép đọc. "
                    "Hãy chọn thư mục khác.")
    elif exc.errno == errno.EISDIR:
        message = _("“{path}” là một thư mục, hãy chọn tên tệp.")
    elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
        message = _("Không ghi được tệp “{path}”: thư mục “{folder}” không tồn tại.")
    else:
        reason = " ".join(str(exc.strerror or exc).split())  # one line, whatever the OS says
        return GiaobanError(_("Không ghi được tệp “{path}”: {reason}").format(path=target,
                                                                           reason=reason))
    return GiaobanError(message.format(path=target, folder=folder))


@contextmanager
def atomic_output(target: Path, *, check_as: str | None = None) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; once checked whole it replaces the target.

    The body writes the temporary file (with :func:`write_all`); on leaving, the file is checked
    by the target's kind (:func:`check_complete`) and renamed. A failure, a cancel or an
    incomplete file leaves no partial file, no temporary file and an older target untouched; an
    OSError (full disk, no permission…) comes out as one GiaobanError line. The result is
    readable like any shared document (0644, or the mode of the file it replaces), not private
    as mkstemp makes it. ``check_as`` checks the file as that kind instead of the target's
    extension ("": only not empty — a copy of an attached file is whatever its bytes are).
    """
    temp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}",
                                    dir=target.parent)
        os.close(fd)
        temp = Path(name)
        yield temp
        check_complete(temp, target.suffix if check_as is None else check_as)
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp, target)
        temp = None
        _sync_folder(target.parent)
    except OSError as exc:
        raise write_error(target, exc) from exc
    finally:
        if temp is not None:
            # If the folder refuses even that, nothing was renamed into place anyway.
            with suppress(OSError):
                temp.unlink(missing_ok=True)


def write_output(target: Path, data: bytes, *, check_as: str | None = None) -> Path:
    """Write ``data`` as the file ``target``, whole or not at all (see :func:`atomic_output`)."""
    with atomic_output(target, check_as=check_as) as temp:
        write_all(temp, data)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (POSIX); best effort."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)

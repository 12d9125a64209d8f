"""Opening an attached file with the system's program: a private copy in a per-session folder.

The copy is written by the service (which checks the stored hash) into a folder only this user can
read (0700, the file 0600), one sub-folder per opening so a copy still open in Word is never
overwritten. The whole folder is removed when the program quits (``aboutToQuit``, and ``atexit``
as a fallback), so no attached document lingers in the temp folder.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from itertools import count
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices

from giaoban.core.context import AppContext
from giaoban.core.errors import GiaobanError
from giaoban.core.services import attachments as service
from giaoban.i18n import _

_session: Path | None = None
_numbers = count(1)


def session_folder() -> Path:
    """This program's private folder for opened copies (made on first use, 0700)."""
    global _session
    if _session is None or not _session.is_dir():
        _session = Path(tempfile.mkdtemp(prefix="giaoban-mo-tep-"))
        os.chmod(_session, 0o700)
        atexit.register(clean_session)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(clean_session)
    return _session


def clean_session() -> None:
    """Remove every copy opened in this session (at exit)."""
    global _session
    if _session is not None:
        shutil.rmtree(_session, ignore_errors=True)
        _session = None


def private_copy(ctx: AppContext, attachment_id: int, name: str) -> Path:
    """Write the attachment into a new private sub-folder under its own name; return the path."""
    folder = session_folder() / f"{attachment_id}-{next(_numbers)}"
    folder.mkdir(mode=0o700)
    target = folder / (Path(name).name or f"tep-{attachment_id}")
    try:
        service.save_attachment_copy(ctx, attachment_id, target)
        os.chmod(target, 0o600)
    except OSError as exc:
        raise GiaobanError(_("Không tạo được bản sao tạm để mở tệp: {reason}").format(
            reason=exc.strerror or exc)) from exc
    return target


def open_with_system(path: Path) -> bool:
    """Hand the copy to the program the system uses for its kind of file."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def local_files(mime: Any) -> list[Path]:
    """The local files a drag carries (links to web pages are not files)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

"""Opening the database for the GUI: health check first, and a way out when the file is damaged.

Before anything is written the file is checked read-only (PRAGMA integrity_check when it is
small enough to be quick, quick_check otherwise; and its schema against what its revision's
migrations make, so a crafted file is treated like a damaged one). A damaged file is never
written to: the user is told, and offered the newest backup that passes the full check;
restoring renames the damaged file aside (it is kept) and puts a copy of the backup in its place.

Importing this module does not import the database libraries: the GUI names its file and puts
its window on screen first; :func:`open_for_gui` imports them when it runs. The check reads the
whole file (a second on a large one) while SQLite leaves Python free, so it runs on a thread
started before the database libraries are imported, while the main thread imports them and loads
what the first page needs (``meanwhile``); nothing is opened for writing before the check is done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from giaoban.core.errors import DatabaseCorrupt, GiaobanError
from giaoban.core.startup import default_database_path, open_context
from giaoban.i18n import _
from giaoban.ui.dialogs import ask

if TYPE_CHECKING:
    from giaoban.core.context import AppContext
    from giaoban.core.file_check import FileState

THOROUGH_CHECK_MAX_BYTES = 64 * 1024 * 1024


def gui_target(db: str | None) -> Path | str:
    """The file (or URL) the GUI works on: --db (a ``sqlite:///`` URL is its file), else the
    user's default database."""
    if not db:
        return default_database_path()
    if "://" not in db:  # a plain path: no need to load the URL parser of the database library
        return Path(db).expanduser()
    from giaoban.core.db import file_of

    return file_of(db)


def health_check(path: Path) -> FileState | None:
    """Raise DatabaseCorrupt (or another DatabaseError) if the existing file is not sound."""
    from giaoban.core.file_check import inspect_file

    if path.exists():
        return inspect_file(path, thorough=path.stat().st_size <= THOROUGH_CHECK_MAX_BYTES)
    return None


def _check_beside(path: Path, meanwhile: Callable[[], object] | None) -> FileState | None:
    """:func:`health_check`, its long part (SQLite's integrity check, which leaves Python free)
    on a thread started before the database libraries are imported: the import, then
    ``meanwhile()``, run here in the meantime. The rest of the check (header, revision, schema)
    runs here afterwards, so a file that is not a giaoban database is named as such first."""
    import sqlite3

    from giaoban.core import file_check

    if not path.exists():
        import giaoban.core.db  # what open_context needs next

        if meanwhile is not None:
            meanwhile()
        return None
    file_check.refuse_unless_sqlite(path)  # a FIFO or another file: said before any thread
    thorough = path.stat().st_size <= THOROUGH_CHECK_MAX_BYTES
    found: list[list[str]] = []
    errors: list[BaseException] = []

    def check() -> None:
        try:
            found.append(file_check.integrity_problems(path, thorough=thorough))
        except BaseException as exc:  # handed to the main thread below
            errors.append(exc)

    thread = threading.Thread(target=check, name="giaoban-health-check", daemon=True)
    thread.start()
    try:
        import giaoban.core.db  # noqa: F401 - SQLAlchemy & co., while SQLite reads the file

        if meanwhile is not None:
            meanwhile()
    finally:
        thread.join()
    state = file_check.inspect_file(path, thorough=thorough, integrity=False)
    if errors:
        if isinstance(errors[0], sqlite3.DatabaseError):
            raise file_check.unreadable(path, errors[0]) from errors[0]
        raise errors[0]
    file_check.refuse_if_damaged(path, found[0] if found else ["ok"])
    return state


def open_for_gui(target: Path | str, *, default: bool = False,
                 meanwhile: Callable[[], object] | None = None) -> AppContext | None:
    """Check, then open; on damage offer the newest good backup. None: nothing to open.

    ``meanwhile`` (loading the first page's code) runs while the file is checked."""
    try:
        if isinstance(target, Path):
            state = _check_beside(target, meanwhile)
        else:
            url = _with_password(target)
            if url is None:  # the password was asked and the person gave up
                return None
            target = url
            if meanwhile is not None:
                meanwhile()
            state = None
        return open_context(target if not default else None, inspected=state)
    except DatabaseCorrupt as exc:
        assert isinstance(target, Path)
        return _offer_restore(target, exc)
    except GiaobanError as exc:
        ask.show_error(None, str(exc), _("Không mở được dữ liệu"))
        return None


def _with_password(target: str) -> str | None:
    """A server URL without a password: from the keyring, PGPASSWORD/~/.pgpass, or asked."""
    from giaoban.core import db_server

    if not db_server.is_server_url(target):
        return target
    from giaoban.core.server_login import resolve_url
    from giaoban.ui.dialogs.server_connect import ask_password

    return resolve_url(target, ask_password)


def _offer_restore(path: Path, problem: DatabaseCorrupt) -> AppContext | None:
    from giaoban.core.context import current_user
    from giaoban.core.services import backups
    from giaoban.ui.widgets.dates import format_moment

    good = backups.newest_good_backup(path)
    if good is None:
        ask.show_error(
            None,
            str(problem) + "\n\n" + _(
                "Không tìm thấy bản sao lưu nào còn tốt trong thư mục “{folder}”. Tệp hỏng "
                "không bị thay đổi; hãy liên hệ người phụ trách kỹ thuật."
            ).format(folder=backups.backup.default_backup_dir(path)),
            _("Dữ liệu bị hỏng"),
        )
        return None
    when = backups.backup.parse_backup_name(good.name)
    moment = format_moment(when[0]) if when else good.name
    if not ask.confirm(
        None, _("Dữ liệu bị hỏng"),
        str(problem) + "\n\n" + _("Khôi phục bản sao lưu tốt gần nhất ({when})?").format(
            when=moment),
        _("Khôi phục bản sao lưu"), _("Thoát"),
        informative=_(
            "Tệp hỏng không bị ghi vào: nó được đổi tên và giữ lại bên cạnh. Những gì nhập sau "
            "thời điểm sao lưu sẽ không có trong dữ liệu khôi phục."
        ),
    ):
        return None
    try:
        result = backups.restore_database(path, good, user=current_user())
        ctx = open_context(path)
    except GiaobanError as exc:
        ask.show_error(None, str(exc), _("Không khôi phục được"))
        return None
    ask.show_info(
        None,
        _("Đã khôi phục dữ liệu từ bản sao lưu {name}.\nTệp hỏng được giữ ở: {aside}").format(
            name=good.name, aside=result.damaged_aside),
        _("Khôi phục xong"),
    )
    return ctx

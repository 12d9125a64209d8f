"""What a failed command says: one line for any exception, and the log a bug's traceback goes to.

``explain`` is what ``cli.run_command`` prints. Known failures get a sentence a secretary can act
on — a message of ours (:class:`GiaobanError`), a file or disk error (``OSError``: full disk, no
permission, read-only disk…), a database error (SQLAlchemy's or sqlite3's: locked, full,
damaged or missing tables). Anything else is a bug: its line says so and where the traceback is.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from giaoban.core.errors import GiaobanError
from giaoban.i18n import _

LOG_NAME = "giaoban.log"
_LOG_LIMIT = 1_000_000  # bytes; a bigger log starts again rather than growing without end


def explain(exc: BaseException, command: str | None = None) -> str:
    """The one line (``Lỗi: …``) telling the user what went wrong with ``exc``."""
    if isinstance(exc, GiaobanError):
        message = str(exc) or type(exc).__name__
    elif isinstance(exc, OSError):
        message = _file_problem(exc)
    elif _is_database_error(exc):
        message = _database_problem(_database_reason(exc))
    else:
        logged = write_log(f"unexpected error in `giaoban {command or ''}`:\n"
                           + "".join(traceback.format_exception(exc)))
        detail = str(exc) or type(exc).__name__
        if logged is None:
            return _("Lỗi không mong đợi: {message}").format(message=detail)
        return _("Lỗi không mong đợi: {message} (chi tiết ghi ở {log})").format(
            message=detail, log=logged)
    return _("Lỗi: {message}").format(message=message)


def _file_problem(exc: OSError) -> str:
    path = exc.filename if exc.filename is not None else ""
    messages = {
        errno.ENOSPC: _("Ổ đĩa đã đầy, không ghi được “{path}”; hãy giải phóng chỗ trống rồi thử lại."),
        errno.EDQUOT: _("Đã hết hạn mức dung lượng, không ghi được “{path}”."),
        errno.EACCES: _("Không có quyền truy cập “{path}”."),
        errno.EPERM: _("Không có quyền truy cập “{path}”."),
        errno.EROFS: _("Ổ đĩa chỉ cho phép đọc, không ghi được “{path}”."),
        errno.ENOENT: _("Không tìm thấy “{path}” (hoặc thư mục chứa nó)."),
        errno.ENOTDIR: _("Đường dẫn “{path}” không hợp lệ: một phần của nó không phải thư mục."),
        errno.EISDIR: _("“{path}” là một thư mục, không phải tệp."),
        errno.EEXIST: _("“{path}” đã có sẵn nên không tạo được."),
        errno.EFBIG: _("Tệp “{path}” vượt quá kích thước cho phép."),
        errno.ENAMETOOLONG: _("Tên tệp quá dài: “{path}”."),
        errno.EIO: _("Lỗi đọc ghi ổ đĩa với “{path}”."),
    }
    known = messages.get(exc.errno or 0)
    if known and path:
        return known.format(path=path)
    reason = exc.strerror or str(exc) or type(exc).__name__
    if path:
        return _("Không đọc hoặc ghi được “{path}”: {reason}").format(path=path, reason=reason)
    return _("Lỗi hệ thống: {reason}").format(reason=reason)


def _is_database_error(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        return True
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError)


def _database_reason(exc: BaseException) -> str:
    """The driver's own words ('database is locked'), without SQLAlchemy's SQL and links."""
    original = getattr(exc, "orig", None)
    if original is not None:
        return str(original) or type(original).__name__
    return str(exc.args[0]) if exc.args else type(exc).__name__


_DATABASE_PROBLEMS = (
    (("locked", "busy"), "busy"),
    (("disk is full", "database or disk is full"), "full"),
    (("readonly", "read-only"), "readonly"),
    (("unable to open",), "open"),
    (("disk i/o",), "io"),
    (("malformed", "not a database", "no such table", "no such column", "encrypted",
      "no such module", "corrupt"), "damaged"),
)


def _database_problem(reason: str) -> str:
    lowered = reason.lower()
    kind = next((k for words, k in _DATABASE_PROBLEMS if any(w in lowered for w in words)), "")
    if kind == "busy":
        return _("Đang có chương trình khác ghi dữ liệu nên chưa làm được; chưa có gì thay đổi. "
                 "Hãy thử lại sau giây lát.")
    if kind == "full":
        return _("Ổ đĩa đã đầy nên chưa lưu được; chưa có gì thay đổi. Hãy giải phóng chỗ trống "
                 "rồi thử lại.")
    if kind == "readonly":
        return _("Tệp dữ liệu chỉ cho phép đọc nên chưa lưu được.")
    if kind == "open":
        return _("Không mở được tệp dữ liệu (thư mục không tồn tại hoặc không có quyền).")
    if kind == "io":
        return _("Lỗi đọc ghi ổ đĩa khi dùng tệp dữ liệu (ổ đĩa đầy, bị rút ra hoặc hỏng).")
    if kind == "damaged":
        return _("Tệp dữ liệu bị hỏng hoặc không đúng cấu trúc của giaoban ({reason}); hãy chạy "
                 "“giaoban check” hoặc khôi phục từ một bản sao lưu.").format(reason=reason)
    return _("Lỗi cơ sở dữ liệu: {reason}").format(reason=reason)


def log_path() -> Path:
    """``giaoban.log`` in the user's data folder, beside the default database."""
    from giaoban.core.startup import default_database_path

    return default_database_path().parent / LOG_NAME


def write_log(text: str) -> Path | None:
    """Append ``text`` (stamped with the time) to the log; None when the log cannot be written —
    a failure to log never adds a second failure."""
    from giaoban.core.clock import SYSTEM_CLOCK

    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not path.exists() or path.stat().st_size > _LOG_LIMIT
        with path.open("w" if fresh else "a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"{SYSTEM_CLOCK.now().isoformat(timespec='seconds')} {text.rstrip()}\n")
    except (OSError, ValueError):
        return None
    return path


class _LogHandler(logging.Handler):
    """Stands in for logging's last resort (which prints to stderr) while a command runs."""

    def emit(self, record: logging.LogRecord) -> None:
        with suppress(Exception):  # never a second failure out of logging
            write_log(self.format(record))


def _log_warning(message: Any, category: type[Warning], filename: str, lineno: int,
                 file: Any = None, line: str | None = None) -> None:
    write_log(warnings.formatwarning(message, category, filename, lineno, line))


@contextmanager
def output_to_log() -> Iterator[None]:
    """While a command runs, library warnings (openpyxl on an odd workbook, SQLAlchemy…) and
    log records nobody handles go to the log: stderr keeps its one line."""
    previous = logging.lastResort
    with warnings.catch_warnings():
        warnings.showwarning = _log_warning
        logging.lastResort = _LogHandler(logging.WARNING)
        try:
            yield
        finally:
            logging.lastResort = previous

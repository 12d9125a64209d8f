"""giaoban backup [--out FILE] / giaoban restore FILE: the same use cases as the File menu.

``restore`` holds the database file (core.file_hold) while it runs, so it is refused while a
window has the file open — the window would go on writing records of the data it replaced.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from giaoban.core.errors import GiaobanError
from giaoban.core.startup import default_database_path
from giaoban.i18n import _


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "backup", parents=[common],
        help=_("sao lưu cơ sở dữ liệu (mặc định vào thư mục sao lưu bên cạnh tệp dữ liệu)"),
    )
    parser.add_argument("--out", metavar=_("TỆP"), type=Path,
                        help=_("ghi bản sao lưu vào tệp này (không ghi đè tệp đã có)"))
    parser.set_defaults(handler=run_backup)
    parser = subparsers.add_parser(
        "restore", parents=[common],
        help=_("khôi phục dữ liệu từ một bản sao lưu (dữ liệu hiện tại được sao lưu trước)"),
    )
    parser.add_argument("file", metavar=_("TỆP"), type=Path, help=_("bản sao lưu cần khôi phục"))
    parser.set_defaults(handler=run_restore)


def _db_path(args: argparse.Namespace) -> Path:
    from giaoban.core.db import file_of

    target = getattr(args, "db", None)
    found = file_of(target) if target else default_database_path()
    if isinstance(found, str):
        raise GiaobanError(_("Chỉ sao lưu, khôi phục được dữ liệu lưu trong tệp SQLite."))
    return found


def _backup_server(url: str, out: Path | None) -> int:
    """A server's office written as a giaoban SQLite file (portable, restorable anywhere):
    the whole office copied and verified row by row into a new file, renamed into place whole."""
    from giaoban.core.files import atomic_output
    from giaoban.core.office_copy import copy_office

    if out is None:
        raise GiaobanError(_("Sao lưu dữ liệu trên máy chủ cần --out TỆP (tệp SQLite sẽ ghi ra)."))
    if out.exists():
        raise GiaobanError(_("Tệp “{path}” đã có; hãy chọn một tệp mới.").format(path=out))
    with atomic_output(out, check_as="") as temp:
        temp.unlink()
        result = copy_office(url, str(temp))
    out.chmod(0o600)  # private like the data file it copies (atomic_output makes it readable)
    print(_("Đã chép {n} bản ghi ({tables} bảng), đã kiểm tra từng dòng.").format(
        n=result.total, tables=len(result.rows)))
    print(_("Đã sao lưu vào {path}").format(path=out))
    return 0


def run_backup(args: argparse.Namespace) -> int:
    from giaoban.commands import context_from
    from giaoban.core.db_server import is_server_url
    from giaoban.core.services.backups import backup_now

    target = getattr(args, "db", None)
    if target and is_server_url(target):
        return _backup_server(target, args.out)
    if not _db_path(args).exists():
        raise GiaobanError(_("Không tìm thấy tệp dữ liệu “{path}”.").format(path=_db_path(args)))
    ctx = context_from(args, create=False)
    try:
        made = backup_now(ctx, args.out)
    finally:
        ctx.db.dispose()
    print(_("Đã sao lưu vào {path}").format(path=made))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Restore while holding the database file: refused while a window (or a writing command)
    has it open, by whatever path, so nothing writes its stale records into the restored data."""
    from giaoban.core.context import current_user
    from giaoban.core.file_hold import hold
    from giaoban.core.services.backups import restore_database

    path = _db_path(args)
    held = hold(path) if path.is_file() else None
    try:
        result = restore_database(path, args.file, user=current_user())
    finally:
        if held is not None:
            held.release()
    print(_("Đã khôi phục dữ liệu từ {path}").format(path=result.source))
    if result.previous_backup:
        print(_("Dữ liệu trước khi khôi phục được sao lưu ở {path}").format(
            path=result.previous_backup))
    if result.damaged_aside:
        print(_("Tệp dữ liệu hỏng được giữ nguyên ở {path}").format(path=result.damaged_aside))
    return 0

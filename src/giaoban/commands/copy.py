"""giaoban copy --from SRC --to DST: a whole office between SQLite and PostgreSQL, either way."""

from __future__ import annotations

import argparse
import sys

from giaoban.i18n import _


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "copy", parents=[common],
        help=_("chép cả cơ sở dữ liệu giữa tệp SQLite và máy chủ PostgreSQL (nơi đến phải trống)"),
    )
    parser.add_argument("--from", dest="source", required=True, metavar=_("NGUỒN"),
                        help=_("tệp dữ liệu hoặc địa chỉ postgresql://… cần chép"))
    parser.add_argument("--to", dest="target", required=True, metavar=_("ĐÍCH"),
                        help=_("tệp mới hoặc địa chỉ postgresql://… đã chạy server init, còn trống"))
    parser.set_defaults(handler=run)


def _progress(table: str, done: int, total: int) -> None:
    """A line on stderr every batch of a big table, so a long copy shows it is alive."""
    if total >= 5000:
        print(_("{table}: {done}/{total}").format(table=table, done=done, total=total),
              file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from giaoban.core.office_copy import copy_office

    result = copy_office(args.source, args.target, progress=_progress)
    print(_("Đã chép {n} bản ghi ({tables} bảng), đã kiểm tra từng dòng.").format(
        n=result.total, tables=len(result.rows)))
    return 0

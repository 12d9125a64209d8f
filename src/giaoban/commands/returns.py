"""giaoban returns make --unit NAME --out F.xlsx | --all --out FOLDER; returns read F.xlsx [--dry-run].

The progress workbooks sent to the lead units and read back when they return (one service for the
window and the command line: core.services.unit_returns and unit_returns_read).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from giaoban.commands import context_from
from giaoban.i18n import _, format_number


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(  # --db and the rest belong to make/read (given after them)
        "returns",
        help=_("phiếu báo cáo tiến độ gửi đơn vị chủ trì (lập, đọc lại khi đơn vị gửi về)"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="make|read")
    make = actions.add_parser("make", parents=[common], help=_("lập phiếu cho đơn vị"))
    who = make.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", metavar="NAME", help=_("đơn vị chủ trì (tên, tên tắt hoặc viết tắt)"))
    who.add_argument("--all", action="store_true",
                     help=_("mọi đơn vị đang chủ trì nhiệm vụ chưa xong, mỗi đơn vị một tệp"))
    make.add_argument("--out", required=True, metavar="FILE|FOLDER",
                      help=_("tệp .xlsx (với --unit) hoặc thư mục (với --all)"))
    make.set_defaults(handler=run_make)
    read = actions.add_parser("read", parents=[common], help=_("đọc phiếu đơn vị gửi về, cập nhật"))
    read.add_argument("file", metavar="FILE.xlsx", help=_("phiếu đơn vị gửi về"))
    read.add_argument("--dry-run", action="store_true",
                      help=_("chỉ cho biết sẽ thay đổi gì, không ghi gì"))
    read.set_defaults(handler=run_read)


def run_make(args: argparse.Namespace) -> int:
    from giaoban.commands.aspirations import find_body
    from giaoban.core.services.unit_returns import make_return, make_returns

    ctx = context_from(args, create=False)
    try:
        if args.all:
            made = make_returns(ctx, Path(args.out))
        else:
            made = [make_return(ctx, find_body(ctx, args.unit), Path(args.out))]
    finally:
        ctx.db.dispose()
    for path in made:
        print(path)
    print(_("Đã lập {n} phiếu báo cáo tiến độ.").format(n=format_number(len(made))))
    return 0


def run_read(args: argparse.Namespace) -> int:
    from giaoban.core.services.unit_returns_read import apply_return, read_return

    ctx = context_from(args, create=False)
    try:
        plan = read_return(ctx, Path(args.file))
        print(_("Phiếu của {unit}: {n} nhiệm vụ thay đổi, {same} không đổi, {bad} dòng không "
                "lấy được.").format(unit=plan.unit, n=format_number(len(plan.changes)),
                                   same=format_number(plan.unchanged),
                                   bad=format_number(len(plan.problems))))
        for change in plan.changes:
            print(_("Dòng {row} – {title}: {what}").format(row=change.row, title=change.title,
                                                          what=change.describe()))
            if change.warning:
                print("  " + change.warning)
        for row, reason in plan.problems:
            print(_("Dòng {row}: {reason}").format(row=row, reason=reason))
        if args.dry_run or not plan.changes:
            return 0 if not plan.problems else 1
        count = apply_return(ctx, plan)
        print(_("Đã cập nhật {n} nhiệm vụ theo phiếu của {unit}.").format(
            n=format_number(count), unit=plan.unit))
        return 0 if not plan.problems else 1
    finally:
        ctx.db.dispose()

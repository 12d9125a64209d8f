"""giaoban minutes / notice / report: the printed documents to PDF, Word or Excel files."""

from __future__ import annotations

import argparse
import datetime as dt

from giaoban.commands import context_from
from giaoban.commands.arguments import day, record_id
from giaoban.core.errors import ValidationError
from giaoban.i18n import _


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    for name, help_text in (
        ("minutes", _("xuất biên bản của một cuộc giao ban (.pdf, .docx)")),
        ("notice", _("xuất thông báo kết luận của một cuộc giao ban (.pdf, .docx)")),
    ):
        parser = subparsers.add_parser(name, parents=[common], help=help_text)
        parser.add_argument("id", type=record_id, help=_("mã cuộc giao ban (xem: giaoban briefings)"))
        parser.add_argument("--out", required=True, metavar=_("TỆP"), help=_("tệp .pdf hoặc .docx"))
        if name == "notice":
            parser.add_argument("--number", default="", help=_("số thông báo, ví dụ 15"))
        parser.set_defaults(handler=run_minutes if name == "minutes" else run_notice)
    parser = subparsers.add_parser(
        "report", parents=[common],
        help=_("xuất báo cáo tình hình thực hiện kết luận của một kỳ (.pdf, .docx, .xlsx)"),
    )
    parser.add_argument("--period", required=True, help=_("kỳ báo cáo: 2026-Q3 hoặc 2026"))
    parser.add_argument("--as-of", type=day, default=None, dest="as_of",
                        help=_("tính đến ngày (mặc định: hôm nay)"))
    parser.add_argument("--out", required=True, metavar=_("TỆP"),
                        help=_("tệp .pdf, .docx hoặc .xlsx"))
    parser.set_defaults(handler=run_report)


def _done(path: object) -> int:
    print(_("Đã ghi {path}").format(path=path))
    return 0


def run_minutes(args: argparse.Namespace) -> int:
    from giaoban.documents.exports import export_minutes

    ctx = context_from(args, create=False)
    try:
        return _done(export_minutes(ctx, args.id, args.out))
    finally:
        ctx.db.dispose()


def run_notice(args: argparse.Namespace) -> int:
    from giaoban.documents.exports import export_notice

    ctx = context_from(args, create=False)
    try:
        return _done(export_notice(ctx, args.id, args.out, number=args.number))
    finally:
        ctx.db.dispose()


def run_report(args: argparse.Namespace) -> int:
    from giaoban.documents.exports import export_report

    ctx = context_from(args, create=False)
    try:
        if args.as_of is not None and args.as_of > ctx.today() + dt.timedelta(days=3660):
            raise ValidationError({"as_of": _("Ngày tính đến quá xa.")})
        return _done(export_report(ctx, args.period, args.out, args.as_of))
    finally:
        ctx.db.dispose()

"""giaoban minutes / notice / report: the printed documents; register / renumber: the register.

``notice`` and ``report`` issue the document as they write it (the next number of its symbol,
dated today, unless ``--number`` / ``--date`` say otherwise) and print the number they used; a
document already issued is written again as it was. ``report --draft`` writes an unnumbered
draft. ``register`` lists the numbers given; ``renumber`` corrects one, with a reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from giaoban.commands import context_from, print_json, print_table
from giaoban.commands.arguments import day, period, record_id
from giaoban.core.enums import DocumentKind
from giaoban.core.errors import ValidationError
from giaoban.i18n import N_, _, format_date

if TYPE_CHECKING:
    from giaoban.core.services.document_register import IssuedInfo

KIND_WORDS = {DocumentKind.MINUTES: N_("Biên bản"), DocumentKind.NOTICE: N_("Thông báo"),
              DocumentKind.REPORT: N_("Báo cáo")}


def _issue_options(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--number", default=None, metavar="N",
                        help=_("số {what} (mặc định: số tiếp theo trong sổ)").format(what=what))
    parser.add_argument("--date", type=day, default=None, metavar=_("NGÀY"),
                        help=_("ngày ban hành YYYY-MM-DD (mặc định: hôm nay)"))


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    for name, help_text in (
        ("minutes", _("xuất biên bản của một cuộc giao ban (.pdf, .docx)")),
        ("notice", _("xuất thông báo kết luận của một cuộc giao ban (.pdf, .docx)")),
    ):
        parser = subparsers.add_parser(name, parents=[common], help=help_text)
        parser.add_argument("id", type=record_id, help=_("mã cuộc giao ban (xem: giaoban briefings)"))
        parser.add_argument("--out", required=True, metavar=_("TỆP"), help=_("tệp .pdf hoặc .docx"))
        if name == "notice":
            _issue_options(parser, _("thông báo"))
        parser.set_defaults(handler=run_minutes if name == "minutes" else run_notice)
    parser = subparsers.add_parser(
        "report", parents=[common],
        help=_("xuất báo cáo tình hình thực hiện kết luận của một kỳ (.pdf, .docx, .xlsx)"),
    )
    parser.add_argument("--period", required=True, type=period, help=_("kỳ báo cáo: 2026-Q3 hoặc 2026"))
    parser.add_argument("--as-of", type=day, default=None, dest="as_of",
                        help=_("tính đến ngày (mặc định: hôm nay)"))
    parser.add_argument("--out", required=True, metavar=_("TỆP"),
                        help=_("tệp .pdf, .docx hoặc .xlsx"))
    _issue_options(parser, _("báo cáo"))
    parser.add_argument("--draft", action="store_true",
                        help=_("bản dự thảo: không cấp số, không ghi vào sổ văn bản"))
    parser.set_defaults(handler=run_report)
    parser = subparsers.add_parser("register", parents=[common],
                                   help=_("sổ văn bản: các số đã cấp"))
    parser.add_argument("query", nargs="?", default="", help=_("tìm theo số, ví dụ 16-BB"))
    parser.add_argument("--kind", choices=[k.value for k in DocumentKind],
                        help=_("loại văn bản: minutes, notice, report"))
    parser.add_argument("--json", action="store_true", help=_("in JSON (ngày theo ISO)"))
    parser.set_defaults(handler=run_register)
    parser = subparsers.add_parser("renumber", parents=[common],
                                   help=_("sửa số hoặc ngày của một văn bản đã cấp số"))
    parser.add_argument("id", type=record_id, help=_("mã trong sổ văn bản (xem: giaoban register)"))
    parser.add_argument("--number", default=None, metavar="N", help=_("số mới"))
    parser.add_argument("--date", type=day, default=None, metavar=_("NGÀY"), help=_("ngày mới"))
    parser.add_argument("--reason", required=True, help=_("lý do sửa (ghi vào lịch sử)"))
    parser.set_defaults(handler=run_renumber)


def _done(path: object, entry: IssuedInfo | None = None) -> int:
    if entry is not None:
        print(_("Số {number}, ngày {day}").format(number=entry.label,
                                                  day=format_date(entry.issued_on)))
    print(_("Đã ghi {path}").format(path=path))
    return 0


def run_minutes(args: argparse.Namespace) -> int:
    from giaoban.core.services.document_register import issued_for_briefing
    from giaoban.documents.exports import export_minutes

    ctx = context_from(args, create=False)
    try:
        path = export_minutes(ctx, args.id, args.out)
        return _done(path, issued_for_briefing(ctx, args.id, DocumentKind.MINUTES))
    finally:
        ctx.db.dispose()


def run_notice(args: argparse.Namespace) -> int:
    from giaoban.core.services.document_register import issued_for_briefing
    from giaoban.documents.exports import export_notice

    ctx = context_from(args, create=False)
    try:
        path = export_notice(ctx, args.id, args.out, number=args.number, issued_on=args.date)
        return _done(path, issued_for_briefing(ctx, args.id, DocumentKind.NOTICE))
    finally:
        ctx.db.dispose()


def run_report(args: argparse.Namespace) -> int:
    from giaoban.core.services.document_register import issued_report
    from giaoban.documents.exports import export_report, parse_period

    ctx = context_from(args, create=False)
    try:
        if args.as_of is not None and args.as_of > ctx.today() + dt.timedelta(days=3660):
            raise ValidationError({"as_of": _("Ngày tính đến quá xa.")})
        if args.draft and (args.number or args.date):
            raise ValidationError({"number": _("Bản dự thảo không có số và ngày ban hành.")})
        path = export_report(ctx, args.period, args.out, args.as_of, issue=not args.draft,
                             number=args.number, issued_on=args.date)
        period = parse_period(args.period)
        entry = None if args.draft else issued_report(ctx, period.start, period.end,
                                                      args.as_of or ctx.today())
        return _done(path, entry)
    finally:
        ctx.db.dispose()


def run_register(args: argparse.Namespace) -> int:
    from giaoban.core.services.document_register import list_issued

    ctx = context_from(args, create=False)
    try:
        rows = list_issued(ctx, args.kind, args.query)
    finally:
        ctx.db.dispose()
    if args.json:
        print_json([{"id": r.id, "kind": r.kind, "number": r.number, "document_number": r.label,
                     "issued_on": r.issued_on.isoformat(), "briefing_id": r.briefing_id,
                     "period_start": r.period_start.isoformat() if r.period_start else None,
                     "period_end": r.period_end.isoformat() if r.period_end else None}
                    for r in rows])
        return 0
    print_table([_("Mã"), _("Loại"), _("Số"), _("Ngày ban hành"), _("Giao ban")],
                [(r.id, _(KIND_WORDS[DocumentKind(r.kind)]), r.label, format_date(r.issued_on),
                  r.briefing_id or "") for r in rows])
    return 0


def run_renumber(args: argparse.Namespace) -> int:
    from giaoban.core.operations import run
    from giaoban.core.services.document_register import correct_issued

    if args.number is None and args.date is None:
        raise ValidationError({"number": _("Hãy cho số mới (--number) hoặc ngày mới (--date).")})
    ctx = context_from(args, create=False)
    try:
        run(ctx, correct_issued, args.id, args.reason, number=args.number, issued_on=args.date)
    finally:
        ctx.db.dispose()
    print(_("Đã sửa văn bản {id} trong sổ.").format(id=args.id))
    return 0

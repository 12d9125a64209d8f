"""giaoban aspirations [filters] [--json]: the aspirations register on the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from giaoban.commands import context_from, print_json, print_table
from giaoban.commands.arguments import period, record_id
from giaoban.core.csvfile import CsvForm
from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.errors import GiaobanError
from giaoban.core.labels import label_of
from giaoban.core.oneline import one_line
from giaoban.core.periods import period_end, period_start
from giaoban.i18n import N_, _, format_date

if TYPE_CHECKING:
    from giaoban.core.context import AppContext
    from giaoban.core.services.aspiration_query import AspirationFilter


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The register's filters, shared by ``aspirations`` and ``export aspirations``."""
    parser.add_argument("--from", dest="period_from", metavar="YYYY[-Qn]", type=period,
                        help=_("từ năm hoặc quý, ví dụ 2025 hoặc 2025-Q3"))
    parser.add_argument("--to", dest="period_to", metavar="YYYY[-Qn]", type=period,
                        help=_("đến năm hoặc quý"))
    parser.add_argument("--period", metavar="YYYY[-Qn]", type=period,
                        help=_("đúng một năm hoặc một quý"))
    parser.add_argument("--body", metavar="NAME", help=_("cơ quan phản ánh (tên, tên tắt hoặc viết tắt)"))
    parser.add_argument("--kind", choices=[k.value for k in AspirationKind], help=_("loại"))
    parser.add_argument("--field", choices=[f.value for f in AspirationField], help=_("lĩnh vực"))
    parser.add_argument("--locality", metavar="NAME", help=_("địa bàn"))
    parser.add_argument("--status", metavar="STATUS", help=_("trạng thái"))
    parser.add_argument("--briefing", dest="briefing_id", type=record_id, metavar="ID",
                        help=_("chỉ của cuộc giao ban số ID"))
    parser.add_argument("--search", metavar="TEXT", default="", help=_("tìm theo nội dung"))


def add_csv_option(parser: argparse.ArgumentParser) -> None:
    """``--csv excel|standard``: the form of an exported .csv (``export aspirations|tasks``)."""
    parser.add_argument(
        "--csv", dest="csv_form", choices=[f.value for f in CsvForm], default=CsvForm.EXCEL.value,
        help=_("dạng tệp .csv: excel (dấu chấm phẩy, ngày dd/mm/yyyy, mặc định — Excel tiếng "
               "Việt mở đúng cột) hoặc standard (dấu phẩy, ngày ISO yyyy-mm-dd)"),
    )


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "aspirations", parents=[common], help=_("liệt kê tâm tư – kiến nghị (có bộ lọc)")
    )
    add_filter_arguments(parser)
    parser.add_argument("--json", action="store_true", help=_("in JSON (ngày theo ISO)"))
    parser.set_defaults(handler=run)


def find_body(ctx: AppContext, name: str) -> int:
    """The organization a typed name means (the one rule set of ``core.services.org_match``)."""
    from giaoban.core.services.org_match import find_organization

    return find_organization(ctx, name, N_("Không tìm thấy cơ quan “{name}”."))


def filter_from_args(ctx: AppContext, args: argparse.Namespace) -> AspirationFilter:
    from giaoban.core.services.aspiration_query import AspirationFilter, find_locality, localities

    status = getattr(args, "status", None)
    if status and status not in {s.value for s in AspirationStatus}:
        raise GiaobanError(_("Trạng thái không hợp lệ: “{s}” (chọn: {all}).").format(
            s=status, all=", ".join(s.value for s in AspirationStatus)))
    period = getattr(args, "period", None)
    locality = None
    if getattr(args, "locality", None):
        locality = find_locality(localities(ctx), args.locality) or args.locality
    return AspirationFilter(
        search=getattr(args, "search", "") or "",
        date_from=period_start(period or args.period_from),
        date_to=period_end(period or args.period_to),
        organization_id=find_body(ctx, args.body) if getattr(args, "body", None) else None,
        kind=args.kind, field=args.field, locality=locality, status=status,
        briefing_id=getattr(args, "briefing_id", None),
    )


def run(args: argparse.Namespace) -> int:
    from giaoban.core.services.aspiration_query import list_aspirations

    ctx = context_from(args, create=False)
    try:
        rows = list_aspirations(ctx, filter_from_args(ctx, args))
    finally:
        ctx.db.dispose()
    if args.json:
        print_json([
            {"id": r.id, "raised_on": r.raised_on.isoformat(), "body": r.body, "kind": r.kind,
             "field": r.field, "locality": r.locality, "content": r.content, "status": r.status,
             "response": r.response, "briefing_id": r.briefing_id}
            for r in rows
        ])
        return 0
    print_table(
        [_("Số"), _("Ngày"), _("Cơ quan phản ánh"), _("Loại"), _("Địa bàn"), _("Trạng thái"),
         _("Nội dung")],
        [[r.id, format_date(r.raised_on), r.body, label_of(AspirationKind, r.kind), r.locality,
          label_of(AspirationStatus, r.status), one_line(r.content, 60)] for r in rows],
    )
    return 0

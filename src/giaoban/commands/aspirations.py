"""giaoban aspirations [filters] [--json]: the aspirations register on the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from typing import Any

from giaoban.commands import context_from, print_json, print_table
from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.errors import GiaobanError
from giaoban.core.labels import label_of
from giaoban.core.services.aspiration_query import AspirationFilter, find_locality, localities
from giaoban.core.services.directory import list_organizations
from giaoban.core.text import quarter_bounds
from giaoban.i18n import _, format_date

_PERIOD = re.compile(r"^(\d{4})(?:-?Q([1-4]))?$", re.IGNORECASE)


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The register's filters, shared by ``aspirations`` and ``export aspirations``."""
    parser.add_argument("--from", dest="period_from", metavar="YYYY[-Qn]",
                        help=_("từ năm hoặc quý, ví dụ 2025 hoặc 2025-Q3"))
    parser.add_argument("--to", dest="period_to", metavar="YYYY[-Qn]",
                        help=_("đến năm hoặc quý"))
    parser.add_argument("--period", metavar="YYYY[-Qn]", help=_("đúng một năm hoặc một quý"))
    parser.add_argument("--body", metavar="NAME", help=_("cơ quan phản ánh (tên, tên tắt hoặc viết tắt)"))
    parser.add_argument("--kind", choices=[k.value for k in AspirationKind], help=_("loại"))
    parser.add_argument("--field", choices=[f.value for f in AspirationField], help=_("lĩnh vực"))
    parser.add_argument("--locality", metavar="NAME", help=_("địa bàn"))
    parser.add_argument("--status", metavar="STATUS", help=_("trạng thái"))
    parser.add_argument("--briefing", dest="briefing_id", type=int, metavar="ID",
                        help=_("chỉ của cuộc giao ban số ID"))
    parser.add_argument("--search", metavar="TEXT", default="", help=_("tìm theo nội dung"))


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "aspirations", parents=[common], help=_("liệt kê tâm tư – kiến nghị (có bộ lọc)")
    )
    add_filter_arguments(parser)
    parser.add_argument("--json", action="store_true", help=_("in JSON (ngày theo ISO)"))
    parser.set_defaults(handler=run)


def _period(text: str | None, *, end: bool) -> dt.date | None:
    if not text:
        return None
    match = _PERIOD.match(text.strip())
    if not match:
        raise GiaobanError(_("Kỳ không hợp lệ: “{text}” (ví dụ 2026 hoặc 2026-Q3).").format(text=text))
    year, quarter = int(match.group(1)), match.group(2)
    if quarter:
        return quarter_bounds(year, int(quarter))[1 if end else 0]
    return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)


def find_body(ctx: Any, name: str) -> int:
    """The organization a typed name means: name, short name or abbreviation, marks ignored."""
    from giaoban.core.services.aspiration_import import OrganizationMatcher

    org = OrganizationMatcher(list_organizations(ctx)).match(name)
    if org is None or org.id is None:
        raise GiaobanError(_("Không tìm thấy cơ quan “{name}”.").format(name=name))
    return org.id


def filter_from_args(ctx: Any, args: argparse.Namespace) -> AspirationFilter:
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
        date_from=_period(period or args.period_from, end=False),
        date_to=_period(period or args.period_to, end=True),
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
          label_of(AspirationStatus, r.status), _short(r.content)] for r in rows],
    )
    return 0


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"




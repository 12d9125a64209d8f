"""giaoban briefings: list the briefings with their counts, as a table or stable JSON."""

from __future__ import annotations

import argparse

from giaoban.commands import context_from, print_json, print_table
from giaoban.commands.arguments import year
from giaoban.core.enums import BriefingKind, BriefingStatus
from giaoban.core.labels import label_of
from giaoban.i18n import _, format_date


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "briefings", parents=[common], help=_("liệt kê các cuộc giao ban")
    )
    parser.add_argument("--year", type=year, help=_("chỉ năm này"))
    parser.add_argument("--kind", choices=[k.value for k in BriefingKind],
                        help=_("loại giao ban: quarterly, half_year, annual, thematic"))
    parser.add_argument("--status", choices=[s.value for s in BriefingStatus],
                        help=_("trạng thái: draft (dự thảo), finalized (đã chốt)"))
    parser.add_argument("--json", action="store_true", help=_("in JSON (ngày theo ISO)"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from giaoban.core.services.briefing_list import list_briefings

    ctx = context_from(args, create=False)
    try:
        rows = list_briefings(ctx, year=args.year, kind=args.kind, status=args.status)
    finally:
        ctx.db.dispose()
    if args.json:
        print_json([
            {
                "id": r.id, "kind": r.kind, "year": r.year, "quarter": r.quarter,
                "held_on": r.held_on.isoformat() if r.held_on else None, "chair": r.chair,
                "secretary": r.secretary, "status": r.status,
                "document_number": r.document_number or None, "aspirations": r.aspirations,
                "conclusions": r.conclusions, "open_tasks": r.open_tasks,
            }
            for r in rows
        ])
        return 0
    print_table(
        [_("Số"), _("Kỳ"), _("Ngày họp"), _("Chủ trì"), _("Trạng thái"), _("TT-KN"),
         _("Kết luận"), _("NV mở")],
        [(r.id, r.period, format_date(r.held_on), r.chair, label_of(BriefingStatus, r.status),
          r.aspirations, r.conclusions, r.open_tasks) for r in rows],
    )
    return 0

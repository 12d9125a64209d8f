"""giaoban search QUERY [--json]: find briefings, aspirations and tasks, best first."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from giaoban.commands import context_from, print_json, print_table
from giaoban.commands.arguments import LazyChoices, result_limit
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext
    from giaoban.core.search import SearchHit


def _types() -> tuple[str, ...]:
    from giaoban.core.search import TYPES

    return TYPES


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "search", parents=[common],
        help=_("tìm trong giao ban, tâm tư – kiến nghị và nhiệm vụ (không phân biệt dấu)"),
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help=_("từ cần tìm"))
    parser.add_argument("--type", dest="types", action="append", choices=LazyChoices(_types), metavar="TYPE",
                        help=_("chỉ tìm loại này (có thể lặp lại)"))
    parser.add_argument("--limit", type=result_limit, default=50, help=_("số kết quả tối đa (mặc định 50)"))
    parser.add_argument("--json", action="store_true", help=_("in JSON"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from giaoban.core.kinds import label_of_kind
    from giaoban.core.search import TYPES, search

    ctx = context_from(args, create=False)
    try:
        hits = search(ctx, " ".join(args.query), types=tuple(args.types or TYPES), limit=args.limit)
        if args.json:
            print_json(_as_json(ctx, hits))
            return 0
    finally:
        ctx.db.dispose()
    if not hits:
        print(_("Không tìm thấy kết quả nào."))
        return 0
    print_table(
        [_("Loại"), _("Số"), _("Điểm"), _("Nội dung")],
        [[label_of_kind(h.type), h.id, f"{h.score:.2f}", " ".join(h.text.split())[:80]]
         for h in hits],
    )
    return 0


def _as_json(ctx: AppContext, hits: list[SearchHit]) -> list[dict[str, Any]]:
    """Each hit's type, id, text and score; a file found by its words also names the record it
    is attached to (``owner``: kind, id and the label the hit's text shows after the file's name)
    and the record opening it shows (``opens``: a report's file opens its briefing)."""
    files = [h.id for h in hits if h.type == "attachment"]
    owners: dict[int, Any] = {}
    if files:  # the owners' rows through the ORM: only when a file was found
        from giaoban.core.services.attachment_owners import owners_of

        owners = dict(owners_of(ctx, files))
    rows: list[dict[str, Any]] = []
    for h in hits:
        row: dict[str, Any] = {"type": h.type, "id": h.id, "text": h.text, "score": h.score}
        if h.type == "attachment":
            owner = owners.get(h.id)
            row["owner"] = owner.as_json() if owner is not None else None
            row["opens"] = {"kind": h.target[0], "id": h.target[1]}
        rows.append(row)
    return rows

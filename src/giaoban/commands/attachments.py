"""giaoban attachments add|list|get|remove: files attached to briefings, reports, aspirations, tasks.

``add`` stores the file and reads its text right away (in a child process with time limits), so
``giaoban search`` finds its words as soon as the command ends; ``get`` writes a byte-identical
copy (checked against its hash first); ``remove`` moves it to the trash.
"""

from __future__ import annotations

import argparse

from giaoban.commands import context_from, print_json, print_table
from giaoban.commands.arguments import record_id
from giaoban.core.enums import IndexState
from giaoban.i18n import _, format_date

OWNERS = ("briefing", "report", "aspiration", "task")


def _owner_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    helps = {
        "briefing": _("tệp của cuộc giao ban số ID"),
        "report": _("tệp của báo cáo số ID (một mục báo cáo trong cuộc giao ban)"),
        "aspiration": _("tệp của tâm tư – kiến nghị số ID"),
        "task": _("tệp của nhiệm vụ số ID"),
    }
    for kind in OWNERS:
        group.add_argument(f"--{kind}", dest=kind, type=record_id, metavar="ID", help=helps[kind])


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(  # --db and the rest belong to each action (given after it)
        "attachments", help=_("tệp đính kèm: thêm, liệt kê, lấy ra, bỏ vào thùng rác"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="add|list|get|remove")
    add = actions.add_parser("add", parents=[common], help=_("đính kèm một tệp"))
    _owner_options(add)
    add.add_argument("file", metavar="FILE", help=_("tệp cần đính kèm"))
    add.add_argument("--name", metavar=_("TÊN"), help=_("tên hiển thị (mặc định: tên tệp)"))
    add.add_argument("--signed-minutes", action="store_true",
                     help=_("đánh dấu là biên bản đã ký (chỉ với cuộc giao ban đã chốt)"))
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", parents=[common], help=_("liệt kê tệp đính kèm"))
    _owner_options(listing)
    listing.add_argument("--json", action="store_true", help=_("in dạng JSON"))
    listing.set_defaults(handler=run_list)
    get = actions.add_parser("get", parents=[common], help=_("lưu một bản sao của tệp"))
    get.add_argument("id", type=record_id, metavar="ID", help=_("số của tệp đính kèm"))
    get.add_argument("--out", required=True, metavar="FILE", help=_("nơi lưu bản sao"))
    get.set_defaults(handler=run_get)
    remove = actions.add_parser("remove", parents=[common],
                                help=_("chuyển tệp đính kèm vào thùng rác"))
    remove.add_argument("id", type=record_id, metavar="ID", help=_("số của tệp đính kèm"))
    remove.set_defaults(handler=run_remove)


def _owner(args: argparse.Namespace) -> tuple[str, int]:
    return next((kind, getattr(args, kind)) for kind in OWNERS if getattr(args, kind) is not None)


def run_add(args: argparse.Namespace) -> int:
    from giaoban.core.services.attachment_owners import noun
    from giaoban.core.services.attachments import (
        add_attachment,
        extract_pending,
        get_attachment,
        size_text,
    )

    kind, owner_id = _owner(args)
    ctx = context_from(args, create=False)
    try:
        info = add_attachment(ctx, kind, owner_id, args.file, name=args.name,
                              signed_minutes=args.signed_minutes)
        extract_pending(ctx)
        info = get_attachment(ctx, info.id)
    finally:
        ctx.db.dispose()
    print(_("Đã đính kèm “{name}” (tệp số {id}, {size}) vào {record} số {owner}.").format(
        name=info.name, id=info.id, size=size_text(info.size), record=noun(kind), owner=owner_id))
    if info.index_state != IndexState.INDEXED.value:
        print(info.index_label)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from giaoban.core.services.attachments import list_attachments, size_text

    kind, owner_id = _owner(args)
    ctx = context_from(args, create=False)
    try:
        rows = list_attachments(ctx, kind, owner_id)
    finally:
        ctx.db.dispose()
    if args.json:
        print_json([row.as_json() for row in rows])
        return 0
    if not rows:
        print(_("Chưa có tệp đính kèm nào."))
        return 0
    print_table(
        [_("Số"), _("Tên tệp"), _("Cỡ"), _("Ngày thêm"), _("Biên bản đã ký"), _("Tìm kiếm")],
        [[row.id, row.name, size_text(row.size), format_date(row.created_at.astimezone().date()),
          _("có") if row.signed_minutes else "", row.index_label] for row in rows],
    )
    return 0


def run_get(args: argparse.Namespace) -> int:
    from giaoban.core.services.attachments import get_attachment, save_attachment_copy

    ctx = context_from(args, create=False)
    try:
        info = get_attachment(ctx, args.id)
        target = save_attachment_copy(ctx, args.id, args.out)
    finally:
        ctx.db.dispose()
    print(_("Đã lưu “{name}” ra “{path}”.").format(name=info.name, path=target))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from giaoban.core.services.attachments import get_attachment, remove_attachment

    ctx = context_from(args, create=False)
    try:
        info = get_attachment(ctx, args.id)
        remove_attachment(ctx, args.id)
    finally:
        ctx.db.dispose()
    print(_("Đã chuyển “{name}” vào thùng rác.").format(name=info.name))
    return 0

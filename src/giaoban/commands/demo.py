"""giaoban demo: fill an empty database with realistic sample data."""

from __future__ import annotations

import argparse

from giaoban.commands import context_from
from giaoban.commands.arguments import LazyChoices
from giaoban.i18n import _, format_number


def _sizes() -> list[str]:
    from giaoban.core.demo import SIZES

    return list(SIZES)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "demo", parents=[common], help=_("nạp dữ liệu mẫu vào một cơ sở dữ liệu trống")
    )
    parser.add_argument("--size", choices=LazyChoices(_sizes), metavar="SIZE", default="small",
                        help=_("small: vài năm giao ban; large: 100.000 kiến nghị và nhiệm vụ"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from giaoban.core.demo import fill_demo

    ctx = context_from(args)
    try:
        result = fill_demo(ctx, args.size)
    finally:
        ctx.db.dispose()  # also lets the next writer in (the hold is the database's)
    print(
        _("Đã nạp dữ liệu mẫu: {b} cuộc giao ban, {a} tâm tư – kiến nghị, {t} nhiệm vụ, {p} cán bộ.")
        .format(b=format_number(result.briefings), a=format_number(result.aspirations),
                t=format_number(result.tasks), p=format_number(result.people))
    )
    return 0

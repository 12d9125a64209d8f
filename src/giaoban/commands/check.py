"""giaoban check: is the database sound? Exits non-zero on any problem; never writes."""

from __future__ import annotations

import argparse
import sys

from giaoban.core.startup import default_database_path
from giaoban.i18n import _


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "check", parents=[common], help=_("kiểm tra tính toàn vẹn của cơ sở dữ liệu (chỉ đọc)")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """What was found on stdout, each problem on stderr; exit 1 if there was any."""
    from giaoban.core.checks import check_database
    from giaoban.core.db import file_of

    target = getattr(args, "db", None)
    report = check_database(file_of(target) if target else default_database_path())
    for line in report.lines:
        print(line, file=sys.stderr if line in report.problems else sys.stdout)
    return 0 if report.ok else 1

"""giaoban check: is the database sound? Exits non-zero on any problem; never writes."""

from __future__ import annotations

import argparse
from pathlib import Path

from giaoban.core.checks import check_database
from giaoban.core.startup import default_database_path
from giaoban.i18n import _


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "check", parents=[common], help=_("kiểm tra tính toàn vẹn của cơ sở dữ liệu (chỉ đọc)")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    target = getattr(args, "db", None) or default_database_path()
    report = check_database(Path(target) if "://" not in str(target) else target)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1

"""The ``giaoban`` command: with no subcommand it opens the GUI; subcommands serve admins and tests.

Every subcommand lives in ``giaoban.commands.<name>`` with ``register(subparsers, common)`` and
returns an exit code. ``--db`` and ``--lang`` are accepted before or after the subcommand. Errors
print one clear line on stderr and exit non-zero; a failed command changes nothing.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from giaoban import __version__
from giaoban.core.errors import GiaobanError
from giaoban.i18n import LANGUAGES, _, pgettext, set_language

log = logging.getLogger("giaoban")


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line (plus how to get help), in our language."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, _("{prog}: lỗi: {message} (xem: {prog} --help)\n").format(
            prog=self.prog, message=message))


def _translate_argparse() -> None:
    """argparse's own words ("usage:", "options", "show this help message and exit") through
    our catalogs (context "argparse"), so `giaoban --help` reads Vietnamese too."""
    argparse._ = lambda text: pgettext("argparse", text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: pgettext(  # type: ignore[attr-defined]
        "argparse", one if n == 1 else many)


def _common_options(default: object) -> argparse.ArgumentParser:
    """--db and --lang, for the main parser and (suppressed defaults) for each subcommand."""
    common = Parser(add_help=False)
    common.add_argument(
        "--db", metavar="PATH|URL", default=default,
        help=_("tệp dữ liệu SQLite hoặc URL cơ sở dữ liệu (mặc định: thư mục dữ liệu người dùng)"),
    )
    common.add_argument(
        "--lang", choices=LANGUAGES, default=default, help=_("ngôn ngữ giao diện (vi, en)")
    )
    return common


def needs_subcommands(argv: Sequence[str]) -> bool:
    """False when the command line only opens the GUI: then no subcommand module is imported,
    which keeps start-up fast."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--db", "--lang"):
            skip = True
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return True
    return False


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    _translate_argparse()
    parser = Parser(
        prog="giaoban",
        description=_("Theo dõi giao ban công tác dân vận, tâm tư – kiến nghị và nhiệm vụ."),
        parents=[_common_options(None)],
    )
    parser.add_argument("--version", action="version", version=f"giaoban {__version__}",
                        help=_("hiện số phiên bản rồi thoát"))
    subparsers = parser.add_subparsers(dest="command", metavar=_("LỆNH"), parser_class=Parser)
    common = _common_options(argparse.SUPPRESS)
    for module in command_modules() if with_commands else ():
        module.register(subparsers, common)
    return parser


def command_modules() -> tuple[ModuleType, ...]:
    """The subcommand modules, in the order ``--help`` lists them.

    Imported here rather than at the top so that opening the GUI imports none of them.
    """
    from giaoban.commands import (
        aspirations,
        backup,
        briefings,
        check,
        demo,
        documents,
        search,
        tasks,
        transfer,
    )

    return (demo, check, backup, briefings, aspirations, tasks, search, documents, transfer)


def _language_from(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``giaoban`` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_from(args_list) or "vi")
    parser = build_parser(with_commands=needs_subcommands(args_list))
    args = parser.parse_args(args_list)
    if args.command is None:
        from giaoban.ui.app import run_gui

        return run_gui(db=args.db, lang=args.lang)
    try:
        return int(args.handler(args) or 0)
    except GiaobanError as exc:
        print(_("Lỗi: {message}").format(message=exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `giaoban tasks | head`: the reader left, nothing is wrong
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(_("Đã dừng theo yêu cầu; không có thay đổi nào được ghi dở dang."), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so in one line, keep the details in the log
        log.exception("unexpected error in %s", args.command)
        print(_("Lỗi không mong đợi: {message}").format(message=exc), file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

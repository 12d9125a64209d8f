"""The ``giaoban`` command: with no subcommand it opens the GUI; subcommands serve admins and tests.

Every subcommand lives in ``giaoban.commands.<name>`` with ``register(subparsers, common)`` and
returns an exit code. ``--db`` and ``--lang`` are accepted before or after the subcommand.

Whatever goes wrong ends in ONE line on stderr, never a traceback: a usage mistake (unknown
option, a number out of range, an unusable ``--db`` URL — checked while the command line is read)
exits 2; a failure while the command runs (:class:`GiaobanError`, a file or disk error, a database
error) exits 1 — :func:`run_command` is the one place that turns exceptions into that line. A bug
says so in its line and leaves the traceback in ``giaoban.log`` beside the default database.
A failed command changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from giaoban.i18n import LANGUAGES, _, pgettext, set_language

USAGE, FAILED, INTERRUPTED = 2, 1, 130  # exit codes besides 0


def single_line(text: str) -> str:
    """``text`` as one line: every run of whitespace (newlines, \\x0b, \\u2028…) one space, other
    control characters escaped — a value typed on the command line cannot break the line."""
    joined = " ".join(str(text).split())
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 32 or 127 <= ord(c) < 160 else c
                   for c in joined)


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line (plus how to get help), in our language."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, _("{prog}: lỗi: {message} (xem: {prog} --help)\n").format(
            prog=self.prog, message=single_line(message)))


class ShowVersion(argparse.Action):
    """``--version``: the number is read (from the package's metadata) only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from giaoban import __version__

        print(f"giaoban {__version__}")
        parser.exit()


def database_target(text: str) -> str:
    """``--db``: a path or a database URL of a kind this program can open. What can be told
    from the words alone is a usage mistake, said here: no path, a folder, an unknown user's
    ``~``, an unknown URL scheme or a driver that is not installed. The file itself is checked
    when it is opened."""
    if "://" not in text:
        return _database_path(text)
    from sqlalchemy.engine import make_url

    try:
        url = make_url(text)
    except Exception as exc:  # ArgumentError: not a URL at all
        raise argparse.ArgumentTypeError(_("“{url}” không phải địa chỉ cơ sở dữ liệu hợp lệ").format(
            url=text.split("://", 1)[0] + "://…")) from exc
    shown = url.render_as_string(hide_password=True)
    try:
        dialect = url.get_dialect()
    except Exception as exc:  # NoSuchModuleError: foo://…
        raise argparse.ArgumentTypeError(_(
            "không hỗ trợ loại cơ sở dữ liệu “{kind}” (địa chỉ “{url}”); hãy dùng một tệp SQLite"
        ).format(kind=url.drivername, url=shown)) from exc
    try:
        dialect.import_dbapi()
    except Exception as exc:  # ImportError: the driver is not installed
        raise argparse.ArgumentTypeError(_(
            "chưa cài trình điều khiển cho loại cơ sở dữ liệu “{kind}” (địa chỉ “{url}”)"
        ).format(kind=url.drivername, url=shown)) from exc
    return text


def _database_path(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError(_("hãy ghi đường dẫn của tệp dữ liệu"))
    try:
        is_folder = Path(text).expanduser().is_dir()
    except RuntimeError as exc:  # "~someone" who has no home folder here
        raise argparse.ArgumentTypeError(
            _("không hiểu đường dẫn “{path}”").format(path=text)) from exc
    except OSError:  # no permission to look: opening it will say so
        is_folder = False
    if is_folder:
        raise argparse.ArgumentTypeError(
            _("“{path}” là một thư mục, không phải tệp dữ liệu").format(path=text))
    return text


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
        "--db", metavar="PATH|URL", default=default, type=database_target,
        help=_("tệp dữ liệu SQLite hoặc URL cơ sở dữ liệu (mặc định: thư mục dữ liệu người dùng)"),
    )
    common.add_argument(
        "--lang", choices=LANGUAGES, default=default, help=_("ngôn ngữ giao diện (vi, en)")
    )
    return common


def needs_subcommands(argv: Sequence[str]) -> bool:
    """False when the command line only opens the GUI: then no subcommand module is imported,
    which keeps start-up fast."""
    return _first_word(argv) is not None


# The subcommands each module in giaoban.commands registers, in the order ``--help`` lists them
# (tests/test_cli_reading_paths.py checks each module registers exactly these).
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("demo", ("demo",)), ("check", ("check",)), ("backup", ("backup", "restore")),
    ("copy", ("copy",)), ("briefings", ("briefings",)), ("aspirations", ("aspirations",)),
    ("tasks", ("tasks",)), ("search", ("search",)),
    ("documents", ("minutes", "notice", "report", "register", "renumber")),
    ("transfer", ("import", "export")), ("returns", ("returns",)),
    ("attachments", ("attachments",)), ("server", ("server",)),
)
# The main parser's options that take a value, with the abbreviations argparse accepts for them.
_VALUED = frozenset({"--d", "--db", "--l", "--la", "--lan", "--lang"})


def _first_word(argv: Sequence[str]) -> str | None:
    """The subcommand the main parser will meet first ("" for a help option or ``--`` before
    any: every subcommand is needed), or None when there is neither (the GUI)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif arg in ("-h", "--help", "--"):  # "--": whatever follows, argparse's own way
            return ""
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(with_commands: bool = True, *, only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every subcommand, none (``with_commands=False``: the GUI), or
    with ``only`` the name of one, just the module registering it (what a run of that command
    reads; the names of the others matter only to ``--help`` and to a mistyped name)."""
    _translate_argparse()
    parser = Parser(
        prog="giaoban",
        description=_("Theo dõi giao ban công tác dân vận, tâm tư – kiến nghị và nhiệm vụ."),
        parents=[_common_options(None)],
    )
    parser.add_argument("--version", action=ShowVersion,
                        help=_("hiện số phiên bản rồi thoát"))
    subparsers = parser.add_subparsers(dest="command", metavar=_("LỆNH"), parser_class=Parser)
    common = _common_options(argparse.SUPPRESS)
    for module in command_modules(only) if with_commands else ():
        module.register(subparsers, common)
    return parser


def command_modules(only: str | None = None) -> tuple[ModuleType, ...]:
    """The subcommand modules, in the order ``--help`` lists them; with ``only`` a subcommand's
    name, just its module (all of them for a name none registers).

    Imported here rather than at the top so that opening the GUI imports none of them.
    """
    from importlib import import_module

    chosen = [module for module, names in COMMANDS if only in names] or [
        module for module, _names in COMMANDS]
    return tuple(import_module(f"giaoban.commands.{module}") for module in chosen)


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
    word = _first_word(args_list)
    parser = build_parser(with_commands=word is not None, only=word or None)
    args = parser.parse_args(args_list)
    if args.command is None:
        from giaoban.ui.app import run_gui

        return run_gui(db=args.db, lang=args.lang)
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    """Run a subcommand's handler: its exit code, or one line on stderr for whatever it raised.

    Library warnings (openpyxl on an odd workbook…) go to the log, not to the terminal.
    """
    from giaoban.commands import READING, end_collector_pause, pause_collector
    from giaoban.commands.failures import explain, output_to_log

    if args.command in READING:  # nothing but plain rows to collect: no passes over imports
        pause_collector()
    try:
        with output_to_log():
            return int(args.handler(args) or 0)
    except BrokenPipeError:  # `giaoban tasks | head`: the reader left, nothing is wrong
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(_("Đã dừng theo yêu cầu; không có thay đổi nào được ghi dở dang."), file=sys.stderr)
        return INTERRUPTED
    except Exception as exc:
        print(single_line(explain(exc, args.command)), file=sys.stderr)
        return FAILED
    finally:
        end_collector_pause()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

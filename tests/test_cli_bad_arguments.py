"""Bad arguments and failing commands end in ONE line on stderr, never a traceback (issue 14, 7).

A usage mistake (a number out of range, an unknown ``--db`` scheme…) exits 2 before anything is
opened; a failure while a command runs (a file or disk error, a database error, our own errors)
exits 1. The concrete cases of the issue come first, then a hypothesis test that builds command
lines from the real subcommands with odd values. Everything runs against a temporary demo
database, always named with ``--db``.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import logging
import os
import sqlite3
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaoban import cli
from giaoban.cli import build_parser, main
from giaoban.core.clock import Clock
from giaoban.core.demo import fill_demo
from giaoban.core.errors import GiaobanError, NotFound
from giaoban.core.startup import open_context
from tests.conftest import TODAY

BIG = str(2**63)  # one more than SQLite's largest integer
MAX_ID = str(2**63 - 1)


class Run(NamedTuple):
    code: int
    out: str
    err: str


def cli_run(*argv: str) -> Run:
    """``giaoban.cli.main(argv)`` in this process, its exit code and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse: usage mistakes (2), --help (0)
            code = exc.code if isinstance(exc.code, int) else 1
    return Run(code, out.getvalue(), err.getvalue())


def child_run(*argv: str, limit_file_size: int | None = None) -> Run:
    """The real console entry point in a child process (what an admin's shell runs)."""

    def limit() -> None:  # a "full disk": writes past this size fail with EFBIG
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    result = subprocess.run([sys.executable, "-m", "giaoban", *argv], capture_output=True,
                            text=True, timeout=120,
                            preexec_fn=limit if limit_file_size is not None else None)
    return Run(result.returncode, result.stdout, result.stderr)


def assert_one_line(run: Run, code: int, fragment: str = "") -> None:
    assert run.code == code, run
    lines = run.err.splitlines()
    assert len(lines) == 1 and lines[0].strip(), run.err
    assert "Traceback" not in run.err and "Traceback" not in run.out
    assert fragment in run.err, run.err


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    """A folder with the demo database and the odd files the cases use."""
    folder = tmp_path_factory.mktemp("bad-arguments")
    ctx = open_context(folder / "demo.db", clock=Clock.at(TODAY))
    fill_demo(ctx, "small")
    ctx.db.dispose()
    (folder / "a-file").write_text("not a folder")
    _spreadsheets(folder)
    return folder


@pytest.fixture(scope="module")
def db(place) -> str:
    return str(place / "demo.db")


def _count(db: str, table: str) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _briefing_id(db: str) -> str:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return str(conn.execute("SELECT min(id) FROM briefing").fetchone()[0])


# ---------------------------------------------------------------------------------------------
# Numbers out of range are usage mistakes (exit 2), caught while the command line is read.

HUGE = "99999999999999999999"
USAGE_CASES = {
    "year-huge": ["briefings", "--year", HUGE],
    "year-zero": ["briefings", "--year", "0"],
    "year-negative": ["briefings", "--year", "-1"],
    "year-2201": ["briefings", "--year", "2201"],
    "year-5000-digits": ["briefings", "--year", "9" * 5000],
    "limit-2^63": ["search", "--limit", BIG, "x"],
    "limit-huge": ["search", "--limit", HUGE, "x"],
    "limit-zero": ["search", "--limit", "0", "x"],
    "minutes-huge-id": ["minutes", HUGE, "--out", "m.pdf"],
    "minutes-2^63": ["minutes", BIG, "--out", "m.pdf"],
    "minutes-negative": ["minutes", "-1", "--out", "m.pdf"],
    "notice-2^63": ["notice", BIG, "--out", "n.docx"],
    "aspirations-briefing-2^63": ["aspirations", "--briefing", BIG],
    "export-briefing-2^63": ["export", "aspirations", "--briefing", BIG, "--out", "a.xlsx"],
    "import-briefing-2^63": ["import", "aspirations", "x.xlsx", "--briefing", BIG],
    "due-within-huge": ["tasks", "--due-within", HUGE],
    "due-within-billion": ["tasks", "--due-within", "999999999"],
    "due-within-negative": ["tasks", "--due-within", "-1"],
    "as-of-year-1": ["report", "--period", "2026", "--as-of", "0001-01-01", "--out", "r.pdf"],
    "unknown-option-with-newline": ["tasks", "--bogus", "a\nb\x1b[31m"],
}


@pytest.mark.parametrize("argv", USAGE_CASES.values(), ids=USAGE_CASES.keys())
def test_numbers_out_of_range_are_usage_mistakes(db, place, argv, monkeypatch):
    monkeypatch.chdir(place)
    assert_one_line(cli_run(*argv, "--db", db), 2, "--help")


def test_the_largest_id_sqlite_holds_is_just_not_found(db, place, monkeypatch):
    monkeypatch.chdir(place)
    assert_one_line(cli_run("minutes", MAX_ID, "--out", "m.pdf", "--db", db), 1, "Không tìm thấy")
    run = cli_run("aspirations", "--briefing", MAX_ID, "--db", db)
    assert run.code == 0 and run.err == ""
    assert not (place / "m.pdf").exists()


@pytest.mark.parametrize(("argv", "code"), [
    (["report", "--period", "0000", "--out", "r.pdf"], 2),
    (["report", "--period", "9999-Q4", "--out", "r.pdf"], 2),
    (["aspirations", "--period", "0000"], 2),  # checked while the command line is read
    (["aspirations", "--from", "9999-Q4"], 2),
    (["aspirations", "--to", "2026-Q5"], 2),
    (["export", "aspirations", "--period", "9999-Q4", "--out", "a.xlsx"], 2),
], ids=["report-0000", "report-9999-Q4", "aspirations-0000", "from-9999-Q4", "to-2026-Q5",
        "export-9999-Q4"])
def test_impossible_periods_are_one_line(db, place, argv, code, monkeypatch):
    monkeypatch.chdir(place)
    assert_one_line(cli_run(*argv, "--db", db), code, "không hợp lệ")


# ---------------------------------------------------------------------------------------------
# --db: an unknown scheme, no path or a folder is a usage mistake; a file or URL that cannot be
# opened is one line.

@pytest.mark.parametrize(("argv", "code"), [
    (["briefings", "--db", "foo://bar"], 2),
    (["demo", "--db", "foo://bar"], 2),
    (["--db", "foo://bar"], 2),  # the GUI's command line: refused before any window
    (["tasks", "--db", "://nothing"], 2),
    (["tasks", "--db", "a://b://c"], 2),
    (["tasks", "--db", "postgresql+nosuchdriver://u:secret@host/db"], 2),
    (["tasks", "--db", "sqlite:///{place}/missing/x.db"], 1),
    (["tasks", "--db", ""], 2),
    (["demo", "--db", "{place}"], 2),  # a folder
    (["--db", "."], 2),
    (["tasks", "--db", "~no-such-user-here/x.db"], 2),
    (["tasks", "--db", "{place}/missing/x.db"], 1),
], ids=["foo-briefings", "foo-demo", "foo-gui", "no-scheme", "two-schemes", "no-driver",
        "sqlite-missing-folder", "empty", "folder", "folder-gui", "unknown-home", "missing-folder"])
def test_database_urls_are_checked(place, argv, code):
    run = cli_run(*(a.format(place=place) for a in argv))
    assert_one_line(run, code)
    assert "secret" not in run.err


# ---------------------------------------------------------------------------------------------
# Exports into a folder nobody can write: one line, exit 1, no file.

EXPORTS = {
    "minutes.pdf": ["minutes", "{id}"], "minutes.docx": ["minutes", "{id}"],
    "notice.pdf": ["notice", "{id}"], "notice.docx": ["notice", "{id}"],
    "report.pdf": ["report", "--period", "2026"], "report.docx": ["report", "--period", "2026"],
    "report.xlsx": ["report", "--period", "2026"],
    "aspirations.xlsx": ["export", "aspirations"], "aspirations.csv": ["export", "aspirations"],
    "tasks.xlsx": ["export", "tasks"], "tasks.csv": ["export", "tasks"],
    "tasks.ics": ["export", "tasks"],
    "backup.db": ["backup"],
}


def _unwritable_folders(place: Path) -> list[Path]:
    folders = [place / "a-file"]  # a file where the folder should be
    if Path("/sys/kernel").is_dir():
        folders.append(Path("/sys"))  # sysfs: not even root makes files there
    if os.name == "posix" and os.geteuid() != 0:
        locked = place / "read-only"
        locked.mkdir(exist_ok=True)
        locked.chmod(0o555)
        folders.append(locked)
    return folders


@pytest.mark.timeout(180)
@pytest.mark.parametrize("name", EXPORTS)
def test_exports_into_an_unwritable_folder_are_one_line(db, place, name):
    argv = [a.format(id=_briefing_id(db)) for a in EXPORTS[name]]
    for folder in _unwritable_folders(place):
        out = folder / name
        assert_one_line(cli_run(*argv, "--out", str(out), "--db", db), 1)
        assert not out.exists()


# ---------------------------------------------------------------------------------------------
# Spreadsheets that are not what they claim: one line, exit 1, nothing imported.

def _spreadsheets(folder: Path) -> None:
    good = folder / "good.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Ngày", "Cơ quan phản ánh", "Nội dung"])
    book.active.append(["01/03/2026", "Hội Nông dân tỉnh", "Đường liên xã xuống cấp"])
    book.save(good)
    data = good.read_bytes()
    (folder / "random.xlsx").write_bytes(os.urandom(4096))
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    # What Excel writes for a password-protected workbook: an OLE2 compound file, not a zip.
    (folder / "encrypted.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + os.urandom(4096))
    (folder / "folder.xlsx").mkdir()
    broken = {"broken-sheet.xlsx": ("worksheets/sheet1.xml", b"<worksheet><sheetData><row"),
              "no-content-types.xlsx": ("[Content_Types].xml", None),
              "broken-styles.xlsx": ("styles.xml", b"<x"),
              "broken-workbook.xlsx": ("workbook.xml", b"<<<")}
    with zipfile.ZipFile(good) as source:
        for name, (part, replacement) in broken.items():
            with zipfile.ZipFile(folder / name, "w") as target:
                for info in source.infolist():
                    content = source.read(info)
                    if info.filename.endswith(part):
                        if replacement is None:
                            continue
                        content = replacement
                    target.writestr(info.filename, content)


BAD_SPREADSHEETS = ["random.xlsx", "empty.xlsx", "truncated.xlsx", "encrypted.xlsx",
                    "folder.xlsx", "missing.xlsx", "broken-sheet.xlsx", "no-content-types.xlsx",
                    "broken-styles.xlsx", "broken-workbook.xlsx"]


@pytest.mark.parametrize("name", BAD_SPREADSHEETS)
@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_corrupt_or_encrypted_spreadsheets_are_one_line(db, place, name, dry_run):
    before = _count(db, "aspiration")
    argv = ["import", "aspirations", str(place / name), "--db", db]
    run = cli_run(*argv, *(["--dry-run"] if dry_run else []))
    assert_one_line(run, 1)
    assert "không mong đợi" not in run.err  # a known failure, said as such, not "a bug"
    assert _count(db, "aspiration") == before


# ---------------------------------------------------------------------------------------------
# A full disk under `demo`: the real console script with a file-size limit (EFBIG, as ENOSPC).

@pytest.mark.timeout(180)
@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is a POSIX limit")
@pytest.mark.parametrize("size", [0, 64 * 1024, 400 * 1024])
def test_demo_onto_a_full_disk_is_one_line(tmp_path, size):
    run = child_run("demo", "--db", str(tmp_path / "full.db"), limit_file_size=size)
    assert_one_line(run, 1)


@pytest.mark.timeout(120)
def test_the_console_script_gives_the_same_single_lines(tmp_path, db):
    assert_one_line(child_run("briefings", "--year", HUGE, "--db", db), 2)
    assert_one_line(child_run("tasks", "--db", "foo://bar"), 2)
    assert_one_line(child_run("export", "tasks", "--out", str(tmp_path / "x" / "t.csv"),
                              "--db", db), 1)


# ---------------------------------------------------------------------------------------------
# The one place that turns an exception into a line (cli.run_command).

def _raising(exc: BaseException) -> argparse.Namespace:
    def handler(_args: argparse.Namespace) -> int:
        raise exc

    return argparse.Namespace(command="probe", handler=handler)


def _sqlalchemy_error(reason: str) -> Exception:
    from sqlalchemy.exc import OperationalError

    return OperationalError("SELECT 1\nFROM x", {}, sqlite3.OperationalError(reason))


FAILURES = {
    "ours-multiline": (GiaobanError("dòng một\ndòng hai"), "dòng một dòng hai"),
    "not-found": (NotFound("Không tìm thấy cuộc giao ban số 7."), "số 7"),
    "disk-full": (OSError(errno.ENOSPC, "No space left on device", "/x/a.pdf"), "đầy"),
    "permission": (PermissionError(errno.EACCES, "Permission denied", "/x/a.pdf"), "quyền"),
    "read-only-disk": (OSError(errno.EROFS, "Read-only file system", "/x"), "chỉ cho phép đọc"),
    "exists": (FileExistsError(errno.EEXIST, "File exists", "/x"), "đã có"),
    "os-no-name": (OSError(errno.EIO, "I/O error"), "I/O error"),
    "sqlite-locked": (sqlite3.OperationalError("database is locked"), "chương trình khác"),
    "sqlite-malformed": (sqlite3.DatabaseError("database disk image is malformed"), "hỏng"),
    "sqlalchemy-full": (_sqlalchemy_error("database or disk is full"), "đầy"),
    "sqlalchemy-no-table": (_sqlalchemy_error("no such table: task"), "no such table: task"),
    "sqlalchemy-io": (_sqlalchemy_error("disk I/O error"), "ổ đĩa"),
    "sqlalchemy-other": (_sqlalchemy_error("something\nelse"), "something else"),
}


@pytest.mark.parametrize("case", FAILURES.values(), ids=FAILURES.keys())
def test_every_known_failure_is_one_line_and_exit_1(case, capsys):
    exc, fragment = case
    assert cli.run_command(_raising(exc)) == 1
    captured = capsys.readouterr()
    assert_one_line(Run(1, captured.out, captured.err), 1, fragment)
    assert captured.err.startswith("Lỗi: ")
    assert "Background on this error" not in captured.err and "SELECT" not in captured.err


def test_a_bug_is_one_line_with_its_traceback_in_the_log(capsys):
    from giaoban.commands.failures import log_path

    assert cli.run_command(_raising(ZeroDivisionError("chia\ncho không"))) == 1
    err = capsys.readouterr().err
    assert_one_line(Run(1, "", err), 1, "Lỗi không mong đợi: chia cho không")
    assert str(log_path()) in err
    assert "ZeroDivisionError" in log_path().read_text(encoding="utf-8")


def test_warnings_and_stray_log_records_stay_off_the_terminal(capsys):
    from giaoban.commands.failures import log_path

    def noisy(_args: argparse.Namespace) -> int:
        warnings.warn("Unknown extension is not supported and will be removed", UserWarning,
                      stacklevel=1)
        logging.getLogger("some.library").warning("a stray warning")
        return 0

    root = logging.getLogger()
    saved, root.handlers = root.handlers, []  # as in a plain console run: nobody listens
    try:
        assert cli.run_command(argparse.Namespace(command="probe", handler=noisy)) == 0
    finally:
        root.handlers = saved
    assert capsys.readouterr().err == ""
    log = log_path().read_text(encoding="utf-8")
    assert "Unknown extension" in log and "a stray warning" in log


# ---------------------------------------------------------------------------------------------
# Hypothesis: command lines built from the real subcommands, with odd values.

TRIED: dict[int, int] = {}


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _safe(token: str) -> bool:
    """No "--" (it would turn the final --db into a positional), no device or absolute path
    (/dev/stdin would wait for input); NUL cannot be in a real command line."""
    return token != "--" and "\0" not in token and not token.startswith("/")


ODD_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"),
                   max_size=12)
ODD = st.one_of(
    ODD_TEXT,
    st.sampled_from(["", " ", "-", "-1", "0", "0000", "9999-Q4", "2026-Q5", "Quý III/2026",
                     "2026", "2026-Q3", "1e9", "٢٠٢٦", "１", "NaN", "inf", "\n", "a\u2028b",
                     "\x1b[2J", "x" * 300, "--json", "-h", "--db", "'; DROP TABLE task; --"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from([2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**100]).map(str),
    st.integers(min_value=0, max_value=40).map(str),
    st.integers(min_value=1900, max_value=2300).map(str),
).filter(_safe)
DATES = st.one_of(st.dates().map(lambda d: d.isoformat()),
                  st.dates().map(lambda d: d.strftime("%d/%m/%Y")))
OUT_NAMES = st.builds(lambda stem, ext: stem + ext,
                      st.sampled_from(["out", "a-file/x", "no-such-folder/x", ".", "..", "x y"]),
                      st.sampled_from([".pdf", ".docx", ".xlsx", ".csv", ".ics", ".txt", ".db",
                                       ""]))
FILES = st.sampled_from([*BAD_SPREADSHEETS, "good.xlsx", "a-file", "demo-copy.db", "."])


def _numbers(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(str)


def _values(action: argparse.Action, hostile: bool) -> st.SearchStrategy[str]:
    """Plausible values for one argument; on a hostile line, odd ones one time in three."""
    from giaoban.commands import arguments

    by_type = {arguments.record_id: _numbers(-2, 40), arguments.year: _numbers(1940, 2210),
               arguments.result_limit: _numbers(-1, 20_000),
               arguments.days_ahead: _numbers(-2, 4000), arguments.day: DATES}
    specific: st.SearchStrategy[str]
    if action.choices:
        specific = st.sampled_from([str(c) for c in action.choices])
    elif action.type in by_type:
        specific = by_type[action.type]
    elif action.dest == "out":
        specific = OUT_NAMES
    elif action.dest == "file":
        specific = FILES
    elif action.dest in ("period", "period_from", "period_to"):
        specific = st.builds(lambda y, q: f"{y}-Q{q}" if q else str(y),
                             st.integers(1940, 2210), st.integers(0, 6))
    else:
        specific = ODD
    return st.one_of(specific, specific, ODD) if hostile else specific


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A subcommand with its arguments: a plausible line (values of the right kind, required
    options present) or, half the time, a hostile one (odd values, missing or shuffled
    arguments, extra words)."""
    commands = _subcommands()
    name = draw(st.sampled_from(sorted(commands)))
    hostile = draw(st.booleans())
    argv: list[str] = []
    for action in commands[name]._actions:
        if isinstance(action, argparse._HelpAction) or action.dest == "db":
            continue
        if not action.option_strings:  # positional: sometimes missing on a hostile line
            count = 1 if action.nargs is None else draw(st.integers(1, 3))
            if not hostile or draw(st.integers(0, 9)):
                argv += [draw(_values(action, hostile)) for _ in range(count)]
        elif (action.required and not hostile) or draw(st.booleans()):
            argv.append(draw(st.sampled_from(action.option_strings)))
            if action.nargs != 0:
                argv.append(draw(_values(action, hostile)))
    if hostile and draw(st.integers(0, 3)) == 0:
        argv = draw(st.permutations(argv))
    if hostile and draw(st.integers(0, 3)) == 0:  # something that does not belong
        argv += draw(st.lists(ODD, min_size=1, max_size=2))
    return [name, *argv]


@pytest.mark.timeout(300)
def test_any_command_line_ends_cleanly(db, place, record_property):
    (place / "demo-copy.db").write_bytes(Path(db).read_bytes())
    outcomes: dict[int, int] = {}

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(argv=command_lines())
    def check(argv: list[str]) -> None:
        # --db first and last: the last one wins, so no case reaches the default database.
        with contextlib.chdir(place):
            run = cli_run("--db", db, *argv, "--db", db)
        outcomes[run.code] = outcomes.get(run.code, 0) + 1
        assert run.code in (0, 1, 2), (argv, run)
        assert len(run.err.splitlines()) <= 1, (argv, run.err)
        assert "Traceback" not in run.err + run.out, (argv, run)
        if run.code:
            assert run.err.strip(), (argv, run)

    check()
    TRIED.update(outcomes)
    record_property("exit_codes", outcomes)
    print(f"\ncommand lines by exit code: {dict(sorted(outcomes.items()))}")

"""SIGKILL during restore, `backup --out` and the creation of a new database: nothing is left.

A helper process (tests/crash_steps.py) forks one child per command; the test kills it either at
a chosen point (a hook that stops there) or at a random moment. Afterwards: the live data is
whole (old or new, never a mix), temporary copies were beside the database (never in the system
temp folder), the next opening removes every leftover ('.part' files, staged copies, a half-made
new database), and a new database path holds either nothing or a complete database — never a
0-byte or schema-less file that every command would then refuse.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from giaoban.core.checks import check_database
from giaoban.core.db import open_database
from giaoban.core.scratch import scratch_dir
from giaoban.core.services import backups, directory
from giaoban.core.startup import open_context
from tests.backup_helpers import dump_tables, integrity

HELPER = Path(__file__).with_name("crash_steps.py")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")


class Helper:
    """The helper process: run a command in a fork, kill it at a point or after a delay."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HELPER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, bufsize=1, cwd=Path(__file__).parent.parent,
        )

    def run(self, argv: list[str], *, pause: str | None = None,
            kill_after: float | None = None) -> tuple[bool, list[str]]:
        """(killed, lines printed); killed is False when the command ended by itself."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"argv": argv, "pause": pause}) + "\n")
        self.proc.stdin.flush()
        first = self.proc.stdout.readline()
        assert first.startswith("PID "), first
        pid = int(first.split()[1])
        lines = []
        if pause is not None:
            for line in self.proc.stdout:
                lines.append(line)
                if line == f"AT {pause}\n":
                    break
                assert not line.startswith("END"), lines
            os.kill(pid, signal.SIGKILL)
        elif kill_after is not None:
            time.sleep(kill_after)
            with contextlib.suppress(ProcessLookupError):  # it ended by itself
                os.kill(pid, signal.SIGKILL)
        for line in self.proc.stdout:
            if line.startswith("END "):
                status = int(line.split()[1])
                return os.WIFSIGNALED(status), lines
            lines.append(line)
        raise AssertionError("helper ended")

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture
def helper():
    started = Helper()
    yield started
    started.close()


def _temp_restores() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("giaoban-restore-*")}


def _leftovers(folder: Path) -> list[str]:
    """Temporary things in ``folder`` and its backup folders (none after a clean opening)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.endswith(".part") or ".giaoban-tmp" in str(p))


@pytest.fixture
def live(tmp_path) -> Path:
    """A database with some data, and a backup of an earlier state to restore from."""
    path = tmp_path / "data" / "live.db"
    path.parent.mkdir()
    ctx = open_context(path)
    directory.create_person(ctx, full_name="Có trong bản sao lưu")
    backups.backup_now(ctx, tmp_path / "source.db")
    directory.create_person(ctx, full_name="Chỉ có trong dữ liệu đang dùng")
    ctx.db.dispose()
    return path


def _duration(helper: Helper, argv: list[str]) -> float:
    """Seconds a command takes through the helper when nobody kills it."""
    started = time.monotonic()
    killed, lines = helper.run(argv)
    assert not killed, lines
    return time.monotonic() - started


def _people(path: Path) -> set[str]:
    return {row[1] for row in dump_tables(path)["person"]}


@pytest.mark.parametrize("point", ["staged", "swap"])
def test_a_killed_restore_leaves_its_copy_beside_the_database_until_the_next_start(
        point, live, helper, tmp_path):
    before, temp_before = dump_tables(live), _temp_restores()
    killed, _lines = helper.run(["restore", str(tmp_path / "source.db"), "--db", str(live)],
                                pause=point)
    assert killed
    assert _temp_restores() == temp_before  # nothing in the system temp folder
    staged = list(scratch_dir(live).rglob("restore-source.db"))
    assert len(staged) == 1  # the copy was beside the database
    assert integrity(live) == ["ok"] and dump_tables(live) == before  # not replaced
    open_database(live, create=False).dispose()  # the next start
    assert not scratch_dir(live).exists() and _leftovers(live.parent) == []
    assert dump_tables(live) == before
    backups.restore_database(live, tmp_path / "source.db", user="tester")  # works again
    assert "Chỉ có trong dữ liệu đang dùng" not in _people(live)


@pytest.mark.parametrize("into_folder", [False, True], ids=["out", "backup-folder"])
def test_a_killed_backup_leaves_no_part_after_the_next_start(into_folder, live, helper,
                                                             tmp_path):
    out = tmp_path / "usb" / "copy.db"
    argv = ["backup", "--db", str(live)] + ([] if into_folder else ["--out", str(out)])
    killed, _lines = helper.run(argv, pause="part")
    assert killed
    parts = list(tmp_path.rglob("*.part"))
    assert len(parts) == 1 and not out.exists()
    open_database(live, create=False).dispose()
    assert list(tmp_path.rglob("*.part")) == [] and not scratch_dir(live).exists()
    killed, lines = helper.run(argv)
    assert not killed and "Đã sao lưu" in "".join(lines)
    assert list(tmp_path.rglob("*.part")) == []


def test_a_killed_restore_into_a_missing_file_leaves_no_part(live, helper, tmp_path):
    target = tmp_path / "data" / "new-home.db"
    killed, _lines = helper.run(["restore", str(tmp_path / "source.db"), "--db", str(target)],
                                pause="part")
    assert killed and not target.exists()
    assert (target.parent / "new-home.db.part").exists()
    killed, lines = helper.run(["restore", str(tmp_path / "source.db"), "--db", str(target)])
    assert not killed and "Đã khôi phục" in "".join(lines)
    assert _leftovers(target.parent) == []
    assert "Có trong bản sao lưu" in _people(target)


def test_a_killed_creation_leaves_no_file_at_the_path(helper, tmp_path, capsys):
    from giaoban.cli import main

    path = tmp_path / "new.db"
    killed, _lines = helper.run(["demo", "--db", str(path)], pause="link")
    assert killed
    assert not path.exists()  # schema complete but never linked: no 0-byte, no half file
    assert scratch_dir(path).exists()
    assert main(["tasks", "--db", str(path)]) == 1
    assert "Không tìm thấy tệp dữ liệu" in capsys.readouterr().err  # missing, not "damaged"
    assert not scratch_dir(path).exists()  # ...and the leftover went at that start
    killed, lines = helper.run(["demo", "--db", str(path)])
    assert not killed and "Đã nạp dữ liệu mẫu" in "".join(lines)
    assert check_database(path).ok


@pytest.mark.timeout(180)
def test_random_kills_while_creating_backing_up_and_restoring(live, helper, tmp_path,
                                                               record_property):
    """Kills at random moments: every file sound, old or new, and nothing left after opening."""
    rng = random.Random(20261130)
    source = tmp_path / "source.db"
    old_people, new_people = _people(live), _people(source)
    # How long each command takes here when left alone: the kills are drawn within that, so
    # they land mid-way on a fast machine as on a slow one (fixed delays outlasted the commands
    # once they got quicker). Restore is timed on a copy, so the live data starts as it was.
    spare = tmp_path / "calibrate"
    spare.mkdir()
    shutil.copy(live, spare / "live.db")
    spans = {kind: _duration(helper, argv) for kind, argv in (
        ("create", ["demo", "--db", str(spare / "fresh.db")]),
        ("backup", ["backup", "--db", str(live), "--out", str(spare / "copy.db")]),
        ("restore", ["restore", str(source), "--db", str(spare / "live.db")]))}
    counts = {"create": 0, "backup": 0, "restore": 0}
    killed_total = 0
    started = time.monotonic()
    for round_no in range(36):
        kind = ("create", "backup", "restore")[round_no % 3]
        delay = rng.random() * spans[kind] * 0.8
        if kind == "create":
            path = tmp_path / f"fresh-{round_no}.db"
            killed, _ = helper.run(["demo", "--db", str(path)], kill_after=delay)
            assert not path.exists() or path.stat().st_size > 0
            if path.exists():  # linked: complete, whatever the demo had written by then
                assert integrity(path) == ["ok"]
                report = check_database(path)
                assert report.ok, report.lines
            open_database(path).dispose()
            assert not scratch_dir(path).exists()
        elif kind == "backup":
            out = tmp_path / "usb" / f"copy-{round_no}.db"
            killed, _ = helper.run(["backup", "--db", str(live), "--out", str(out)],
                                   kill_after=delay)
            if out.exists():
                assert integrity(out) == ["ok"]
        else:
            killed, _ = helper.run(["restore", str(source), "--db", str(live)],
                                   kill_after=delay)
            assert integrity(live) == ["ok"]
            assert _people(live) in (old_people, new_people), f"round {round_no}: a mix"
            old_people = _people(live)
        open_database(live, create=False).dispose()
        assert _leftovers(tmp_path) == [], f"round {round_no} ({kind})"
        counts[kind] += 1
        killed_total += killed
    record_property("rounds", counts)
    record_property("killed", killed_total)
    print(f"\nrounds {counts}, killed mid-way {killed_total}, spans {spans}, "
          f"{time.monotonic() - started:.1f} s")
    assert killed_total >= 12  # the kills really landed while the commands ran


def test_a_work_folder_in_use_is_never_cleaned(tmp_path):
    """A program at work holds its folder's lock: another program's start leaves it alone; a
    lock nobody holds, with no folder yet, is only taken for a leftover once it is old."""
    from giaoban.core.scratch import BIRTH_SECONDS, clean_leftovers, work_folder

    db = tmp_path / "x.db"
    with work_folder(db) as work:
        (work.folder / "staged.db").write_bytes(b"data")
        assert clean_leftovers(db) == []
        assert (work.folder / "staged.db").exists()
    assert not scratch_dir(db).exists()  # removed when done
    scratch_dir(db).mkdir()
    newborn = scratch_dir(db) / "w1-abcd.lock"
    newborn.touch()
    assert clean_leftovers(db) == [] and newborn.exists()
    old = newborn.stat().st_mtime - BIRTH_SECONDS - 5
    os.utime(newborn, (old, old))
    assert clean_leftovers(db) == [scratch_dir(db) / "w1-abcd"]
    assert not scratch_dir(db).exists()


def test_a_program_killed_while_tidying_up_leaves_nothing_after_the_next_open(tmp_path):
    """Killed after dropping its lock but before removing its folder: the folder is an orphan
    the next cleaning removes (with the part it noted); a lock still being born stays."""
    from giaoban.core.scratch import clean_leftovers

    db = tmp_path / "live.db"
    scratch = scratch_dir(db)
    orphan = scratch / "w4242-deadbeef"
    orphan.mkdir(parents=True)
    part = tmp_path / "usb" / "copy.db.part"
    part.parent.mkdir()
    part.write_bytes(b"half a backup")
    (orphan / "parts").write_text(f"{part}\n", encoding="utf-8")
    newborn = scratch / "w4343-cafef00d.lock"  # made a moment ago, its folder not yet
    newborn.touch()
    removed = clean_leftovers(db)
    assert removed == [orphan]
    assert not orphan.exists() and not part.exists()
    assert newborn.exists()


def test_a_lock_whose_maker_died_before_its_folder_goes_at_once(tmp_path):
    """Killed between making its lock and its folder, a program on this computer leaves a lock
    whose name carries its (now gone) process id: the next open removes it without waiting; a
    lock named by a process still running is left to be born."""
    from giaoban.core.scratch import _HOST, clean_leftovers

    db = tmp_path / "live.db"
    scratch = scratch_dir(db)
    scratch.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        dead_lock = scratch / f"w{gone.pid}-{_HOST}-0badf00d.lock"
        live_lock = scratch / f"w{alive.pid}-{_HOST}-600dcafe.lock"
        dead_lock.touch()
        live_lock.touch()
        assert clean_leftovers(db) == [scratch / f"w{gone.pid}-{_HOST}-0badf00d"]
        assert not dead_lock.exists() and live_lock.exists()
    finally:
        alive.kill()
        alive.wait()

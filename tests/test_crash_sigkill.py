"""SIGKILL at random moments: the file stays sound and holds exactly the committed records.

A writer process (tests/crash_writer.py, started with subprocess, forking one writer per round
from a warm parent) writes through the real services and prints each id after its transaction
committed; the test kills the writer with SIGKILL at a random moment, then opens the database
the way the program does, runs PRAGMA integrity_check and compares what is there with what was
printed: every printed record present and unchanged, at most one committed-but-unprinted
transaction beyond them, and no transaction half-written (a briefing always has its 3
aspirations, a person always has its audit event).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from giaoban.core.db import open_database
from giaoban.core.models import Aspiration, AuditEvent, Briefing, Person
from giaoban.core.startup import open_context
from tests.backup_helpers import integrity

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 60
TIME_BUDGET = 20.0

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")


def _state(db: Path) -> tuple[dict[int, str], set[int], dict[int, int], set[int]]:
    """People, briefings, aspirations per briefing, people with a create audit event."""
    opened = open_database(db, create=False)  # the real opening path: inspect, check, migrate
    try:
        with Session(opened.engine) as s:
            people = {p.id: p.full_name for p in s.exec(select(Person))}
            briefings = set(s.exec(select(Briefing.id)))
            per_briefing = dict(s.exec(
                select(Aspiration.briefing_id, func.count()).group_by(Aspiration.briefing_id)
            ).all())
            audited = set(s.exec(select(AuditEvent.entity_id).where(
                AuditEvent.entity == "person", AuditEvent.action == "create")))
    finally:
        opened.dispose()
    return people, briefings, per_briefing, audited


def _kill_round(proc: subprocess.Popen, round_no: int, delay: float) -> list[str]:
    """Start a writer, let it write for ``delay`` seconds, SIGKILL it; the lines it printed."""
    proc.stdin.write(f"go {round_no}\n")
    proc.stdin.flush()
    first = proc.stdout.readline()
    assert first.startswith("PID "), first
    pid = int(first.split()[1])
    assert proc.stdout.readline() == "READY\n"
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    lines = []
    for line in proc.stdout:
        if line.startswith(f"END {round_no}"):
            break
        if line.endswith("\n") and f"END {round_no}" not in line:
            lines.append(line)
    return lines


@pytest.mark.timeout(120)
def test_sigkill_never_loses_or_tears_a_committed_transaction(tmp_path, record_property):
    db = tmp_path / "crash.db"
    open_context(db).db.dispose()
    rng = random.Random(20261129)
    people, briefings, _per, _aud = _state(db)
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, bufsize=1, cwd=Path(__file__).parent.parent,
    )
    started = time.monotonic()
    survived = committed = 0
    try:
        for round_no in range(1, ROUNDS + 1):
            delay = rng.choice([0.0, 0.0005, 0.002, 0.01]) + rng.random() * 0.2
            printed_people: dict[int, str] = {}
            printed_briefings: set[int] = set()
            for line in _kill_round(proc, round_no, delay):
                kind, ident, *rest = line.rstrip("\n").split(" ", 2)
                if kind == "P":
                    printed_people[int(ident)] = rest[0]
                else:
                    printed_briefings.add(int(ident))

            assert integrity(db) == ["ok"], f"round {round_no}"
            now_people, now_briefings, per_briefing, audited = _state(db)
            for pid, name in printed_people.items():
                assert now_people.get(pid) == name, f"round {round_no}: person {pid} lost"
            assert printed_briefings <= now_briefings, f"round {round_no}: briefing lost"
            assert people.items() <= now_people.items() and briefings <= now_briefings
            unprinted = len(now_people.keys() - people.keys() - printed_people.keys()) + len(
                now_briefings - briefings - printed_briefings)
            assert unprinted <= 1, f"round {round_no}: {unprinted} unprinted transactions"
            assert all(per_briefing.get(b) == 3 for b in now_briefings), "briefing half-written"
            assert now_people.keys() - people.keys() <= audited, "a person without its audit"
            committed += len(printed_people) + len(printed_briefings)
            people, briefings = now_people, now_briefings
            survived += 1
            if time.monotonic() - started > TIME_BUDGET and survived >= 30:
                break
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    record_property("rounds_survived", survived)
    record_property("transactions_committed", committed)
    print(f"\nSIGKILL rounds survived: {survived}, committed transactions checked: {committed}, "
          f"{time.monotonic() - started:.1f} s")
    assert survived >= 30
    assert committed > survived  # the kills really landed in the middle of writing

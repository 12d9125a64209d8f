"""Child process of the crash test: writes records through the real services until killed.

Usage: python tests/crash_writer.py DB_PATH. Started once with subprocess, it imports everything
and then, for each line "go ROUND" on stdin, forks a writer and prints "PID <pid>". The writer
opens the database itself (nothing is shared across the fork), prints "READY", then after each
commit prints one line and flushes (one write, shorter than PIPE_BUF, so never torn):
"P <person id> <name>" for a person (one create_person transaction: row + audit event) or
"B <briefing id>" for a briefing written together with its 3 aspirations in one transaction.
The test kills the writer with SIGKILL at a random moment; this process reaps it and prints
"END ROUND". Forking from a warm process keeps each round quick (no Python start-up per kill).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from sqlmodel import select

from giaoban.core.context import AppContext
from giaoban.core.db import open_database
from giaoban.core.models import Aspiration, Briefing, Organization
from giaoban.core.services.directory import create_person


def write_until_killed(path: Path, round_no: int) -> None:
    """The writer: real services, real transactions, one printed line per commit."""
    db = open_database(path, create=False, migrate=False)
    ctx = AppContext(db=db, user="crash-test")
    with ctx.session() as session:
        org_id = session.exec(select(Organization.id)).first()
    out = sys.stdout
    out.write("READY\n")
    out.flush()
    i = 0
    while True:
        i += 1
        if i % 4 == 0:
            with ctx.transaction() as s:
                briefing = Briefing(year=2026, quarter=(i // 4) % 4 + 1,
                                    title=f"Giao ban vòng {round_no} số {i}")
                s.add(briefing)
                s.flush()
                for k in range(3):
                    s.add(Aspiration(briefing_id=briefing.id, organization_id=org_id,
                                     raised_on=dt.date(2026, 11, 1),
                                     content=f"Kiến nghị {k} của giao ban {briefing.id}"))
            out.write(f"B {briefing.id}\n")
        else:
            name = f"Cán bộ vòng {round_no} số {i}"
            person = create_person(ctx, full_name=name)
            out.write(f"P {person.id} {name}\n")
        out.flush()


def main() -> None:
    path = Path(sys.argv[1])
    from giaoban.core import migrations  # noqa: F401  (imported once here, not in every writer)

    warm = open_database(path, create=False, migrate=False)  # and checked once; closed before fork
    warm.dispose()
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] != "go":
            break
        round_no = int(words[1])
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(path, round_no)
            finally:
                os._exit(1)
        sys.stdout.write(f"PID {pid}\n")
        sys.stdout.flush()
        os.waitpid(pid, 0)
        sys.stdout.write(f"END {round_no}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Child process of the crash-leftover tests: runs `giaoban` commands in forks the test kills.

Usage: python tests/crash_steps.py. Started once with subprocess, it imports the program and then,
for each JSON line {"argv": [...], "pause": POINT or null} on stdin, forks a child that prints
"PID <pid>" and runs ``giaoban.cli.main(argv)``; with a POINT the child first installs a hook that
prints "AT <POINT>" and sleeps when the command reaches that point, so the test kills it exactly
there. This process reaps the child and prints "END <exit status>". Points:

- ``staged``: restore, right after the chosen file was copied beside the database and checked;
- ``swap``: restore, after the backup of the current data, before the data is replaced;
- ``part``: any copy (backup --out, restore into a missing file), its '.part' complete, not renamed;
- ``link``: creating a new database, schema complete, before it is linked into place.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

from giaoban.cli import main as giaoban_main
from giaoban.core import backup, db
from giaoban.core.services import backups


def _stop(point: str) -> None:
    sys.stdout.write(f"AT {point}\n")
    sys.stdout.flush()
    while True:
        time.sleep(60)


def _install(point: str | None) -> None:
    if point == "staged":
        verify = backups.verify_database_file

        def verified(*args: Any, **kwargs: Any) -> Any:
            result = verify(*args, **kwargs)
            _stop(point)
            return result

        backups.verify_database_file = verified  # type: ignore[assignment]
    elif point == "swap":
        backups.backup.copy_into_live_file = lambda *a, **k: _stop(point)  # type: ignore[assignment]
    elif point == "part":
        replace = os.replace

        def replaced(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if str(src).endswith(".part"):
                _stop(point)
            replace(src, dst, *args, **kwargs)

        backup.os.replace = replaced  # type: ignore[assignment]  (the os module: the child's own)
    elif point == "link":
        db.os.link = lambda *a, **k: _stop(point)  # type: ignore[assignment]


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            break
        order = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            code = 3
            try:
                sys.stdout.write(f"PID {os.getpid()}\n")
                sys.stdout.flush()
                _install(order.get("pause"))
                code = giaoban_main(order["argv"])
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _pid, status = os.waitpid(pid, 0)
        sys.stdout.write(f"END {status}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

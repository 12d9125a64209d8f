"""One clock: the program reads the wall clock only in core/clock.py; everything else asks ctx.

A call such as ``datetime.now()`` elsewhere makes the program's answer depend on the day a test
runs (the suite once passed only on the day it was written) and escapes the context's pinned time.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from giaoban.core.clock import Clock
from giaoban.core.models import AuditEvent, Task, TaskUpdate
from giaoban.core.services import backups, directory, tasks

SRC = Path(__file__).resolve().parents[1] / "src" / "giaoban"

# Attribute chains that read the wall clock (the tail of a dotted name, e.g. "dt.date.today").
CLOCK_READS = {
    ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
    ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"),
    ("time", "ctime"), ("time", "asctime"), ("time", "strftime"),
    ("QDate", "currentDate"), ("QTime", "currentTime"), ("QDateTime", "currentDateTime"),
    ("QDateTime", "currentDateTimeUtc"), ("QDateTime", "currentSecsSinceEpoch"),
    ("QDateTime", "currentMSecsSinceEpoch"),
}
FROM_IMPORTS = {("time", "time"), ("time", "time_ns"), ("time", "localtime")}

# Where reading the clock is the point.
ALLOWED = {
    "core/clock.py": "defines the clock every context holds",
    "ui/bench_hook.py": "a timing: the moment the window is shown, for `make bench`",
}


def clock_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for every reference to a wall-clock function in a module's syntax tree."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name | ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
            if (owner, node.attr) in CLOCK_READS:
                found.append((node.lineno, f"{owner}.{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.lineno, f"from {node.module} import {a.name}") for a in node.names
                      if (node.module, a.name) in FROM_IMPORTS]
    return found


def test_the_checker_finds_each_way_of_reading_the_clock():
    source = (
        "import datetime as dt\nimport time\nfrom time import time_ns\n"
        "a = dt.datetime.now()\nb = dt.date.today\nc = time.time()\n"
        "d = QDate.currentDate()\ne = datetime.utcnow()\nf = ctx.today()\ng = ctx.clock.now()\n"
    )
    assert sorted(what for _line, what in clock_reads(ast.parse(source))) == sorted([
        "from time import time_ns", "datetime.now", "date.today", "time.time",
        "QDate.currentDate", "datetime.utcnow",
    ])


def test_only_the_clock_module_reads_the_wall_clock():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative in ALLOWED:
            continue
        for line, what in clock_reads(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{relative}:{line}: {what}")
    assert offenders == [], "read ctx.now()/ctx.today() instead:\n" + "\n".join(offenders)


def test_allowed_files_exist():
    """An allowance for a file that was renamed would silently stop meaning anything."""
    assert all((SRC / name).is_file() for name in ALLOWED)


@pytest.mark.parametrize("day", [dt.date(2027, 1, 1), dt.date(2028, 2, 29), dt.date(2027, 3, 31)])
def test_every_stored_moment_follows_the_pinned_clock(ctx, day):
    """Row and audit timestamps, the ones a service sets and the ones the session fills in, and
    backup names all come from the context's clock."""
    ctx.clock = Clock.at(day, dt.time(10, 30))
    lead = directory.list_organizations(ctx)[0].id
    task = tasks.create_task(ctx, title="Nhiệm vụ có giờ", lead_unit_id=lead,
                             assigned_on=day, due_on=day + dt.timedelta(days=30))
    tasks.complete_task(ctx, task.id, completed_on=day)
    made = backups.backup_now(ctx)
    assert f"-{day:%Y%m%d}-103000-manual" in made.name
    with ctx.session() as s:
        stored = s.get(Task, task.id)
        events = s.exec(select(AuditEvent).where(AuditEvent.entity == "task")).all()
        updates = s.exec(select(TaskUpdate).where(TaskUpdate.task_id == task.id)).all()
    moments = [stored.created_at, stored.updated_at, *(e.at for e in events),
               *(u.created_at for u in updates)]
    pinned = dt.datetime.combine(day, dt.time(10, 30)).astimezone().astimezone(dt.UTC)
    assert len(moments) >= 5
    assert all(dt.timedelta(0) <= m.replace(tzinfo=dt.UTC) - pinned < dt.timedelta(seconds=1)
               for m in moments), moments


def test_the_system_clock_is_the_default_and_agrees_with_itself():
    clock = Clock()
    now = clock.now()
    assert now.tzinfo is not None
    assert clock.today() in {now.date(), now.date() + dt.timedelta(days=1)}
    pinned = Clock.at(dt.date(2028, 2, 29))
    assert pinned.today() == dt.date(2028, 2, 29)
    assert pinned.now() < pinned.now()  # time moves on, the day stays

"""The benchmark database: ``giaoban demo --size large`` built once and cached in bench/cache/.

The cache is keyed on the schema head and a hash of the code that shapes the data (demo, its
texts, the search hooks that fill folded columns, this module), so it is rebuilt when any of them
changes. Building it *is* the measurement of ``giaoban demo --size large``. Two briefings are added
for the cases: the newest 200-aspiration briefing is topped up to 100 tasks, and the long
briefing of the document tests (60 attendees, 40 aspirations, 30 tasks) is inserted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "giaoban"
KEY_FILES = ("core/demo.py", "core/demo_content.py", "core/search.py")
BIG_ASPIRATIONS, BIG_TASKS = 200, 100


@dataclass
class Dataset:
    """A cached database and what the cases need to know about it."""

    path: Path
    size: str
    demo_s: float
    built_at: str
    rebuilt: bool
    big_briefing_id: int
    long_briefing_id: int


def cache_key(size: str) -> str:
    """Schema head + hash of the data-shaping code: a new key means a new cache."""
    from giaoban.core import migrations

    digest = hashlib.sha256(size.encode())
    for name in KEY_FILES:
        path = SRC / name
        digest.update(name.encode() + (path.read_bytes() if path.exists() else b"-"))
    digest.update(Path(__file__).read_bytes())
    return f"{migrations.head()}-{digest.hexdigest()[:16]}"


def giaoban_command() -> list[str]:
    """The installed ``giaoban`` console script next to this interpreter, or ``-m giaoban``."""
    script = Path(sys.executable).with_name("giaoban")
    return [str(script)] if script.exists() else [sys.executable, "-m", "giaoban"]


def load(cache_dir: Path, size: str, *, fresh: bool = False) -> Dataset:
    """The cached dataset, rebuilt first if missing, stale, or ``fresh`` is asked."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    db_path, meta_path = cache_dir / f"{size}.db", cache_dir / f"{size}.json"
    key = cache_key(size)
    meta: dict[str, Any] = {}
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    rebuilt = fresh or meta.get("key") != key or not db_path.exists()
    if rebuilt:
        meta = build(db_path, size)
        meta["key"] = key
        meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return Dataset(path=db_path, size=size, demo_s=meta["demo_s"], built_at=meta["built_at"],
                   rebuilt=rebuilt, big_briefing_id=meta["big_briefing_id"],
                   long_briefing_id=meta["long_briefing_id"])


def build(db_path: Path, size: str) -> dict[str, Any]:
    """Run ``giaoban demo`` into a new file (timed), add the case briefings, move it in place."""
    building = db_path.with_suffix(".building.db")
    remove_db(building)
    print(f"bench: building the {size} demo database (giaoban demo --size {size}) …", flush=True)
    start = time.perf_counter()
    subprocess.run([*giaoban_command(), "demo", "--size", size, "--db", str(building)],
                   check=True, stdout=subprocess.DEVNULL)
    demo_s = time.perf_counter() - start
    big, long_ = add_case_briefings(building)
    checkpoint(building)
    remove_db(db_path)
    building.replace(db_path)
    return {"demo_s": demo_s, "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "big_briefing_id": big, "long_briefing_id": long_}


def add_case_briefings(path: Path) -> tuple[int, int]:
    """Top the newest biggest briefing up to 100 tasks; insert the long briefing of the tests."""
    from sqlalchemy import func, insert
    from sqlmodel import select
    from tests.documents_fixtures import insert_long_briefing

    from giaoban.core.models import Aspiration, Briefing, Organization, Task
    from giaoban.core.search_text import fill_rows
    from giaoban.core.startup import open_context

    ctx = open_context(path)
    try:
        with ctx.transaction() as s:
            count = func.count(Aspiration.id)
            big_id, _n = s.exec(
                select(Aspiration.briefing_id, count).where(Aspiration.briefing_id.is_not(None))  # type: ignore[union-attr]
                .group_by(Aspiration.briefing_id).order_by(count.desc(), Aspiration.briefing_id.desc())  # type: ignore[union-attr]
            ).first()
            briefing = s.get(Briefing, big_id)
            have = s.exec(select(func.count(Task.id)).where(Task.briefing_id == big_id)).one()
            aspiration_ids = s.exec(select(Aspiration.id).where(Aspiration.briefing_id == big_id)).all()
            lead_ids = s.exec(select(Organization.id)).all()
            held = briefing.held_on or ctx.today()
            rows: list[dict[str, Any]] = []
            for index in range(max(0, BIG_TASKS - have)):
                rows.append({
                    "title": f"Giải quyết kiến nghị số {index + 1} của cử tri", "detail": "",
                    "briefing_id": big_id, "aspiration_id": aspiration_ids[index % len(aspiration_ids)],
                    "lead_unit_id": lead_ids[index % len(lead_ids)], "assigned_on": held,
                    "due_on": held + dt.timedelta(days=30 + index % 90), "priority": "normal",
                    "status": "in_progress", "completed_on": None, "conclusion_id": None,
                    "result": "", "cancel_reason": "", "created_at": ctx.now_utc(), "updated_at": ctx.now_utc(),
                    "deleted_at": None,
                })
            fill_rows(Task, rows)
            if rows:
                s.execute(insert(Task), rows)
        long_id = insert_long_briefing(ctx)
    finally:
        ctx.db.dispose()
    return int(big_id), int(long_id)


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so one file is the whole database."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def working_copy(dataset: Dataset, folder: Path) -> Path:
    """A throw-away copy for this run, so nothing a case writes reaches the cache."""
    target = folder / f"{dataset.size}.db"
    remove_db(target)
    shutil.copyfile(dataset.path, target)
    target.chmod(0o600)
    return target

"""No lost update with two real connections, on SQLite and PostgreSQL (issue 17, item 7):
a thousand interleaved saves, two saves at the same moment, a write that read its row unlocked,
and revision 0007 on an office's older database."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from giaoban.core import conflicts, migrations
from giaoban.core.conflicts import RecordConflict
from giaoban.core.context import AppContext
from giaoban.core.errors import RecordChanged
from giaoban.core.models import Aspiration, Task
from giaoban.core.services import aspirations
from tests.conflict_pair import BACKENDS, TODAY, Pair, two_people

SAVES = 1000
FORM = ("content", "locality", "people_concerned", "response", "status")


@pytest.fixture(params=BACKENDS)
def pair(request, tmp_path):
    with two_people(request, tmp_path) as people:
        yield people


def _aspiration(ctx: AppContext, unit: int) -> int:
    row = aspirations.create_aspiration(ctx, organization_id=unit, raised_on=TODAY,
                                        content="Đề nghị sửa đường liên thôn")
    assert row.id is not None
    return row.id


def _save(ctx: AppContext, asp: int, opened: dict[str, Any],
          change: Callable[[dict[str, Any]], dict[str, Any]]) -> tuple[dict[str, Any], int]:
    """Save the whole form as a person does: what they opened with their change; on a conflict
    they look at what is stored now and make their change to that. The record as the save
    left it (what the form shows next), and how many tries it took."""
    tries = 0
    while True:
        tries += 1
        values = {**{key: opened[key] for key in FORM}, **change(opened)}
        try:
            saved = aspirations.update_aspiration(ctx, asp, opened=opened, **values)
        except RecordConflict as conflict:
            assert tries < 5, "a conflict that does not go away"
            opened = conflict.stored
            continue
        return conflicts.snapshot(saved), tries


@pytest.mark.timeout(120)  # ~10-20 s per backend; a loaded machine takes longer
def test_no_update_is_lost_across_a_thousand_interleaved_saves(pair: Pair):
    """Two people keep the same record open and save in a random order, each from what they
    last opened (often stale): every accepted line is in the answer, in the order saved, each
    save moved the version by exactly one, and a field only one of them changed is theirs."""
    p = pair
    asp = _aspiration(p.a, p.unit(1))
    people = {"a": p.a, "b": p.b}
    opened = {who: conflicts.current(ctx, "aspiration", asp) for who, ctx in people.items()}
    chance = random.Random(17)
    lines: list[str] = []
    places: list[str] = []
    asked = 0
    started = time.perf_counter()
    for number in range(SAVES):
        who = chance.choice("ab")
        ctx = people[who]
        line = f"{who}{number};"
        if chance.random() < 0.2:  # now and then a change of another field only
            place = f"Thôn {number}"
            reopened, tries = _save(ctx, asp, opened[who], lambda _o, place=place: {
                "locality": place})
            places.append(place)
        else:
            reopened, tries = _save(ctx, asp, opened[who], lambda o, line=line: {
                "response": o["response"] + line})
            lines.append(line)
        asked += tries - 1
        if chance.random() < 0.75:  # the saver's form shows the saved record, or stays as it was
            opened[who] = reopened
    elapsed = time.perf_counter() - started
    with p.b.session() as session:
        row = session.get(Aspiration, asp)
        assert row is not None
        assert row.response == "".join(lines)
        assert row.locality == places[-1]
        assert row.content == "Đề nghị sửa đường liên thôn"
        assert row.version == 1 + SAVES  # every accepted save, once; a refused one wrote nothing
    assert 100 < asked < SAVES  # the interleaving really met stale forms
    assert elapsed < 100, f"{SAVES} saves took {elapsed:.1f} s"
    print(f"{p.backend}: {SAVES} saves, {asked} conflicts asked, {elapsed:.1f} s")


def test_two_saves_at_the_same_moment_give_exactly_one_conflict(pair: Pair, monkeypatch):
    """Both save the same field from the same opened record, their transactions overlapping
    (each pauses after reading the row): one is saved, the other gets the conflict, never both
    saved and never a lost answer."""
    p = pair
    asp = _aspiration(p.a, p.unit(1))
    check = aspirations.clean_aspiration

    def slow_check(*args: Any, **kwargs: Any) -> dict[str, Any]:
        time.sleep(0.15)  # inside the write transaction, the row read: the other one comes in
        return check(*args, **kwargs)

    monkeypatch.setattr(aspirations, "clean_aspiration", slow_check)
    for round_ in range(4):
        opened = conflicts.current(p.a, "aspiration", asp)
        start = threading.Barrier(2)
        outcome: dict[str, Any] = {}

        def save(who: str, ctx: AppContext, text: str, opened: dict = opened,
                 start: threading.Barrier = start, outcome: dict = outcome) -> None:
            start.wait()
            try:
                aspirations.update_aspiration(ctx, asp, opened=opened, response=text)
                outcome[who] = text
            except RecordConflict as conflict:
                outcome[who] = conflict
            except Exception as exc:  # reported by the assertion below
                outcome[who] = exc

        threads = [threading.Thread(target=save, args=(who, ctx, f"{who} lần {round_}"))
                   for who, ctx in (("a", p.a), ("b", p.b))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        saved = [value for value in outcome.values() if isinstance(value, str)]
        refused = [value for value in outcome.values() if isinstance(value, RecordConflict)]
        assert len(saved) == 1 and len(refused) == 1, outcome
        assert [f.field for f in refused[0].fields] == ["response"]
        assert refused[0].stored["response"] == saved[0]
        with p.a.session() as session:
            assert session.get(Aspiration, asp).response == saved[0]


def test_a_write_that_read_its_row_unlocked_is_refused_not_lost(pg_ctx, pg_url):
    """On a server a write that read a row without locking it, while another connection
    changed the row, fails whole with a message (the version says so) instead of writing over
    that change."""
    from giaoban.core.startup import open_context

    ctx = pg_ctx
    other = open_context(pg_url, clock=ctx.clock)
    asp = _aspiration(ctx, 1)
    try:
        with pytest.raises(RecordChanged, match="người khác lưu"), ctx.transaction() as session:
            row = session.get(Aspiration, asp)
            assert row is not None
            aspirations.update_aspiration(other, asp, locality="Xã Gia Lạc")
            row.response = "Đã trả lời"
            session.add(row)
    finally:
        other.db.dispose()
    with ctx.session() as session:
        row = session.get(Aspiration, asp)
        assert (row.locality, row.response, row.version) == ("Xã Gia Lạc", "", 2)


def _migrate(engine: sa.Engine, revision: str, *, down: bool = False) -> None:
    """Run the shipped migrations up (or down) to ``revision`` on ``engine``'s database."""
    config = migrations.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


def _old_office(engine: sa.Engine) -> None:
    """A database at revision 0006 with a body, an aspiration and a task in it."""
    _migrate(engine, "0006")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO organization (name, short_name, abbreviation, kind, active, sort_order) "
            "VALUES ('Hội Nông dân tỉnh', '', 'HND', 'association', true, 0)"))
        conn.execute(sa.text(
            "INSERT INTO aspiration (organization_id, raised_on, kind, field, locality, "
            "people_concerned, content, status, response, position, search_text, created_at, "
            "updated_at) VALUES (1, '2026-10-01', 'petition', 'other', '', '', 'Kiến nghị cũ', "
            "'received', '', 0, 'kien nghi cu', '2026-10-01 00:00:00', '2026-10-01 00:00:00')"))
        conn.execute(sa.text(
            "INSERT INTO task (title, detail, lead_unit_id, assigned_on, priority, status, "
            "result, cancel_reason, search_text, created_at, updated_at) VALUES ('Nhiệm vụ cũ', "
            "'', 1, '2026-10-01', 'normal', 'not_started', '', '', 'nhiem vu cu', "
            "'2026-10-01 00:00:00', '2026-10-01 00:00:00')"))


def _upgraded_keeps_rows_at_version_one(engine: sa.Engine) -> None:
    _migrate(engine, "head")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() \
            == migrations.head()
        for table in ("organization", "aspiration", "task", "person", "briefing"):
            versions = conn.execute(sa.text(f"SELECT version FROM {table}")).scalars().all()
            assert set(versions) <= {1}, table
        assert conn.execute(sa.text("SELECT title, version FROM task")).all() == [
            ("Nhiệm vụ cũ", 1)]
        assert conn.execute(sa.text("SELECT content FROM aspiration")).scalar() == "Kiến nghị cũ"


def test_0007_gives_an_older_file_versions_and_keeps_its_rows(tmp_path):
    from giaoban.core.clock import Clock
    from giaoban.core.db import APPLICATION_ID, sqlite_engine
    from giaoban.core.services import tasks
    from giaoban.core.startup import open_context

    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    engine = sqlite_engine(path)
    _old_office(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    engine.dispose()
    ctx = open_context(path, clock=Clock.at(TODAY))  # the program's own upgrade at opening
    try:
        _upgraded_keeps_rows_at_version_one(ctx.db.engine)
        tasks.update_task(ctx, 1, title="Nhiệm vụ cũ (sửa)")
        with ctx.session() as session:
            assert session.get(Task, 1).version == 2
    finally:
        ctx.db.dispose()


def test_0007_on_a_server_keeps_rows_and_sets_version_one(pg_server):
    name = f"giaoban_tpl_{os.getpid()}_v7"  # a killed run's copy is dropped by the next
    url = pg_server.create(name)
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        _old_office(engine)
        _upgraded_keeps_rows_at_version_one(engine)
        _migrate(engine, "0006", down=True)  # and back: the column goes, the rows stay
        with engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("task")}
            assert "version" not in columns
            assert conn.execute(sa.text("SELECT title FROM task")).scalar() == "Nhiệm vụ cũ"
    finally:
        engine.dispose()
        pg_server.drop(name)

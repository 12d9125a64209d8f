"""Issue 17's "Done when", end to end on the local PostgreSQL server.

A SQLite office is moved onto the server (giaoban copy). Two people log in as themselves —
logins made with ``giaoban server grant`` — a secretary and a leader, each in a real main
window on the same database. The leader's task list shows the secretary's new task without
F5; the leader cannot change it (the server refuses, nothing changes) but may add progress; a
second secretary's edit made meanwhile catches the first secretary's conflicting save; the
history names each of them. The office is then moved back into a new SQLite file with nothing
lost.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from giaoban.cli import main
from giaoban.core import conflicts, office_copy
from giaoban.core.clock import Clock
from giaoban.core.conflicts import RecordConflict
from giaoban.core.services import directory, tasks
from giaoban.core.services.history import list_history
from giaoban.core.startup import open_context
from giaoban.ui import live_refresh
from giaoban.ui.dialogs import ask
from giaoban.ui.operations import perform
from tests.pg_fixtures import PREFIX, TODAY, show_window
from tests.test_pg_copy import _rows

pytestmark = pytest.mark.timeout(180)
PASSWORD = "Mật khẩu văn phòng 2026!"


@pytest.fixture
def grant(pg_server, pg_url, monkeypatch):
    """``giaoban server grant LOGIN --role ROLE --password-stdin`` as an IT person types it;
    returns the login's own URL. The logins are dropped afterwards (they are the server's)."""
    made: list[str] = []

    def make(name: str, role: str) -> tuple[str, str]:
        login = f"{PREFIX}_{name}_{os.getpid()}"
        pg_server.admin.execute(f"DROP ROLE IF EXISTS {login}")
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert main(["server", "grant", login, "--role", role, "--password-stdin",
                     "--db", pg_url]) == 0
        made.append(login)
        database = str(sa.engine.make_url(pg_url).database)
        return login, pg_server.url_of(database, user=login, password=PASSWORD)

    yield make
    for login in made:
        pg_server.admin.execute(f"DROP ROLE IF EXISTS {login}")


@pytest.fixture
def office(demo_ctx) -> str:
    """A SQLite office with the small demo data in it."""
    demo_ctx.db.dispose()
    return str(demo_ctx.db.path)


def test_two_people_on_one_server_then_the_office_back_in_a_file(
        qtbot, office, pg_url, grant, tmp_path: Path, monkeypatch):
    # the SQLite office onto the server
    moved = office_copy.copy_office(office, pg_url)
    assert moved.total > 100
    secretary, secretary_url = grant("thu_ky", "secretary")
    other, other_url = grant("thu_ky_hai", "secretary")
    leader, leader_url = grant("lanh_dao", "leader")
    people = {who: open_context(url, clock=Clock.at(TODAY))
              for who, url in ((secretary, secretary_url), (other, other_url),
                               (leader, leader_url))}
    windows = []
    try:
        assert [ctx.user for ctx in people.values()] == [secretary, other, leader]
        windows = [show_window(qtbot, people[secretary]), show_window(qtbot, people[leader])]
        leader_window = windows[1]
        page = leader_window.show_area("tasks")
        shown = page.model.rowCount()
        assert shown > 0  # the demo's tasks came over

        # the secretary's new task appears in the leader's list without F5
        unit = directory.list_organizations(people[secretary])[0].id
        started = time.monotonic()
        made = tasks.create_task(people[secretary], title="Rà soát kiến nghị về đất đai",
                                 lead_unit_id=unit, assigned_on=TODAY,
                                 due_on=dt.date(2026, 12, 15))
        task_id = int(made.id or 0)
        qtbot.waitUntil(lambda: page.model.row_of(task_id) >= 0, timeout=15000)
        print(f"\nshown after {time.monotonic() - started:.3f} s")  # reported, not asserted
        assert page.model.rowCount() == shown + 1

        # the leader cannot change it: the server refuses, one clear message, nothing changed
        told: list[str] = []
        monkeypatch.setattr(ask, "show_error", lambda _parent, text, *_a, **_k: told.append(text))
        assert perform(leader_window, people[leader], "Sửa nhiệm vụ", tasks.update_task,
                       task_id, title="Lãnh đạo sửa tên") is None
        assert len(told) == 1 and leader in told[0] and "không có quyền" in told[0]
        assert tasks.get_task(people[secretary], task_id).title == made.title
        # … but may add progress, as their role allows
        tasks.add_update(people[leader], task_id, "Đề nghị báo cáo trước ngày 10/12", progress=10)

        # a conflicting edit is caught: both secretaries opened it, the other one saved first
        opened = conflicts.current(people[secretary], "task", task_id)
        tasks.update_task(people[other], task_id, opened=conflicts.current(people[other], "task",
                                                                          task_id),
                          title="Rà soát kiến nghị đất đai xã Gia Hưng")
        with pytest.raises(RecordConflict) as caught:
            tasks.update_task(people[secretary], task_id, opened=opened,
                              title="Rà soát kiến nghị đất đai toàn huyện")
        conflict = caught.value
        assert conflict.stored_by == other and [f.field for f in conflict.fields] == ["title"]
        assert tasks.get_task(people[other], task_id).title.endswith("xã Gia Hưng")
        tasks.update_task(people[secretary], task_id, opened=conflict.stored,  # she keeps hers
                          title="Rà soát kiến nghị đất đai toàn huyện")

        # the history names each of them, as the server recorded them
        lines = [row for row in list_history(people[leader], entity="task")
                 if row.entity_id == task_id]
        by = {(row.user, row.action) for row in lines}
        assert (secretary, "create") in by and (other, "update") in by
        assert (secretary, "update") in by
        assert any(row.user == leader for row in lines), by
    finally:
        for window in windows:
            live_refresh.stop(window)
            window.close()
        for ctx in people.values():
            ctx.db.dispose()

    # and back into a new file: nothing lost, the server's work and its names included
    back = str(tmp_path / "về lại.db")
    office_copy.copy_office(pg_url, back)
    before, server, after = _rows(office), _rows(pg_url), _rows(back)
    assert after == server
    for table, rows in before.items():
        if table in ("task", "audit_event"):  # the same rows, the task since changed
            assert len(after[table]) > len(rows), table
            continue
        assert set(rows) <= set(after[table]), table
    names = {row for rows in after["audit_event"] for row in rows if isinstance(row, str)}
    assert {secretary, other, leader} <= names
    titles = [row for row in after["task"] if "toàn huyện" in str(row)]
    assert len(titles) == 1

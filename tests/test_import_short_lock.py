"""A long import holds the write lock only at its very end: people keep saving while it runs.

The import is paused halfway through making its rows ready (its progress callback waits); the
main thread then saves with a busy timeout of 0.3 s. Before, the import's write transaction was
open from its first row, so that save failed with "Đang có người khác ghi dữ liệu…".
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest

from giaoban.core import db as db_module
from giaoban.core.errors import GiaobanError
from giaoban.core.search import search
from giaoban.core.services import aspirations, directory
from giaoban.core.services.aspiration_import import ImportPlan
from giaoban.core.services.aspiration_import_write import import_aspirations

ROWS = 3_000


def _plan(ctx, body_id: int) -> ImportPlan:
    plan = ImportPlan(path=Path("danh-sach.xlsx"))
    for n in range(ROWS):
        plan.rows.append((n + 2, {"organization_id": body_id, "raised_on": dt.date(2026, 10, 5),
                                  "content": f"Đề nghị sửa cầu treo thôn Đồng Tâm số {n}",
                                  "locality": "Xã Hòa Bình"}))
    return plan


class Paused:
    """Runs an import in a thread that stops halfway through making its rows ready."""

    def __init__(self, ctx, plan: ImportPlan) -> None:
        self.halfway, self.resume = threading.Event(), threading.Event()
        self.result: object = None
        self.thread = threading.Thread(target=self._run, args=(ctx, plan))

    def _progress(self, done: int, _total: int) -> None:
        if done >= ROWS // 2 and not self.halfway.is_set():
            self.halfway.set()
            assert self.resume.wait(30)

    def _run(self, ctx, plan) -> None:
        try:
            self.result = import_aspirations(ctx, plan, progress=self._progress)
        except Exception as exc:  # handed to the test
            self.result = exc

    def __enter__(self) -> Paused:
        self.thread.start()
        assert self.halfway.wait(30)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.resume.set()
        self.thread.join(60)
        assert not self.thread.is_alive()


def _short_wait(ctx, monkeypatch) -> None:
    """Saves give up after 0.3 s instead of 15 s: a save blocked by the import fails fast."""
    ctx.db.dispose()
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300)
    ctx.db.engine = db_module.sqlite_engine(ctx.db.path)


@pytest.mark.timeout(120)
def test_saves_go_through_while_an_import_runs_and_both_are_kept(ctx, monkeypatch):
    body = directory.list_organizations(ctx)[0]
    plan = _plan(ctx, body.id)
    _short_wait(ctx, monkeypatch)
    with Paused(ctx, plan) as run:
        directory.update_organization(ctx, body.id, abbreviation="MTTQ")  # no wait, no failure
        # and a record that takes the very id the import had planned for its first row
        mine = aspirations.create_aspiration(
            ctx, organization_id=body.id, raised_on=dt.date(2026, 11, 2),
            content="Kiến nghị về giá phân bón")
    assert run.result == ROWS
    assert aspirations.get_aspiration(ctx, mine.id).content == "Kiến nghị về giá phân bón"
    assert directory.get_organization(ctx, body.id).abbreviation == "MTTQ"
    with sqlite3.connect(ctx.db.path) as conn:
        imported = conn.execute("SELECT id FROM aspiration WHERE content LIKE 'Đề nghị sửa cầu%' "
                                "ORDER BY id").fetchall()
        assert len(imported) == ROWS and imported[0][0] > mine.id  # numbered after it
        events = dict(conn.execute("SELECT entity_id, note FROM audit_event "
                                   "WHERE action = 'import' AND entity = 'aspiration'"))
        assert set(events) == {row_id for (row_id,) in imported}
        assert set(events.values()) == {"Nhập từ tệp “danh-sach.xlsx”"}
    # found by search (the set-based index fill) — and so is a record added after the import
    assert {hit.id for hit in search(ctx, "cau treo dong tam 1234")} == {imported[1234][0]}
    later = aspirations.create_aspiration(ctx, organization_id=body.id,
                                          raised_on=dt.date(2026, 11, 3), content="Nước sạch xã Đăk Pơ")
    assert [hit.id for hit in search(ctx, "dak po")] == [later.id]


@pytest.mark.timeout(120)
def test_a_body_stopped_during_the_import_stops_it_and_nothing_is_written(ctx):
    body = directory.list_organizations(ctx)[1]
    plan = _plan(ctx, body.id)
    with Paused(ctx, plan) as run:
        directory.update_organization(ctx, body.id, active=False)
    assert isinstance(run.result, GiaobanError)
    assert "Dòng 2:" in str(run.result) and "ngừng hoạt động" in str(run.result)
    assert "Chưa nhập dòng nào" in str(run.result)
    with sqlite3.connect(ctx.db.path) as conn:
        assert conn.execute("SELECT count(*) FROM aspiration").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM audit_event WHERE action = 'import'"
                            ).fetchone() == (0,)


def test_an_imported_row_is_stored_exactly_as_one_typed_in(ctx):
    """The bulk path converts values itself: dates and stamps must have the ORM's stored form."""
    body = directory.list_organizations(ctx)[0]
    typed = aspirations.create_aspiration(ctx, organization_id=body.id,
                                          raised_on=dt.date(2026, 10, 5), content="Một dòng gõ tay",
                                          locality="Xã Hòa Bình", response_on=dt.date(2026, 11, 1))
    plan = ImportPlan(path=Path("a.xlsx"))
    plan.rows.append((2, {"organization_id": body.id, "raised_on": dt.date(2026, 10, 5),
                          "content": "Một dòng nhập", "locality": "Xã Hòa Bình",
                          "response_on": dt.date(2026, 11, 1)}))
    assert import_aspirations(ctx, plan) == 1
    with sqlite3.connect(ctx.db.path) as conn:
        conn.row_factory = sqlite3.Row
        a, b = conn.execute("SELECT * FROM aspiration ORDER BY id").fetchall()
    for column in ("raised_on", "response_on", "created_at", "updated_at"):
        assert len(a[column]) == len(b[column]) and a[column][:10] == b[column][:10], column
    for column in ("kind", "field", "status", "response", "people_concerned", "deleted_at"):
        assert a[column] == b[column], column
    imported = aspirations.get_aspiration(ctx, typed.id + 1)
    typed = aspirations.get_aspiration(ctx, typed.id)
    assert (imported.raised_on, imported.response_on) == (typed.raised_on, typed.response_on)
    assert abs(imported.created_at - typed.created_at) < dt.timedelta(seconds=1)

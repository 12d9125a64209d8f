"""The spreadsheet import on a PostgreSQL server takes its ids from the table's sequence.

Numbering rows max(id) + 1 met the ids that ordinary inserts (and another client, at the same
time) take from the sequence: a duplicate key. The import now reserves its block from the
sequence with the table locked against other writers until it commits.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from giaoban.core.clock import Clock
from giaoban.core.models import Aspiration, AuditEvent
from giaoban.core.services import aspirations, directory
from giaoban.core.services.aspiration_import import ImportPlan
from giaoban.core.services.aspiration_import_write import import_aspirations
from giaoban.core.startup import open_context

from .pg_fixtures import TODAY

pytestmark = pytest.mark.timeout(120)


def _plan(body_id: int, rows: int, word: str) -> ImportPlan:
    plan = ImportPlan(path=Path(f"{word}.xlsx"))
    for n in range(rows):
        plan.rows.append((n + 2, {"organization_id": body_id, "raised_on": dt.date(2026, 10, 5),
                                  "content": f"Đề nghị {word} số {n}", "locality": "Xã Hòa Bình"}))
    return plan


def _ids(ctx) -> list[int]:
    with ctx.session() as session:
        return list(session.execute(sa.select(Aspiration.id).order_by(Aspiration.id)).scalars())


def _create(ctx, body_id: int, content: str) -> int:
    return aspirations.create_aspiration(ctx, organization_id=body_id, content=content,
                                         raised_on=dt.date(2026, 11, 2)).id


def test_import_then_ordinary_creates_and_a_second_import_never_collide(pg_ctx):
    body = directory.list_organizations(pg_ctx)[0].id
    first = _create(pg_ctx, body, "Tạo tay trước khi nhập")
    assert import_aspirations(pg_ctx, _plan(body, 50, "lần một")) == 50
    after_one = _create(pg_ctx, body, "Tạo tay sau lần nhập thứ nhất")
    assert import_aspirations(pg_ctx, _plan(body, 30, "lần hai")) == 30
    after_two = _create(pg_ctx, body, "Tạo tay sau lần nhập thứ hai")

    ids = _ids(pg_ctx)
    assert len(ids) == len(set(ids)) == 83
    assert first < min(set(ids) - {first}) and after_one < after_two == max(ids)
    with pg_ctx.session() as session:
        imported = dict(session.execute(
            sa.select(Aspiration.content, Aspiration.id)
            .where(Aspiration.content.like("Đề nghị lần%"))).all())
        events = set(session.execute(sa.select(AuditEvent.entity_id).where(
            AuditEvent.entity == "aspiration", AuditEvent.action == "import")).scalars())
    # each import's rows numbered in one block, in the file's order, and audited by their own id
    one = [imported[f"Đề nghị lần một số {n}"] for n in range(50)]
    two = [imported[f"Đề nghị lần hai số {n}"] for n in range(30)]
    assert one == list(range(one[0], one[0] + 50)) and two == list(range(two[0], two[0] + 30))
    assert first < one[0] and one[-1] < after_one < two[0] and two[-1] < after_two
    assert events == set(one) | set(two)


def test_an_import_waits_for_another_clients_unfinished_insert_instead_of_taking_its_id(
        pg_ctx, pg_url):
    """Another client's insert has taken an id from the sequence but not committed: the import
    (planned with max(id) + 1 = that same id) waits for it, then numbers its rows after it."""
    body = directory.list_organizations(pg_ctx)[0].id
    other = open_context(pg_url, clock=Clock.at(TODAY))
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["count"] = import_aspirations(pg_ctx, _plan(body, 20, "đồng thời"))
        except Exception as exc:  # handed to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    try:
        with other.joined() as joined:
            theirs = _create(joined, body, "Của người khác, chưa lưu xong")
            thread.start()
            assert _waits_for_a_lock(pg_url), "the import did not wait for the other insert"
        thread.join(60)
    finally:
        other.db.dispose()
    assert not thread.is_alive()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["count"] == 20
    ids = _ids(pg_ctx)
    assert len(ids) == len(set(ids)) == 21 and min(ids) == theirs
    assert _create(pg_ctx, body, "Sau cả hai") == max(_ids(pg_ctx))


def _waits_for_a_lock(url: str) -> bool:
    """True once some connection to the test database waits for a lock (the import)."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                waiting = conn.execute(sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'")).scalar()
            if waiting:
                return True
            time.sleep(0.05)
        return False
    finally:
        engine.dispose()


def test_a_secretary_login_imports_with_the_rights_server_grant_gives(pg_ctx, pg_login):
    """The lock and the sequence need no right a secretary lacks (UPDATE on the table and on
    its sequence, both granted by ``giaoban server grant``)."""
    body = directory.list_organizations(pg_ctx)[0].id
    secretary = open_context(pg_login("secretary"), clock=Clock.at(TODAY))
    try:
        assert import_aspirations(secretary, _plan(body, 10, "thư ký")) == 10
        made = _create(secretary, body, "Thư ký tạo tay sau khi nhập")
    finally:
        secretary.db.dispose()
    assert made == max(_ids(pg_ctx)) and len(_ids(pg_ctx)) == 11

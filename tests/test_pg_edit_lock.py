"""The briefing editor's lock on a real server: one login holds it, another is told who and
since when, and takes it once the holder's connection is gone."""

from __future__ import annotations

import datetime as dt

from giaoban.core.clock import Clock
from giaoban.core.edit_lock import EditLock, Holder, since_of
from giaoban.core.startup import open_context
from tests.pg_fixtures import TODAY

AT = dt.datetime(2026, 11, 29, 2, 5, tzinfo=dt.UTC)  # 09:05 in Hà Nội


def _login(pg_login, role):
    from sqlalchemy.engine import make_url

    url = pg_login(role)
    return open_context(url, clock=Clock.at(TODAY)), str(make_url(url).username)


def test_a_second_login_is_told_who_edits_and_takes_it_when_the_first_is_gone(pg_login):
    (a, a_login), (b, _b_login) = _login(pg_login, "secretary"), _login(pg_login, "leader")
    first, second = EditLock(a.db.engine), EditLock(b.db.engine)
    try:
        assert first.take(7, AT) is None and first.held == 7
        assert first.take(7, AT) is None  # showing it again: still ours, not taken twice
        holder = second.take(7, AT + dt.timedelta(minutes=3))
        assert holder == Holder(a_login, AT)
        assert second.held is None
        assert second.take(8, AT) is None  # another briefing is free
        first.close()  # the program died, or closed the editor
        assert second.take(7, AT) is None and second.held == 7  # 8 let go on the way
        assert first.take(8, AT) is None
        assert first.take(7, AT) is not None
        second.release()
        assert first.take(7, AT) is None
    finally:
        first.close()
        second.close()
        a.db.dispose()
        b.db.dispose()


def test_since_read_from_the_connection_name_or_its_start():
    start = dt.datetime(2026, 11, 29, 1, 0, tzinfo=dt.UTC)
    assert since_of("giaoban-edit 2026-11-29T02:05:00Z", start) == AT
    assert since_of("psql", start) == start
    assert since_of("giaoban-edit garbage", None) is None


def test_on_sqlite_the_lock_is_always_ours(ctx):
    lock = EditLock(ctx.db.engine)
    assert lock.take(1, AT) is None and lock.take(1, AT) is None
    lock.close()

"""Two people on one office database, each through a connection of their own: two contexts on
one SQLite file, or two secretary logins on one PostgreSQL database (the server names them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from giaoban.core.clock import Clock
from giaoban.core.context import AppContext
from giaoban.core.services import directory
from giaoban.core.startup import open_context

TODAY = dt.date(2026, 11, 29)


@dataclass
class Pair:
    """``a`` and ``b`` work at the same time; ``name_a``/``name_b`` is what the history says."""

    a: AppContext
    b: AppContext
    name_a: str
    name_b: str
    backend: str

    def unit(self, index: int = 0) -> int:
        """The id of a seeded body."""
        unit_id = directory.list_organizations(self.a)[index].id
        assert unit_id is not None
        return unit_id


BACKENDS = ("sqlite", "postgresql")


@contextmanager
def two_people(request: pytest.FixtureRequest, tmp_path: Path, role: str = "secretary"
               ) -> Iterator[Pair]:
    """Two connections to one database on the backend ``request.param`` names; on PostgreSQL
    two logins of the giaoban ``role``. A test module makes its ``pair`` fixture of it."""
    if request.param == "sqlite":
        path = tmp_path / "office.db"
        first = open_context(path, clock=Clock.at(TODAY))
        second = open_context(path, clock=Clock.at(TODAY))
        first.user, second.user = names = ("Nguyễn Văn An", "Trần Thị Bình")
    else:
        make = request.getfixturevalue("pg_login")
        url_a, url_b = make(role), make(role)
        first = open_context(url_a, clock=Clock.at(TODAY))
        second = open_context(url_b, clock=Clock.at(TODAY))
        first.user = second.user = "tên-do-máy-khách-đặt"  # the server writes its login instead
        names = (str(make_url(url_a).username), str(make_url(url_b).username))
    try:
        yield Pair(first, second, *names, backend=request.param)
    finally:
        first.db.dispose()
        second.db.dispose()

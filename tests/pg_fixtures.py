"""PostgreSQL fixtures: a fresh database on a real server per test, cloned from one template.

The server is named by ``GIAOBAN_TEST_PG_URL`` (a superuser's URL; .ci/run makes one, the
README's "Tests" says how to start one locally). Without it the PostgreSQL tests are skipped,
saying how to start it — unless ``GIAOBAN_REQUIRE_PG=1`` (CI), where they fail.

One template database per test run is set up once the way an office's is (``giaoban server
init``: migrations, seeded bodies, the three roles and their rights). The tests share one copy
of it, emptied (TRUNCATE … RESTART IDENTITY) and seeded again before each (~0.1 s); a test
that changes the schema gets a copy of its own (``pg_fresh_url``, ~0.5 s).
Names carry the process id, so runs side by side do not meet, and a killed run's leftovers are
dropped by the next.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

TODAY = dt.date(2026, 11, 29)
URL_ENV, REQUIRE_ENV = "GIAOBAN_TEST_PG_URL", "GIAOBAN_REQUIRE_PG"
PREFIX = "giaoban_t"
HOW_TO_START = (
    "start a local server and name it: sudo apt-get install postgresql; "
    "sudo pg_ctlcluster 15 main start; sudo -u postgres psql -c \"CREATE ROLE giaoban_test "
    "LOGIN SUPERUSER PASSWORD 'giaoban-ci-only'\"; sudo -u postgres createdb -O giaoban_test "
    "giaoban_test; export GIAOBAN_TEST_PG_URL=postgresql://giaoban_test:giaoban-ci-only@"
    "localhost:5432/giaoban_test (README, Tests)"
)
_numbers = itertools.count(1)


@dataclass
class PgServer:
    """The test server: its superuser URL and the template each test database is cloned from."""

    url: str
    template: str
    admin: Any  # an autocommit psycopg connection for CREATE/DROP DATABASE

    def url_of(self, database: str, *, user: str | None = None,
               password: str | None = None) -> str:
        """The URL of ``database`` on this server (as another login when ``user`` is given)."""
        from sqlalchemy.engine import make_url

        url = make_url(self.url).set(database=database)
        if user is not None:
            url = url.set(username=user, password=password)
        return url.render_as_string(hide_password=False)

    def create(self, name: str, *, template: str | None = None) -> str:
        clause = f" TEMPLATE {template}" if template else ""
        self.admin.execute(f"CREATE DATABASE {name}{clause}")
        return self.url_of(name)

    def drop(self, name: str) -> None:
        self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _missing(reason: str) -> None:
    message = f"PostgreSQL tests need a server ({reason}); {HOW_TO_START}"
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _drop_leftovers(admin: Any) -> None:
    """Databases of runs that are no longer alive (a killed pytest)."""
    rows = admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                         (f"{PREFIX}%",)).fetchall()
    for (name,) in rows:
        pid = name[len(PREFIX):].lstrip("pl_").split("_")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The server, with a template database set up like an office's (``server init``)."""
    url = os.environ.get(URL_ENV, "")
    if not url:
        _missing(f"{URL_ENV} is not set")
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        conninfo = make_url(url).set(drivername="postgresql").render_as_string(
            hide_password=False)
        admin = psycopg.connect(conninfo, autocommit=True, connect_timeout=5)
    except Exception as exc:
        from giaoban.core.db_server import mask

        _missing(f"cannot connect to it: {mask(str(exc), url)}")
    _drop_leftovers(admin)
    server = PgServer(url=url, template=f"{PREFIX}pl_{os.getpid()}", admin=admin)
    server.drop(server.template)
    server.create(server.template)
    try:
        from giaoban.core.server_roles import init_server

        init_server(server.url_of(server.template))
        yield server
    finally:
        server.drop(server.template)
        admin.close()


@pytest.fixture(scope="session")
def _pg_work(pg_server: PgServer) -> Iterator[str]:
    """The database the tests of this run share, emptied and seeded again before each."""
    name = f"{PREFIX}pl_{os.getpid()}_work"
    pg_server.create(name, template=pg_server.template)
    try:
        yield name
    finally:
        pg_server.drop(name)


def _reset(pg_server: PgServer, name: str) -> str:
    """Empty every table but the schema's revision (ids start again at 1), seed the bodies."""
    from giaoban.core.context import AppContext
    from giaoban.core.db_server import open_server
    from giaoban.core.seed import seed_defaults

    admin = pg_server.admin
    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
    url = pg_server.url_of(name)
    db = open_server(url, check_schema=False)
    try:
        with db.engine.begin() as conn:
            tables = [row[0] for row in conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'")]
            conn.exec_driver_sql("SET lock_timeout = '10s'")
            conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        seed_defaults(AppContext(db=db))
    finally:
        db.dispose()
    return url


@pytest.fixture
def pg_url(pg_server: PgServer, _pg_work: str) -> str:
    """A migrated, seeded database with nothing else in it (the superuser's URL). Tests that
    change its schema take :func:`pg_fresh_url` instead."""
    return _reset(pg_server, _pg_work)


@pytest.fixture
def pg_fresh_url(pg_server: PgServer) -> Iterator[str]:
    """A database of its own, cloned from the template (~0.5 s: only where a test changes
    the schema or its revision)."""
    name = f"{PREFIX}pl_{os.getpid()}_{next(_numbers)}"
    url = pg_server.create(name, template=pg_server.template)
    try:
        yield url
    finally:
        pg_server.drop(name)


@pytest.fixture
def pg_ctx(pg_url: str) -> Iterator[Any]:
    """Like ``ctx``, on PostgreSQL: the clock pinned to 29/11/2026, user "tester"."""
    from giaoban.core.clock import Clock
    from giaoban.core.startup import open_context

    context = open_context(pg_url, clock=Clock.at(TODAY))
    context.user = "tester"
    yield context
    context.db.dispose()


@pytest.fixture
def pg_login(pg_server: PgServer, pg_url: str) -> Iterator[Any]:
    """Make login roles for this test (``make("leader")`` → its URL on the test database);
    dropped afterwards (logins are the whole server's, not one database's)."""
    from sqlalchemy.engine import make_url

    from giaoban.core.server_roles import grant_login

    made: list[str] = []

    def make(role: str, password: str = "Mật-khẩu 1!") -> str:
        login = f"{PREFIX}_{role}_{os.getpid()}_{next(_numbers)}"
        grant_login(pg_url, login, role, password)
        made.append(login)
        return pg_server.url_of(str(make_url(pg_url).database), user=login, password=password)

    yield make
    for login in made:
        pg_server.admin.execute(f"DROP ROLE IF EXISTS {login}")

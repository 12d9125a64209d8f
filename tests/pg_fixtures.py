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

# Test modules whose ``ctx`` tests run on SQLite and on PostgreSQL: the core services that
# write and query, and the documents and reports built from what they read. The tests
# SQLite's by design are left out.
BOTH_BACKENDS = (
    "test_tasks_service", "test_aspiration_service", "test_briefing_service",
    "test_directory_service", "test_trash_service", "test_operations", "test_overview_service",
    "test_document_register", "test_reminders", "test_minutes_attendance",
    # the documents and reports: their data read from either backend (ordering, dates, NULLs)
    "test_documents_data", "test_documents_docx", "test_documents_pdf", "test_documents_xlsx",
    "test_documents_exports", "test_report_consistency", "test_xlsx_report", "test_task_export",
)
SQLITE_ONLY = {
    # the audit names the program's user on SQLite, the server's login on PostgreSQL
    # (test_pg_roles checks that one)
    "test_create_organization_validates_and_audits", "test_delete_and_restore_are_audited",
    # the command line on the test's SQLite file
    "test_cli_aspirations_json_and_search_json",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``ctx`` on both backends for the tests of :data:`BOTH_BACKENDS`."""
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if (module in BOTH_BACKENDS and "ctx" in metafunc.fixturenames
            and metafunc.function.__name__ not in SQLITE_ONLY):
        metafunc.parametrize("ctx", ["sqlite", "postgresql"], indirect=True)


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


@dataclass
class _Work:
    """The database the tests of this run share: its name, a connection to it, and the rows
    it holds when freshly seeded (put back after each emptying: faster than seeding again)."""

    name: str
    conn: Any
    tables: list[str]
    seeded: dict[str, tuple[list[str], list[tuple[Any, ...]]]]


@pytest.fixture(scope="session")
def _pg_work(pg_server: PgServer) -> Iterator[_Work]:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"{PREFIX}pl_{os.getpid()}_work"
    url = pg_server.create(name, template=pg_server.template)
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = psycopg.connect(conninfo, autocommit=True)
    tables = [row[0] for row in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename <> 'alembic_version' ORDER BY tablename")]
    seeded = {}
    for table in tables:
        cursor = conn.execute(f"SELECT * FROM {table}")
        rows = cursor.fetchall()
        if rows:
            seeded[table] = ([column.name for column in cursor.description or ()], rows)
    try:
        yield _Work(name, conn, tables, seeded)
    finally:
        conn.close()
        pg_server.drop(name)


def _reset(pg_server: PgServer, work: _Work) -> str:
    """Empty every table but the schema's revision, put the seeded rows back (ids as they were,
    the sequences after them): the database as ``server init`` left it."""
    pg_server.admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = %s AND pid <> %s",
                            (work.name, work.conn.info.backend_pid))
    with work.conn.transaction():
        work.conn.execute("SET LOCAL lock_timeout = '10s'")
        work.conn.execute(f"TRUNCATE {', '.join(work.tables)} RESTART IDENTITY CASCADE")
        for table, (columns, rows) in work.seeded.items():
            marks = ", ".join(["%s"] * len(columns))
            quoted = ", ".join(f'"{column}"' for column in columns)
            with work.conn.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)
            if "id" in columns:
                work.conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))")
    return pg_server.url_of(work.name)


@pytest.fixture
def pg_url(pg_server: PgServer, _pg_work: _Work) -> str:
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
def pg_other(pg_url: str) -> Iterator[Any]:
    """Another program on the same office database (its own engine and connections): what it
    commits is what the test's window or listener must see."""
    from giaoban.core.clock import Clock
    from giaoban.core.startup import open_context

    context = open_context(pg_url, clock=Clock.at(TODAY))
    yield context
    context.db.dispose()


def first_unit(ctx: Any) -> int:
    """The id of a seeded body (a task needs a lead unit)."""
    import sqlalchemy as sa

    from giaoban.core.models import Organization

    with ctx.session() as session:
        return int(session.execute(sa.select(Organization.id).limit(1)).scalar_one())


def show_window(qtbot: Any, ctx: Any) -> Any:
    """A main window on ``ctx``, shown offscreen (the first-run welcome has its own tests)."""
    from giaoban.ui.app import create_application
    from giaoban.ui.main_window import MainWindow
    from tests.qt_helpers import wait_exposed

    create_application()
    ctx.db.created = False
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    wait_exposed(qtbot, window)
    return window


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

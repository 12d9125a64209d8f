"""The benchmark data set on the local PostgreSQL server: the SQLite set copied onto a database
of its own, kept between runs.

``GIAOBAN_BENCH_PG_URL`` names the database (default: ``giaoban_bench`` on the test server of
the shared rules, owned by the test login), never the tests' own database. It is made from the
cached SQLite set with the program's own commands — ``giaoban server init`` then ``giaoban copy
--from large.db --to URL`` (ids, texts and folded search columns identical), then ``ANALYZE``
(what autovacuum would do after a bulk load, done at once so the planner has statistics) — and
stamped with the SQLite set's cache key and schema head in the database's comment. A stale stamp
(new demo data or a new migration) drops and remakes it; a server that cannot be reached makes
the server lines "not available", never a failed run.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from typing import Any

from bench.dataset import Dataset, cache_key, giaoban_command
from bench.timing import NotAvailable

DEFAULT_URL = "postgresql://giaoban_test:giaoban-ci-only@localhost/giaoban_bench"
ENV = "GIAOBAN_BENCH_PG_URL"
STAMP_PREFIX = "giaoban bench "
TIMEOUT_S = 1800


@dataclass
class ServerSet:
    """The server database of a run: its URL (with password), shown URL, how it was got."""

    url: str
    shown: str
    rebuilt: bool
    build_s: float | None


def bench_url() -> str:
    return os.environ.get(ENV) or DEFAULT_URL


def _connect(url: str, **kwargs: Any) -> Any:
    import psycopg

    from giaoban.core.db_server import command_url, server_url

    plain = server_url(url).set(drivername="postgresql")
    try:
        return psycopg.connect(plain.render_as_string(hide_password=False), connect_timeout=5,
                               **kwargs)
    except psycopg.Error as exc:
        raise NotAvailable(f"no server at {command_url(server_url(url))}: "
                           f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
                           ) from exc


def connect(server: ServerSet) -> Any:
    """A plain psycopg connection to the bench database (for the floors)."""
    return _connect(server.url, autocommit=True)


def sized_url(url: str, size: str) -> str:
    """The bench URL for a data set: the large set's database is the URL's; another size's gets
    ``_<size>`` after the name, so the smoke test's small set never replaces the large copy."""
    from giaoban.core.db_server import server_url

    parsed = server_url(url)
    if not parsed.database:
        raise NotAvailable(f"{ENV} names no database")
    if size != "large":
        parsed = parsed.set(database=f"{parsed.database}_{size}")
    return parsed.render_as_string(hide_password=False)


def _maintenance_url(url: str) -> tuple[str, str]:
    """(URL of the server's ``postgres`` database, name of the bench database)."""
    from giaoban.core.db_server import server_url

    parsed = server_url(url)
    return parsed.set(database="postgres").render_as_string(hide_password=False), \
        str(parsed.database)


def _stamp(conn: Any, name: str) -> str | None:
    row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                       "WHERE datname = %s", (name,)).fetchone()
    if row is None:
        return None
    return str(row[0] or "")


def _quoted(conn: Any, name: str) -> str:
    from psycopg import sql

    return sql.Identifier(name).as_string(conn)


def prepare(dataset: Dataset, *, fresh: bool = False) -> ServerSet:
    """The server copy of ``dataset``, made again when its stamp is not this data set's."""
    from giaoban.core.db_server import command_url, server_url

    url = sized_url(bench_url(), dataset.size)
    shown = command_url(server_url(url))
    wanted = STAMP_PREFIX + cache_key(dataset.size) + " " + dataset.built_at
    admin_url, name = _maintenance_url(url)
    with _connect(admin_url, autocommit=True) as admin:
        if not fresh and _stamp(admin, name) == wanted:
            return ServerSet(url, shown, rebuilt=False, build_s=None)
        print(f"bench: copying the {dataset.size} set onto {shown} (giaoban copy) …", flush=True)
        start = time.perf_counter()
        ident = _quoted(admin, name)
        admin.execute(f"DROP DATABASE IF EXISTS {ident} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {ident}")
    app = giaoban_command()
    for command in ([*app, "server", "init", "--db", url],
                    [*app, "copy", "--from", str(dataset.path), "--to", url]):
        proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
        if proc.returncode:
            raise RuntimeError(f"{' '.join(command[-4:-2])} exited {proc.returncode}: "
                               f"{proc.stderr[-300:]}")
    with _connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    with _connect(admin_url, autocommit=True) as admin:
        from psycopg import sql

        admin.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(
            sql.Identifier(name), sql.Literal(wanted)))
    return ServerSet(url, shown, rebuilt=True, build_s=time.perf_counter() - start)

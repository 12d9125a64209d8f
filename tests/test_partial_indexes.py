"""Partial indexes: declared once in the models (``sqlite_where``), partial on both backends.

The overview's covering index (migration 0008, keyed by month since 0009) and the trash indexes
must be the same on a fresh database, a migrated one and in the models; a process that opens a file must not import
SQLAlchemy's PostgreSQL dialect to declare them (issue 18: the cost of importing the schema).
"""

from __future__ import annotations

import subprocess
import sys

import sqlalchemy as sa
from alembic import command
from sqlalchemy.schema import CreateIndex

from giaoban.core import migrations
from giaoban.core.models import Task

PARTIAL = {"ix_task_overview_month": "deleted_at IS NULL", "ix_task_trashed": "deleted_at IS NOT NULL",
           "ix_briefing_trashed": "deleted_at IS NOT NULL",
           "ix_aspiration_trashed": "deleted_at IS NOT NULL",
           "ix_attachment_trashed": "deleted_at IS NOT NULL"}


def _migrate(engine: sa.Engine, revision: str, *, down: bool = False) -> None:
    config = migrations.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


def _sqlite_partial(conn: sa.Connection) -> dict[str, str]:
    rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                "AND sql LIKE '% WHERE %'").all()
    return {name: sql.split(" WHERE ", 1)[1].strip() for name, sql in rows}


def _pg_partial(conn: sa.Connection) -> dict[str, str]:
    rows = conn.exec_driver_sql("SELECT indexname, indexdef FROM pg_indexes "
                                "WHERE schemaname = current_schema() AND indexdef LIKE '%% WHERE %%'")
    return {name: d.split(" WHERE ", 1)[1].strip("() ").replace("(", "").replace(")", "")
            for name, d in rows if name in PARTIAL or name == "ix_task_overview"}


def test_importing_the_models_does_not_import_the_postgresql_dialect():
    probe = ("import sys, giaoban.core.models; "
             "print('sqlalchemy.dialects.postgresql' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_a_fresh_file_has_the_partial_indexes_the_overview_scan_uses(ctx):
    from giaoban.core.services.overview import compute_overview

    seen: list[tuple[str, tuple]] = []

    def remember(_conn, _cursor, statement, params, _context, _many):  # type: ignore[no-untyped-def]
        seen.append((statement, params))

    sa.event.listen(ctx.db.engine, "before_cursor_execute", remember)
    try:
        compute_overview(ctx)
    finally:
        sa.event.remove(ctx.db.engine, "before_cursor_execute", remember)
    [(tally, params)] = [(s, p) for s, p in seen if "overview_month" in s]
    with ctx.db.engine.connect() as conn:
        assert _sqlite_partial(conn) == PARTIAL
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + tally, params))
    assert "USING INDEX ix_task_overview_month" in plan  # read from the index, not the rows
    assert "TEMP B-TREE" not in plan  # grouped in the index's order: no task is sorted
    assert tally.count("sum(") == 1  # one sum carries four counts: the standing once a row


def test_0008_and_0009_up_down_and_up_on_a_file(tmp_path):
    from giaoban.core.db import sqlite_engine

    engine = sqlite_engine(tmp_path / "old.db")
    try:
        _migrate(engine, "0007")
        with engine.connect() as conn:
            assert "ix_task_overview" not in _sqlite_partial(conn)
        _migrate(engine, "0008")
        with engine.connect() as conn:
            assert _sqlite_partial(conn)["ix_task_overview"] == "deleted_at IS NULL"
        _migrate(engine, "head")
        with engine.connect() as conn:
            assert _sqlite_partial(conn) == PARTIAL  # 0009 replaced 0008's index
        _migrate(engine, "0008", down=True)
        with engine.connect() as conn:
            assert _sqlite_partial(conn)["ix_task_overview"] == "deleted_at IS NULL"
            assert "ix_task_overview_month" not in _sqlite_partial(conn)
        _migrate(engine, "0007", down=True)
        with engine.connect() as conn:
            assert "ix_task_overview" not in _sqlite_partial(conn)
    finally:
        engine.dispose()


def test_the_models_give_a_server_the_same_partial_indexes(pg_server):
    from sqlalchemy.dialects import postgresql

    from giaoban.core.db_server import mirror_partial_indexes

    mirror_partial_indexes()
    for index in Task.__table__.indexes:  # type: ignore[attr-defined]
        if index.name in PARTIAL:
            ddl = str(CreateIndex(index).compile(dialect=postgresql.dialect()))
            assert ddl.endswith(f"WHERE {PARTIAL[index.name]}"), ddl


def test_a_migrated_server_has_the_partial_indexes_and_0009_and_0008_go_down(pg_fresh_url):
    engine = sa.create_engine(pg_fresh_url.replace("postgresql://", "postgresql+psycopg://"))
    others = {k: v for k, v in PARTIAL.items() if k != "ix_task_overview_month"}
    try:
        with engine.connect() as conn:
            assert _pg_partial(conn) == PARTIAL
        _migrate(engine, "0008", down=True)
        with engine.connect() as conn:
            assert _pg_partial(conn) == {**others, "ix_task_overview": "deleted_at IS NULL"}
        _migrate(engine, "0007", down=True)
        with engine.connect() as conn:
            assert _pg_partial(conn) == others
        _migrate(engine, "head")
        with engine.connect() as conn:
            assert _pg_partial(conn) == PARTIAL
    finally:
        engine.dispose()

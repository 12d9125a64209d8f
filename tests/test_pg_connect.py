"""PostgreSQL: open, schema versions, and the password kept out of every message."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from giaoban.core import migrations
from giaoban.core.errors import DatabaseError, DatabaseTooNew


def test_migrated_server_opens_at_head_with_its_search_indexes(pg_ctx):
    with pg_ctx.session() as session:
        revision = session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        indexes = set(session.execute(sa.text(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gin%'")).scalars())
        triggers = set(session.execute(sa.text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
    assert revision == migrations.head()
    assert {"ix_briefing_search", "ix_aspiration_search", "ix_task_search",
            "ix_attachment_blob_search"} <= indexes
    assert "audit_event_user" in triggers
    assert pg_ctx.db.engine.dialect.driver == "psycopg"


def test_search_uses_the_index_not_a_scan(pg_ctx):
    from giaoban.core import search
    from giaoban.core.models import Task

    with pg_ctx.session() as session:
        # matching_ids itself keeps the planner on the index for this transaction: for "d" at
        # 100k rows it chose a 5 s scan; here (a nearly empty table) it would scan too
        query = sa.select(Task.id).where(Task.id.in_(search.matching_ids(session, "task", "đường")))
        compiled = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = "\n".join(session.connection().exec_driver_sql(
            "EXPLAIN " + str(compiled).replace("%%", "%")).scalars())
    assert "ix_task_search" in plan, plan


def test_schema_older_or_newer_than_the_program_is_refused(pg_fresh_url):
    pg_url = pg_fresh_url
    from giaoban.core.db import open_database

    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0999'"))
    with pytest.raises(DatabaseTooNew, match="mới hơn"):
        open_database(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0004'"))
    with pytest.raises(DatabaseTooNew, match="server init") as refused:
        open_database(pg_url)
    with engine.connect() as conn:  # refused means untouched: no upgrade was attempted
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0004"
    engine.dispose()
    assert "giaoban-ci-only" not in str(refused.value)


def test_database_without_our_schema_says_to_run_init(pg_server):
    name = f"giaoban_tpl_empty_{os.getpid()}"
    url = pg_server.create(name)
    try:
        from giaoban.core.db import open_database

        with pytest.raises(DatabaseError, match="server init") as refused:
            open_database(url)
        assert pg_server.url_of(name).split("@")[0].split(":")[-1] not in str(refused.value)
    finally:
        pg_server.drop(name)


@pytest.mark.parametrize("password", ["S3cret-Mật-khẩu", "p@ss/w:rd?&%"])
def test_password_never_in_an_error_message(pg_server, pg_url, password, capsys):
    from sqlalchemy.engine import make_url

    from giaoban import cli
    from giaoban.core.db import open_database

    url = make_url(pg_url).set(password=password)
    wrong = url.render_as_string(hide_password=False)
    with pytest.raises(DatabaseError) as refused:
        open_database(wrong)
    assert password not in str(refused.value)
    assert "mật khẩu" in str(refused.value)
    for target in (wrong, url.set(database="no_such_db_here").render_as_string(hide_password=False),
                   url.set(port=1).render_as_string(hide_password=False)):
        assert cli.main(["tasks", "--db", target]) == 1
        assert cli.main(["check", "--db", target]) in (0, 1)
        out = capsys.readouterr()
        assert out.err.strip() or out.out.strip()
        assert password not in out.err + out.out
        from urllib.parse import quote

        assert quote(password, safe="") not in out.err + out.out


def test_migrated_server_schema_matches_the_models(pg_ctx):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    with pg_ctx.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})  # as SQLite
        diffs = compare_metadata(context, SQLModel.metadata)
    search = ("_search",)  # the GIN word indexes are the migrations' own, on purpose
    diffs = [d for d in diffs if not any(marker in repr(d) for marker in search)]
    assert diffs == [], "models.py and the migrations differ on PostgreSQL"


def test_a_search_keeps_the_planner_on_the_index_only_for_its_transaction(pg_ctx):
    from giaoban.core import search

    with pg_ctx.session() as session:
        assert session.execute(sa.text("SHOW enable_seqscan")).scalar() == "on"
        search.matching_ids(session, "aspiration", "d")
        assert session.execute(sa.text("SHOW enable_seqscan")).scalar() == "off"
    with pg_ctx.session() as session:
        assert session.execute(sa.text("SHOW enable_seqscan")).scalar() == "on"

"""search: folded text columns, FTS5 indexes (SQLite) and a backfill of existing rows

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Each of briefing, aspiration and task gets ``search_text`` (its words folded: no marks, đ→d, lower
case). On SQLite an external-content FTS5 table indexes that column and plain SQL triggers keep it
in sync with every insert, update and delete (no Python functions in triggers, so any SQLite
client may write the file). On PostgreSQL a GIN index over the column's words (every run of
other characters made one space first, so the words are FTS5's unicode61 words) answers
``to_tsquery('simple', 'word:* & …')`` (core/search_pg, which builds the same expression).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("briefing", "aspiration", "task")
BATCH = 2000


def _fts_ddl(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def _pg_index(table: str) -> str:
    return (f"CREATE INDEX ix_{table}_search ON {table} USING gin "
            f"(to_tsvector('simple'::regconfig, "
            f"regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g')))")


def _backfill(table: str) -> None:
    """Compute the folded text of rows written before this revision (Python, in batches)."""
    from giaoban.core import search_text

    compute = {
        "briefing": search_text.briefing_text,
        "aspiration": search_text.aspiration_text,
        "task": search_text.task_text,
    }[table]
    columns = {
        "briefing": ("kind", "year", "quarter", *search_text.BRIEFING_FIELDS),
        "aspiration": search_text.ASPIRATION_FIELDS,
        "task": search_text.TASK_FIELDS,
    }[table]
    conn = op.get_bind()
    rows = conn.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}")).mappings().all()
    update = sa.text(f"UPDATE {table} SET search_text = :text WHERE id = :id")
    params = [{"id": row["id"], "text": compute(dict(row))} for row in rows]
    for start in range(0, len(params), BATCH):
        conn.execute(update, params[start:start + BATCH])


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        op.add_column(table, sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        _backfill(table)  # before the triggers exist: the index is then built once, in bulk
        if sqlite:
            for statement in _fts_ddl(table):
                op.execute(statement)
            op.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
        elif op.get_bind().dialect.name == "postgresql":
            op.execute(_pg_index(table))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        if sqlite:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        elif op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
        with op.batch_alter_table(table) as batch:
            batch.drop_column("search_text")

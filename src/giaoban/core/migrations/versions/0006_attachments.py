"""attachments: files attached to briefings, reports, aspirations and tasks, stored in the database

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

``attachment_blob`` holds each file's bytes once (unique SHA-256), the media type sniffed from the
bytes and the text extracted from it (plain, and folded for search), with its index state.
``attachment`` is one file on one record (owner kind + id) under the name the user sees; it has a
trash like the records it hangs on. On SQLite an external-content FTS5 table indexes the blobs'
folded text, kept in sync by plain SQL triggers exactly like the tables of revision 0002.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = "attachment_blob_fts"


def _fts_ddl() -> list[str]:
    """The FTS5 table and its triggers (a frozen copy of 0002's, for the blob table)."""
    return [
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='attachment_blob', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')",
        f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON attachment_blob BEGIN "
        f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON attachment_blob BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"END",
        f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF search_text ON attachment_blob BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def upgrade() -> None:
    op.create_table(
        "attachment_blob",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("search_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("index_state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("not_indexed_reason", sqlmodel.sql.sqltypes.AutoString(length=300),
                  nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("index_state IN ('pending', 'indexed', 'not_indexed')",
                           name="ck_attachment_blob_index_state_valid"),
        sa.CheckConstraint("size >= 0", name="ck_attachment_blob_size"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256", name="uq_attachment_blob_sha256"),
    )
    with op.batch_alter_table("attachment_blob", schema=None) as batch_op:
        batch_op.create_index("ix_attachment_blob_state", ["index_state"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("blob_id", sa.Integer(), nullable=False),
        sa.Column("owner_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("signed_minutes", sa.Boolean(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("owner_kind IN ('briefing', 'report', 'aspiration', 'task')",
                           name="ck_attachment_owner_kind_valid"),
        sa.CheckConstraint("length(trim(name)) > 0", name="ck_attachment_name_not_blank"),
        sa.ForeignKeyConstraint(["blob_id"], ["attachment_blob.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    trashed = sa.text("deleted_at IS NOT NULL")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_blob_id"), ["blob_id"], unique=False)
        batch_op.create_index("ix_attachment_owner", ["owner_kind", "owner_id"], unique=False)
        batch_op.create_index("ix_attachment_trashed", ["deleted_at"], unique=False,
                              sqlite_where=trashed, postgresql_where=trashed)

    if op.get_bind().dialect.name == "sqlite":
        for statement in _fts_ddl():
            op.execute(statement)
    elif op.get_bind().dialect.name == "postgresql":  # the index of 0002's tables (core/search_pg)
        op.execute("CREATE INDEX ix_attachment_blob_search ON attachment_blob USING gin "
                   "(to_tsvector('simple'::regconfig, "
                   "regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g')))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_attachment_blob_search")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index("ix_attachment_trashed")
        batch_op.drop_index("ix_attachment_owner")
        batch_op.drop_index(batch_op.f("ix_attachment_blob_id"))
    op.drop_table("attachment")
    with op.batch_alter_table("attachment_blob", schema=None) as batch_op:
        batch_op.drop_index("ix_attachment_blob_state")
    op.drop_table("attachment_blob")

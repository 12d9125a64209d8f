"""row versions: a ``version`` on every row edited through a form

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

Two people who open the same record and both save must not overwrite each other silently: each
save says which version it opened (core/conflicts.py). ``version`` starts at 1 — existing rows
too, by the column's default — and every UPDATE makes it one more (the ORM's version counter,
core/models.py). Adding a column with a constant default rewrites nothing on either backend
(SQLite's ALTER TABLE ADD COLUMN, PostgreSQL 11+'s fast default), so a big office upgrades at
once; the full-text triggers of 0002 stay as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("organization", "person", "briefing", "aspiration", "task")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default=sa.text("1"),
                                       nullable=False))


def downgrade() -> None:
    # SQLite 3.35+ drops a plain column in place (a batch copy would lose 0002's triggers)
    for table in TABLES:
        op.drop_column(table, "version")

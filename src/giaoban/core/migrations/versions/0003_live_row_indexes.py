"""live-row indexes: no index may start with deleted_at

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Almost every row has ``deleted_at IS NULL``, but without statistics SQLite takes ``deleted_at =
NULL`` for a selective equality and walks an index that starts with ``deleted_at`` (all 100k
rows) instead of the one that narrows the query. Measured on the large demo (make bench): the
tasks linked to 200 aspirations took 30 ms instead of 0.1 ms (every search keystroke and every
page of the register), the per-briefing aspiration counts of the briefing list 160 ms instead of
6 ms. So the single-column ``deleted_at`` indexes become partial indexes over the trash only
(``WHERE deleted_at IS NOT NULL``: the trash lists still use them, nothing else can), and the two
composite indexes put ``deleted_at`` last, where it still makes them covering:
``task(status, due_on, deleted_at)`` for the overdue / due-soon filters and
``aspiration(raised_on, id, deleted_at)`` for the register's default order.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRASHED = sa.text("deleted_at IS NOT NULL")
TABLES = ("briefing", "aspiration", "task")


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_deleted_at", table_name=table)
        op.create_index(f"ix_{table}_trashed", table, ["deleted_at"],
                        sqlite_where=TRASHED, postgresql_where=TRASHED)
    op.drop_index("ix_task_live_status_due", table_name="task")
    op.create_index("ix_task_status_due_live", "task", ["status", "due_on", "deleted_at"])
    op.drop_index("ix_aspiration_live_raised", table_name="aspiration")
    op.create_index("ix_aspiration_raised_live", "aspiration", ["raised_on", "id", "deleted_at"])


def downgrade() -> None:
    op.drop_index("ix_aspiration_raised_live", table_name="aspiration")
    op.create_index("ix_aspiration_live_raised", "aspiration", ["deleted_at", "raised_on"])
    op.drop_index("ix_task_status_due_live", table_name="task")
    op.create_index("ix_task_live_status_due", "task", ["deleted_at", "status", "due_on"])
    for table in TABLES:
        op.drop_index(f"ix_{table}_trashed", table_name=table)
        op.create_index(f"ix_{table}_deleted_at", table, ["deleted_at"])

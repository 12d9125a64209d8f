"""task(status, completed_on): the "done after the day" half of overdue on any day

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

A task is overdue on a day if it is open, or was done only after that day, with its due date
before it (tasks_rules.standing_sql). SQLite answers the OR with one index per half; without an
index on the completion date the second half walked every done task past its due date and read
each row (75k on the large demo: 154 ms to open the overdue task list). With ``task(status,
completed_on)`` it is a short range: 3.7 ms (make bench).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_task_status_completed", "task", ["status", "completed_on"])


def downgrade() -> None:
    op.drop_index("ix_task_status_completed", table_name="task")

"""document register: issued_document, the numbers given to minutes, notices and reports

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Minutes and notices had no number of their own (a finalized briefing printed "Số   -BB/TU" unless
one was typed), and nothing kept what a document was issued with. Each row of ``issued_document``
is one number of the register (sổ đăng ký văn bản): unique per type symbol and series (the year,
or 0 when numbering never restarts) by a UNIQUE constraint, with the settings the document was
printed with as JSON, so a reprint gives the same paper.

The finalized briefings of an existing file whose minutes number reads "15-BB/TU" are entered in
the register with the settings of today (the best record there is of what they were printed
with); a number used twice in a year is entered once, the others stay as typed on the briefing.
"""

import json
import re
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issued_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("briefing_id", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("symbol", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("body_symbol", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("series", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("settings", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('minutes', 'notice', 'report')", name="ck_issued_document_kind_valid"
        ),
        sa.CheckConstraint("number BETWEEN 1 AND 999999", name="ck_issued_document_number"),
        sa.CheckConstraint("series = 0 OR series BETWEEN 1945 AND 2200",
                           name="ck_issued_document_series"),
        sa.CheckConstraint("length(trim(symbol)) > 0", name="ck_issued_document_symbol_not_blank"),
        sa.ForeignKeyConstraint(["briefing_id"], ["briefing.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("symbol", "series", "number", name="uq_issued_document_number"),
    )
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issued_document_briefing_id"), ["briefing_id"], unique=False
        )
        batch_op.create_index("ix_issued_document_kind", ["kind", "issued_on"], unique=False)
    _backfill()


def _backfill() -> None:
    """Enter the numbered minutes of finalized briefings (see the module doc)."""
    from giaoban.core.services.settings import DEFAULTS

    conn = op.get_bind()
    stored = dict(conn.execute(sa.text("SELECT key, value FROM setting")).all())
    settings = {**DEFAULTS, **stored}
    symbol, body = settings["symbol_minutes"], settings["body_symbol"]
    yearly = settings.get("numbering_yearly", "1") != "0"
    pattern = re.compile(rf"^\s*(\d{{1,6}})-{re.escape(symbol)}/{re.escape(body)}\s*$")
    rows = conn.execute(sa.text(
        "SELECT id, document_number, held_on, year, created_at FROM briefing "
        "WHERE status = 'finalized' AND document_number <> '' ORDER BY held_on, id"
    )).all()
    taken: set[tuple[int, int]] = set()
    insert = sa.text(
        "INSERT INTO issued_document (kind, briefing_id, number, symbol, body_symbol, series, "
        "issued_on, settings, created_at, updated_at) VALUES ('minutes', :briefing, :number, "
        ":symbol, :body, :series, :issued_on, :settings, :at, :at)"
    )
    text = json.dumps(settings, ensure_ascii=False, sort_keys=True)
    for briefing_id, number_text, held_on, year, created_at in rows:
        found = pattern.match(number_text or "")
        number = int(found.group(1)) if found else 0
        issued_on = held_on or f"{year:04d}-01-01"
        series = int(str(issued_on)[:4]) if yearly else 0
        if not 1 <= number <= 999999 or (series, number) in taken:
            continue
        taken.add((series, number))
        conn.execute(insert, {"briefing": briefing_id, "number": number, "symbol": symbol,
                              "body": body, "series": series, "issued_on": issued_on,
                              "settings": text, "at": created_at})


def downgrade() -> None:
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.drop_index("ix_issued_document_kind")
        batch_op.drop_index(batch_op.f("ix_issued_document_briefing_id"))
    op.drop_table("issued_document")

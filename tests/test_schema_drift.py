"""The tables in models.py and the schema the migrations build must not drift apart."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import giaoban.core.models  # noqa: F401


def test_migrated_schema_matches_the_models(ctx):
    with ctx.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = compare_metadata(context, SQLModel.metadata)
    fts = ("_fts",)  # the full-text tables are created by migration 0002 only, on purpose
    diffs = [d for d in diffs if not any(marker in repr(d) for marker in fts)]
    assert diffs == [], "models.py and the migrations differ; add a migration or fix the model"

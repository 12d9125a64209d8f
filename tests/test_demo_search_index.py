"""The demo's bulk load indexes its rows in one pass and leaves the index triggers in place."""

import sqlalchemy as sa

from giaoban.core import search
from giaoban.core.services.aspirations import create_aspiration


def test_demo_rows_are_searchable_and_later_rows_too(demo_ctx):
    ctx = demo_ctx
    with ctx.session() as s:
        for kind in ("briefing", "aspiration", "task"):
            s.execute(sa.text(f"INSERT INTO {kind}_fts({kind}_fts) VALUES ('integrity-check')"))
        triggers = {r[0] for r in s.execute(sa.text("SELECT name FROM sqlite_master WHERE type='trigger'"))}
    assert {"aspiration_fts_ai", "task_fts_ai", "briefing_fts_ai"} <= triggers
    assert search.search(ctx, "duong", types=("aspiration",))
    org_id = 4
    row = create_aspiration(ctx, organization_id=org_id, raised_on=ctx.today(), kind="wish",
                            field="other", content="Xin lắp đèn chiếu sáng ngõ Quỳnh Lưu")
    assert row.id in {h.id for h in search.search(ctx, "quynh luu", types=("aspiration",))}

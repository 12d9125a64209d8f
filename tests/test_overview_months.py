"""The overview's tally by (unit, status, month assigned) on both backends (migration 0009).

The crafted register of ``test_overview_tally`` (every awkward case of the standing rule) is
counted again here on SQLite and on PostgreSQL, through the packed sums as shipped and through
the wide fields a group too big for the narrow ones falls back to (forced here by making the
narrow fields one bit wide). The month index built by the migration is the one the models
declare (Alembic cannot compare an expression index on SQLite, so this test does).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex
from sqlmodel import col, select

from giaoban.core.models import Task
from giaoban.core.periods import Period
from giaoban.core.services import overview_tally
from giaoban.core.services.overview import scope_periods, unit_figures
from giaoban.core.text import quarter_of
from tests.test_overview_tally import (  # noqa: F401  (register: the crafted tasks' fixture)
    DAYS,
    PERIODS,
    expected,
    register,
    shown,
)

BOTH = pytest.mark.parametrize("ctx", ["sqlite", "postgresql"], indirect=True)


def _statements(ctx, run):  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def remember(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        seen.append(statement)

    sa.event.listen(ctx.db.engine, "before_cursor_execute", remember)
    try:
        run()
    finally:
        sa.event.remove(ctx.db.engine, "before_cursor_execute", remember)
    return [s for s in seen if "overview_month" in s]


@BOTH
@pytest.mark.parametrize("as_of", DAYS)
def test_every_figure_on_both_backends(ctx, request, as_of):
    rows = request.getfixturevalue("register")
    for period in PERIODS:
        assert shown(ctx, as_of, period) == expected(rows, as_of, period), period


@BOTH
def test_groups_too_big_for_the_narrow_fields_are_counted_with_the_wide_ones(
        ctx, request, monkeypatch):
    rows = request.getfixturevalue("register")
    as_of = DAYS[0]
    tallies = _statements(ctx, lambda: shown(ctx, as_of, None))
    assert len(tallies) == 1 and tallies[0].count("sum(") == 1  # the shipped fields suffice
    monkeypatch.setattr(overview_tally, "NARROW", (4, 1))  # a field of 1 bit: 1 task at most
    for period in PERIODS:
        assert shown(ctx, as_of, period) == expected(rows, as_of, period), period
    tallies = _statements(ctx, lambda: shown(ctx, as_of, None))
    assert len(tallies) == 2 and tallies[1].count("sum(") == 2  # counted again, wide
    with ctx.session() as session:
        start, end = dt.date(2026, 5, 15), dt.date(2026, 8, 20)
        table = expected(rows, as_of, Period(start, end))["units"]
        report = unit_figures(session, as_of, start, end)
    assert {u.unit_id: (u.assigned, u.done_on_time, u.done_late, u.in_progress, u.overdue,
                        u.cancelled) for u in report if u.assigned} == table


@pytest.mark.usefixtures("register")
def test_the_tally_counts_whole_months_only(ctx):
    as_of = DAYS[0]
    with ctx.session() as session:
        found = overview_tally.tally(session, as_of, since=dt.date(2025, 3, 10))
    assert found.count(start=dt.date(2025, 3, 10), end=as_of)  # from the tally's own first day
    assert found.count(start=dt.date(2025, 4, 1), end=dt.date(2025, 6, 30))
    for start, end in ((dt.date(2025, 4, 2), as_of), (dt.date(2025, 4, 1), dt.date(2025, 6, 29))):
        with pytest.raises(ValueError, match="whole months"):
            found.count(start=start, end=end)
    assert not found.count(start=None, end=dt.date(2025, 2, 28))  # nothing before ``since``


def _normal(sql: str) -> str:
    return re.sub(r"\s+", " ", sql.replace('"', "")).strip()


def test_the_migrated_month_index_is_the_models(ctx):
    [index] = [i for i in Task.__table__.indexes  # type: ignore[attr-defined]
               if i.name == "ix_task_overview_month"]
    with ctx.db.engine.connect() as conn:
        built = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = "
                                     "'ix_task_overview_month'").scalar_one()
        declared = str(CreateIndex(index).compile(dialect=conn.dialect))
    assert _normal(built) == _normal(declared)
    assert "substr(assigned_on, 1, 7)" in built


@BOTH
@pytest.mark.usefixtures("register")
def test_the_kys_offered_on_both_backends(ctx):
    with ctx.session() as session:
        days = session.exec(select(Task.assigned_on).where(col(Task.deleted_at).is_(None))).all()
    live = {(d.year, quarter_of(d)) for d in days}
    offered = scope_periods(ctx)  # the quarters probed with parameters, one statement
    assert [p.key for p in offered if p.quarter] == [
        f"{y}-Q{q}" for y, q in sorted(live, reverse=True)]
    assert [p.key for p in offered if not p.quarter] == [
        str(y) for y in sorted({y for y, _q in live}, reverse=True)]

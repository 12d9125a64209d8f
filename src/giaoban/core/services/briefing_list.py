"""The briefing list with its counts, read in SQLAlchemy Core on ``core.tables``.

The one reader of the list, for the window's briefing page and ``giaoban briefings`` alike
(``briefing_query`` re-exports it): reading through the ORM would build every model (~60 ms) and
import the briefing editor's write services for a command that answers once and exits.
``tests/test_read_tables.py`` checks its rows, counts and order against the records one by one on
both backends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from giaoban.core import tables
from giaoban.core.enums import TaskStatus
from giaoban.core.services.briefing_rules import period_label

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

OPEN_STATUSES = (TaskStatus.NOT_STARTED.value, TaskStatus.IN_PROGRESS.value)
_B: Any = tables.briefing.c


@dataclass(frozen=True)
class BriefingRow:
    """One line of the briefing list (and of ``giaoban briefings --json``)."""

    id: int
    kind: str
    year: int
    quarter: int | None
    title: str
    held_on: dt.date | None
    chair: str
    secretary: str
    status: str
    document_number: str
    aspirations: int
    conclusions: int
    open_tasks: int

    @property
    def period(self) -> str:
        return period_label(self.kind, self.year, self.quarter, self.title)


def _counts(session: Any, column: Any, *conditions: Any) -> dict[int, int]:
    query = (sa.select(column, sa.func.count()).where(column.is_not(None), *conditions)
             .group_by(column))
    return {row[0]: row[1] for row in session.execute(query).all()}


def list_briefings(
    ctx: AppContext, *, year: int | None = None, kind: str | None = None,
    status: str | None = None,
) -> list[BriefingRow]:
    """Briefings not in the trash, newest first, with counts of aspirations, conclusions, open
    tasks."""
    chair, secretary = tables.person.alias("chair"), tables.person.alias("secretary")
    query = (
        sa.select(_B.id, _B.kind, _B.year, _B.quarter, _B.title, _B.held_on, chair.c.full_name,
                  secretary.c.full_name, _B.status, _B.document_number)
        .select_from(tables.briefing
                     .outerjoin(chair, _B.chair_id == chair.c.id)
                     .outerjoin(secretary, _B.secretary_id == secretary.c.id))
        .where(_B.deleted_at.is_(None))
    )
    if year is not None:
        query = query.where(_B.year == year)
    if kind:
        query = query.where(_B.kind == kind)
    if status:
        query = query.where(_B.status == status)
    aspiration, conclusion, task = tables.aspiration.c, tables.conclusion.c, tables.task.c
    with ctx.session() as session:
        rows = session.execute(query).all()
        aspirations = _counts(session, aspiration.briefing_id, aspiration.deleted_at.is_(None))
        conclusions = _counts(session, conclusion.briefing_id)
        open_tasks = _counts(session, task.briefing_id, task.deleted_at.is_(None),
                             task.status.in_(OPEN_STATUSES))
    result = [
        BriefingRow(
            id=bid or 0, kind=b_kind, year=b_year, quarter=quarter, title=title, held_on=held_on,
            chair=chair_name or "", secretary=secretary_name or "", status=b_status,
            document_number=document_number, aspirations=aspirations.get(bid or 0, 0),
            conclusions=conclusions.get(bid or 0, 0), open_tasks=open_tasks.get(bid or 0, 0),
        )
        for (bid, b_kind, b_year, quarter, title, held_on, chair_name, secretary_name, b_status,
             document_number) in rows
    ]
    result.sort(key=lambda r: (r.held_on or dt.date(r.year, 12, 31), r.id), reverse=True)
    return result

"""Reading briefings: the list with its counts, one briefing as a draft, its follow-up tasks.

Every reader runs a fixed number of queries whatever the data size (counts are aggregate
queries, names are joins), so the list and the editor stay fast on ten years of records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from giaoban.core.enums import BriefingKind
from giaoban.core.errors import NotFound
from giaoban.core.models import (
    Aspiration,
    Attendance,
    Briefing,
    Conclusion,
    Organization,
    Report,
    Task,
    TaskSupport,
)
from giaoban.core.services.briefing_draft import (
    AspirationDraft,
    AttendanceDraft,
    BriefingDraft,
    ConclusionDraft,
    ReportDraft,
)

# The list is read on the tables' columns by one reader, the command line's and the window's.
from giaoban.core.services.briefing_list import BriefingRow as BriefingRow
from giaoban.core.services.briefing_list import list_briefings as list_briefings
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext



@dataclass(frozen=True)
class FollowUpRow:
    """A task created from this briefing, with the names the editor shows."""

    id: int
    title: str
    lead_unit: str
    supporting_units: tuple[str, ...]
    assigned_on: dt.date
    due_on: dt.date | None
    status: str
    conclusion_id: int | None
    aspiration_id: int | None


def draft_from_session(session: Session, briefing: Briefing) -> BriefingDraft:
    """A briefing and its rows as an editable draft (four queries whatever its size, on the
    tables' columns: no ORM object for each of a big briefing's rows)."""
    briefing_id = briefing.id

    def rows(table: Any, *columns: str, live: bool = False) -> list[Any]:
        c = table.__table__.c
        where = [c.briefing_id == briefing_id, *([c.deleted_at.is_(None)] if live else [])]
        return list(session.execute(sa_select(*(c[name] for name in columns)).where(*where)
                                    .order_by(c.position, c.id)).all())

    attendance = rows(Attendance, "person_id", "organization_id", "role", "present",
                      "absence_reason")
    reports = rows(Report, "organization_id", "presenter", "title", "summary")
    aspirations = rows(Aspiration, "id", "organization_id", "kind", "field", "locality",
                       "people_concerned", "content", "status", live=True)
    conclusions = rows(Conclusion, "id", "text")
    return BriefingDraft(
        id=briefing.id, kind=briefing.kind, year=briefing.year, quarter=briefing.quarter,
        title=briefing.title, held_on=briefing.held_on, start_time=briefing.start_time,
        end_time=briefing.end_time, place=briefing.place, chair_id=briefing.chair_id,
        secretary_id=briefing.secretary_id, document_number=briefing.document_number,
        notes=briefing.notes, status=briefing.status,
        attendance=[AttendanceDraft(*row) for row in attendance],
        reports=[ReportDraft(*row) for row in reports],
        aspirations=[AspirationDraft(*row) for row in aspirations],
        conclusions=[ConclusionDraft(*row) for row in conclusions],
        version=briefing.version,
    )


def load_briefing(ctx: AppContext, briefing_id: int) -> BriefingDraft:
    """One briefing as a draft for the editor."""
    with ctx.session() as session:
        briefing = session.get(Briefing, briefing_id)
        if briefing is None or briefing.deleted_at is not None:
            raise NotFound(_("Không tìm thấy cuộc giao ban số {id}.").format(id=briefing_id))
        return draft_from_session(session, briefing)


def last_briefing(session: Session, kind: str, *, exclude_id: int | None = None) -> Briefing | None:
    """The latest briefing of a kind (by period, then date), not in the trash."""
    query = select(Briefing).where(Briefing.kind == kind, col(Briefing.deleted_at).is_(None))
    if exclude_id is not None:
        query = query.where(Briefing.id != exclude_id)
    query = query.order_by(
        col(Briefing.year).desc(), col(Briefing.quarter).desc(), col(Briefing.held_on).desc(),
        col(Briefing.id).desc(),
    ).limit(1)
    return session.exec(query).first()


def same_period_briefings(
    ctx: AppContext, kind: str, year: int, quarter: int | None, *, exclude_id: int | None = None
) -> list[int]:
    """Ids of other quarterly briefings of the same quarter (a second one needs confirmation)."""
    if kind != BriefingKind.QUARTERLY or quarter is None:
        return []
    query = select(Briefing.id).where(
        Briefing.kind == kind, Briefing.year == year, Briefing.quarter == quarter,
        col(Briefing.deleted_at).is_(None),
    )
    if exclude_id is not None:
        query = query.where(Briefing.id != exclude_id)
    with ctx.session() as session:
        return [row for row in session.exec(query) if row is not None]


def follow_ups(ctx: AppContext, briefing_id: int) -> list[FollowUpRow]:
    """Tasks created from this briefing (two queries on the tables' columns), in the order they
    were assigned."""
    t, lead = Task.__table__.c, Organization.__table__.c  # type: ignore[attr-defined]
    with ctx.session() as session:
        tasks = session.execute(
            sa_select(t.id, t.title, lead.name, t.assigned_on, t.due_on, t.status,
                      t.conclusion_id, t.aspiration_id)
            .join_from(Task.__table__, Organization.__table__,  # type: ignore[attr-defined]
                       t.lead_unit_id == lead.id)
            .where(t.briefing_id == briefing_id, t.deleted_at.is_(None))
            .order_by(t.assigned_on, t.id)
        ).all()
        supports: dict[int, list[str]] = defaultdict(list)
        for task_id, name in session.exec(
            select(TaskSupport.task_id, Organization.name)
            .join(Organization, col(TaskSupport.organization_id) == Organization.id)
            .join(Task, col(TaskSupport.task_id) == Task.id)
            .where(Task.briefing_id == briefing_id)
        ):
            supports[task_id].append(name)
    return [
        FollowUpRow(
            id=task_id, title=title, lead_unit=lead_name,
            supporting_units=tuple(supports.get(task_id, [])), assigned_on=assigned_on,
            due_on=due_on, status=status, conclusion_id=conclusion_id,
            aspiration_id=aspiration_id,
        )
        for task_id, title, lead_name, assigned_on, due_on, status, conclusion_id, aspiration_id
        in tasks
    ]

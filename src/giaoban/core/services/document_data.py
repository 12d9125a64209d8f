"""Read-only loaders of what the printed documents need, as plain dataclasses.

The document builders (``giaoban.documents.builders``) never touch the database: they take the
dataclasses below. Each loader runs a fixed, small number of queries whatever the size of the
briefing (one per table, joined to the names it needs — never one query per row), and writes
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from giaoban.core.errors import NotFound, ValidationError
from giaoban.core.models import (
    Aspiration,
    Attendance,
    Briefing,
    Conclusion,
    Organization,
    Person,
    Report,
    Setting,
    Task,
    TaskSupport,
)
from giaoban.core.services.overview import UnitFigures, scope_conditions, unit_figures
from giaoban.core.services.settings import DEFAULTS
from giaoban.core.text import sort_key
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


@dataclass(frozen=True)
class PersonInfo:
    name: str
    title: str = ""
    organization: str = ""


@dataclass(frozen=True)
class AttendeeInfo:
    """One line of attendance: a person, or an organization invited without a named person."""

    name: str
    title: str
    organization: str
    role: str
    present: bool
    absence_reason: str = ""


@dataclass(frozen=True)
class ReportInfo:
    position: int
    organization_id: int | None
    organization: str
    presenter: str
    title: str
    summary: str


@dataclass(frozen=True)
class AspirationInfo:
    id: int
    organization_id: int
    organization: str
    kind: str
    field: str
    locality: str
    people_concerned: str
    content: str
    position: int


@dataclass(frozen=True)
class ConclusionInfo:
    id: int
    position: int
    text: str


@dataclass(frozen=True)
class TaskInfo:
    """A follow-up task with the names the documents print and its source briefing."""

    id: int
    title: str
    detail: str
    lead_unit: str
    lead_unit_order: int
    supporting_units: tuple[str, ...]
    assigned_on: dt.date
    due_on: dt.date | None
    status: str
    completed_on: dt.date | None
    result: str
    conclusion_id: int | None = None
    aspiration_id: int | None = None
    briefing_id: int | None = None
    briefing_kind: str = ""
    briefing_year: int | None = None
    briefing_quarter: int | None = None
    briefing_held_on: dt.date | None = None
    briefing_title: str = ""


@dataclass
class BriefingDocumentData:
    """Everything the minutes and the notice of conclusions print about one briefing."""

    briefing_id: int
    kind: str
    year: int
    quarter: int | None
    title: str
    held_on: dt.date | None
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    status: str
    document_number: str
    notes: str
    chair: PersonInfo | None
    secretary: PersonInfo | None
    attendees: list[AttendeeInfo] = field(default_factory=list)
    reports: list[ReportInfo] = field(default_factory=list)
    aspirations: list[AspirationInfo] = field(default_factory=list)
    conclusions: list[ConclusionInfo] = field(default_factory=list)
    tasks: list[TaskInfo] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    today: dt.date = field(kw_only=True)


MinutesData = BriefingDocumentData
NoticeData = BriefingDocumentData


@dataclass
class FollowupReportData:
    """The tasks assigned in a period, with their state as of a given day.

    ``units`` are the overview's figures by lead unit for the same tasks (``unit_figures``), so
    the report's summary is the overview's, not a second count.
    """

    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    tasks: list[TaskInfo] = field(default_factory=list)
    units: list[UnitFigures] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    today: dt.date = field(kw_only=True)


def _settings(session: Session) -> dict[str, str]:
    """All settings (the shared defaults overlaid with the table), read in one query."""
    stored = {row.key: row.value for row in session.exec(select(Setting))}
    return {**DEFAULTS, **stored}


def _person(name: str | None, title: str | None, org: str | None) -> PersonInfo | None:
    return PersonInfo(name, title or "", org or "") if name else None


def load_briefing_document_data(ctx: AppContext, briefing_id: int) -> BriefingDocumentData:
    """The briefing, its attendance, reports, aspirations, conclusions and tasks: 8 queries."""
    chair, secretary = aliased(Person), aliased(Person)
    chair_org, secretary_org = aliased(Organization), aliased(Organization)
    with ctx.session() as session:
        row = session.execute(
            sa_select(
                Briefing,
                col(chair.full_name), col(chair.title), col(chair_org.name),
                col(secretary.full_name), col(secretary.title), col(secretary_org.name),
            )
            .outerjoin(chair, col(Briefing.chair_id) == chair.id)
            .outerjoin(chair_org, col(chair.organization_id) == chair_org.id)
            .outerjoin(secretary, col(Briefing.secretary_id) == secretary.id)
            .outerjoin(secretary_org, col(secretary.organization_id) == secretary_org.id)
            .where(col(Briefing.id) == briefing_id, col(Briefing.deleted_at).is_(None))
        ).first()
        if row is None:
            raise NotFound(_("Không tìm thấy cuộc giao ban số {id}.").format(id=briefing_id))
        briefing = row[0]
        data = BriefingDocumentData(
            briefing_id=briefing_id,
            kind=briefing.kind,
            year=briefing.year,
            quarter=briefing.quarter,
            title=briefing.title,
            held_on=briefing.held_on,
            start_time=briefing.start_time,
            end_time=briefing.end_time,
            place=briefing.place,
            status=briefing.status,
            document_number=briefing.document_number,
            notes=briefing.notes,
            chair=_person(*row[1:4]),
            secretary=_person(*row[4:7]),
            today=ctx.today(),
        )
        data.attendees = _attendees(session, briefing_id)
        data.reports = _reports(session, briefing_id)
        data.aspirations = _aspirations(session, briefing_id)
        data.conclusions = [
            ConclusionInfo(c.id or 0, c.position, c.text)
            for c in session.exec(
                select(Conclusion)
                .where(Conclusion.briefing_id == briefing_id)
                .order_by(col(Conclusion.position), col(Conclusion.id))
            )
        ]
        data.tasks = _tasks(session, col(Task.briefing_id) == briefing_id)
        data.settings = _settings(session)
    if data.chair is None:
        data.chair = _by_role(data.attendees, "chair")
    if data.secretary is None:
        data.secretary = _by_role(data.attendees, "secretary")
    return data


def _by_role(attendees: list[AttendeeInfo], role: str) -> PersonInfo | None:
    for a in attendees:
        if a.role == role and a.name:
            return PersonInfo(a.name, a.title, a.organization)
    return None


def _attendees(session: Session, briefing_id: int) -> list[AttendeeInfo]:
    person_org, own_org = aliased(Organization), aliased(Organization)
    rows = session.execute(
        sa_select(
            Attendance, col(Person.full_name), col(Person.title),
            col(person_org.name), col(own_org.name),
        )
        .outerjoin(Person, col(Attendance.person_id) == Person.id)
        .outerjoin(person_org, col(Person.organization_id) == person_org.id)
        .outerjoin(own_org, col(Attendance.organization_id) == own_org.id)
        .where(col(Attendance.briefing_id) == briefing_id)
        .order_by(col(Attendance.position), col(Attendance.id))
    ).all()
    return [
        AttendeeInfo(
            name=name or "",
            title=title or "",
            organization=org_name or person_org_name or "",
            role=attendance.role,
            present=attendance.present,
            absence_reason=attendance.absence_reason,
        )
        for attendance, name, title, person_org_name, org_name in rows
    ]


def _reports(session: Session, briefing_id: int) -> list[ReportInfo]:
    rows = session.exec(
        select(Report, Organization.name)
        .outerjoin(Organization, col(Report.organization_id) == Organization.id)
        .where(Report.briefing_id == briefing_id)
        .order_by(col(Report.position), col(Report.id))
    ).all()
    return [
        ReportInfo(r.position, r.organization_id, org or "", r.presenter, r.title, r.summary)
        for r, org in rows
    ]


def _aspirations(session: Session, briefing_id: int) -> list[AspirationInfo]:
    rows = session.exec(
        select(Aspiration, Organization.name)
        .join(Organization, col(Aspiration.organization_id) == Organization.id)
        .where(Aspiration.briefing_id == briefing_id, col(Aspiration.deleted_at).is_(None))
        .order_by(col(Aspiration.position), col(Aspiration.id))
    ).all()
    return [
        AspirationInfo(
            id=a.id or 0,
            organization_id=a.organization_id,
            organization=org,
            kind=a.kind,
            field=a.field,
            locality=a.locality,
            people_concerned=a.people_concerned,
            content=a.content,
            position=a.position,
        )
        for a, org in rows
    ]


def _tasks(session: Session, *conditions: ColumnElement[bool]) -> list[TaskInfo]:
    """Live tasks matching ``conditions`` with lead unit, supporting units and source: 2 queries."""
    where = [col(Task.deleted_at).is_(None), *conditions]
    rows = session.execute(
        sa_select(
            Task, col(Organization.name), col(Organization.sort_order),
            col(Briefing.kind), col(Briefing.year), col(Briefing.quarter),
            col(Briefing.held_on), col(Briefing.title),
        )
        .join(Organization, col(Task.lead_unit_id) == Organization.id)
        .outerjoin(Briefing, col(Task.briefing_id) == Briefing.id)
        .where(*where)
        # by deadline, tasks without one last on either backend (SQLite sorts NULL first)
        .order_by(col(Task.due_on).is_(None), col(Task.due_on), col(Task.id))
    ).all()
    supports: dict[int, list[tuple[int, str]]] = defaultdict(list)
    support_rows = session.exec(
        select(TaskSupport.task_id, Organization.name, Organization.sort_order)
        .join(Task, col(TaskSupport.task_id) == Task.id)
        .join(Organization, col(TaskSupport.organization_id) == Organization.id)
        .where(*where)
    ).all()
    for task_id, name, order in support_rows:
        supports[task_id].append((order, name))
    result = []
    for task, lead, lead_order, b_kind, b_year, b_quarter, b_held, b_title in rows:
        units = sorted(supports.get(task.id or 0, []), key=lambda u: (u[0], sort_key(u[1])))
        result.append(
            TaskInfo(
                id=task.id or 0,
                title=task.title,
                detail=task.detail,
                lead_unit=lead,
                lead_unit_order=lead_order,
                supporting_units=tuple(name for _order, name in units),
                assigned_on=task.assigned_on,
                due_on=task.due_on,
                status=task.status,
                completed_on=task.completed_on,
                result=task.result,
                conclusion_id=task.conclusion_id,
                aspiration_id=task.aspiration_id,
                briefing_id=task.briefing_id,
                briefing_kind=b_kind or "",
                briefing_year=b_year,
                briefing_quarter=b_quarter,
                briefing_held_on=b_held,
                briefing_title=b_title or "",
            )
        )
    return result


def load_followup_report_data(
    ctx: AppContext,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date | None = None,
) -> FollowupReportData:
    """Tasks assigned from ``period_start`` to ``period_end`` (and by ``as_of``): 5 queries.

    ``as_of`` defaults to today; the report judges each task as it stood that day. The tasks are
    the overview's scope for the same dates (``scope_conditions``; ``overview.ALL_TIME`` for
    "Mọi thời gian"), so the report covers what the page shows.
    """
    if period_end < period_start:
        raise ValidationError({"period": _("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")})
    as_of = as_of or ctx.today()
    with ctx.session() as session:
        tasks = _tasks(session, *scope_conditions(as_of, period_start, period_end))
        settings = _settings(session)
        units = unit_figures(session, as_of, period_start, period_end)
    tasks.sort(key=lambda t: (t.lead_unit_order, sort_key(t.lead_unit), t.due_on or dt.date.max, t.id))
    return FollowupReportData(
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        tasks=tasks,
        units=units,
        settings=settings,
        today=ctx.today(),
    )


__all__ = [
    "AspirationInfo",
    "AttendeeInfo",
    "BriefingDocumentData",
    "ConclusionInfo",
    "FollowupReportData",
    "MinutesData",
    "NoticeData",
    "PersonInfo",
    "ReportInfo",
    "TaskInfo",
    "load_briefing_document_data",
    "load_followup_report_data",
]

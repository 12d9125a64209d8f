"""Reading tasks: filtered and sorted ids in one query, then rows for those ids in a few queries.

The task list holds only ids (100k tasks stay fast) and asks for rows page by page;
``task_rows`` never runs a query per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, case, exists, false, or_
from sqlmodel import Session, col, select

from giaoban.core.enums import BriefingKind, TaskStatus
from giaoban.core.labels import label_of
from giaoban.core.models import Briefing, Organization, Task, TaskSupport, TaskUpdate
from giaoban.core.oneline import one_line
from giaoban.core.services.tasks_rules import (
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    Deadline,
    deadline_facts,
    deadline_text,
    standing_sql,
)

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

CHUNK = 500
SORT_KEYS = ("deadline", "due_on", "title", "lead_unit", "assigned_on", "status", "briefing", "id")


@dataclass(frozen=True)
class TaskRow(Deadline):
    """One task as the lists show it; its deadline facts (the base) computed against ``ctx.today()``."""

    id: int
    title: str
    lead_unit_id: int
    lead_unit: str
    supporting_units: tuple[str, ...]
    assigned_on: dt.date
    due_on: dt.date | None
    status: str
    completed_on: dt.date | None
    last_update: str
    last_update_on: dt.date | None
    briefing_id: int | None
    briefing: str
    deadline_note: str
    conclusion_id: int | None = None
    aspiration_id: int | None = None
    priority: str = "normal"

    @property
    def status_label(self) -> str:
        return label_of(TaskStatus, self.status)

    def as_json(self) -> dict[str, Any]:
        """The stable fields of ``giaoban tasks --json`` (ISO dates)."""
        return {
            "id": self.id,
            "title": self.title,
            "lead_unit": self.lead_unit,
            "supporting_units": list(self.supporting_units),
            "assigned_on": self.assigned_on.isoformat(),
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "status": self.status,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "overdue": self.overdue,
            "days_overdue": self.days_overdue,
            "briefing_id": self.briefing_id,
        }


@dataclass(frozen=True)
class TaskFilter:
    """What the task list, the CLI and the export filter on; empty means everything live."""

    query: str = ""
    unit_id: int | None = None
    lead_only: bool = False
    statuses: tuple[str, ...] = ()
    period: tuple[int, int | None] | None = None  # period of the source briefing
    briefing_id: int | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    overdue_only: bool = False
    due_soon: bool = False
    due_within: int | None = None
    ids: tuple[int, ...] | None = field(default=None)
    # the overview's Kỳ carried into the list: tasks assigned from … to … (both included)
    assigned_from: dt.date | None = None
    assigned_to: dt.date | None = None


def supporting_unit_ids(session: Session, task_id: int | None) -> list[int]:
    """The supporting units of a task, in the order they were added."""
    if task_id is None:
        return []
    return [
        int(i) for i in session.exec(
            select(TaskSupport.organization_id)
            .where(TaskSupport.task_id == task_id)
            .order_by(col(TaskSupport.id))
        )
    ]


def briefing_label(kind: str, year: int, quarter: int | None) -> str:
    """'Giao ban Quý III/2026', 'Tổng kết năm 2026': how a source briefing is named in lists."""
    from giaoban.i18n import _, format_quarter

    name = label_of(BriefingKind, kind)
    if kind == BriefingKind.QUARTERLY.value and quarter:
        return _("Giao ban {period}").format(period=format_quarter(year, quarter))
    return f"{name} {format_quarter(year, quarter)}"


def _search_condition(session: Session, query: str) -> Any:
    """Tasks matching a search, through the shared folded search index."""
    from giaoban.core.search import matching_ids

    return col(Task.id).in_(matching_ids(session, "task", query))


def _conditions(session: Session, filt: TaskFilter, today: dt.date) -> list[Any]:
    conds: list[Any] = [col(Task.deleted_at).is_(None)]
    if filt.ids is not None:
        conds.append(col(Task.id).in_(filt.ids) if filt.ids else false())
    if filt.query.strip():
        conds.append(_search_condition(session, filt.query))
    if filt.unit_id is not None:
        lead = col(Task.lead_unit_id) == filt.unit_id
        if filt.lead_only:
            conds.append(lead)
        else:
            support = exists().where(
                col(TaskSupport.task_id) == col(Task.id),
                col(TaskSupport.organization_id) == filt.unit_id,
            )
            conds.append(or_(lead, support))
    if filt.statuses:
        conds.append(col(Task.status).in_(filt.statuses))
    if filt.briefing_id is not None:
        conds.append(Task.briefing_id == filt.briefing_id)
    if filt.period is not None:
        year, quarter = filt.period
        brief: list[Any] = [col(Briefing.id) == col(Task.briefing_id), col(Briefing.year) == year]
        if quarter:
            brief.append(col(Briefing.quarter) == quarter)
        conds.append(exists().where(and_(*brief)))
    if filt.assigned_from is not None:
        conds.append(col(Task.assigned_on) >= filt.assigned_from)
    if filt.assigned_to is not None:
        conds.append(col(Task.assigned_on) <= filt.assigned_to)
    if filt.due_from is not None:
        conds.append(col(Task.due_on) >= filt.due_from)
    if filt.due_to is not None:
        conds.append(col(Task.due_on) <= filt.due_to)
    is_open = col(Task.status).in_(OPEN_STATUSES)
    if filt.overdue_only:
        conds.append(standing_sql(today).overdue)
    within = DUE_SOON_DAYS if filt.due_soon else filt.due_within
    if within is not None:
        conds.extend([is_open, col(Task.due_on) >= today,
                      col(Task.due_on) <= today + dt.timedelta(days=within)])
    return conds


def task_ids(
    ctx: AppContext,
    filt: TaskFilter | None = None,
    *,
    sort: str = "deadline",
    descending: bool = False,
) -> list[int]:
    """Ids of the live tasks passing ``filt``, in list order, from one SQL query."""
    with ctx.session() as session:
        return _sorted_ids(session, _conditions(session, filt or TaskFilter(), ctx.today()),
                           sort, descending)


def _sorted_ids(session: Session, conds: list[Any], sort: str, descending: bool) -> list[int]:
    """The ids of the tasks meeting ``conds`` in the order of the list's column ``sort``."""
    query = select(Task.id).where(*conds)
    if sort == "lead_unit":
        query = query.join(Organization, col(Organization.id) == Task.lead_unit_id)
        keys: list[Any] = [Organization.name]
    elif sort == "briefing":
        query = query.outerjoin(Briefing, col(Briefing.id) == Task.briefing_id)
        keys = [Briefing.year, Briefing.quarter, Briefing.held_on]
    elif sort == "title":
        keys = [Task.title]
    elif sort == "assigned_on":
        keys = [Task.assigned_on]
    elif sort == "status":
        keys = [Task.status]
    elif sort == "id":
        keys = [Task.id]
    else:  # due_on, deadline
        keys = [Task.due_on]
    order: list[Any] = [col(k).desc() if descending else col(k).asc() for k in keys]
    if sort in ("due_on", "deadline"):  # tasks without a deadline last, either direction
        order.insert(0, col(Task.due_on).is_(None))
    if sort == "deadline":  # open tasks first (what needs attention), then finished ones
        order.insert(0, case((col(Task.status).in_(OPEN_STATUSES), 0), else_=1))
    query = query.order_by(*order, col(Task.id).desc() if descending else col(Task.id))
    return [int(i or 0) for i in session.exec(query)]


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def task_rows(ctx: AppContext, ids: Sequence[int]) -> list[TaskRow]:
    """Rows for ``ids`` in that order (missing ids skipped): a few queries per 500 ids."""
    today = ctx.today()
    rows: dict[int, TaskRow] = {}
    with ctx.session() as session:
        names = _unit_names(session)
        for chunk in _chunks(list(ids)):
            rows.update(_rows_for(session, chunk, names, today))
    return [rows[i] for i in ids if i in rows]


def _unit_names(session: Session) -> dict[int | None, str]:
    return dict(session.exec(select(col(Organization.id), col(Organization.name))).all())


def _rows_for(
    session: Session, ids: Sequence[int] | Select[Any], names: dict[int | None, str],
    today: dt.date,
) -> dict[int, TaskRow]:
    """The rows of the tasks ``ids`` names: a list of ids, or a SELECT of them (a whole filtered
    list in four queries, without sending thousands of ids back as parameters)."""
    # Plain columns, not Task and Briefing objects: a list of 3,700 rows built them for nothing.
    tasks: list[Any] = list(session.exec(  # sqlmodel's select is typed up to 4 columns
        select(  # type: ignore[call-overload]
               col(Task.id), col(Task.title), col(Task.lead_unit_id), col(Task.assigned_on),
               col(Task.due_on), col(Task.status), col(Task.completed_on),
               col(Task.briefing_id), col(Task.conclusion_id), col(Task.aspiration_id),
               col(Task.priority))
        .where(col(Task.id).in_(ids))
    ))
    briefings: dict[int | None, tuple[str, int, int | None]] = {
        bid: (kind, year, quarter)
        for bid, kind, year, quarter in session.exec(
            select(col(Briefing.id), col(Briefing.kind), col(Briefing.year),
                   col(Briefing.quarter))
            .where(col(Briefing.id).in_({t.briefing_id for t in tasks}))
        )
    }
    supports: dict[int, list[str]] = {}
    for task_id, org_id in session.exec(
        select(TaskSupport.task_id, TaskSupport.organization_id)
        .where(col(TaskSupport.task_id).in_(ids))
        .order_by(col(TaskSupport.id))
    ):
        supports.setdefault(task_id, []).append(names.get(org_id, ""))
    # The last update of each: its day and note only (plain columns, not every update's object).
    last: dict[int, tuple[str, dt.date]] = {}
    for task_id, note, updated_on in session.exec(
        select(col(TaskUpdate.task_id), col(TaskUpdate.note), col(TaskUpdate.updated_on))
        .where(col(TaskUpdate.task_id).in_(ids))
        .order_by(col(TaskUpdate.updated_on), col(TaskUpdate.id))
    ):
        last[task_id] = (note, updated_on)
    out: dict[int, TaskRow] = {}
    for task in tasks:
        facts = deadline_facts(task.status, task.due_on, task.completed_on, today)
        brief = briefings.get(task.briefing_id)
        upd = last.get(task.id)
        out[task.id] = TaskRow(
            id=task.id,
            title=task.title,
            lead_unit_id=task.lead_unit_id,
            lead_unit=names.get(task.lead_unit_id, ""),
            supporting_units=tuple(supports.get(task.id, ())),
            assigned_on=task.assigned_on,
            due_on=task.due_on,
            status=task.status,
            completed_on=task.completed_on,
            **vars(facts),  # its fields as they are (asdict deep-copies: a third of the time)
            last_update=(upd[0] if upd else ""),
            last_update_on=(upd[1] if upd else None),
            briefing_id=task.briefing_id,
            briefing=briefing_label(*brief) if brief else "",
            deadline_note=deadline_text(facts, task.status),
            conclusion_id=task.conclusion_id,
            aspiration_id=task.aspiration_id,
            priority=task.priority,
        )
    return out


def list_tasks(
    ctx: AppContext, filt: TaskFilter | None = None, *, sort: str = "deadline"
) -> list[TaskRow]:
    """Every task passing ``filt`` as rows (for the CLI and the export), read in one session.

    A long list reads its rows with the filter itself as a subquery: thousands of ids sent back
    500 at a time cost more (SQLAlchemy renders each parameter) than running the filter again."""
    today = ctx.today()
    with ctx.session() as session:
        conds = _conditions(session, filt or TaskFilter(), today)
        ids = _sorted_ids(session, conds, sort, False)
        names = _unit_names(session)
        if len(ids) <= CHUNK:
            rows = _rows_for(session, ids, names, today)
        else:
            rows = _rows_for(session, select(Task.id).where(*conds), names, today)
    return [rows[i] for i in ids if i in rows]


def count_tasks(ctx: AppContext) -> int:
    """How many live tasks there are (the 'of M' in 'Hiển thị N / M')."""
    from sqlalchemy import func

    with ctx.session() as session:
        return int(session.exec(
            select(func.count()).select_from(Task).where(col(Task.deleted_at).is_(None))
        ).one())


def briefing_periods(ctx: AppContext) -> list[tuple[int, int | None]]:
    """The (year, quarter) periods of briefings that have tasks, newest first (for the filter)."""
    with ctx.session() as session:
        rows = session.exec(
            select(Briefing.year, Briefing.quarter).distinct()
            .where(col(Briefing.deleted_at).is_(None))
        ).all()
    return sorted({(int(y), q) for y, q in rows}, key=lambda p: (p[0], p[1] or 0), reverse=True)


@dataclass(frozen=True)
class TaskSources:
    """Labels of where a task came from, for the links on its detail."""

    briefing_id: int | None = None
    briefing: str = ""
    conclusion_id: int | None = None
    conclusion: str = ""
    aspiration_id: int | None = None
    aspiration: str = ""


def task_sources(ctx: AppContext, task_id: int) -> TaskSources:
    """The source briefing, conclusion and aspiration of a task, labelled."""
    from giaoban.core.models import Aspiration, Conclusion
    from giaoban.i18n import _

    with ctx.session() as session:
        task = session.get(Task, task_id)
        if task is None:
            return TaskSources()
        brief = session.get(Briefing, task.briefing_id) if task.briefing_id else None
        concl = session.get(Conclusion, task.conclusion_id) if task.conclusion_id else None
        asp = session.get(Aspiration, task.aspiration_id) if task.aspiration_id else None
        return TaskSources(
            briefing_id=(brief.id if brief else concl.briefing_id if concl else None),
            briefing=briefing_label(brief.kind, brief.year, brief.quarter) if brief else "",
            conclusion_id=concl.id if concl else None,
            conclusion=_("Kết luận {n}: {text}").format(n=concl.position, text=one_line(concl.text, 70))
            if concl else "",
            aspiration_id=asp.id if asp and asp.deleted_at is None else None,
            aspiration=one_line(asp.content, 70) if asp and asp.deleted_at is None else "",
        )


def supporting_units_of(ctx: AppContext, task_id: int) -> list[int]:
    """Ids of a task's supporting units, in the order they were added."""
    with ctx.session() as session:
        return [
            int(i) for i in session.exec(
                select(TaskSupport.organization_id)
                .where(TaskSupport.task_id == task_id)
                .order_by(col(TaskSupport.id))
            )
        ]

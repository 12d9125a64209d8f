"""Reading tasks: filtered and sorted ids in one query, then rows for those ids in a few queries.

The task list holds only ids (100k tasks stay fast) and asks for rows page by page;
``task_rows`` never runs a query per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import Select, and_, case, exists, false, or_
from sqlmodel import Session

from giaoban.core import tables
from giaoban.core.enums import BriefingKind, TaskStatus
from giaoban.core.labels import label_of
from giaoban.core.oneline import one_line
from giaoban.core.services.tasks_rules import (
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    Deadline,
    deadline_facts,
    deadline_text,
    standing_sql,
)
from giaoban.core.vietnamese_order import rank_case

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

CHUNK = 500
_new_row = object.__new__
# The tables' columns (core.tables): reading through them (SQLAlchemy Core) skips the ORM's
# compile step of each statement, its one-time mapper set-up and building the models at all,
# which a command line answering once pays in full.
_T: Any = tables.task.c
_S: Any = tables.task_support.c
_B: Any = tables.briefing.c
_O: Any = tables.organization.c
_U: Any = tables.task_update.c
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
    return [int(i) for i in session.execute(
        sa.select(_S.organization_id).where(_S.task_id == task_id).order_by(_S.id)).scalars()]


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

    return _T.id.in_(matching_ids(session, "task", query))


def _conditions(session: Session, filt: TaskFilter, today: dt.date) -> list[Any]:
    conds: list[Any] = [_T.deleted_at.is_(None)]
    if filt.ids is not None:
        conds.append(_T.id.in_(filt.ids) if filt.ids else false())
    if filt.query.strip():
        conds.append(_search_condition(session, filt.query))
    if filt.unit_id is not None:
        lead = _T.lead_unit_id == filt.unit_id
        if filt.lead_only:
            conds.append(lead)
        else:
            support = exists().where(_S.task_id == _T.id, _S.organization_id == filt.unit_id)
            conds.append(or_(lead, support))
    if filt.statuses:
        conds.append(_T.status.in_(filt.statuses))
    if filt.briefing_id is not None:
        conds.append(_T.briefing_id == filt.briefing_id)
    if filt.period is not None:
        year, quarter = filt.period
        brief: list[Any] = [_B.id == _T.briefing_id, _B.year == year]
        if quarter:
            brief.append(_B.quarter == quarter)
        conds.append(exists().where(and_(*brief)))
    if filt.assigned_from is not None:
        conds.append(_T.assigned_on >= filt.assigned_from)
    if filt.assigned_to is not None:
        conds.append(_T.assigned_on <= filt.assigned_to)
    if filt.due_from is not None:
        conds.append(_T.due_on >= filt.due_from)
    if filt.due_to is not None:
        conds.append(_T.due_on <= filt.due_to)
    is_open = _T.status.in_(OPEN_STATUSES)
    if filt.overdue_only:
        conds.append(standing_sql(today, _T).overdue)
    within = DUE_SOON_DAYS if filt.due_soon else filt.due_within
    if within is not None:
        conds.extend([is_open, _T.due_on >= today,
                      _T.due_on <= today + dt.timedelta(days=within)])
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
    query = _sorted(session, sa.select(_T.id).where(*conds), sort, descending)
    return [int(i or 0) for (i,) in session.execute(query).all()]  # fetchall: one call


def _sorted(session: Session, query: Select[Any], sort: str, descending: bool) -> Select[Any]:
    """``query`` (of tasks) in the order of the list's column ``sort``: units and statuses in
    the Vietnamese order of what the list shows, titles by their words without diacritics (the
    folded search copy, đ read as d: as the register sorts content)."""
    if sort == "lead_unit":
        keys: list[Any] = [rank_case(_T.lead_unit_id, _unit_names(session))]
    elif sort == "status":
        keys = [rank_case(_T.status, {s.value: label_of(TaskStatus, s.value) for s in TaskStatus})]
    elif sort == "title":
        keys = [_T.search_text]
    elif sort == "briefing":
        query = query.outerjoin(tables.briefing, _B.id == _T.briefing_id)
        keys = [_B.year, _B.quarter, _B.held_on]
    elif sort in ("assigned_on", "id"):
        keys = [_T[sort]]
    else:  # due_on, deadline
        keys = [_T.due_on]
    order: list[Any] = [k.desc() if descending else k.asc() for k in keys]
    if sort in ("due_on", "deadline"):  # tasks without a deadline last, either direction
        order.insert(0, _T.due_on.is_(None))
    if sort == "deadline":  # open tasks first (what needs attention), then finished ones
        order.insert(0, case((_T.status.in_(OPEN_STATUSES), 0), else_=1))
    return query.order_by(*order, _T.id.desc() if descending else _T.id)


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
            rows.update(_rows_for(session, _task_columns(session, _T.id.in_(chunk)), chunk,
                                  names, today))
    return [rows[i] for i in ids if i in rows]


def _unit_names(session: Session) -> dict[int | None, str]:
    return {unit_id: name for unit_id, name in session.execute(sa.select(_O.id, _O.name)).all()}


# Plain columns, not Task and Briefing objects: a list of 3,700 rows built them for nothing.
_ROW_COLUMNS = (_T.id, _T.title, _T.lead_unit_id, _T.assigned_on, _T.due_on, _T.status,
                _T.completed_on, _T.briefing_id, _T.conclusion_id, _T.aspiration_id, _T.priority)


def _task_columns(session: Session, *where: Any) -> Sequence[Any]:
    """The columns a row is made of, of the tasks meeting ``where``."""
    return session.execute(sa.select(*_ROW_COLUMNS).where(*where)).all()


def _rows_for(
    session: Session, tasks: Sequence[Any], ids: Sequence[int] | Select[Any],
    names: dict[int | None, str], today: dt.date, *, updates: bool = True,
) -> dict[int, TaskRow]:
    """The rows of ``tasks`` (their ``_ROW_COLUMNS``), whose ids ``ids`` names again for the
    queries of their units, updates and briefings: a list of ids, or a SELECT of them (a whole
    filtered list without sending thousands of ids back as parameters)."""
    briefings: dict[int | None, str] = {
        bid: briefing_label(kind, year, quarter)  # once per briefing, not once per task
        for bid, kind, year, quarter in session.execute(
            sa.select(_B.id, _B.kind, _B.year, _B.quarter)
            .where(_B.id.in_({task[7] for task in tasks}))
        ).all()
    }
    supports: dict[int, list[str]] = {}
    for task_id, org_id in session.execute(
        sa.select(_S.task_id, _S.organization_id).where(_S.task_id.in_(ids)).order_by(_S.id)
    ).all():  # all rows in one fetch: iterating a result fetches them one by one
        supports.setdefault(task_id, []).append(names.get(org_id, ""))
    # The last update of each: its day and note only (plain columns, not every update's object).
    last: dict[int, tuple[str, dt.date]] = {}
    for task_id, note, updated_on in session.execute(
        sa.select(_U.task_id, _U.note, _U.updated_on)
        .where(_U.task_id.in_(ids))
        .order_by(_U.updated_on, _U.id)
    ).all() if updates else ():
        last[task_id] = (note, updated_on)
    out: dict[int, TaskRow] = {}
    # The deadline facts and their words depend only on these three dates and status (and
    # today): made once per distinct combination, not once per task.
    facts_of: dict[tuple[Any, ...], tuple[dict[str, Any], str]] = {}
    for (task_id, title, lead_unit_id, assigned_on, due_on, status, completed_on, briefing_id,
         conclusion_id, aspiration_id, priority) in tasks:  # unpacked: a Row's attributes cost
        known = facts_of.get((status, due_on, completed_on))
        if known is None:
            facts = deadline_facts(status, due_on, completed_on, today)
            # its fields as they are (asdict deep-copies: a third of the time)
            known = facts_of[status, due_on, completed_on] = (vars(facts),
                                                              deadline_text(facts, status))
        upd = last.get(task_id)
        # Set in the new row's __dict__ rather than through the frozen dataclass's __init__
        # (one object.__setattr__ per field, 23 of them: a third of a long list's time in
        # Python); equal to one made the usual way, same repr and hash (tests/test_read_tables).
        row = out[task_id] = _new_row(TaskRow)
        values = row.__dict__
        values.update(known[0])
        values.update({
            "id": task_id,
            "title": title,
            "lead_unit_id": lead_unit_id,
            "lead_unit": names.get(lead_unit_id, ""),
            "supporting_units": tuple(supports.get(task_id, ())),
            "assigned_on": assigned_on,
            "due_on": due_on,
            "status": status,
            "completed_on": completed_on,
            "last_update": (upd[0] if upd else ""),
            "last_update_on": (upd[1] if upd else None),
            "briefing_id": briefing_id,
            "briefing": briefings.get(briefing_id, ""),
            "deadline_note": known[1],
            "conclusion_id": conclusion_id,
            "aspiration_id": aspiration_id,
            "priority": priority,
        })
    return out


def list_tasks(
    ctx: AppContext, filt: TaskFilter | None = None, *, sort: str = "deadline",
    updates: bool = True,
) -> list[TaskRow]:
    """Every task passing ``filt`` as rows (for the CLI and the export), read in one session.

    ``updates=False``: the rows' ``last_update`` and ``last_update_on`` are left empty, not read
    (``giaoban tasks`` shows neither; reading them was a sixth of its time on 3,800 tasks).

    A long list reads its rows with the filter itself as a subquery: thousands of ids sent back
    500 at a time cost more (SQLAlchemy renders each parameter) than running the filter again."""
    today = ctx.today()
    with ctx.session() as session:
        conds = _conditions(session, filt or TaskFilter(), today)
        tasks = session.execute(_sorted(session, sa.select(*_ROW_COLUMNS).where(*conds), sort,
                                        False)).all()  # in list order: no query of ids first
        ids = [task[0] for task in tasks]
        chosen = ids if len(ids) <= CHUNK else sa.select(_T.id).where(*conds)
        rows = _rows_for(session, tasks, chosen, _unit_names(session), today, updates=updates)
    return [rows[i] for i in ids]


def count_tasks(ctx: AppContext) -> int:
    """How many live tasks there are (the 'of M' in 'Hiển thị N / M')."""
    from sqlalchemy import func

    with ctx.session() as session:
        return int(session.execute(
            sa.select(func.count()).select_from(tables.task).where(_T.deleted_at.is_(None))
        ).scalar_one())


def briefing_periods(ctx: AppContext) -> list[tuple[int, int | None]]:
    """The (year, quarter) periods of briefings that have tasks, newest first (for the filter)."""
    with ctx.session() as session:
        rows = session.execute(
            sa.select(_B.year, _B.quarter).distinct().where(_B.deleted_at.is_(None))
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
    from giaoban.core.models import Aspiration, Briefing, Conclusion, Task
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
        return supporting_unit_ids(session, task_id)

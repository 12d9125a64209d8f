"""SQLModel tables for the whole domain (DESIGN.md, "Domain model").

Enums are stored as their string values with CHECK constraints, dates as ISO text (SQLite) or
DATE (PostgreSQL). Derived facts (overdue, done late) are never stored. Briefings, aspirations and
tasks carry ``deleted_at``: deleting moves them to the trash, purging removes them.

No ``from __future__ import annotations`` here, on purpose: pydantic would have to evaluate
every field's annotation from its text (~15 ms of every start). Each table's pydantic schema is
built when first used (``defer_build``: an audit line, an undo), not at import (~20 ms).
"""

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Field, Session, SQLModel
from sqlmodel.main import SQLModelConfig

from giaoban.core.enums import (
    AspirationField,
    AspirationKind,
    AspirationStatus,
    AttachmentOwner,
    AttendanceRole,
    BriefingKind,
    BriefingStatus,
    DocumentKind,
    IndexState,
    OrganizationKind,
    TaskPriority,
    TaskStatus,
)


def _in(table: str, column: str, enum: type[StrEnum]) -> CheckConstraint:
    """A CHECK that keeps ``column`` inside the values of ``enum``."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=f"ck_{table}_{column}_valid")


def _fk(target: str, *, nullable: bool = True, ondelete: str | None = None) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


def _trashed_index(table: str) -> Index:
    """A partial index over the trash only: almost every row is live, and an index that starts
    with ``deleted_at`` misleads SQLite's planner (migration 0003 explains the numbers).

    Partial indexes name only ``sqlite_where`` here: naming ``postgresql_where`` would import
    SQLAlchemy's PostgreSQL dialect (~40 ms) in every process, even one on a file.
    ``core.db_server.mirror_partial_indexes`` gives them the same condition on a server; the
    migrations create them partial on both backends."""
    return Index(f"ix_{table}_trashed", "deleted_at", sqlite_where=text("deleted_at IS NOT NULL"))


class AssignedMonth(FunctionElement[Any]):
    """The month a task was assigned in, as the overview's index keys it (migration 0009):
    'YYYY-MM' on SQLite (the date's text), the month's first day on PostgreSQL.

    One expression for the index and the query that reads it: SQLite walks an index in the
    order of an expression only when the query spells that very expression."""

    name = "assigned_month"
    inherit_cache = True


@compiles(AssignedMonth, "sqlite")
def _assigned_month_sqlite(_element: AssignedMonth, _compiler: Any, **_kw: Any) -> str:
    return "substr(assigned_on, 1, 7)"


@compiles(AssignedMonth, "postgresql")
def _assigned_month_pg(_element: AssignedMonth, _compiler: Any, **_kw: Any) -> str:
    # date_trunc of a timestamp without time zone: immutable, so it may be indexed.
    return "date_trunc('month', assigned_on::timestamp)"


# Row versions (migration 0007): every row a person edits through a form carries ``version``, 1
# when made and one more at every UPDATE, so a save can tell whether someone else stored the row
# since it was opened (core/conflicts.py). The ORM bumps it itself (``version_id_col``: each
# flushed UPDATE says ``SET version = v + 1 … WHERE version = v``); an UPDATE statement run
# through a session gets ``version = version + 1`` added by :func:`_bump_versions`.
VERSIONED = ("organization", "person", "briefing", "aspiration", "task")
_VERSION_COLUMNS = {
    table: Column("version", Integer, nullable=False, server_default=text("1"))
    for table in VERSIONED
}


def _versioned(table: str) -> dict:
    """The mapper arguments that make ``version`` the ORM's version counter (one Column object
    per table: the field and the mapper name the same one)."""
    return {"version_id_col": _VERSION_COLUMNS[table]}


class _Table(SQLModel):
    """The base of every table: its pydantic validator and serializer are built when first
    needed, not when the module is imported (most commands validate no model at all)."""

    model_config = SQLModelConfig(defer_build=True)


# Timestamps (created_at, updated_at, at) are stored in UTC so SQLite and PostgreSQL agree. They
# have no default here: the session of the context that writes a row stamps it from the context's
# clock (AppContext.session), so one pinned clock governs every stored moment.


class Organization(_Table, table=True):
    __tablename__ = "organization"
    __mapper_args__ = _versioned("organization")
    __table_args__ = (
        _in("organization", "kind", OrganizationKind),
        CheckConstraint("length(trim(name)) > 0", name="ck_organization_name_not_blank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_VERSION_COLUMNS["organization"])
    name: str = Field(max_length=300)
    short_name: str = Field(default="", max_length=120)
    abbreviation: str = Field(default="", max_length=40)
    kind: str = Field(default=OrganizationKind.OTHER.value, max_length=20)
    parent_id: int | None = Field(default=None, sa_column=_fk("organization.id", ondelete="SET NULL"))
    active: bool = Field(default=True)
    sort_order: int = Field(default=0)


class Person(_Table, table=True):
    __tablename__ = "person"
    __mapper_args__ = _versioned("person")
    __table_args__ = (
        CheckConstraint("length(trim(full_name)) > 0", name="ck_person_name_not_blank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_VERSION_COLUMNS["person"])
    full_name: str = Field(max_length=200)
    title: str = Field(default="", max_length=300)
    organization_id: int | None = Field(
        default=None, sa_column=_fk("organization.id", ondelete="SET NULL")
    )
    active: bool = Field(default=True)
    sort_order: int = Field(default=0)


class Briefing(_Table, table=True):
    __tablename__ = "briefing"
    __mapper_args__ = _versioned("briefing")
    __table_args__ = (
        _in("briefing", "kind", BriefingKind),
        _in("briefing", "status", BriefingStatus),
        CheckConstraint("quarter IS NULL OR quarter BETWEEN 1 AND 4", name="ck_briefing_quarter"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="ck_briefing_year"),
        CheckConstraint(
            "end_time IS NULL OR start_time IS NULL OR end_time >= start_time",
            name="ck_briefing_times",
        ),
        Index("ix_briefing_period", "year", "quarter"),
        _trashed_index("briefing"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_VERSION_COLUMNS["briefing"])
    kind: str = Field(default=BriefingKind.QUARTERLY.value, max_length=20)
    year: int
    quarter: int | None = None
    title: str = Field(default="", max_length=500)
    held_on: dt.date | None = Field(default=None, index=True)
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str = Field(default="", max_length=500)
    chair_id: int | None = Field(default=None, sa_column=_fk("person.id", ondelete="SET NULL"))
    secretary_id: int | None = Field(
        default=None, sa_column=_fk("person.id", ondelete="SET NULL")
    )
    status: str = Field(default=BriefingStatus.DRAFT.value, max_length=20, index=True)
    document_number: str = Field(default="", max_length=100)
    notes: str = Field(default="")
    search_text: str = Field(default="")  # folded copy for search, filled by core.search_text
    created_at: dt.datetime = Field(default=None, nullable=False)
    updated_at: dt.datetime = Field(default=None, nullable=False)
    deleted_at: dt.datetime | None = None


class Attendance(_Table, table=True):
    __tablename__ = "attendance"
    __table_args__ = (
        _in("attendance", "role", AttendanceRole),
        CheckConstraint(
            "person_id IS NOT NULL OR organization_id IS NOT NULL",
            name="ck_attendance_who",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    briefing_id: int = Field(sa_column=_fk("briefing.id", nullable=False, ondelete="CASCADE"))
    person_id: int | None = Field(default=None, sa_column=_fk("person.id", ondelete="CASCADE"))
    organization_id: int | None = Field(
        default=None, sa_column=_fk("organization.id", ondelete="CASCADE")
    )
    role: str = Field(default=AttendanceRole.MEMBER.value, max_length=20)
    present: bool = Field(default=True)
    absence_reason: str = Field(default="", max_length=500)
    position: int = Field(default=0)


class Report(_Table, table=True):
    """One agenda item: a body's report at a briefing."""

    __tablename__ = "report"

    id: int | None = Field(default=None, primary_key=True)
    briefing_id: int = Field(sa_column=_fk("briefing.id", nullable=False, ondelete="CASCADE"))
    position: int = Field(default=0)
    organization_id: int | None = Field(
        default=None, sa_column=_fk("organization.id", ondelete="SET NULL")
    )
    presenter: str = Field(default="", max_length=300)
    title: str = Field(default="", max_length=500)
    summary: str = Field(default="")


class Aspiration(_Table, table=True):
    """A concern, wish, petition or proposal of the people, raised by a body."""

    __tablename__ = "aspiration"
    __mapper_args__ = _versioned("aspiration")
    __table_args__ = (
        _in("aspiration", "kind", AspirationKind),
        _in("aspiration", "field", AspirationField),
        _in("aspiration", "status", AspirationStatus),
        CheckConstraint("length(trim(content)) > 0", name="ck_aspiration_content_not_blank"),
        Index("ix_aspiration_raised_live", "raised_on", "id", "deleted_at"),
        _trashed_index("aspiration"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_VERSION_COLUMNS["aspiration"])
    briefing_id: int | None = Field(
        default=None, sa_column=_fk("briefing.id", ondelete="SET NULL")
    )
    organization_id: int = Field(sa_column=_fk("organization.id", nullable=False))
    raised_on: dt.date = Field(index=True)
    kind: str = Field(default=AspirationKind.PETITION.value, max_length=20, index=True)
    field: str = Field(default=AspirationField.OTHER.value, max_length=30, index=True)
    locality: str = Field(default="", max_length=300, index=True)
    people_concerned: str = Field(default="", max_length=500)
    content: str
    status: str = Field(default=AspirationStatus.RECEIVED.value, max_length=20, index=True)
    response: str = Field(default="")
    response_on: dt.date | None = None
    responding_unit_id: int | None = Field(
        default=None, sa_column=_fk("organization.id", ondelete="SET NULL")
    )
    position: int = Field(default=0)
    search_text: str = Field(default="")  # folded copy for search, filled by core.search_text
    created_at: dt.datetime = Field(default=None, nullable=False)
    updated_at: dt.datetime = Field(default=None, nullable=False)
    deleted_at: dt.datetime | None = None


class Conclusion(_Table, table=True):
    __tablename__ = "conclusion"

    id: int | None = Field(default=None, primary_key=True)
    briefing_id: int = Field(sa_column=_fk("briefing.id", nullable=False, ondelete="CASCADE"))
    position: int = Field(default=0)
    text: str


class Task(_Table, table=True):
    """A follow-up assigned to a lead unit with a deadline; overdue is derived, never stored."""

    __tablename__ = "task"
    __mapper_args__ = _versioned("task")
    __table_args__ = (
        _in("task", "status", TaskStatus),
        _in("task", "priority", TaskPriority),
        CheckConstraint("length(trim(title)) > 0", name="ck_task_title_not_blank"),
        CheckConstraint("due_on IS NULL OR due_on >= assigned_on", name="ck_task_due_after_assigned"),
        CheckConstraint(
            "completed_on IS NULL OR completed_on >= assigned_on",
            name="ck_task_completed_after_assigned",
        ),
        CheckConstraint(
            "status <> 'done' OR completed_on IS NOT NULL", name="ck_task_done_has_date"
        ),
        Index("ix_task_status_due_live", "status", "due_on", "deleted_at"),
        Index("ix_task_status_completed", "status", "completed_on"),
        # The overview's one pass groups the live tasks by these three and reads only these
        # columns (migration 0009; core/services/overview_tally.py); the trash is not counted.
        Index("ix_task_overview_month", "lead_unit_id", "status", AssignedMonth(),
              "assigned_on", "due_on", "completed_on", sqlite_where=text("deleted_at IS NULL")),
        _trashed_index("task"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column=_VERSION_COLUMNS["task"])
    title: str = Field(max_length=1000)
    detail: str = Field(default="")
    briefing_id: int | None = Field(
        default=None, sa_column=_fk("briefing.id", ondelete="SET NULL")
    )
    conclusion_id: int | None = Field(
        default=None, sa_column=_fk("conclusion.id", ondelete="SET NULL")
    )
    aspiration_id: int | None = Field(
        default=None, sa_column=_fk("aspiration.id", ondelete="SET NULL")
    )
    lead_unit_id: int = Field(sa_column=_fk("organization.id", nullable=False))
    assigned_on: dt.date = Field(index=True)
    due_on: dt.date | None = Field(default=None, index=True)
    priority: str = Field(default=TaskPriority.NORMAL.value, max_length=10)
    status: str = Field(default=TaskStatus.NOT_STARTED.value, max_length=20, index=True)
    completed_on: dt.date | None = None
    result: str = Field(default="")
    cancel_reason: str = Field(default="")
    search_text: str = Field(default="")  # folded copy for search, filled by core.search_text
    created_at: dt.datetime = Field(default=None, nullable=False)
    updated_at: dt.datetime = Field(default=None, nullable=False)
    deleted_at: dt.datetime | None = None


class TaskSupport(_Table, table=True):
    """A supporting unit (đơn vị phối hợp) of a task."""

    __tablename__ = "task_support"
    __table_args__ = (UniqueConstraint("task_id", "organization_id", name="uq_task_support"),)

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=_fk("task.id", nullable=False, ondelete="CASCADE"))
    organization_id: int = Field(
        sa_column=_fk("organization.id", nullable=False, ondelete="CASCADE")
    )


class TaskUpdate(_Table, table=True):
    """One entry of a task's timeline: progress, a status change or a new due date."""

    __tablename__ = "task_update"
    __table_args__ = (
        CheckConstraint(
            "progress IS NULL OR progress BETWEEN 0 AND 100", name="ck_task_update_progress"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=_fk("task.id", nullable=False, ondelete="CASCADE"))
    updated_on: dt.date
    note: str = Field(default="")
    old_status: str | None = Field(default=None, max_length=20)
    new_status: str | None = Field(default=None, max_length=20)
    progress: int | None = None
    old_due_on: dt.date | None = None
    new_due_on: dt.date | None = None
    created_at: dt.datetime = Field(default=None, nullable=False)


class AuditEvent(_Table, table=True):
    """Who changed what, when: fields before and after as JSON text."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default=None, nullable=False, index=True)
    user: str = Field(default="", max_length=200)
    entity: str = Field(max_length=50)
    entity_id: int | None = None
    action: str = Field(max_length=20)
    changes: str = Field(default="{}")
    note: str = Field(default="")


class IssuedDocument(_Table, table=True):
    """One line of the document register (sổ đăng ký văn bản): a number given to a document.

    Numbers are unique per type symbol and series (the year when numbering restarts each year,
    0 when it never does) by a constraint, not a check. ``settings`` keeps, as JSON, every
    setting the document was printed with (header, place, symbols, signers…), so a reprint
    years later gives the same paper whatever the settings say by then.
    """

    __tablename__ = "issued_document"
    __table_args__ = (
        _in("issued_document", "kind", DocumentKind),
        CheckConstraint("number BETWEEN 1 AND 999999", name="ck_issued_document_number"),
        CheckConstraint("series = 0 OR series BETWEEN 1945 AND 2200",
                        name="ck_issued_document_series"),
        CheckConstraint("length(trim(symbol)) > 0", name="ck_issued_document_symbol_not_blank"),
        UniqueConstraint("symbol", "series", "number", name="uq_issued_document_number"),
        Index("ix_issued_document_kind", "kind", "issued_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    briefing_id: int | None = Field(
        default=None, sa_column=_fk("briefing.id", ondelete="SET NULL")
    )
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    as_of: dt.date | None = None
    number: int
    symbol: str = Field(max_length=40)
    body_symbol: str = Field(default="", max_length=40)
    series: int = Field(default=0)
    issued_on: dt.date
    settings: str = Field(default="{}")
    created_at: dt.datetime = Field(default=None, nullable=False)
    updated_at: dt.datetime = Field(default=None, nullable=False)


class AttachmentBlob(_Table, table=True):
    """The bytes of an attached file, stored once however often it is attached (by SHA-256).

    ``media_type`` is sniffed from the bytes, not taken from the name. ``text`` is what the
    extraction found (plain, for showing), ``search_text`` the same folded for the search index;
    ``index_state`` says whether that is done and ``not_indexed_reason`` why it never will be.
    """

    __tablename__ = "attachment_blob"
    __table_args__ = (
        _in("attachment_blob", "index_state", IndexState),
        CheckConstraint("size >= 0", name="ck_attachment_blob_size"),
        UniqueConstraint("sha256", name="uq_attachment_blob_sha256"),
        Index("ix_attachment_blob_state", "index_state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64)
    size: int
    media_type: str = Field(default="application/octet-stream", max_length=100)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    text: str = Field(default="")
    search_text: str = Field(default="")
    index_state: str = Field(default=IndexState.PENDING.value, max_length=20)
    not_indexed_reason: str = Field(default="", max_length=300)
    created_at: dt.datetime = Field(default=None, nullable=False)


class Attachment(_Table, table=True):
    """A file attached to a briefing, a report, an aspiration or a task, under the name shown.

    The owner is named by kind and id (no foreign key: four tables); the bytes are a blob shared
    by every attachment of the same content. ``signed_minutes`` marks the signed, scanned minutes
    of a finalized briefing.
    """

    __tablename__ = "attachment"
    __table_args__ = (
        _in("attachment", "owner_kind", AttachmentOwner),
        CheckConstraint("length(trim(name)) > 0", name="ck_attachment_name_not_blank"),
        Index("ix_attachment_owner", "owner_kind", "owner_id"),
        _trashed_index("attachment"),
    )

    id: int | None = Field(default=None, primary_key=True)
    blob_id: int = Field(sa_column=_fk("attachment_blob.id", nullable=False))
    owner_kind: str = Field(max_length=20)
    owner_id: int
    name: str = Field(max_length=255)
    signed_minutes: bool = Field(default=False)
    created_by: str = Field(default="", max_length=200)
    created_at: dt.datetime = Field(default=None, nullable=False)
    updated_at: dt.datetime = Field(default=None, nullable=False)
    deleted_at: dt.datetime | None = None


class Setting(_Table, table=True):
    """Settings that travel with the data (committee name, symbols, signature titles)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(default="")



@event.listens_for(Session, "do_orm_execute")
def _bump_versions(state: ORMExecuteState) -> None:
    """An ``update(Task)…`` run through a session (a purge unlinking tasks) is a change of those
    rows too: it sets ``version = version + 1`` unless the statement sets the version itself."""
    if not state.is_update:
        return
    mapper = state.bind_mapper
    column = mapper.version_id_col if mapper is not None else None
    if column is None:
        return
    statement = state.statement
    values = getattr(statement, "_values", None) or {}
    if any(getattr(key, "key", key) == "version" for key in values):
        return
    state.statement = statement.values({column: column + 1})  # type: ignore[attr-defined]

"""The in-memory draft of a briefing that the editor changes and ``save_briefing`` writes whole.

Plain dataclasses, compared by value: the editor knows it has unsaved changes when its draft
differs from the copy it loaded, whatever undo and redo did in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from giaoban.core.enums import (
    AspirationField,
    AspirationKind,
    AspirationStatus,
    AttendanceRole,
    BriefingKind,
    BriefingStatus,
)


@dataclass
class AttendanceDraft:
    """One line of attendance: a person (or an organization) with role, present/absent, reason."""

    person_id: int | None = None
    organization_id: int | None = None
    role: str = AttendanceRole.MEMBER.value
    present: bool = True
    absence_reason: str = ""


@dataclass
class ReportDraft:
    """One agenda item: the presenting body, presenter, title and summary."""

    organization_id: int | None = None
    presenter: str = ""
    title: str = ""
    summary: str = ""


@dataclass
class AspirationDraft:
    """An aspiration raised at the briefing; ``id`` is set once it is a saved record."""

    id: int | None = None
    organization_id: int | None = None
    kind: str = AspirationKind.PETITION.value
    field: str = AspirationField.OTHER.value
    locality: str = ""
    people_concerned: str = ""
    content: str = ""
    status: str = AspirationStatus.RECEIVED.value


@dataclass
class ConclusionDraft:
    """One numbered conclusion; its number is its place in the list."""

    id: int | None = None
    text: str = ""


@dataclass
class BriefingDraft:
    """A whole briefing as the editor holds it."""

    id: int | None = None
    kind: str = BriefingKind.QUARTERLY.value
    year: int = 2026
    quarter: int | None = 1
    title: str = ""
    held_on: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str = ""
    chair_id: int | None = None
    secretary_id: int | None = None
    document_number: str = ""
    notes: str = ""
    status: str = BriefingStatus.DRAFT.value
    attendance: list[AttendanceDraft] = field(default_factory=list)
    reports: list[ReportDraft] = field(default_factory=list)
    aspirations: list[AspirationDraft] = field(default_factory=list)
    conclusions: list[ConclusionDraft] = field(default_factory=list)
    version: int | None = None  # the stored briefing's row version when read (None: not stored)

    @property
    def finalized(self) -> bool:
        return self.status == BriefingStatus.FINALIZED


HEADER_FIELDS = (
    "kind", "year", "quarter", "title", "held_on", "start_time", "end_time", "place", "chair_id",
    "secretary_id", "document_number", "notes",
)

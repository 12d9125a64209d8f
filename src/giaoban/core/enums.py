"""Closed vocabularies of the domain, stored as their string values and checked in the schema."""

from __future__ import annotations

from enum import StrEnum


class OrganizationKind(StrEnum):
    PARTY_COMMITTEE = "party_committee"
    COMMISSION = "commission"
    FRONT = "front"
    ASSOCIATION = "association"
    STATE_AGENCY = "state_agency"
    LOCALITY = "locality"
    OTHER = "other"


class BriefingKind(StrEnum):
    QUARTERLY = "quarterly"
    HALF_YEAR = "half_year"
    ANNUAL = "annual"
    THEMATIC = "thematic"


class BriefingStatus(StrEnum):
    DRAFT = "draft"
    FINALIZED = "finalized"


class AttendanceRole(StrEnum):
    CHAIR = "chair"
    SECRETARY = "secretary"
    MEMBER = "member"
    INVITED = "invited"


class AspirationKind(StrEnum):
    CONCERN = "concern"
    WISH = "wish"
    PETITION = "petition"
    PROPOSAL = "proposal"


class AspirationField(StrEnum):
    LAND_ENVIRONMENT = "land_environment"
    POLICY = "policy"
    INFRASTRUCTURE = "infrastructure"
    AGRICULTURE = "agriculture"
    SOCIAL = "social"
    ADMIN_REFORM = "admin_reform"
    OTHER = "other"


class AspirationStatus(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    ANSWERED = "answered"
    TRANSFERRED = "transferred"
    CLOSED = "closed"


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class TaskPriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"
    FINALIZE = "finalize"
    REOPEN = "reopen"
    IMPORT = "import"
    PURGE = "purge"
    BACKUP = "backup"


class DocumentKind(StrEnum):
    """The documents the office issues with a number of its own (the register's kinds)."""

    MINUTES = "minutes"
    NOTICE = "notice"
    REPORT = "report"


class AttachmentOwner(StrEnum):
    """The kinds of record a file can be attached to."""

    BRIEFING = "briefing"
    REPORT = "report"
    ASPIRATION = "aspiration"
    TASK = "task"


class IndexState(StrEnum):
    """Whether an attached file's text is in the search index yet, or why it never will be."""

    PENDING = "pending"
    INDEXED = "indexed"
    NOT_INDEXED = "not_indexed"

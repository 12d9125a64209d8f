"""Errors the core raises with a message meant for a person, never a traceback."""

from __future__ import annotations


class GiaobanError(Exception):
    """Base of every error whose message can be shown to the user as it is."""


class DatabaseError(GiaobanError):
    """The database file cannot be used: missing, corrupt, not ours, or too new."""


class DatabaseBusy(DatabaseError):
    """Another program kept the database locked for longer than a writer waits."""


class NotAGiaobanDatabase(DatabaseError):
    pass


class DatabaseTooNew(DatabaseError):
    pass


class DatabaseCorrupt(DatabaseError):
    pass


class NotFound(GiaobanError):
    pass


class RecordChanged(GiaobanError):
    """A row changed under a write that had read it unlocked (its version moved): nothing was
    written; trying again reads it afresh. A form's save merges instead (core/conflicts.py)."""


class ReadOnlyError(GiaobanError):
    """The record is finalized (read-only) and must be reopened before editing."""


class ValidationError(GiaobanError):
    """Bad input: one message per field, so a form can show each next to its field."""

    def __init__(self, errors: dict[str, str] | str, field: str | None = None) -> None:
        if isinstance(errors, str):
            errors = {field or "": errors}
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class Cancelled(GiaobanError):
    """The user stopped a long operation: nothing was written (import rolled back, no file)."""


class PermissionRefused(DatabaseError):
    """The server refused a write the login role has no right to (a leader changing a task)."""

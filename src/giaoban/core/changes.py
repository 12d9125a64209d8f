"""What an operation changed: the Change records a session notes as its transaction goes.

Kept apart from the audit (which writes events) so the context can collect them without
importing the audit, and the audit can take the context without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

CHANGES_KEY = "giaoban.changes"


@dataclass(frozen=True)
class Change:
    """One record changed by an operation: what the audit received, whole.

    ``before`` is empty for a record created, ``after`` for one purged; both are snapshots
    (column values, JSON-friendly). ``cascade`` marks a change made because of another one in the
    same operation (an aspiration trashed with its briefing).
    """

    kind: str
    id: int | None
    action: str
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    cascade: bool = False


def track(session: Session, change: Change) -> None:
    """Note a change on the session without an audit event (a task's timeline entry)."""
    session.info.setdefault(CHANGES_KEY, []).append(change)

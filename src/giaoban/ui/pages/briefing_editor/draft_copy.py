"""The editor's copies of its draft: the saved state it compares with, and what it saves.

Blank rows left at the end of a grid (Enter past the last cell adds one) are never saved, so
both leave them out.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from giaoban.core.services.briefing_draft import BriefingDraft


def _blank(row: Any) -> bool:
    """A row nobody typed into (Enter past the last cell adds one)."""
    return not any(
        value for key, value in vars(row).items()
        if key not in ("id", "kind", "field", "status", "role", "present")
    )


def _trim(rows: list[Any]) -> None:
    """Drop the blank rows left at the end of a grid (in place)."""
    while rows and _blank(rows[-1]) and getattr(rows[-1], "id", None) is None:
        rows.pop()


def trimmed(draft: BriefingDraft) -> BriefingDraft:
    """A copy without the blank rows left at the end of each grid: those are never saved.

    A copy of each row is a deep copy: the rows, and the draft besides its four lists, hold
    only immutable values — numbers, text, flags, dates, None (a test checks every field);
    ``copy.deepcopy`` of 200 aspirations took ~5 ms of each opening."""
    def copied(rows: list[Any]) -> list[Any]:
        rows = [copy.copy(row) for row in rows]
        _trim(rows)
        return rows

    return replace(draft, attendance=copied(draft.attendance), reports=copied(draft.reports),
                   aspirations=copied(draft.aspirations), conclusions=copied(draft.conclusions))


def trimmed_view(draft: BriefingDraft) -> BriefingDraft:
    """What :func:`trimmed` compares equal to, without copying a row: new lists of the same
    rows, for a comparison only (a deep copy of 200 aspirations took ~3 ms, and every edit and
    every opening compared one)."""
    def kept(rows: list[Any]) -> list[Any]:
        rows = list(rows)
        _trim(rows)
        return rows

    return replace(draft, attendance=kept(draft.attendance), reports=kept(draft.reports),
                   aspirations=kept(draft.aspirations), conclusions=kept(draft.conclusions))

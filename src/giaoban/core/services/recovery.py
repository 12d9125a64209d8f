"""The recovery copy of a briefing being written: kept beside the database while it is unsaved.

The editor writes its draft here every 30 seconds and on every tab change (whole or not at all,
through core.files), and removes it after a clean save or "Không lưu". If the program dies —
killed, a crash, a power cut — the copy is still there at the next start and is offered back
once. It sits beside the database, not in a scratch work folder: those are removed as a dead
program's leftovers at the next opening, which is exactly when this copy is needed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from giaoban.core.context import AppContext
from giaoban.core.files import write_output
from giaoban.core.services.briefing_draft import (
    AspirationDraft,
    AttendanceDraft,
    BriefingDraft,
    ConclusionDraft,
    ReportDraft,
)

FORMAT = 1
_ROWS: dict[str, type] = {
    "attendance": AttendanceDraft, "reports": ReportDraft, "aspirations": AspirationDraft,
    "conclusions": ConclusionDraft,
}


@dataclass(frozen=True)
class Recovered:
    """A recovery copy found at start: the draft and when it was last written (local time)."""

    draft: BriefingDraft
    written_at: dt.datetime


def recovery_path(ctx: AppContext) -> Path | None:
    """'.<database file name>.recovery.json' beside the database; None for a database that is
    not a file (nothing to put it beside)."""
    path = ctx.db.path
    return None if path is None else path.with_name(f".{path.name}.recovery.json")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def draft_to_json(draft: BriefingDraft, written_at: dt.datetime) -> bytes:
    """The draft as JSON text: every field, dates and times in ISO form."""
    header = {f.name: _plain(getattr(draft, f.name)) for f in dataclasses.fields(draft)
              if f.name not in _ROWS}
    rows = {name: [dataclasses.asdict(row) for row in getattr(draft, name)] for name in _ROWS}
    document = {"format": FORMAT, "written_at": written_at.isoformat(), "draft": {**header, **rows}}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _typed(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "held_on":
        return dt.date.fromisoformat(value)
    if name in ("start_time", "end_time"):
        return dt.time.fromisoformat(value)
    return value


def _checked(instance: Any) -> Any:
    """Refuse a field whose type is not the one the draft declares (a damaged or edited copy)."""
    for f in dataclasses.fields(instance):
        value = getattr(instance, f.name)
        declared = str(f.type)
        if value is None and "None" in declared:
            continue
        expected = next((kind for word, kind in (("bool", bool), ("int", int), ("str", str),
                                                 ("dt.date", dt.date), ("dt.time", dt.time),
                                                 ("list", list)) if declared.startswith(word)), None)
        if expected is None or not isinstance(value, expected) or (
                expected is int and isinstance(value, bool)):
            raise ValueError(f"{f.name}: {value!r}")
    return instance


def draft_from_json(data: bytes) -> Recovered:
    """The draft back from :func:`draft_to_json`; ValueError when it is not such a copy."""
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError("not a recovery copy")
        fields = dict(document["draft"])
        values: dict[str, Any] = {k: _typed(k, v) for k, v in fields.items() if k not in _ROWS}
        for name, kind in _ROWS.items():
            values[name] = [_checked(kind(**row)) for row in fields[name]]
        draft = BriefingDraft(**values)
        return Recovered(_checked(draft), dt.datetime.fromisoformat(document["written_at"]))
    except (KeyError, TypeError, AttributeError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(str(exc)) from exc


def save_recovery(ctx: AppContext, draft: BriefingDraft) -> Path | None:
    """Write (or replace) the recovery copy of ``draft``; GiaobanError when the disk refuses."""
    path = recovery_path(ctx)
    if path is None:
        return None
    return write_output(path, draft_to_json(draft, ctx.now()))


def load_recovery(ctx: AppContext) -> Recovered | None:
    """The copy a program that died left behind, or None. A damaged copy is None too (and is
    removed: offering what cannot be read back helps nobody)."""
    path = recovery_path(ctx)
    if path is None or not path.is_file():
        return None
    try:
        return draft_from_json(path.read_bytes())
    except (OSError, ValueError):
        discard_recovery(ctx)
        return None


def discard_recovery(ctx: AppContext) -> None:
    """Remove the copy (after a clean save, "Không lưu", or once it was offered and declined)."""
    path = recovery_path(ctx)
    if path is not None:
        with suppress(OSError):
            path.unlink(missing_ok=True)

"""Names and words in bodies' workbooks the program does not know, mapped once and remembered.

When a workbook names a body the matcher cannot find ("Hội Làm vườn tỉnh"), the secretary maps it
in the import dialog to a directory entry; the mapping is stored with the data (a setting, so it
travels with backups and to the shared server) when the import is written, and the next workbook
naming that body is matched without asking. The same goes for a kind, field or status written in
the body's own words ("Thiên tai" → "Khác").
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from giaoban.core.models import Setting
from giaoban.core.services.aspiration_columns import words

if TYPE_CHECKING:
    from sqlmodel import Session

KEY = "import.body_aliases"
VALUES_KEY = "import.value_aliases"  # {"kind"|"field"|"status": {written words: enum value}}


def alias_key(name: str) -> str:
    """How a written name is compared: folded words (no case, marks or punctuation)."""
    return words(name)


def _stored(session: Session, key: str) -> dict[str, Any]:
    row = session.get(Setting, key)
    try:
        stored = json.loads(row.value) if row is not None and row.value else {}
    except ValueError:  # a damaged setting counts as none
        return {}
    return stored if isinstance(stored, dict) else {}


def _store(session: Session, key: str, value: dict[str, Any]) -> None:
    row = session.get(Setting, key) or Setting(key=key)
    row.value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    session.add(row)


def remembered(session: Session) -> dict[str, int]:
    """Every remembered body name → organization id."""
    return {str(key): value for key, value in _stored(session, KEY).items()
            if isinstance(value, int) and not isinstance(value, bool)}


def remembered_values(session: Session) -> dict[tuple[str, str], str]:
    """Every remembered (column, written words) → the catalogue value it means."""
    return {(str(column), str(words_)): str(value)
            for column, table in _stored(session, VALUES_KEY).items() if isinstance(table, dict)
            for words_, value in table.items() if isinstance(value, str)}


def remember(session: Session, aliases: dict[str, int],
             values: dict[tuple[str, str], str] | None = None) -> None:
    """Add names (→ organization id) and catalogue values (column, written → value) to those
    remembered, in the caller's transaction."""
    if aliases:
        _store(session, KEY, remembered(session) | {alias_key(name): org_id
                                                     for name, org_id in aliases.items()})
    if values:
        merged: dict[str, dict[str, str]] = {}
        for (column, written), value in (remembered_values(session) | {
                (column, alias_key(written)): value for (column, written), value in values.items()
        }).items():
            merged.setdefault(column, {})[written] = value
        _store(session, VALUES_KEY, merged)

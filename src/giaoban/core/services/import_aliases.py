"""Names in bodies' workbooks that the directory does not know, mapped once and remembered.

When a workbook names a body the matcher cannot find ("Hội Làm vườn tỉnh"), the secretary maps it
in the import dialog to a directory entry; the mapping is stored with the data (a setting, so it
travels with backups and to the shared server) when the import is written, and the next workbook
naming that body is matched without asking.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from giaoban.core.models import Setting
from giaoban.core.services.aspiration_columns import words

if TYPE_CHECKING:
    from sqlmodel import Session

KEY = "import.body_aliases"


def alias_key(name: str) -> str:
    """How a written name is compared: folded words (no case, marks or punctuation)."""
    return words(name)


def remembered(session: Session) -> dict[str, int]:
    """Every remembered name → organization id (a damaged setting counts as none)."""
    row = session.get(Setting, KEY)
    try:
        stored = json.loads(row.value) if row is not None and row.value else {}
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    return {str(key): int(value) for key, value in stored.items()
            if isinstance(value, int) and not isinstance(value, bool)}


def remember(session: Session, aliases: dict[str, int]) -> None:
    """Add ``aliases`` (name → organization id) to those remembered, in the caller's transaction."""
    if not aliases:
        return
    merged = remembered(session) | {alias_key(name): org_id for name, org_id in aliases.items()}
    row = session.get(Setting, KEY) or Setting(key=KEY)
    row.value = json.dumps(merged, ensure_ascii=False, sort_keys=True)
    session.add(row)

"""The folded search text of briefings, aspirations and tasks, kept up to date for every writer.

Each searchable row stores ``search_text``: its main words folded by :func:`core.text.fold` (no
marks, đ→d, lower case). ORM events fill it on every insert and update through a Session; they
are registered by :func:`keep_current`, which ``core.db.open_database`` calls for every database
it opens. Core-level bulk ``insert()``/``update()`` statements bypass ORM events: such writers
(the demo's bulk load) call :func:`fill_rows` themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import event
from sqlmodel import SQLModel

from giaoban.core.models import Aspiration, Briefing, Task
from giaoban.core.quarters import roman_quarter
from giaoban.core.text import fold

# Kept in Vietnamese whatever the screen language: the index must not depend on the reader.
_BRIEFING_KINDS = {
    "quarterly": "Giao ban quý",
    "half_year": "Sơ kết 6 tháng",
    "annual": "Tổng kết năm",
    "thematic": "Chuyên đề",
}

ASPIRATION_FIELDS = ("content", "locality", "people_concerned", "response")
TASK_FIELDS = ("title", "detail", "result")
BRIEFING_FIELDS = ("title", "place", "notes", "document_number")


def briefing_label(kind: str | None, year: int | None, quarter: int | None) -> str:
    """'Giao ban quý III/2026', 'Tổng kết năm 2025': how a briefing is named when untitled."""
    name = _BRIEFING_KINDS.get(kind or "", "Giao ban")
    if year is None:
        return name
    if quarter:
        if kind == "quarterly":
            return f"{name} {roman_quarter(quarter)}/{year}"
        return f"{name} quý {roman_quarter(quarter)}/{year}"
    if kind in ("annual",):
        return f"{name} {year}"
    return f"{name} năm {year}"


def _get(row: Mapping[str, Any] | object, key: str) -> Any:
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


def _join(row: Mapping[str, Any] | object, keys: tuple[str, ...]) -> str:
    return " ".join(str(value) for key in keys if (value := _get(row, key)))


def aspiration_text(row: Mapping[str, Any] | object) -> str:
    return fold(_join(row, ASPIRATION_FIELDS))


def task_text(row: Mapping[str, Any] | object) -> str:
    return fold(_join(row, TASK_FIELDS))


def briefing_text(row: Mapping[str, Any] | object) -> str:
    label = briefing_label(_get(row, "kind"), _get(row, "year"), _get(row, "quarter"))
    return fold(f"{label} {_join(row, BRIEFING_FIELDS)}")


TEXT_OF: dict[Any, Any] = {Aspiration: aspiration_text, Task: task_text, Briefing: briefing_text}


def fill_rows(table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Fill ``search_text`` in plain row dicts about to be bulk-inserted (demo, import)."""
    compute = TEXT_OF.get(table)
    if compute is None:
        return
    for row in rows:
        row["search_text"] = compute(row)


def _on_write(_mapper: Any, _connection: Any, target: Any) -> None:
    target.search_text = TEXT_OF[type(target)](target)


_EVENTS = ("before_insert", "before_update")


def keep_current() -> None:
    """Fill ``search_text`` on every ORM insert and update of the searchable tables (idempotent).

    Mapper events are global: once registered they hold for every Session on any engine.
    """
    for table in TEXT_OF:
        for name in _EVENTS:
            if not event.contains(table, name, _on_write):
                event.listen(table, name, _on_write)

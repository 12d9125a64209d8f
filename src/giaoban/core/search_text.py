"""The folded search text of briefings, aspirations and tasks, kept up to date for every writer.

Each searchable row stores ``search_text``: its main words folded by :func:`core.text.fold` (no
marks, đ→d, lower case). ORM events fill it on every insert and update through a Session; they
are registered by :func:`keep_current`, which ``core.db.open_database`` calls for every database
it opens, on every mapper by table name, so that opening a file does not build the models (a
reading command line that never loads them saves ~60 ms). Core-level bulk ``insert()``/``update()`` statements bypass ORM events: such writers
(the demo's bulk load) call :func:`fill_rows` themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Mapper

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


# By table name: the models need not be built to know them.
TEXT_OF: dict[str, Any] = {"aspiration": aspiration_text, "task": task_text,
                           "briefing": briefing_text}


def fill_rows(table: Any, rows: list[dict[str, Any]]) -> None:
    """Fill ``search_text`` in plain row dicts about to be bulk-inserted (demo, import);
    ``table`` is the model class."""
    compute = TEXT_OF.get(getattr(table, "__tablename__", ""))
    if compute is None:
        return
    for row in rows:
        row["search_text"] = compute(row)


def _on_write(mapper: Any, _connection: Any, target: Any) -> None:
    compute = TEXT_OF.get(mapper.local_table.name)
    if compute is not None:
        target.search_text = compute(target)


_EVENTS = ("before_insert", "before_update")


def keep_current() -> None:
    """Fill ``search_text`` on every ORM insert and update of the searchable tables (idempotent).

    Mapper events are global: once registered they hold for every Session on any engine. They
    are listened to on every mapper (``Mapper`` itself, also those mapped later), each write
    looking its table up, so that registering them does not import ``core.models``.
    """
    for name in _EVENTS:
        if not event.contains(Mapper, name, _on_write):
            event.listen(Mapper, name, _on_write)

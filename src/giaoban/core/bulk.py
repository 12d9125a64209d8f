"""Bulk inserts prepared before the write lock is taken, so the lock is held only for SQLite's work.

SQLAlchemy converts each value (dates, times, enums) while it executes a statement; for 50,000
rows that costs seconds. :func:`prepare` does the same conversion with the column types' own bind
processors ahead of time; :meth:`BulkInsert.run` then hands the ready rows to the driver in one
``executemany``. Used by the spreadsheet import, whose write transaction must stay short.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True)
class BulkInsert:
    """One INSERT statement and its rows, already in the driver's form."""

    sql: str
    params: list[tuple[Any, ...]]

    def run(self, session: Session) -> None:
        """Insert every row in one executemany, inside the session's transaction."""
        if self.params:
            session.connection().exec_driver_sql(self.sql, self.params)


def prepare(dialect: sa.Dialect, table: sa.Table, rows: list[dict[str, Any]],
            columns: list[str] | None = None) -> BulkInsert:
    """The INSERT of ``rows`` (dicts holding every column of ``columns``, by default all of the
    table's) with values converted exactly as SQLAlchemy would convert them."""
    names = columns if columns is not None else [column.name for column in table.columns]
    compiled = sa.insert(table).compile(dialect=dialect, column_keys=names)
    order = list(compiled.positiontup or [])
    if sorted(order) != sorted(names):  # a dialect with named parameters: not what we expect
        raise RuntimeError(f"unexpected bulk insert parameters: {order}")
    processors: list[Callable[[Any], Any] | None] = [
        table.columns[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order]
    params = [tuple(value if process is None else process(value)
                    for value, process in zip((row[name] for name in order), processors,
                                              strict=True))
              for row in rows]
    return BulkInsert(str(compiled), params)

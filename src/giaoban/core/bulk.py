"""Bulk inserts prepared before the write lock is taken, so the lock is held only for SQLite's work.

SQLAlchemy converts each value (dates, times, enums) while it executes a statement; for 50,000
rows that costs seconds. :class:`Preparer` does the same conversion with the column types' own
bind processors ahead of time, a chunk of rows at a time (the row dicts need not all exist at
once); :meth:`BulkInsert.run` then hands the ready rows to the driver in one ``executemany``.
Used by the spreadsheet import, whose write transaction must stay short.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from sqlmodel import Session

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class BulkInsert:
    """One INSERT statement and its rows, already in the driver's form."""

    sql: str
    params: list[tuple[Any, ...]]
    columns: tuple[str, ...] = ()  # the parameters' order
    processors: tuple[Processor, ...] = field(default=(), repr=False)

    def run(self, session: Session) -> None:
        """Insert every row in one executemany, inside the session's transaction."""
        if self.params:
            session.connection().exec_driver_sql(self.sql, self.params)

    def replaced(self, column: str, values: Sequence[Any]) -> BulkInsert:
        """The same rows with ``column`` set to ``values`` (one per row, converted as before):
        ids given again when someone else took the planned ones meanwhile."""
        index = self.columns.index(column)
        process = self.processors[index]
        params = [(*row[:index], value if process is None else process(value), *row[index + 1:])
                  for row, value in zip(self.params, values, strict=True)]
        return BulkInsert(self.sql, params, self.columns, self.processors)


class Preparer:
    """Rows converted for one table's INSERT as they are added, exactly as SQLAlchemy would."""

    def __init__(self, dialect: sa.Dialect, table: sa.Table, columns: list[str] | None = None) -> None:
        names = columns if columns is not None else [column.name for column in table.columns]
        compiled = sa.insert(table).compile(dialect=_positional(dialect), column_keys=names)
        order = list(compiled.positiontup or [])
        if sorted(order) != sorted(names) or not order:  # named parameters: not what we expect
            raise RuntimeError(f"unexpected bulk insert parameters: {order}")
        self.sql, self.columns = str(compiled), tuple(order)
        self.processors: tuple[Processor, ...] = tuple(
            table.columns[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order)
        self._converted = [(index, process) for index, process in enumerate(self.processors)
                           if process is not None]
        self._values: Callable[[dict[str, Any]], Any] = itemgetter(*order)
        self.params: list[tuple[Any, ...]] = []

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        """Convert ``rows`` (dicts holding every column) and keep them for the insert."""
        single = len(self.columns) == 1
        for row in rows:
            values = (self._values(row),) if single else self._values(row)
            if self._converted:
                converted = list(values)
                for index, process in self._converted:
                    converted[index] = process(converted[index])
                values = tuple(converted)
            self.params.append(values)

    def insert(self) -> BulkInsert:
        """The statement with every row added so far."""
        return BulkInsert(self.sql, self.params, self.columns, self.processors)


def _positional(dialect: sa.Dialect) -> sa.Dialect:
    """The dialect, or one like it with positional parameters (psycopg's default is named ones,
    ``%(id)s``; the driver takes ``%s`` as well, so the rows stay plain tuples)."""
    if dialect.positional:
        return dialect
    make: Any = type(dialect)
    like: sa.Dialect = make(paramstyle="format")
    like.server_version_info = dialect.server_version_info
    return like


def prepare(dialect: sa.Dialect, table: sa.Table, rows: list[dict[str, Any]],
            columns: list[str] | None = None) -> BulkInsert:
    """The INSERT of ``rows`` (dicts holding every column of ``columns``, by default all of the
    table's) with values converted exactly as SQLAlchemy would convert them."""
    preparer = Preparer(dialect, table, columns)
    preparer.add(rows)
    return preparer.insert()

"""The base of the big lists: a table model that holds ids and fetches rows a page at a time.

The task list holds the ids of the filtered, sorted records (one SQL query); the register holds
only their count and reads the ids a page at a time too (``set_pages``: a count and a LIMIT/OFFSET
query), so a one-letter search over 100k records shows as soon as its first page is read. Rows are read ``page_size`` at a time when the view
first shows them and cached; past ``CACHE_PAGES`` pages the cache keeps only the page in view, so
scrolling through 100k keeps memory flat. Clicking a header asks the database for a new order of
ids. A subclass declares its columns and how to read a page of rows; nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from giaoban.core.context import AppContext
from giaoban.ui.models.base import ROW_ROLE

PAGE = 200
CACHE_PAGES = 20
ID_ROLE = Qt.ItemDataRole.UserRole + 4



class Record(Protocol):
    """What a lazy list shows: a row that knows its record's id."""

    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Record)
Index = QModelIndex | QPersistentModelIndex
IdPages = Callable[[int, int], list[int]]  # (offset, limit) → ids of those rows, in order
Locate = Callable[[int, int | None], int | None]  # (id, last id read) → its row, None: hidden


@dataclass(frozen=True)
class LazyColumn(Generic[R]):
    """One column: header, cell text, the database's sort key (None: not sortable), default
    width in pixels (0: the page decides), and optionally a tooltip, a colour and an icon.

    The width is ``pixels``, not ``width``: ``remember_header`` reads a ``width`` as average
    characters (the small lists' :class:`~giaoban.ui.models.base.Column`).
    """

    header: Callable[[], str]
    text: Callable[[R], str]
    key: str | None = None
    pixels: int = 0
    tooltip: Callable[[R], str] | None = None
    foreground: Callable[[R], Any] | None = None
    icon: Callable[[R], Any] | None = None


class LazyIdModel(QAbstractTableModel, Generic[R]):
    """Ids in display order; rows fetched page by page through ``fetch_rows`` and cached."""

    COLUMNS: Sequence[LazyColumn] = ()
    DEFAULT_SORT = ""  # the sort key of a column without one ("" : leave the order alone)
    page_size = PAGE
    row_page_size = 0  # rows read at a time (0: page_size); smaller = a quicker first screen
    sort_requested = Signal(str, bool)  # sort key, descending

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._ids: list[int | None] = []  # None: a row whose id is not read yet (paged lists)
        self._pages: IdPages | None = None
        self._locate: Locate = lambda _id, _last: None
        self._cache: dict[int, R] = {}
        self.fetches = 0  # how many pages were read (tests check there is no query per row)
        self.id_fetches = 0  # how many pages of ids were read (paged lists)

    def fetch_rows(self, ids: list[int]) -> Iterable[R]:
        """The rows of these ids (in any order; a missing id is a deleted record)."""
        raise NotImplementedError

    # --- data in ---
    def set_ids(self, ids: Sequence[int]) -> None:
        """Show these ids, in this order, forgetting every cached row."""
        self.beginResetModel()
        self._ids = list(ids)
        self._pages = None
        self._cache = {}
        self.endResetModel()

    def set_pages(self, count: int, pages: IdPages, locate: Locate) -> None:
        """Show ``count`` rows whose ids ``pages(offset, limit)`` reads a page at a time when the
        view first needs them: a list of 100k is shown after one count and one page.
        ``locate(id, last)`` tells the row of a record not read yet (None: the filter hides it;
        ``last`` is the last id of the rows read from the top, see :meth:`last_read`)."""
        self.beginResetModel()
        self._ids = [None] * count
        self._pages = pages
        self._locate = locate
        self._cache = {}
        self.endResetModel()

    def complete(self) -> bool:
        """Whether every id is known (a paged list reads the missing ones only when asked)."""
        return self._pages is None or None not in self._ids

    def ids(self) -> list[int]:
        """Every id in order (a paged list reads the ones it lacks in one go)."""
        if not self.complete():
            self._read_ids(0, len(self._ids))
        return [i or 0 for i in self._ids]

    def ids_at(self, rows: Iterable[int]) -> list[int]:
        """The ids of these rows; many unread ones (a whole selection) are read in one go."""
        rows = list(rows)
        if sum(1 for r in rows if self._ids[r] is None) > self.page_size:
            self.ids()
        return [self.id_at(r) for r in rows]

    def id_at(self, row: int) -> int:
        record_id = self._ids[row]
        if record_id is None:
            start = (row // self.page_size) * self.page_size
            self._read_ids(start, self.page_size)
            record_id = self._ids[row]
        return record_id or 0  # 0: gone since the count (no record has it)

    def _read_ids(self, start: int, limit: int) -> None:
        if self._pages is None:
            return
        limit = min(limit, len(self._ids) - start)
        found = self._pages(start, limit)
        self.id_fetches += 1
        found = found + [0] * (limit - len(found))
        self._ids[start:start + limit] = found[:limit]

    def loaded_ids(self) -> list[int]:
        """The ids read so far, in order (the first page and what was scrolled to)."""
        return [i for i in self._ids if i]

    def row_of(self, record_id: int) -> int:
        """The row showing this id, -1 if the filter hides it. A paged list that has not read it
        yet asks the database where it is and reads that page."""
        try:
            return self._ids.index(record_id)
        except ValueError:
            pass
        if self.complete() or not record_id:
            return -1
        position = self._locate(record_id, self.last_read())
        if position is None or not 0 <= position < len(self._ids):
            return -1
        self.read_row(position)
        return position if self._ids[position] == record_id else -1

    def read_row(self, row: int) -> None:
        """Read the page of ids holding ``row`` if it is not read yet."""
        if 0 <= row < len(self._ids):
            self.id_at(row)

    def last_read(self) -> int | None:
        """The id of the last row of the first run of rows read (None: nothing read)."""
        last = None
        for record_id in self._ids:
            if record_id is None:
                break
            last = record_id
        return last

    def row_at(self, row: int) -> R | None:
        """The record of a row, reading its page first if needed; None if it is gone."""
        if not 0 <= row < len(self._ids):
            return None
        record_id = self.id_at(row)
        if record_id not in self._cache:
            self._fetch_around(row)
        return self._cache.get(record_id)

    def _fetch_around(self, row: int) -> None:
        size = self.row_page_size or self.page_size
        start = (row // size) * size
        self.id_at(min(start + size, len(self._ids)) - 1)  # the ids of the whole row page
        page = [i for i in self._ids[start : start + size] if i]
        self.fetches += 1
        for found in self.fetch_rows([i for i in page if i not in self._cache]):
            self._cache[found.id] = found
        if len(self._cache) > CACHE_PAGES * self.page_size:
            keep = set(page)
            self._cache = {k: v for k, v in self._cache.items() if k in keep}

    def refresh_row(self, record_id: int) -> None:
        """Re-read one record after it changed (its row stays where it is until the next reload)."""
        self._cache.pop(record_id, None)
        row = self.row_of(record_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # --- Qt interface ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section].header()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self.id_at(index.row())
        row = self.row_at(index.row())
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (column.tooltip or column.text)(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            return column.foreground(row)
        if role == Qt.ItemDataRole.DecorationRole and column.icon:
            return column.icon(row)
        if role == ROW_ROLE:
            return row
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: ask for the ids in the column's order (sorting happens in SQL)."""
        key = self.COLUMNS[column].key if 0 <= column < len(self.COLUMNS) else None
        key = key or self.DEFAULT_SORT
        if key:
            self.sort_by(key, order == Qt.SortOrder.DescendingOrder)

    def sort_by(self, key: str, descending: bool) -> None:
        """Ask the page for a new order of ids (a subclass that loads its own ids reloads)."""
        self.sort_requested.emit(key, descending)

"""The base of every list model: column constants, ``set_rows``, a Vietnamese sort role.

A page declares its columns once (header, how to show a row, how to sort it) and hands rows to
``set_rows``; a :class:`SortFilterProxy` in front sorts by :data:`SORT_ROLE` and filters by the
folded text of the row, so search ignores case, marks and đ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from giaoban.core.text import collation_key, fold
from giaoban.i18n import format_date

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header, its text, and optionally its sort key, colour, icon, tooltip."""

    header: Callable[[], str]
    text: Callable[[R], Any]
    sort: Callable[[R], Any] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    foreground: Callable[[R], Any] | None = None
    icon: Callable[[R], Any] | None = None
    tooltip: Callable[[R], str] | None = None
    searchable: bool = True
    width: int | None = None  # default width in average characters; None: Qt's default


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)


def default_sort(value: Any) -> Any:
    if isinstance(value, str):
        return collation_key(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    return value


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of any type shown through a list of :class:`Column`; subclasses set ``COLUMNS``."""

    COLUMNS: Sequence[Column] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._search: list[str] | None = None

    # --- data in ---
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search = None
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    # --- Qt interface ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section].header()
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column.text(row))
        if role == SORT_ROLE:
            value = column.sort(row) if column.sort else column.text(row)
            return default_sort(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            return column.foreground(row)
        if role == Qt.ItemDataRole.DecorationRole and column.icon:
            return column.icon(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else display(column.text(row))
        if role == ROW_ROLE:
            return row
        if role == SEARCH_ROLE:
            return self.search_text(index.row())
        return None

    def search_text(self, row: int) -> str:
        """The folded text of a row's searchable columns, computed once per set_rows."""
        if self._search is None:
            self._search = [
                fold(" ".join(display(c.text(r)) for c in self.COLUMNS if c.searchable))
                for r in self._rows
            ]
        return self._search[row]


class SortFilterProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; keeps rows whose folded text holds every folded word of the query."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []
        self._predicate: Callable[[Any], bool] | None = None

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter is deprecated there
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def set_query(self, text: str) -> None:
        words = fold(text).split()
        self._refilter(lambda: setattr(self, "_words", words))

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        """An extra filter on the row object (the page's filter bar choices)."""
        self._refilter(lambda: setattr(self, "_predicate", predicate))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if self._predicate is not None:
            row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
            if not self._predicate(row):
                return False
        if not self._words:
            return True
        haystack = model.data(model.index(source_row, 0, source_parent), SEARCH_ROLE) or ""
        return all(word in haystack for word in self._words)

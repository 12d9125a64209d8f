"""The register's id-backed lazy table model: 100k aspirations open as fast as 100.

The page gives the model the ids of the filtered, sorted aspirations (one SQL query in
core.services.aspiration_query); rows are fetched ``PAGE`` at a time when the view first shows
them and kept in a cache. Clicking a header asks the page for a new order of ids from the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.labels import label_of
from giaoban.core.oneline import one_line
from giaoban.core.services.aspiration_query import AspirationRow, aspiration_rows
from giaoban.i18n import _, format_date

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def _tasks(row: AspirationRow) -> str:
    return ", ".join(f"#{i}" for i in row.task_ids)


class AspirationListModel(QAbstractTableModel):
    """Ids in display order; rows fetched page by page and cached."""

    DATE, BODY, KIND, FIELD, LOCALITY, CONTENT, STATUS, TASKS = range(8)
    # (header, default width in characters, sort key for aspiration_ids, cell text)
    SPECS: tuple[tuple[Callable[[], str], int, str, Callable[[AspirationRow], str]], ...] = (
        (lambda: _("Ngày"), 9, "raised_on", lambda r: format_date(r.raised_on)),
        (lambda: _("Cơ quan phản ánh"), 20, "organization", lambda r: r.body),
        (lambda: _("Loại"), 9, "kind", lambda r: label_of(AspirationKind, r.kind)),
        (lambda: _("Lĩnh vực"), 16, "field", lambda r: label_of(AspirationField, r.field)),
        (lambda: _("Địa bàn"), 13, "locality", lambda r: r.locality),
        (lambda: _("Nội dung"), 44, "content", lambda r: one_line(r.content, 160)),
        (lambda: _("Trạng thái"), 13, "status", lambda r: label_of(AspirationStatus, r.status)),
        (lambda: _("Nhiệm vụ"), 7, "tasks", _tasks),
    )
    sort_requested = Signal(str, bool)  # sort key, descending

    def __init__(self, ctx: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._ids: list[int] = []
        self._cache: dict[int, AspirationRow] = {}
        self.fetches = 0  # how many pages were read (tests check laziness)

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cache = {}
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, aspiration_id: int) -> int:
        try:
            return self._ids.index(aspiration_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> AspirationRow | None:
        aspiration_id = self._ids[row]
        if aspiration_id not in self._cache:
            start = (row // PAGE) * PAGE
            chunk = [i for i in self._ids[start:start + PAGE] if i not in self._cache]
            self.fetches += 1
            for item in aspiration_rows(self.ctx, chunk):
                self._cache[item.id] = item
        return self._cache.get(aspiration_id)

    def refresh_row(self, aspiration_id: int) -> None:
        """Forget one cached row (after an edit) and repaint it."""
        self._cache.pop(aspiration_id, None)
        row = self.row_of(aspiration_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # --- Qt interface ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.SPECS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.SPECS[section][0]()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return ""
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.CONTENT:
            return row.content
        return self.SPECS[index.column()][3](row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the page to reload ids in this order (sorting happens in SQL)."""
        if 0 <= column < len(self.SPECS):
            self.sort_requested.emit(self.SPECS[column][2],
                                     order == Qt.SortOrder.DescendingOrder)

"""The briefing editor's draft edits, each one a QUndoCommand (undo of the draft, not the database).

They live on the window's undo stack, so Ctrl+Z / Ctrl+Y work across the editor's tabs and the
Edit menu says what will be undone ("Hoàn tác Sửa Địa điểm"). Each command changes the draft
through the object that shows it (the form or a grid model) and then calls ``changed(tab)`` so
the editor shows the tab where the change happened and updates its "Chưa lưu" mark.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

MERGE_FIELD = 3101


class RowsModel(Protocol):
    """What a grid model offers to its commands."""

    tab: int

    def apply_cell(self, row: int, key: str, value: Any) -> None: ...
    def insert_at(self, row: int, item: Any) -> None: ...
    def take_at(self, row: int) -> Any: ...
    def move(self, source: int, target: int) -> None: ...


class SetFieldCommand(QUndoCommand):
    """A field of the general tab; consecutive typing in the same field merges into one step."""

    def __init__(self, apply: Callable[[str, Any], None], changed: Callable[[int], None],
                 key: str, old: Any, new: Any, text: str, *, typing: bool = False) -> None:
        super().__init__(text)
        self.apply, self.changed = apply, changed
        self.key, self.old, self.new, self.typing = key, old, new, typing

    def id(self) -> int:
        return MERGE_FIELD if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetFieldCommand) or other.key != self.key or not other.typing:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.apply(self.key, self.new)
        self.changed(0)

    def undo(self) -> None:
        self.apply(self.key, self.old)
        self.changed(0)


class SetCellCommand(QUndoCommand):
    """One cell of a grid (attendance, reports, aspirations, conclusions)."""

    def __init__(self, model: RowsModel, changed: Callable[[int], None], row: int, key: str,
                 old: Any, new: Any, text: str) -> None:
        super().__init__(text)
        self.model, self.changed = model, changed
        self.row, self.key, self.old, self.new = row, key, old, new

    def redo(self) -> None:
        self.model.apply_cell(self.row, self.key, self.new)
        self.changed(self.model.tab)

    def undo(self) -> None:
        self.model.apply_cell(self.row, self.key, self.old)
        self.changed(self.model.tab)


class InsertRowCommand(QUndoCommand):
    def __init__(self, model: RowsModel, changed: Callable[[int], None], row: int, item: Any,
                 text: str) -> None:
        super().__init__(text)
        self.model, self.changed, self.row, self.item = model, changed, row, item

    def redo(self) -> None:
        self.model.insert_at(self.row, self.item)
        self.changed(self.model.tab)

    def undo(self) -> None:
        self.item = self.model.take_at(self.row)
        self.changed(self.model.tab)


class RemoveRowCommand(QUndoCommand):
    def __init__(self, model: RowsModel, changed: Callable[[int], None], row: int,
                 text: str) -> None:
        super().__init__(text)
        self.model, self.changed, self.row = model, changed, row
        self.item: Any = None

    def redo(self) -> None:
        self.item = self.model.take_at(self.row)
        self.changed(self.model.tab)

    def undo(self) -> None:
        self.model.insert_at(self.row, self.item)
        self.changed(self.model.tab)


class MoveRowCommand(QUndoCommand):
    """Move a row up or down; numbered lists renumber themselves from the order."""

    def __init__(self, model: RowsModel, changed: Callable[[int], None], source: int,
                 target: int, text: str) -> None:
        super().__init__(text)
        self.model, self.changed, self.source, self.target = model, changed, source, target

    def redo(self) -> None:
        self.model.move(self.source, self.target)
        self.changed(self.model.tab)

    def undo(self) -> None:
        self.model.move(self.target, self.source)
        self.changed(self.model.tab)

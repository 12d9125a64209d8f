"""The editable grids of the briefing editor: a model over a list in the draft, its delegates,
and a table view where Enter moves on to the next cell (and past the last row adds one).

Edits never change the draft directly: ``setData`` pushes a command on the undo stack, and the
command calls back ``apply_cell`` / ``insert_at`` / ``take_at`` / ``move``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from giaoban.i18n import _
from giaoban.ui.pages.briefing_editor.edits import (
    InsertRowCommand,
    MoveRowCommand,
    RemoveRowCommand,
    SetCellCommand,
)
from giaoban.ui.widgets.choices import choice_row
from giaoban.ui.widgets.forms import combo_text_box, make_searchable

Index = QModelIndex | QPersistentModelIndex
ERROR_BRUSH = QBrush(QColor("#fde7e9"))


@dataclass(frozen=True)
class GridColumn:
    """A column of a grid: the draft attribute it edits and how (text, combo, check, read-only)."""

    key: str
    header: Callable[[], str]
    kind: str = "text"  # text | combo | check | number (read-only position)
    choices: Callable[[], list[tuple[str, Any]]] | None = None
    width: int | None = None
    required: bool = False  # a combo that always holds a value (kind, field, role)


class DraftRowsModel(QAbstractTableModel):
    """Rows of one list of the draft (``rows()`` returns the live list).

    A name typed into a combo cell that matches no entry is kept in ``unknown`` and shown in the
    cell, marked wrong ("không có trong danh bạ"), and announced by ``unknown_choice`` so the
    editor can offer to add it — never silently dropped.
    """

    unknown_choice = Signal(int, str, str)  # row, column key, the text typed

    def __init__(self, columns: tuple[GridColumn, ...], rows: Callable[[], list[Any]],
                 push: Callable[[Any], None], changed: Callable[[int], None], tab: int,
                 noun: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns, self._rows, self.push, self.changed = columns, rows, push, changed
        self.tab, self.noun = tab, noun
        self.read_only = False
        self.errors: dict[tuple[int, str], str] = {}
        self.unknown: dict[tuple[int, str], str] = {}
        self._labels: dict[str, dict[Any, str]] = {}

    # --- helpers ---
    def rows(self) -> list[Any]:
        return self._rows()

    def reload(self) -> None:
        """The draft was replaced: show it from scratch (and refresh the combo labels)."""
        self.beginResetModel()
        self._labels = {
            c.key: {value: label for label, value in c.choices()} for c in self.columns if c.choices
        }
        self.errors = {}
        self.unknown = {}
        self.endResetModel()

    def label(self, key: str, value: Any) -> str:
        return self._labels.get(key, {}).get(value, "" if value is None else str(value))

    def set_errors(self, errors: dict[tuple[int, str], str]) -> None:
        self.errors = errors
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    # --- Qt interface ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header()
        return section + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if self.read_only or column.kind == "number":
            return base
        if column.kind == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows()[index.row()]
        column = self.columns[index.column()]
        value = index.row() + 1 if column.kind == "number" else getattr(row, column.key)
        error = self.errors.get((index.row(), column.key))
        unknown = self.unknown.get((index.row(), column.key))
        if unknown is not None:
            error = error or _unknown_message(unknown)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.kind == "check":
                return _("Có mặt") if value else _("Vắng")
            if column.kind == "combo":
                return unknown if unknown is not None else self.label(column.key, value)
            return value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "check":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return ERROR_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if error or column.kind not in ("check", "combo"):
                return error or value
            return self.data(index, Qt.ItemDataRole.DisplayRole)  # words, not True or an id
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "number":
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.read_only:
            return False
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "check":
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole or column.kind in ("check", "number"):
            return False
        if isinstance(value, str):
            value = value.strip() if column.kind == "text" else value
        old = getattr(self.rows()[index.row()], column.key)
        if old == value:
            return False
        text = _("Sửa {what} (dòng {row})").format(what=column.header().lower(), row=index.row() + 1)
        self.push(SetCellCommand(self, self.changed, index.row(), column.key, old, value, text))
        return True

    def note_unknown(self, row: int, key: str, text: str | None) -> None:
        """Keep (or with None forget) a text typed into a combo cell that matches no entry."""
        if text is None:
            if self.unknown.pop((row, key), None) is None:
                return
        else:
            self.unknown[(row, key)] = text
            self.unknown_choice.emit(row, key, text)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def input_problems(self) -> dict[tuple[int, str], str]:
        """Cells whose typed text is not an entry of their list: the editor must not save then."""
        return {where: _unknown_message(text) for where, text in self.unknown.items()}

    def clear_cell(self, index: Index) -> bool:
        """Delete on a cell: empty it (text cells, optional combos); the row stays."""
        column = self.columns[index.column()]
        if self.read_only or column.kind in ("number", "check") or column.required:
            return False
        self.note_unknown(index.row(), column.key, None)
        return self.setData(index, "" if column.kind == "text" else None)

    # --- what the commands call ---
    def apply_cell(self, row: int, key: str, value: Any) -> None:
        setattr(self.rows()[row], key, value)
        self.errors.pop((row, key), None)
        self.unknown.pop((row, key), None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def insert_at(self, row: int, item: Any) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows().insert(row, item)
        self.endInsertRows()
        self.errors, self.unknown = {}, {}

    def take_at(self, row: int) -> Any:
        self.beginRemoveRows(QModelIndex(), row, row)
        item = self.rows().pop(row)
        self.endRemoveRows()
        self.errors, self.unknown = {}, {}
        return item

    def move(self, source: int, target: int) -> None:
        rows = self.rows()
        self.beginResetModel()
        rows.insert(target, rows.pop(source))
        self.endResetModel()
        self.errors, self.unknown = {}, {}

    # --- user actions (pushed as commands) ---
    def add_row(self, row: int, item: Any) -> None:
        self.push(InsertRowCommand(self, self.changed, row, item,
                                   _("Thêm {what}").format(what=self.noun)))

    def remove_row(self, row: int) -> None:
        if 0 <= row < self.rowCount():
            self.push(RemoveRowCommand(self, self.changed, row,
                                       _("Xóa {what} (dòng {row})").format(what=self.noun, row=row + 1)))

    def move_row(self, row: int, offset: int) -> bool:
        target = row + offset
        if not (0 <= row < self.rowCount() and 0 <= target < self.rowCount()):
            return False
        text = _("Chuyển {what} lên") if offset < 0 else _("Chuyển {what} xuống")
        self.push(MoveRowCommand(self, self.changed, row, target, text.format(what=self.noun)))
        return True


def _unknown_message(text: str) -> str:
    return _("“{text}” không có trong danh sách (danh bạ). Hãy chọn một mục gợi ý, hoặc thêm "
             "vào Danh bạ.").format(text=text)


class ComboDelegate(QStyledItemDelegate):
    """A searchable combo box for columns that pick from a list (body, person, kind, field)."""

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        model = index.model()
        assert isinstance(model, DraftRowsModel)  # the delegate serves GridView's columns only
        column = model.columns[index.column()]
        combo = QComboBox(parent)
        text_box = make_searchable(combo)
        for label, value in column.choices() if column.choices is not None else []:
            combo.addItem(label, value)

        def finish() -> None:
            """Enter in the combo's text box commits and moves on (once)."""
            if combo.property("finished"):
                return
            combo.setProperty("finished", True)
            self.commitData.emit(combo)
            self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.SubmitModelCache)

        text_box.returnPressed.connect(finish)
        return combo

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """Enter was already handled by the text box (``finish``): do not close twice."""
        if isinstance(watched, QComboBox) and watched.property("finished") and \
                isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return True
        return super().eventFilter(watched, event)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(editor.findData(index.data(Qt.ItemDataRole.EditRole)))
        model = index.model()
        if isinstance(model, DraftRowsModel):
            unknown = model.unknown.get((index.row(), model.columns[index.column()].key))
            if unknown is not None:
                editor.setEditText(unknown)
        combo_text_box(editor).selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        """Take the entry the typed text means (the first suggestion shown, marks ignored); an
        emptied optional cell becomes empty; a text matching nothing is kept and marked."""
        assert isinstance(editor, QComboBox) and isinstance(model, DraftRowsModel)
        column = model.columns[index.column()]
        text = editor.currentText().strip()
        found = choice_row(editor)
        if found >= 0:
            model.note_unknown(index.row(), column.key, None)
            model.setData(index, editor.itemData(found), Qt.ItemDataRole.EditRole)
        elif not text:
            model.note_unknown(index.row(), column.key, None)
            if not column.required:
                model.setData(index, None, Qt.ItemDataRole.EditRole)
        else:
            model.note_unknown(index.row(), column.key, text)


class GridView(QTableView):
    """A grid where Enter commits and moves to the next cell; past the last cell it adds a row."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setTabKeyNavigation(False)  # Tab leaves the grid, in reading order
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setWordWrap(False)
        self.combo_delegate = ComboDelegate(self)
        self.append_row: Callable[[], bool] | None = None
        self._moved_by_editor = False

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        char = self.fontMetrics().averageCharWidth()
        columns = model.columns if isinstance(model, DraftRowsModel) else ()
        for section, column in enumerate(columns):
            if column.kind == "combo":
                self.setItemDelegateForColumn(section, self.combo_delegate)
            if column.width:
                self.horizontalHeader().resizeSection(section, column.width * char + 16)

    def next_cell(self) -> None:
        """Move to the next editable cell; after the last row, add one if the grid allows."""
        model = self.model()
        current = self.currentIndex()
        row, column = (current.row(), current.column()) if current.isValid() else (0, -1)
        while True:
            column += 1
            if column >= model.columnCount():
                row, column = row + 1, 0
            if row >= model.rowCount() and (self.append_row is None or not self.append_row()):
                return
            index = model.index(row, column)
            if model.flags(index) & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable):
                self.setCurrentIndex(index)
                return

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and editing:  # once
            self.next_cell()
            # The same Enter then reaches the view (the editor ignores it): do not move twice.
            self._moved_by_editor = True
            QTimer.singleShot(0, lambda: setattr(self, "_moved_by_editor", False))

    def event(self, event: QEvent) -> bool:
        """Delete and Esc belong to the grid (clear the cell; nothing), not to a shortcut of the
        page or editor around it (which would delete the row or leave the editor)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and \
                event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Escape) and \
                event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.key() == Qt.Key.Key_Delete and not editing and \
                event.modifiers() == Qt.KeyboardModifier.NoModifier:
            model = self.model()
            if isinstance(model, DraftRowsModel) and self.currentIndex().isValid():
                model.clear_cell(self.currentIndex())
            return
        if event.key() == Qt.Key.Key_Escape and not editing:
            return  # Esc cancels a cell being edited; on the grid itself it does nothing more
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.state() != QAbstractItemView.State.EditingState:
            if not self._moved_by_editor:
                self.next_cell()
            self._moved_by_editor = False
            return
        super().keyPressEvent(event)

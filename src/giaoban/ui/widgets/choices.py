"""Choosing from a list by typing: suggestions that ignore case and marks, and Enter keeps them.

An editable combo made searchable here lists, as you type, every entry whose folded form
(``core.text.fold``: no marks, đ→d) contains the folded text — "hung" finds "Hùng", "de" finds
"Đề xuất" — best first: the exact name, then names starting with it, then a word starting with
it, then the rest. Enter or Tab take the highlighted suggestion, or the first one shown if none
is highlighted; ``best_match`` gives the same answer for a text typed without the list (so a
cell committed by leaving it keeps what the list showed). Drop-downs are as wide as their
longest entry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QLineEdit

from giaoban.core.errors import ValidationError
from giaoban.core.text import fold
from giaoban.i18n import _

Index = QModelIndex | QPersistentModelIndex
POPUP_MAX_WIDTH = 900
_TAKE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def match_rank(label: str, query: str) -> int | None:
    """How well ``label`` matches the folded ``query``: 0 exact, 1 starts with it, 2 a word
    starts with it, 3 contains it; None if it does not."""
    folded = fold(label)
    if query not in folded:
        return None
    if folded == query:
        return 0
    if folded.startswith(query):
        return 1
    return 2 if f" {query}" in f" {folded}" else 3


def best_match(labels: list[str], text: str) -> int:
    """The index of the entry ``text`` means (the first the suggestions show), -1 if none."""
    query = fold(text)
    if not query:
        return -1
    ranked = [(rank, i) for i, label in enumerate(labels)
              if (rank := match_rank(label, query)) is not None]
    return min(ranked)[1] if ranked else -1


def combo_labels(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def choice_row(combo: QComboBox) -> int:
    """The row of ``combo`` its typed text means (exact name first), -1 if nothing matches."""
    return best_match(combo_labels(combo), combo.currentText())


class FoldFilter(QSortFilterProxyModel):
    """The combo's entries containing the folded query, best matches first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.query = ""
        self.setDynamicSortFilter(True)

    def set_query(self, text: str) -> None:
        self.query = fold(text)
        self.invalidate()
        self.sort(0)

    def _rank(self, row: int) -> int | None:
        model = self.sourceModel()
        label = model.index(row, 0).data(Qt.ItemDataRole.DisplayRole) if model else ""
        return match_rank(str(label or ""), self.query)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return not self.query or self._rank(source_row) is not None

    def lessThan(self, left: Index, right: Index) -> bool:
        if not self.query:
            return left.row() < right.row()
        return (self._rank(left.row()) or 0, left.row()) < (self._rank(right.row()) or 0, right.row())


class _TakeOnEnter(QObject):
    """On the suggestion list: Enter/Tab take the highlighted entry, or the first one shown."""

    def __init__(self, combo: QComboBox, completer: QCompleter, proxy: FoldFilter) -> None:
        super().__init__(combo)
        self.combo, self.completer, self.proxy = combo, completer, proxy

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() != QEvent.Type.KeyPress or event.key() not in _TAKE_KEYS:
            return False
        popup = self.completer.popup()
        if popup is None or not popup.isVisible():
            return False
        shown = self.completer.completionModel()
        index = popup.currentIndex()
        if not index.isValid() and shown.rowCount() > 0:
            index = shown.index(0, 0)
        popup.hide()
        if index.isValid():
            self.take(self._source_row(shown, index))
        copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
        # Enter/Tab then do their usual work: Enter in the text box (its returnPressed), Tab on
        # the combo (which moves on, in a form or a grid).
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        target = self.combo.lineEdit() if enter else self.combo
        QApplication.sendEvent(target or self.combo, copy)
        return True

    def _source_row(self, shown: Any, index: QModelIndex) -> int:
        if isinstance(shown, QAbstractProxyModel):
            index = shown.mapToSource(index)
        if index.model() is self.proxy:
            return self.proxy.mapToSource(index).row()
        return self.combo.findText(str(index.data()), Qt.MatchFlag.MatchFixedString)

    def take(self, row: int) -> None:
        if row < 0:
            return
        self.combo.setCurrentIndex(row)
        self.combo.setEditText(self.combo.itemText(row))
        self.combo.activated.emit(row)


def make_choice_combo(combo: QComboBox) -> QLineEdit:
    """Make ``combo`` editable with folded suggestions (see the module); typing never adds an
    entry. Returns its text box."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    proxy = FoldFilter(combo)
    proxy.setSourceModel(combo.model())
    completer = QCompleter(proxy, combo)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    line = combo.lineEdit()
    assert line is not None  # an editable combo always has one

    def typed(text: str) -> None:
        proxy.set_query(text)
        if text.strip() and proxy.rowCount() > 0:
            completer.complete()
        elif completer.popup() is not None:
            completer.popup().hide()  # type: ignore[union-attr]

    line.textEdited.connect(typed)
    line.editingFinished.connect(lambda: settle(combo))
    popup = completer.popup()
    assert popup is not None  # a completer makes its list on first use
    popup.installEventFilter(_TakeOnEnter(combo, completer, proxy))
    fit_popup(combo)
    return line


def settle(combo: QComboBox) -> None:
    """Leaving the box: the entry its text means becomes the current one, written out in full
    (a text matching nothing stays as typed, for the form to say so)."""
    row = choice_row(combo)
    if row < 0:
        return
    if combo.currentIndex() != row:
        combo.setCurrentIndex(row)
    if combo.currentText() != combo.itemText(row):
        combo.setEditText(combo.itemText(row))


def choice_data(combo: QComboBox, field: str) -> Any:
    """The value of the entry the box's text means; None when empty; a ValidationError keyed by
    ``field`` when the text matches no entry (it is never read as another one)."""
    text = combo.currentText().strip()
    if not text:
        return None
    row = choice_row(combo)
    if row < 0:
        raise ValidationError({field: _("“{text}” không có trong danh sách. Hãy chọn một mục "
                                        "gợi ý.").format(text=text)})
    return combo.itemData(row)


def fit_popup(combo: QComboBox) -> None:
    """Make the drop-down (and the suggestion list) as wide as the longest entry, now and after
    the entries change. Added rows measure only themselves: filled one ``addItem`` at a time, a
    list of 170 names re-measured every label at each row (0.3 s of a briefing's opening)."""
    longest = [0]

    def apply() -> None:
        metrics = combo.fontMetrics()
        width = min(POPUP_MAX_WIDTH, longest[0] + metrics.averageCharWidth() * 4 + 24)
        combo.view().setMinimumWidth(width)
        completer = combo.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None:
            popup.setMinimumWidth(width)

    def fit() -> None:
        metrics = combo.fontMetrics()
        longest[0] = max((metrics.horizontalAdvance(t) for t in combo_labels(combo)), default=0)
        apply()

    def added(_parent: Any, first: int, last: int) -> None:
        metrics = combo.fontMetrics()
        widest = max((metrics.horizontalAdvance(combo.itemText(row))
                      for row in range(first, last + 1)), default=0)
        if widest > longest[0]:
            longest[0] = widest
            apply()

    model = combo.model()
    model.rowsInserted.connect(added)
    for signal in (model.rowsRemoved, model.modelReset, model.dataChanged):
        signal.connect(fit)
    fit()

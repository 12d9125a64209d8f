"""The filter bar every list page shares: search box first, the page's filters, "Bỏ lọc", a count."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from giaoban.i18n import _, format_number
from giaoban.ui.icons import icon


def refill_combo(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Replace a filter combo's choices after its first ("all") entry, keeping the current
    choice when it still exists, without emitting a change."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
    combo.blockSignals(False)


class FilterBar(QWidget):
    """Emits ``changed`` (debounced for typing) whenever the search text or a filter changes."""

    changed = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None, debounce_ms: int = 120):
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Ô tìm kiếm"))
        self.search.setToolTip(_("Tìm không cần dấu (Ctrl+L)"))
        self.search.setMinimumWidth(220)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 6, 0)
        self._layout.addWidget(self.search, 2)
        self._filters: list[QWidget] = []
        self._filters_end = self._layout.count()
        self.clear_button = QPushButton(icon("filter-clear"), _("Bỏ lọc"), self)
        self.clear_button.setToolTip(_("Xóa nội dung tìm kiếm và mọi bộ lọc"))
        self.clear_button.clicked.connect(self.clear)
        self.count_label = QLabel(self)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._layout.addWidget(self.clear_button)
        self._layout.addStretch(0)
        self._layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _text: self._timer.start())

    def add_combo(self, label: str, items: list[tuple[str, Any]], all_label: str | None = None) -> QComboBox:
        """A filter combo whose first entry means 'all'; its data is ``None`` for that entry."""
        combo = QComboBox(self)
        combo.setAccessibleName(label)
        combo.setToolTip(label)
        combo.addItem(all_label or _("Tất cả"), None)
        for text, data in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.add_widget(combo)
        return combo

    def add_widget(self, widget: QWidget) -> None:
        self._layout.insertWidget(self._filters_end, widget)
        self._filters_end += 1
        # Tab in reading order: search box, the filters left to right, then "Bỏ lọc".
        QWidget.setTabOrder(self._filters[-1] if self._filters else self.search, widget)
        QWidget.setTabOrder(widget, self.clear_button)
        self._filters.append(widget)

    def clear(self) -> None:
        """Back to everything: empty search, every filter at its first entry."""
        blockers = [w.blockSignals(True) for w in self._filters]
        for widget in self._filters:
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            elif hasattr(widget, "reset"):
                widget.reset()
        for widget, was in zip(self._filters, blockers, strict=True):
            widget.blockSignals(was)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._timer.stop()
        self.changed.emit()

    def text(self) -> str:
        return self.search.text()

    def flush(self) -> None:
        """Apply pending typing now (tests, Enter key)."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def set_count(self, shown: int, total: int) -> None:
        self.count_label.setText(
            _("Hiển thị {shown} / {total}").format(
                shown=format_number(shown), total=format_number(total)
            )
        )

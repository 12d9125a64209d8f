"""The overview's small parts: figure cards, the two tables' models, Enter-opens, labels.

Kept apart from ``overview.py`` (the page and its wiring) so each file stays short.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from giaoban.core.periods import Period
from giaoban.core.services.overview import UnitFigures
from giaoban.core.services.tasks_query import TaskRow
from giaoban.i18n import _, format_number, format_quarter
from giaoban.ui.icons import icon
from giaoban.ui.models.base import Column, RowTableModel
from giaoban.ui.pages.task_model import RED

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def period_text(period: Period) -> str:
    """'Quý III/2026' or 'Năm 2026', as the Kỳ list writes it."""
    if period.quarter:
        return format_quarter(period.year, period.quarter)
    return _("Năm {year}").format(year=period.year)


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{format_number(round(rate * 100))}%"


class UnitModel(RowTableModel[UnitFigures]):
    UNIT, ASSIGNED, ON_TIME, LATE, OPEN, OVERDUE, RATE = range(7)
    COLUMNS = (
        Column(lambda: _("Đơn vị chủ trì"), lambda u: u.unit, width=30),
        Column(lambda: _("Được giao"), lambda u: format_number(u.assigned),
               sort=lambda u: u.assigned, align=RIGHT, width=8),
        Column(lambda: _("Đúng hạn"), lambda u: format_number(u.done_on_time),
               sort=lambda u: u.done_on_time, align=RIGHT, width=8),
        Column(lambda: _("Chậm"), lambda u: format_number(u.done_late),
               sort=lambda u: u.done_late, align=RIGHT, width=6),
        Column(lambda: _("Đang thực hiện"), lambda u: format_number(u.in_progress),
               sort=lambda u: u.in_progress, align=RIGHT, width=11),
        Column(lambda: _("Quá hạn"), lambda u: format_number(u.overdue),
               sort=lambda u: u.overdue, align=RIGHT, width=7,
               foreground=lambda u: RED if u.overdue else None),
        Column(lambda: _("Tỷ lệ đúng hạn"), lambda u: percent(u.rate),
               sort=lambda u: -1 if u.rate is None else u.rate, align=RIGHT, width=10),
    )

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The figures' headings on two lines ("Đang / thực hiện"): six figure columns side by
        side left the units' names a few letters on a 1024-pixel screen."""
        value = super().headerData(section, orientation, role)
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and section != self.UNIT):
            return two_lines(value)
        return value


def two_lines(heading: str) -> str:
    """``heading`` broken at the space nearest its middle (one word stays on one line)."""
    spaces = [i for i, ch in enumerate(heading) if ch == " "]
    if not spaces:
        return heading
    cut = min(spaces, key=lambda i: abs(2 * i - len(heading)))
    return heading[:cut] + "\n" + heading[cut + 1:]


class OverdueModel(RowTableModel[TaskRow]):
    TITLE, UNIT, DUE, LATE = range(4)
    COLUMNS = (
        Column(lambda: _("Nhiệm vụ"), lambda r: r.title, width=30, tooltip=lambda r: r.title),
        Column(lambda: _("Đơn vị chủ trì"), lambda r: r.lead_unit, width=18),
        Column(lambda: _("Hạn"), lambda r: r.due_on, width=9),
        Column(lambda: _("Quá hạn"), lambda r: r.deadline_note, sort=lambda r: r.days_overdue,
               foreground=lambda r: RED, icon=lambda r: icon("overdue"), width=14),
    )


class FigureCard(QPushButton):
    """A big number over its caption; pressing it (click, Space) opens the matching task list."""

    def __init__(self, caption: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(hint)
        self.setMinimumHeight(68)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 6, 8, 6)
        box.setSpacing(0)
        self.number = QLabel(self)
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.number.setFont(font)
        self.label = QLabel(caption, self)
        self.label.setWordWrap(True)
        for label in (self.number, self.label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.addWidget(label)
        self.caption = caption
        self.value = ""
        self.set_value("–")

    def set_caption(self, caption: str) -> None:
        self.caption = caption
        self.label.setText(caption)
        self.set_value(self.value)

    def set_value(self, value: str) -> None:
        self.value = value
        self.number.setText(value)
        self.setAccessibleName(f"{self.caption}: {value}")


class EnterOpens(QObject):
    """Enter/Return on a table opens the current row (single click opens too)."""

    def __init__(self, view: QTableView, slot: Any) -> None:
        super().__init__(view)
        self.slot = slot
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in (
            Qt.Key.Key_Return, Qt.Key.Key_Enter
        ):
            view = watched
            if isinstance(view, QTableView) and view.currentIndex().isValid():
                self.slot(view.currentIndex())
                return True
        return False

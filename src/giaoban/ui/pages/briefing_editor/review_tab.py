"""Tab "Kết quả kỳ trước": tasks from earlier briefings still open, or closed since the last one,
read from the task records so the meeting can hear their results."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from giaoban.i18n import _, format_number
from giaoban.ui.icons import icon
from giaoban.ui.models.base import Column, RowTableModel
from giaoban.ui.widgets.page import EmptyStateStack, make_table, remember_header

RED = QBrush(QColor("#b3261e"))
AMBER = QBrush(QColor("#8a5a00"))  # as on the task list: due within 7 days


def _colour(row: Any) -> QBrush | None:
    return RED if row.overdue else AMBER if getattr(row, "due_soon", False) else None


def _icon(row: Any) -> Any:
    return icon("overdue") if row.overdue else icon("warning") if getattr(
        row, "due_soon", False) else None


def _state(row: Any) -> str:
    note = getattr(row, "deadline_note", "")
    return f"{row.status_label} — {note}" if note else row.status_label


class ReviewModel(RowTableModel[Any]):
    COLUMNS = (
        Column(lambda: _("Giao ban"), lambda r: r.briefing, width=21),
        Column(lambda: _("Nhiệm vụ"), lambda r: r.title, width=40),
        Column(lambda: _("Đơn vị chủ trì"), lambda r: r.lead_unit, width=24),
        Column(lambda: _("Hạn"), lambda r: r.due_on, width=12),
        Column(lambda: _("Tình hình"), _state,
               foreground=_colour, icon=_icon),
    )


class ReviewTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ReviewModel(self)
        self.view = make_table(self, _("Kết quả thực hiện nhiệm vụ kỳ trước"))
        self.view.setModel(self.model)
        remember_header(self.view, "briefing/review")
        self.summary = QLabel(self)
        self.empty = EmptyStateStack(
            self.view, _("Không có nhiệm vụ nào từ các kỳ trước cần báo cáo kết quả."), self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty, 1)

    def load(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)
        self.empty.set_empty(not rows)
        open_rows = [r for r in rows if r.status in ("not_started", "in_progress")]
        overdue = sum(1 for r in rows if r.overdue)
        self.summary.setText(_(
            "Nhiệm vụ từ các kỳ trước: {n} — còn đang thực hiện {o} (quá hạn {d}), "
            "đã kết thúc từ kỳ trước {c}."
        ).format(n=format_number(len(rows)), o=format_number(len(open_rows)),
                 d=format_number(overdue), c=format_number(len(rows) - len(open_rows))))

"""The task list's filter bar: search, unit, status, period of the source briefing, deadline.

The deadline combo holds "Chỉ quá hạn", "Sắp đến hạn (7 ngày)" and "Trong khoảng…", which shows
two date fields for a due range. Everything turns into one :class:`TaskFilter`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from giaoban.core.context import AppContext
from giaoban.core.enums import TaskStatus
from giaoban.core.labels import choices
from giaoban.core.periods import Period
from giaoban.core.services import directory
from giaoban.core.services.tasks import TaskFilter
from giaoban.core.services.tasks_query import briefing_periods
from giaoban.core.text import quarter_bounds
from giaoban.i18n import _, format_quarter
from giaoban.ui.widgets.choices import fit_popup
from giaoban.ui.widgets.dates import DateField, date_edit, set_date
from giaoban.ui.widgets.filter_bar import FilterBar, refill_combo

OPEN = "__open__"
OVERDUE, DUE_SOON, RANGE = "overdue", "due_soon", "range"


class DueRange(QWidget):
    """'từ [date] đến [date]', shown only when the deadline combo asks for a range."""

    def __init__(self, bar: FilterBar, ctx: AppContext) -> None:
        super().__init__(bar)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        today = ctx.today()
        start, end = quarter_bounds(today.year, (today.month - 1) // 3 + 1)
        self.start: DateField = date_edit(self, start, today=ctx.today)
        self.end: DateField = date_edit(self, end, today=ctx.today)
        self.start.setAccessibleName(_("Hạn từ ngày"))
        self.end.setAccessibleName(_("Hạn đến ngày"))
        box.addWidget(QLabel(_("từ"), self))
        box.addWidget(self.start)
        box.addWidget(QLabel(_("đến"), self))
        box.addWidget(self.end)
        self._default = (start, end)
        self.start.valueChanged.connect(lambda _d: bar.changed.emit())
        self.end.valueChanged.connect(lambda _d: bar.changed.emit())
        self.hide()

    def reset(self) -> None:
        set_date(self.start, self._default[0])
        set_date(self.end, self._default[1])
        self.hide()

    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        """The range typed; an empty or wrong end leaves that side open (it is shown as wrong)."""
        return self.start.current(), self.end.current()


class AssignedScope(QToolButton):
    """'Quý II/2026 ✕': the overview's Kỳ carried into the list by its drill-down — only the
    tasks assigned in it. Hidden until set; pressing it or "Bỏ lọc" (``reset``) lifts it, so
    the list never hides tasks without saying so. One small button: the bar fits 1024 px."""

    def __init__(self, bar: FilterBar) -> None:
        super().__init__(bar)
        self.period: Period | None = None
        self.clicked.connect(lambda: self._lift(bar))
        self.hide()

    def _lift(self, bar: FilterBar) -> None:
        self.reset()
        bar.changed.emit()

    def set_period(self, period: Period | None) -> None:
        self.period = period
        if period is not None:
            name = (format_quarter(period.year, period.quarter) if period.quarter
                    else _("Năm {year}").format(year=period.year))
            self.setText(f"{name} ✕")
            tip = _("Chỉ nhiệm vụ giao trong {period}; nhấn để bỏ giới hạn này").format(
                period=name)
            self.setToolTip(tip)
            self.setAccessibleName(tip)
        self.setVisible(period is not None)

    def reset(self) -> None:
        self.set_period(None)


class TaskFilterBar(FilterBar):
    """The search box and the task filters; ``task_filter()`` reads them all."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Tìm nhiệm vụ theo tên, nội dung…"), parent)
        self.ctx = ctx
        self.unit = self.add_combo(_("Đơn vị (chủ trì hoặc phối hợp)"), [], _("Mọi đơn vị"))
        self.status = self.add_combo(
            _("Trạng thái"), [(_("Chưa xong"), OPEN), *[(t, v) for v, t in choices(TaskStatus)]],
            _("Mọi trạng thái"),
        )
        self.period = self.add_combo(_("Kỳ giao ban nguồn"), [], _("Mọi kỳ giao ban"))
        self.deadline = self.add_combo(
            _("Thời hạn"),
            [(_("Chỉ quá hạn"), OVERDUE), (_("Sắp đến hạn (7 ngày)"), DUE_SOON),
             (_("Hạn trong khoảng…"), RANGE)],
            _("Mọi thời hạn"),
        )
        self.range = DueRange(self, ctx)
        self.add_widget(self.range)
        self.assigned = AssignedScope(self)
        self.add_widget(self.assigned)
        self.deadline.currentIndexChanged.connect(
            lambda _i: self.range.setVisible(self.deadline.currentData() == RANGE)
        )
        for combo in (self.unit, self.period):
            combo.setMaximumWidth(190)
        for combo in self.combos():
            fit_popup(combo)  # the list as wide as its longest name, however narrow the box
        self.lead_only = False
        self.reload_choices()

    def reload_choices(self) -> None:
        """Units and periods from the database, keeping the current choice."""
        for combo, items in (
            (self.unit, [(o.name, o.id) for o in directory.list_organizations(self.ctx)]),
            (self.period, [(format_quarter(y, q), (y, q)) for y, q in briefing_periods(self.ctx)]),
        ):
            refill_combo(combo, items)

    def set_unit(self, unit_id: int | None, *, lead_only: bool = False) -> None:
        """Choose a unit (the overview's drill-down), clearing the other filters first."""
        self.blockSignals(True)
        self.clear()
        self.reload_choices()
        self.unit.setCurrentIndex(max(0, self.unit.findData(unit_id)))
        self.blockSignals(False)
        self.lead_only = lead_only
        self.changed.emit()

    def set_deadline(self, which: str | None) -> None:
        self.deadline.setCurrentIndex(max(0, self.deadline.findData(which)) if which else 0)

    def clear(self) -> None:
        self.lead_only = False
        super().clear()

    def task_filter(self) -> TaskFilter:
        status = self.status.currentData()
        deadline = self.deadline.currentData()
        due_from = due_to = None
        if deadline == RANGE:
            due_from, due_to = self.range.bounds()
        unit = self.unit.currentData()
        return TaskFilter(
            query=self.text().strip(),
            unit_id=unit,
            lead_only=self.lead_only and unit is not None,
            statuses=(("not_started", "in_progress") if status == OPEN
                      else (status,) if status else ()),
            period=self.period.currentData(),
            due_from=due_from,
            due_to=due_to,
            overdue_only=deadline == OVERDUE,
            assigned_from=self.assigned.period.start if self.assigned.period else None,
            assigned_to=self.assigned.period.end if self.assigned.period else None,
            due_soon=deadline == DUE_SOON,
        )

    def combos(self) -> list[QComboBox]:
        return [self.unit, self.status, self.period, self.deadline]

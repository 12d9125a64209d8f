"""The register's filters (period, body, kind, field, locality, status) and its statistics panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.labels import choices
from giaoban.core.periods import Period, period_end, period_start
from giaoban.core.services.aspiration_query import AspirationFilter, AspirationStats
from giaoban.i18n import _, format_number, format_quarter
from giaoban.ui.widgets.choices import fit_popup
from giaoban.ui.widgets.filter_bar import FilterBar, refill_combo


def period_items(years: list[int]) -> list[tuple[str, Any]]:
    """'Năm 2026', 'Quý IV/2026' … newest first; data '2026' or '2026-Q4', read back by
    ``parse_period`` (strings survive QVariant and findData, tuples do not)."""
    items: list[tuple[str, Any]] = []
    for year in years:
        items.append((_("Năm {year}").format(year=year), Period.of(year).key))
        items.extend((format_quarter(year, q), Period.of(year, q).key) for q in (4, 3, 2, 1))
    return items


class AspirationFilters:
    """Builds the filter widgets into a FilterBar plus a second row, and reads them back."""

    def __init__(self, bar: FilterBar, second_row: QHBoxLayout) -> None:
        self.bar = bar
        self.period_from = bar.add_combo(_("Từ kỳ"), [], _("Từ kỳ: tất cả"))
        self.period_to = bar.add_combo(_("Đến kỳ"), [], _("Đến kỳ: tất cả"))
        self.body = bar.add_combo(_("Cơ quan phản ánh"), [], _("Mọi cơ quan"))
        self.status = bar.add_combo(_("Trạng thái"), [(t, v) for v, t in choices(AspirationStatus)],
                                    _("Mọi trạng thái"))
        self.kind = bar.add_combo(_("Loại"), [(t, v) for v, t in choices(AspirationKind)],
                                  _("Mọi loại"))
        self.field = bar.add_combo(_("Lĩnh vực"), [(t, v) for v, t in choices(AspirationField)],
                                   _("Mọi lĩnh vực"))
        self.locality = bar.add_combo(_("Địa bàn"), [], _("Mọi địa bàn"))
        for combo in (self.period_from, self.period_to, self.body, self.status, self.kind,
                      self.field, self.locality):
            combo.setMaximumWidth(190)
            fit_popup(combo)  # the list as wide as its longest name, however narrow the box
        # The filter bar is one row; at 1366 px the last three filters go on a second row.
        # They stay the bar's filters, so "Bỏ lọc" still resets them.
        for combo in (self.kind, self.field, self.locality):
            bar_layout = bar.layout()
            if bar_layout is not None:
                bar_layout.removeWidget(combo)
            second_row.addWidget(combo)
        second_row.addStretch(1)

    def set_choices(self, years: list[int], bodies: list[Any], localities: list[str]) -> None:
        periods = period_items(years)
        refill_combo(self.period_from, periods)
        refill_combo(self.period_to, periods)
        refill_combo(self.body, [(org.name, org.id) for org in bodies])
        refill_combo(self.locality, [(name, name) for name in localities])

    def current(self) -> AspirationFilter:
        return AspirationFilter(
            search=self.bar.text(), date_from=period_start(self.period_from.currentData()),
            date_to=period_end(self.period_to.currentData()),
            organization_id=self.body.currentData(), kind=self.kind.currentData(),
            field=self.field.currentData(), locality=self.locality.currentData(),
            status=self.status.currentData(),
        )


class StatsPanel(QWidget):
    """Counts of the filtered set by field, by body and by status, in plain words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(_("Thống kê"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.stats: AspirationStats | None = None

    def show_stats(self, stats: AspirationStats) -> None:
        self.stats = stats

        def block(title: str, items: list[tuple[str, int]]) -> str:
            lines = "".join(
                f"<tr><td>{name}</td><td align='right'>&nbsp;{format_number(count)}</td>"
                f"<td align='right'>&nbsp;{count * 100 / stats.total:.0f}%</td></tr>"
                for name, count in items)
            return f"<td valign='top' style='padding-right:28px'><b>{title}</b><table>{lines}</table></td>"

        if not stats.total:
            self.label.setText(_("Không có tâm tư, kiến nghị nào trong bộ lọc hiện tại."))
            return
        # Three blocks side by side: the panel sits under the list, wide and short.
        self.label.setText(
            "<p><b>" + _("Tổng số: {n}").format(n=format_number(stats.total)) + "</b></p><table><tr>"
            + block(_("Theo lĩnh vực"), stats.by_field)
            + block(_("Theo cơ quan phản ánh"), stats.by_body)
            + block(_("Theo trạng thái"), stats.by_status) + "</tr></table>")

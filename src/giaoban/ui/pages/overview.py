"""Tổng quan: what a leader needs in a minute — figures, units, the oldest overdue, the trend.

Everything comes from ``core.services.overview.compute_overview`` (the follow-up report reads the
same figures by unit). One scope for the whole page, its drill-downs and its report: the chosen
"Kỳ" (a year or a quarter, or "Mọi thời gian") — the tasks assigned in it, as they stand today.
A figure card, a unit line or an overdue task opens the task list filtered to it and to the Kỳ
(click or Enter). "Báo cáo" (Ctrl+P) previews the follow-up report of that Kỳ as of today;
"Xuất Excel" (Ctrl+E) saves the same report as .xlsx.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.context import AppContext
from giaoban.core.errors import GiaobanError
from giaoban.core.periods import Period, parse_period
from giaoban.core.services.overview import Overview, compute_overview, scope_periods
from giaoban.core.services.reading import shared_reads
from giaoban.i18n import _, format_date, format_number
from giaoban.ui.dialogs import ask
from giaoban.ui.models.base import RowTableModel
from giaoban.ui.pages.overview_chart import QuarterChart
from giaoban.ui.pages.overview_parts import (
    EnterOpens,
    FigureCard,
    OverdueModel,
    UnitModel,
    percent,
    period_text,
)
from giaoban.ui.widgets.page import Page, make_action, make_table, make_toolbar

__all__ = ["FigureCard", "OverdueModel", "OverviewPage", "UnitModel", "percent", "period_text"]


class OverviewPage(Page):
    """Figure cards, the table by lead unit, the oldest overdue tasks and the quarterly chart."""

    def __init__(self, ctx: AppContext, window: Any = None) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window_ = window
        self.title = _("Tổng quan")
        self.overview: Overview | None = None

        self.refresh_action = make_action(self, _("Làm mới"), "refresh", lambda: self.refresh(), "F5")
        self.report_action = make_action(
            self, _("Báo cáo"), "print", self.print_preview, None,
            _("Xem trước, in hoặc lưu báo cáo tình hình thực hiện nhiệm vụ của kỳ đang chọn "
              "(Ctrl+P)"))
        self.excel_action = make_action(
            self, _("Xuất Excel"), "excel", self.export, None,
            _("Lưu báo cáo của kỳ đang chọn ra tệp Excel (Ctrl+E)"))
        self.preview_dialog: Any = None
        toolbar = make_toolbar(self, [self.refresh_action, None, self.report_action,
                                      self.excel_action])
        self.period = QComboBox(self)
        self.period.setAccessibleName(_("Kỳ"))
        self.period.setToolTip(_("Mọi số liệu, danh sách mở ra và báo cáo: các nhiệm vụ giao "
                                 "trong kỳ này, tình hình đến hôm nay"))
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.as_of = QLabel(self)
        self.as_of.setWordWrap(True)  # wraps on a narrow screen rather than widening the page
        self.as_of.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout()
        head.addWidget(toolbar)
        head.addStretch(1)
        head.addWidget(self.as_of, 1)
        head.addWidget(QLabel(_("Kỳ:"), self))
        head.addWidget(self.period)

        self.banner = QLabel(self)
        self.banner.setObjectName("reminderBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel#reminderBanner { background: #fff4e5; color: #5f3b00; border: 1px solid #e0a040;"
            " padding: 6px; }")
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.banner.linkActivated.connect(self._banner_link)
        self.banner.hide()

        cards = QGridLayout()
        self.card_open = FigureCard(_("Chưa hoàn thành"),
                                    _("Nhiệm vụ của kỳ chưa xong hôm nay; nhấn để mở danh sách"), self)
        self.card_overdue = FigureCard(_("Quá hạn"),
                                       _("Nhiệm vụ của kỳ quá hạn hôm nay; nhấn để mở danh sách"), self)
        self.card_due = FigureCard(_("Đến hạn trong 7 ngày"),
                                   _("Nhiệm vụ của kỳ đến hạn trong 7 ngày kể từ hôm nay; nhấn để "
                                     "mở danh sách"), self)
        self.card_done = FigureCard(_("Đã hoàn thành"),
                                    _("Nhiệm vụ của kỳ đã hoàn thành (đúng hạn hoặc chậm) tính đến "
                                      "hôm nay — như cột Đúng hạn + Chậm của bảng"), self)
        self.card_rate = FigureCard(_("Tỷ lệ đúng hạn"),
                                    _("Đúng hạn / (đúng hạn + chậm + quá hạn)"), self)
        self.card_overdue.label.setText("⚠ " + self.card_overdue.caption)
        self.card_overdue.number.setStyleSheet("color: #b3261e;")
        for column, card in enumerate((self.card_open, self.card_overdue, self.card_due,
                                       self.card_done, self.card_rate)):
            cards.addWidget(card, 0, column)
            cards.setColumnStretch(column, 1)
            card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.card_open.clicked.connect(lambda: self._open_tasks("open"))
        self.card_overdue.clicked.connect(lambda: self._open_tasks("overdue"))
        self.card_due.clicked.connect(lambda: self._open_tasks("due_soon"))

        self.units = UnitModel(self)
        self.unit_view = self._table(_("Nhiệm vụ theo đơn vị chủ trì"), self.units, self.open_unit)
        self._fit(self.unit_view, stretch=0)
        self.totals = QLabel(self)
        self.totals.setWordWrap(True)
        self.overdue = OverdueModel(self)
        self.overdue_view = self._table(_("Nhiệm vụ quá hạn lâu nhất"), self.overdue, self.open_task)
        self._fit(self.overdue_view, stretch=0, fixed={1: 170})
        self.chart = QuarterChart(self)

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self._titled(_("Theo đơn vị chủ trì (nhấn để xem nhiệm vụ)"),
                                    self.unit_view, self.totals))
        left.addWidget(self._titled(_("Quá hạn lâu nhất"), self.overdue_view))
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        right = self._titled(_("Giao theo quý và đã hoàn thành"), self.chart)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([3000, 2000])  # 3:2 from the start: the units' names need the room
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addLayout(cards)
        layout.addWidget(split, 1)

    def _table(self, name: str, model: RowTableModel, slot: Any) -> QTableView:
        view = make_table(self, name)
        view.setModel(model)
        view.setSortingEnabled(False)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        char = view.fontMetrics().averageCharWidth()
        for section, column in enumerate(model.COLUMNS):
            if column.width:
                view.horizontalHeader().resizeSection(section, column.width * char + 16)
        view.clicked.connect(slot)
        EnterOpens(view, slot)
        return view

    @staticmethod
    def _fit(view: QTableView, *, stretch: int, fixed: dict[int, int] | None = None) -> None:
        """One column takes the spare width, the others fit their contents (no side scrolling)."""
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        for section in range(header.count()):
            if fixed and section in fixed:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(section, fixed[section])
            elif section == stretch:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)

    def _titled(self, title: str, *widgets: QWidget) -> QWidget:
        box = QFrame(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(f"<b>{title}</b>", box)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        for widget in widgets:
            layout.addWidget(widget, 1 if isinstance(widget, QTableView | QuarterChart) else 0)
        return box

    # --- data ---------------------------------------------------------------------------------

    def activated(self) -> None:
        """The Kỳ list and every figure, read in one session (on a server one connection
        check-out, BEGIN and ROLLBACK for both)."""
        with shared_reads(self.ctx) as one:
            self._fill_periods(one)
            self.refresh(one)

    def _fill_periods(self, ctx: AppContext | None = None) -> None:
        """"Mọi thời gian", then each year and quarter with tasks; the choice is kept."""
        current = self.period.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem(_("Mọi thời gian"), None)
        for period in scope_periods(ctx or self.ctx):
            self.period.addItem(period_text(period), period.key)
        self.period.setCurrentIndex(max(0, self.period.findData(current)) if current else 0)
        self.period.blockSignals(False)

    def scope(self) -> Period | None:
        """The chosen Kỳ (None: "Mọi thời gian"), read by the one period parser."""
        key = self.period.currentData()
        return parse_period(key) if key else None

    def refresh(self, ctx: AppContext | None = None) -> None:
        """Recompute every figure for the chosen Kỳ (a few aggregate queries)."""
        self.overview = overview = compute_overview(ctx or self.ctx, period=self.scope())
        scope = (_("Nhiệm vụ giao trong {period}").format(period=period_text(overview.period))
                 if overview.period else _("Mọi nhiệm vụ"))
        self.as_of.setText(_("{scope} · tình hình đến hôm nay, {date}").format(
            scope=scope, date=format_date(overview.as_of)))
        self.card_open.set_value(format_number(overview.open))
        self.card_overdue.set_value(format_number(overview.overdue))
        self.card_due.set_value(format_number(overview.due_this_week))
        self.card_done.set_value(format_number(overview.done))
        self.card_rate.set_value(percent(overview.on_time_rate))
        self.units.set_rows(overview.units)
        total = overview.totals
        self.totals.setText(_(
            "Cộng: giao {a}, đúng hạn {ok}, chậm {late}, đang thực hiện {open}, quá hạn {od}, "
            "tỷ lệ đúng hạn {rate}."
        ).format(a=format_number(total.assigned), ok=format_number(total.done_on_time),
                 late=format_number(total.done_late), open=format_number(total.in_progress),
                 od=format_number(total.overdue), rate=percent(total.rate)))
        self.overdue.set_rows(overview.oldest_overdue)
        self.chart.set_quarters(overview.quarters)

    # --- the follow-up report -----------------------------------------------------------------

    def report_period(self) -> Period:
        """The dates the report covers: exactly the page's Kỳ ("Mọi thời gian" included)."""
        if self.overview is None:
            self.refresh()
        assert self.overview is not None
        return self.overview.report_period

    def _build_report(self) -> Any:
        """The follow-up report of the page's Kỳ as of the page's day (as ``giaoban report``)."""
        from giaoban.documents.exports import report_document

        self.refresh()  # the paper is what the screen shows now, not what it showed before
        assert self.overview is not None
        return report_document(self.ctx, self.report_period(), self.overview.as_of)

    def print_preview(self) -> None:
        """Ctrl+P: the report in a non-modal preview with "Lưu PDF…" and "Lưu Word…"."""
        from giaoban.documents.preview import open_print_preview

        try:
            document = self._build_report()
        except GiaobanError as exc:
            ask.show_error(self, str(exc))
            return
        self.preview_dialog = open_print_preview(self, document, document.title)

    def export(self) -> None:
        """Ctrl+E: the report as an Excel workbook (one row per task, real date cells)."""
        from giaoban.documents.output import render_to_file
        from giaoban.documents.preview import safe_file_name

        try:
            document = self._build_report()
            start = Path.home() / f"{safe_file_name(document.title)}.xlsx"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Xuất báo cáo ra Excel"), str(start), _("Excel (*.xlsx)"))
            if not chosen:
                return
            path = Path(chosen)
            path = path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")
            render_to_file(document, path)
        except GiaobanError as exc:
            ask.show_error(self, str(exc))
            return
        if self.window_ is not None:
            self.window_.statusBar().showMessage(
                _("Đã lưu báo cáo vào {file}.").format(file=path.name), 5000)

    # --- drill-down ---------------------------------------------------------------------------

    def _tasks_page(self) -> Any:
        return self.window_.show_area("tasks") if self.window_ is not None else None

    def open_unit(self, index: Any) -> None:
        """The task list filtered to the unit of this line (as lead unit)."""
        if not index.isValid():
            return
        unit = self.units.row_at(index.row())
        page = self._tasks_page()
        if page is not None and hasattr(page, "show_unit"):
            page.show_unit(unit.unit_id, lead_only=True)
            self._keep_scope(page)

    def open_task(self, index: Any) -> None:
        if not index.isValid():
            return
        row = self.overdue.row_at(index.row())
        page = self._tasks_page()
        if page is not None and hasattr(page, "select_record"):
            page.select_record(row.id)

    def _open_tasks(self, which: str) -> None:
        page = self._tasks_page()
        if page is None:
            return
        if which == "open" and hasattr(page, "show_open"):
            page.show_open()
        elif hasattr(page, "show_deadline"):
            page.show_deadline(which)
        self._keep_scope(page)

    def _keep_scope(self, page: Any) -> None:
        """The list opened from the page shows the same Kỳ (said in its filter bar)."""
        scope = self.overview.period if self.overview is not None else None
        if scope is not None and hasattr(page, "keep_assigned"):
            page.keep_assigned(scope)

    # --- reminders fallback -------------------------------------------------------------------

    def show_banner(self, text: str, *, overdue: bool = True, due_soon: bool = True) -> None:
        """The reminder where there is no system tray: a line above the figures."""
        # The texts are outside the f-strings: the catalog extractor does not look inside them.
        targets = [("overdue", _("Xem nhiệm vụ quá hạn"))] if overdue else []
        if due_soon:
            targets.append(("due_soon", _("Xem nhiệm vụ sắp đến hạn")))
        targets.append(("close", _("Ẩn")))
        links = [f"<a href='{href}'>{label}</a>" for href, label in targets]
        self.banner.setText(f"{text} " + " · ".join(links))
        self.banner.show()

    def _banner_link(self, link: str) -> None:
        if link == "close":
            self.banner.hide()
        else:
            self._open_tasks(link)

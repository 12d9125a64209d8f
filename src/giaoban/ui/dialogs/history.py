"""The office's change history (Lịch sử thay đổi), filtered by record type, action, user, dates.

Non-modal, beside the main window. Filters other than the search box are applied by the
history service (newest first, capped); the search box narrows what is loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from giaoban.core import kinds
from giaoban.core.context import AppContext
from giaoban.core.kinds import KINDS, label_of_kind
from giaoban.core.services.history import HistoryRow, list_history
from giaoban.i18n import _, format_number, pgettext
from giaoban.ui.dialogs.window_dialog import window_dialog
from giaoban.ui.icons import icon
from giaoban.ui.models.base import Column, RowTableModel, SortFilterProxy
from giaoban.ui.widgets.dates import DateField, format_moment
from giaoban.ui.widgets.filter_bar import FilterBar
from giaoban.ui.widgets.history_panel import ACTIONS, action_label, describe_changes
from giaoban.ui.widgets.page import fit_to_screen, make_table

LIMIT = 2000


def entity_label(entity: str) -> str:
    return label_of_kind(entity)


def _record(row: HistoryRow) -> str:
    """'Nhiệm vụ “Rà soát …”' — the record's title; its number only once it was purged."""
    label = entity_label(row.entity)
    if row.entity_id is None:
        return label
    if row.title and row.entity in kinds.KINDS:
        named = kinds.KINDS[row.entity].named_title(row.title, 60)
        return named[:1].upper() + named[1:]
    return _("{record} số {id}").format(record=label, id=row.entity_id)


def _when(row: HistoryRow) -> str:
    return format_moment(row.at, seconds=True)


class GlobalHistoryModel(RowTableModel[HistoryRow]):
    WHEN, USER, RECORD, ACTION, CHANGES = range(5)
    COLUMNS = (
        Column(lambda: _("Thời điểm"), _when, sort=lambda r: (r.at.isoformat(), r.id), width=18),
        Column(lambda: _("Người thực hiện"), lambda r: r.user, width=14),
        Column(lambda: pgettext("record", "Đối tượng"), _record, width=24),
        Column(lambda: _("Thao tác"), lambda r: action_label(r.action), width=16),
        Column(lambda: _("Nội dung thay đổi"), describe_changes),
    )


class DateBound(DateField):
    """A date filter whose empty value means 'no limit' (the one date field; a wrong text is
    said in its tooltip and sets no limit)."""

    def __init__(self, tooltip: str, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent, today=ctx.today, empty_text=tooltip + ": —")
        self.setToolTip(tooltip)
        self.setAccessibleName(tooltip)

    def reset(self) -> None:
        self.set_value(None)

    def value(self) -> dt.date | None:
        return self.current()  # type: ignore[no-any-return]


class HistoryDialog(QDialog):
    """Filters on top, the list of changes below, newest first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Lịch sử thay đổi"))
        self.setWindowIcon(icon("history"))
        self.filters = FilterBar(_("Tìm trong lịch sử (người, nội dung…)"), self)
        self.entity = self.filters.add_combo(
            _("Loại đối tượng"), [(kind.label, kind.name) for kind in KINDS.values()],
            _("Mọi đối tượng"))
        self.action = self.filters.add_combo(
            _("Thao tác"), [(_(label), key) for key, label in ACTIONS.items()], _("Mọi thao tác"))
        self.user = self.filters.add_combo(_("Người thực hiện"), [], _("Mọi người"))
        self.since = DateBound(_("Từ ngày"), ctx, self)
        self.until = DateBound(_("Đến ngày"), ctx, self)
        for widget in (self.since, self.until):
            widget.dateChanged.connect(lambda _d: self.filters.changed.emit())
            self.filters.add_widget(widget)
        self.model = GlobalHistoryModel(self)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = make_table(self, _("Lịch sử thay đổi"))
        self.view.setModel(self.proxy)
        self.view.sortByColumn(GlobalHistoryModel.WHEN, Qt.SortOrder.DescendingOrder)
        metrics = self.view.fontMetrics()
        for column, sample in ((GlobalHistoryModel.WHEN, "29/11/2026 10:30:00"),
                               (GlobalHistoryModel.USER, "nguyenvana"),
                               (GlobalHistoryModel.RECORD, "Tâm tư – kiến nghị số 12345"),
                               (GlobalHistoryModel.ACTION, "Chuyển vào thùng rác")):
            self.view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 28)
        self.note = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        self.filters.changed.connect(self.refresh)
        self._fill_users()
        self.refresh()
        fit_to_screen(self, 1100, 560)  # once built: its combos may shrink

    def _fill_users(self) -> None:
        users = sorted({r.user for r in list_history(self.ctx, limit=LIMIT)} | {self.ctx.user})
        self.user.blockSignals(True)
        current = self.user.currentData()
        while self.user.count() > 1:
            self.user.removeItem(1)
        for name in users:
            self.user.addItem(name, name)
        index = self.user.findData(current)
        self.user.setCurrentIndex(max(index, 0))
        self.user.blockSignals(False)

    def refresh(self) -> None:
        """Load the history the filters ask for, then apply the search box."""
        since, until = self.since.value(), self.until.value()
        if since and until and until < since:
            since, until = until, since
        rows = list_history(
            self.ctx, entity=self.entity.currentData(), action=self.action.currentData(),
            user=self.user.currentData(), since=since, until=until, limit=LIMIT,
        )
        self.model.set_rows(rows)
        self.proxy.set_query(self.filters.text())
        self.filters.set_count(self.proxy.rowCount(), self.model.rowCount())
        self.note.setText(
            _("Chỉ hiện {n} thay đổi mới nhất; hãy lọc để xem các thay đổi cũ hơn.").format(
                n=format_number(LIMIT)) if len(rows) >= LIMIT else ""
        )


def open_history(window: Any) -> HistoryDialog:
    """Show the history beside the window (one dialog, reused and reloaded)."""

    def again(dialog: HistoryDialog) -> None:
        dialog._fill_users()
        dialog.refresh()

    return window_dialog(window, "history_dialog", HistoryDialog,
                         lambda: HistoryDialog(window.ctx, window), again)

"""Danh bạ's two lists: the table models of organizations and people, and the tab that shows
one list with its filter bar beside its detail form (the page, directory.py, owns the forms)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QSplitter, QTableView, QVBoxLayout, QWidget

from giaoban.core.enums import OrganizationKind
from giaoban.core.labels import label_of
from giaoban.core.models import Organization
from giaoban.core.services import directory
from giaoban.core.services.directory import PersonRow
from giaoban.i18n import _, pgettext
from giaoban.ui.models.base import Column, RowTableModel, SortFilterProxy
from giaoban.ui.widgets.filter_bar import FilterBar
from giaoban.ui.widgets.page import (
    EmptyStateStack,
    make_table,
    remember_header,
    remember_splitter,
    select_record,
)

GREY = QBrush(QColor("#777777"))


def _inactive_grey(row: Any) -> Any:
    return None if row.active else GREY


class OrganizationModel(RowTableModel[Organization]):
    ORDER, NAME, ABBREVIATION, KIND, ACTIVE = range(5)
    COLUMNS = (
        Column(lambda: _("TT"), lambda o: o.sort_order,
               align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, searchable=False,
               width=3),
        Column(lambda: _("Tên cơ quan, đơn vị"), lambda o: o.name, foreground=_inactive_grey,
               width=38),
        Column(lambda: _("Viết tắt"), lambda o: o.abbreviation, foreground=_inactive_grey,
               width=8),
        Column(lambda: _("Loại"), lambda o: label_of(OrganizationKind, o.kind), width=16),
        Column(lambda: _("Tình trạng"), lambda o: _("Đang hoạt động") if o.active else pgettext("status", "Ngừng hoạt động")),
    )


class PersonModel(RowTableModel[PersonRow]):
    NAME, TITLE, ORGANIZATION, ACTIVE = range(4)
    COLUMNS = (
        Column(lambda: _("Họ và tên"), lambda p: p.full_name, foreground=_inactive_grey,
               sort=lambda p: directory.given_name(p.full_name) + " " + p.full_name, width=22),
        Column(lambda: _("Chức vụ"), lambda p: p.title, foreground=_inactive_grey, width=34),
        Column(lambda: _("Cơ quan, đơn vị"), lambda p: p.organization, width=28),
        Column(lambda: _("Tình trạng"), lambda p: _("Đang công tác") if p.active else _("Ngừng theo dõi")),
    )


class ListTab(QWidget):
    """One list with its filter bar and detail form, side by side."""

    def __init__(self, key: str, model: RowTableModel, placeholder: str, empty: str,
                 form: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.filters = FilterBar(placeholder, self)
        self.filters.changed.connect(self.apply_filter)
        self.view: QTableView = make_table(self, placeholder)
        self.view.setModel(self.proxy)
        self.empty = EmptyStateStack(self.view, empty, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.empty)
        splitter.addWidget(form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        remember_header(self.view, f"directory/{key}")
        remember_splitter(splitter, f"directory/{key}")

    def apply_filter(self) -> None:
        self.proxy.set_query(self.filters.text())
        self.filters.set_count(self.proxy.rowCount(), self.model.rowCount())
        self.empty.set_empty(self.model.rowCount() == 0)

    def selected(self) -> Any | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def select_id(self, row_id: int | None) -> None:
        select_record(self.view, self.proxy, row_id)

"""Giao ban: the list of briefings and, in the same place, the editor of one briefing.

The list shows kind, period, date, chair, status and the counts of aspirations, conclusions and
open tasks (aggregate queries, one per count); Enter or double-click opens the editor, Ctrl+N
prepares the next briefing from the last one of the same kind, Delete moves it to the trash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMenu, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from giaoban.core.context import AppContext
from giaoban.core.enums import BriefingKind, BriefingStatus
from giaoban.core.errors import GiaobanError
from giaoban.core.kinds import KINDS
from giaoban.core.labels import choices, label_of
from giaoban.core.services import briefings, trash
from giaoban.core.services.briefing_query import BriefingRow
from giaoban.i18n import _
from giaoban.ui.dialogs import ask
from giaoban.ui.icons import icon
from giaoban.ui.models.base import Column, RowTableModel, SortFilterProxy
from giaoban.ui.operations import perform
from giaoban.ui.widgets.filter_bar import FilterBar
from giaoban.ui.widgets.page import (
    EmptyStateStack,
    Page,
    make_action,
    make_table,
    make_toolbar,
    remember_header,
    select_record,
)

if TYPE_CHECKING:
    from giaoban.ui.pages.briefing_editor import BriefingEditor

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _status_text(row: BriefingRow) -> str:
    return f"■ {label_of(BriefingStatus, row.status)}" if row.status == BriefingStatus.FINALIZED \
        else f"□ {label_of(BriefingStatus, row.status)}"


def _status_tooltip(row: BriefingRow) -> str:
    if row.status == BriefingStatus.FINALIZED:
        return _("Đã chốt: chỉ sửa được sau khi mở lại")
    return _("Dự thảo: đang soạn, còn sửa được")


class BriefingListModel(RowTableModel[BriefingRow]):
    """The briefing list; dates sort by date, periods by year and quarter, names in Vietnamese."""

    KIND, PERIOD, HELD_ON, CHAIR, STATUS, ASPIRATIONS, CONCLUSIONS, OPEN_TASKS = range(8)
    COLUMNS = (
        Column(lambda: _("Loại"), lambda r: label_of(BriefingKind, r.kind), width=14),
        Column(lambda: _("Kỳ"), lambda r: r.period,
               sort=lambda r: f"{r.year:04d}-{r.quarter or 5}-{r.held_on or ''}",
               width=20),
        Column(lambda: _("Ngày họp"), lambda r: r.held_on, width=12,
               sort=lambda r: r.held_on.isoformat() if r.held_on else ""),
        Column(lambda: _("Chủ trì"), lambda r: r.chair, width=20),
        Column(lambda: _("Trạng thái"), _status_text, tooltip=_status_tooltip, width=11),
        Column(lambda: _("Tâm tư – KN"), lambda r: r.aspirations, align=RIGHT, width=11,
               searchable=False, tooltip=lambda r: _("Số tâm tư – kiến nghị nêu tại cuộc giao ban")),
        Column(lambda: _("Kết luận"), lambda r: r.conclusions, align=RIGHT, width=8,
               searchable=False),
        Column(lambda: _("NV đang mở"), lambda r: r.open_tasks, align=RIGHT, width=10,
               searchable=False, tooltip=lambda r: _("Nhiệm vụ chưa hoàn thành giao từ cuộc giao ban")),
    )


class BriefingsPage(Page):
    """The list and the editor share the area (a stack); "← Danh sách" goes back, asking first."""

    shows = frozenset({"briefing", "aspiration", "task", "organization", "person"})

    def __init__(self, ctx: AppContext, window: Any = None):
        super().__init__(window)
        self.ctx, self.main_window = ctx, window
        self.title = _("Giao ban")
        self._loaded = False

        self.model = BriefingListModel(self)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = make_table(self, _("Danh sách cuộc giao ban"), multi=True)
        self.view.setModel(self.proxy)
        self.view.doubleClicked.connect(lambda index: self.open_index(index))
        self.view.installEventFilter(self)
        self.filters = FilterBar(_("Tìm theo kỳ, chủ trì…"), self)
        self.year_filter = self.filters.add_combo(_("Năm"), [], _("Mọi năm"))
        self.kind_filter = self.filters.add_combo(
            _("Loại giao ban"), [(label, value) for value, label in choices(BriefingKind)],
            _("Mọi loại"))
        self.status_filter = self.filters.add_combo(
            _("Trạng thái"), [(label, value) for value, label in choices(BriefingStatus)],
            _("Mọi trạng thái"))
        self.filters.changed.connect(self.apply_filter)
        self.empty = EmptyStateStack(
            self.view, _("Chưa có cuộc giao ban nào. Nhấn Ctrl+N để tạo mới."), self)

        self.add_action = make_action(self, _("Thêm mới"), "add", self.new_item, None,
                                      _("Chuẩn bị cuộc giao ban quý tiếp theo từ cuộc trước (Ctrl+N)"))
        kinds = QMenu(self)
        for value, label in choices(BriefingKind):
            kinds.addAction(icon("briefing"), label, lambda v=value: self.new_item(v))
        self.add_action.setMenu(kinds)
        self.open_action = make_action(self, _("Mở"), "edit", self.open_selected, None,
                                       _("Mở cuộc giao ban đã chọn (Enter)"))
        self.delete_action = make_action(self, _("Xóa"), "delete", self.delete_selected, None,
                                         _("Chuyển cuộc giao ban đã chọn vào thùng rác (Delete)"))
        self.print_action = make_action(self, _("In biên bản"), "print", self.print_preview, None,
                                        _("Xem trước và in biên bản đã chọn (Ctrl+P)"))
        self.refresh_action = make_action(self, _("Làm mới"), "refresh", self.refresh, None,
                                          _("Tải lại danh sách (F5)"))
        toolbar = make_toolbar(self, [self.add_action, self.open_action, self.delete_action, None,
                                      self.print_action, None, self.refresh_action])
        button = toolbar.widgetForAction(self.add_action)
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)

        list_panel = QWidget(self)
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(toolbar)
        list_layout.addWidget(self.filters)
        list_layout.addWidget(self.empty, 1)
        self.list_panel = list_panel
        self._editor: BriefingEditor | None = None  # made when first opened (see editor)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(list_panel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        remember_header(self.view, "briefings/list")
        self.view.sortByColumn(BriefingListModel.HELD_ON, Qt.SortOrder.DescendingOrder)

    @property
    def editor(self) -> BriefingEditor:
        """The editor of one briefing, made the first time it is needed (opening, Ctrl+N, a
        recovered draft): a start on the list does not wait for its six tabs."""
        if self._editor is None:
            from giaoban.ui.pages.briefing_editor import BriefingEditor

            editor = BriefingEditor(self.ctx, self.main_window, self)
            editor.back.connect(self.show_list)
            editor.saved.connect(lambda _id: self.reload_list())
            self.stack.addWidget(editor)
            self._editor = editor
        return self._editor

    # --- list ------------------------------------------------------------------------------------

    def editing(self) -> bool:
        return self._editor is not None and self.stack.currentWidget() is self._editor

    def activated(self) -> None:
        """Reload the list on each visit (its task counts change on other pages); the editor,
        when open, is left as it is."""
        if not self._loaded or (self._left and not self.editing()):
            self.reload_list()
        self._left = False

    _left = False

    def reload_list(self) -> None:
        selected = self.selected_ids()
        rows = briefings.list_briefings(self.ctx)
        self.model.set_rows(rows)
        years = sorted({r.year for r in rows}, reverse=True)
        current = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        while self.year_filter.count() > 1:
            self.year_filter.removeItem(1)
        for year in years:
            self.year_filter.addItem(str(year), year)
        self.year_filter.setCurrentIndex(max(0, self.year_filter.findData(current)))
        self.year_filter.blockSignals(False)
        self._loaded = True
        self.apply_filter()
        if selected:
            self.select_id(selected[0])
        elif self.proxy.rowCount():
            self.view.selectRow(0)

    def apply_filter(self) -> None:
        year, kind, status = (self.year_filter.currentData(), self.kind_filter.currentData(),
                              self.status_filter.currentData())
        self.proxy.set_query(self.filters.text())
        self.proxy.set_predicate(lambda r: (year is None or r.year == year)
                                 and (kind is None or r.kind == kind)
                                 and (status is None or r.status == status))
        self.filters.set_count(self.proxy.rowCount(), self.model.rowCount())
        self.empty.set_empty(self.model.rowCount() == 0)

    def selected_ids(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.row_at(r).id for r in sorted(rows)]

    def select_id(self, briefing_id: int) -> bool:
        return select_record(self.view, self.proxy, briefing_id)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.view and isinstance(event, QKeyEvent) and \
                event.type() == QKeyEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)

    # --- opening and leaving the editor ------------------------------------------------------------

    def open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_briefing(self.model.row_at(self.proxy.mapToSource(index).row()).id)

    def open_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.open_index(index)

    def _may_leave_editor(self) -> bool:
        if not self.editing() or not self.editor.has_unsaved_changes():
            return True
        choice = ask.ask_save_changes(self, _("Biên bản giao ban"))
        if choice is ask.Choice.SAVE:
            return self.editor.save()
        if choice is ask.Choice.DISCARD:
            self.editor.discard_changes()
            return True
        return False

    def open_briefing(self, briefing_id: int) -> None:
        if not self._may_leave_editor():
            return
        try:
            self.editor.open_briefing(briefing_id)
        except GiaobanError as exc:
            ask.show_error(self, str(exc))
            return
        self.stack.setCurrentWidget(self.editor)
        self.editor.tabs.setCurrentIndex(0)
        self.editor.general.kind.setFocus()

    def select_record(self, briefing_id: int) -> None:
        """Global search opens a briefing here."""
        self.activated()
        self.select_id(briefing_id)
        self.open_briefing(briefing_id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_panel)
        self.reload_list()
        if self.editor.draft.id is not None:
            self.select_id(self.editor.draft.id)
        self.view.setFocus()

    # --- page interface --------------------------------------------------------------------------

    def deactivated(self) -> None:
        """Leaving the area: the editor's undo steps go (Ctrl+Z elsewhere must not edit a hidden
        briefing), as when leaving the editor for the list."""
        self._left = True
        if self.editing() and self.main_window is not None:
            self.main_window.undo_stack.clear()

    def refresh(self) -> None:
        """Reload the list; an open editor reloads its follow-up tasks (its draft is its own)."""
        self.reload_list()
        if self.editing():
            self.editor.reload_followups()

    def new_item(self, kind: str = BriefingKind.QUARTERLY.value) -> None:
        """Ctrl+N: the next briefing of a kind, prepared from the last one (nothing saved yet)."""
        if not self._may_leave_editor():
            return
        draft = briefings.prepare_next_briefing(self.ctx, kind)
        if briefings.same_period_briefings(self.ctx, draft.kind, draft.year, draft.quarter):
            period = briefings.period_label(draft.kind, draft.year, draft.quarter)
            if not ask.confirm(
                    self, _("Đã có giao ban quý này"),
                    _("Đã có cuộc giao ban {period}. Tạo thêm một cuộc giao ban cho quý này?").format(
                        period=period), _("Tạo thêm"), _("Hủy")):
                return
        self.editor.show_draft(draft)
        self.stack.setCurrentWidget(self.editor)
        self.editor.tabs.setCurrentIndex(0)
        self.editor.general.held_on.setFocus()

    def focus_search(self) -> None:
        if self.editing():
            return
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def delete_selected(self) -> None:
        if self.editing():
            from giaoban.ui.pages.briefing_editor.grid_tabs import GridTab

            tab = self.editor.tabs.currentWidget()
            if isinstance(tab, GridTab) and tab in self.editor.grids:
                tab.remove_current()
            return
        ids = self.selected_ids()
        if not ids:
            return
        kind = KINDS["briefing"]
        rows = [row for row in self.model.rows() if row.id in ids]
        what = kind.named(rows[0]) if len(ids) == 1 and rows else _("{n} {what}").format(
            n=len(ids), what=kind.noun)
        if not ask.confirm(
                self, _("Chuyển vào thùng rác"),
                _("Chuyển {record} (cùng tâm tư – kiến nghị và nhiệm vụ của nó) vào thùng "
                  "rác?").format(record=what), _("Chuyển vào thùng rác"),
                informative=_("Có thể khôi phục từ Tệp › Thùng rác, hoặc hoàn tác bằng Ctrl+Z.")):
            return
        perform(self, self.ctx, _("Chuyển {record} vào thùng rác").format(record=what),
                trash.move_to_trash, "briefing", ids)
        self.reload_list()

    def print_preview(self) -> None:
        if self.editing():
            self.editor.print_document("minutes")
            return
        ids = self.selected_ids()
        if ids:
            self.open_briefing(ids[0])
            self.editor.print_document("minutes")

    def save(self) -> bool:
        return self.editor.save() if self.editing() else True

    def has_unsaved_changes(self) -> bool:
        return self.editing() and self.editor.has_unsaved_changes()

    def discard_changes(self) -> None:
        if self._editor is not None:
            self._editor.discard_changes()


__all__ = ["BriefingListModel", "BriefingsPage"]

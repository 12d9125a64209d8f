"""Tâm tư – kiến nghị: the register of the people's aspirations, searchable and answerable.

The list is an id-backed lazy model (a count of what the filters and the search keep, then ids
and rows read 200 at a time in the chosen order as the list scrolls), so the page stays quick
with 100k rows and a one-letter search. Beside it: the detail form with
the answer, the history and the statistics of the filtered set.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTabWidget, QVBoxLayout

from giaoban.core import conflicts
from giaoban.core.context import AppContext
from giaoban.core.errors import NotFound, ValidationError
from giaoban.core.kinds import KINDS
from giaoban.core.services import aspiration_query as query
from giaoban.core.services import aspirations as service
from giaoban.core.services import trash
from giaoban.core.services.directory import list_organizations
from giaoban.i18n import _, format_number
from giaoban.ui.dialogs import ask
from giaoban.ui.dialogs.conflict import save_resolving
from giaoban.ui.operations import perform
from giaoban.ui.pages.aspiration_detail import AspirationDetail
from giaoban.ui.pages.aspiration_filters import AspirationFilters, StatsPanel
from giaoban.ui.pages.aspiration_model import AspirationListModel, default_widths
from giaoban.ui.widgets.filter_bar import FilterBar
from giaoban.ui.widgets.history_panel import HistoryPanel
from giaoban.ui.widgets.page import (
    EmptyStateStack,
    Page,
    make_action,
    make_table,
    make_toolbar,
    remember_header,
    remember_splitter,
)


class AspirationsPage(Page):
    """List + filters + detail of the aspirations register."""

    shows = frozenset({"aspiration", "organization", "briefing", "task"})

    def __init__(self, ctx: AppContext, window: Any = None) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window_ = window
        self.title = _("Tâm tư – kiến nghị")
        self.sort_key, self.descending = "raised_on", True
        self.loaded = False
        self.total = 0
        self.new_action = make_action(self, _("Thêm mới"), "add", self.new_item, "Ctrl+N",
                                      _("Ghi một tâm tư, kiến nghị mới"))
        self.save_action = make_action(self, _("Lưu"), "save", self.save, None,
                                       _("Lưu thay đổi (Ctrl+S)"))
        self.delete_action = make_action(self, _("Xóa"), "delete", self.delete_selected, None,
                                         _("Chuyển vào thùng rác (Delete)"))
        self.import_action = make_action(self, _("Nhập Excel"), "excel", self.import_excel, None,
                                         _("Nhập danh sách tâm tư, kiến nghị từ tệp Excel"))
        self.export_action = make_action(self, _("Xuất Excel"), "export", self.export, None,
                                         _("Xuất danh sách đang lọc ra Excel hoặc CSV (Ctrl+E)"))
        self.refresh_action = make_action(self, _("Làm mới"), "refresh", self.refresh, None,
                                          _("Đọc lại dữ liệu (F5)"))
        toolbar = make_toolbar(self, [self.new_action, self.save_action, self.delete_action, None,
                                      self.import_action, self.export_action, None,
                                      self.refresh_action])
        self.filter_bar = FilterBar(_("Tìm theo nội dung, địa bàn… (không cần dấu)"), self)
        second_row = QHBoxLayout()
        second_row.setContentsMargins(0, 0, 0, 0)
        self.filters = AspirationFilters(self.filter_bar, second_row)
        self.filter_bar.changed.connect(lambda: self.reload(refill=False))
        self.model = AspirationListModel(ctx, self)
        self.model.sort_requested.connect(self._sort)
        self.view = make_table(self, _("Danh sách tâm tư, kiến nghị"), multi=True)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.empty = EmptyStateStack(self.view, _(
            "Chưa có tâm tư, kiến nghị nào. Nhấn Ctrl+N để ghi mới hoặc “Nhập Excel”."), self)
        self.detail = AspirationDetail(self, ctx)
        # Enter or double-click "opens" the row: the cursor goes to its content in the form.
        self.view.activated.connect(lambda _index: self.detail.content.setFocus())
        self.detail.save_requested.connect(self.save)
        self.detail.make_task_requested.connect(self.make_task)
        self.detail.task_link_activated.connect(self._open_task)
        self.history = HistoryPanel(ctx, self)
        self.stats = StatsPanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.detail, _("Chi tiết"))
        if self.detail.attachments is not None:
            self.tabs.addTab(self.detail.attachments, _("Tệp đính kèm"))
        self.tabs.addTab(self.history, _("Lịch sử"))
        self.tabs.addTab(self.stats, _("Thống kê"))
        self.tabs.currentChanged.connect(self._tab_changed)
        # List above, detail below: every column fits a 1366 px screen without scrolling.
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.empty)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addWidget(toolbar)
        layout.addWidget(self.filter_bar)
        layout.addLayout(second_row)
        layout.addWidget(self.splitter, 1)
        default_widths(self.view)
        remember_header(self.view, "aspirations/list")
        remember_splitter(self.splitter, "aspirations/main")
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

    # --- loading ------------------------------------------------------------------------------

    def activated(self) -> None:
        """Reload on each visit unless a form is being edited: aspirations typed into a briefing,
        bodies added in the directory must show without F5 (ids query + one page: cheap)."""
        if not self.loaded or (self._left and not self.detail.dirty):
            self.refresh()
        self._left = False

    _left = False

    def deactivated(self) -> None:
        self._left = True

    def refresh(self) -> None:
        """F5: reload choices, the list and the current row from the database.

        The first load leaves the filters' choices (periods and localities: two reads of the
        whole register, ~15 ms at 100k rows) until the page is on screen: until a drop-down is
        opened it shows "all" either way (the window's ``when_populated``)."""
        self.organizations = list_organizations(self.ctx)
        later = getattr(self.window_, "when_populated", None)
        if self.loaded or later is None:
            self._fill_choices()
        else:
            later(self._fill_choices)
        self.detail.set_organizations(self.organizations)
        self.total = query.count_aspirations(self.ctx)
        self.loaded = True
        self.reload()

    def _fill_choices(self) -> None:
        self.filters.set_choices(query.raised_years(self.ctx), self.organizations,
                                 query.localities(self.ctx))

    def reload(self, keep: int | None = None, *, refill: bool = True) -> None:
        """Apply filters, search and sort: count what the filter keeps and read the first page
        of ids (more pages as the list scrolls); keep the selected record if it is still there.
        ``refill=False`` (typing, filters): the form is not reread when it already shows the
        row selected, and an edited form is never replaced nor asked about (see _select_row)."""
        keep = keep if keep is not None else (self.current_id() or self.detail.aspiration_id)
        flt = self.filters.current()
        sort, descending, total = self.sort_key, self.descending, self.total
        count = query.count_aspirations(self.ctx, flt) if flt != query.AspirationFilter() \
            else total

        def pages(offset: int, limit: int) -> list[int]:
            return query.aspiration_page(self.ctx, flt, sort=sort, descending=descending,
                                         offset=offset, limit=limit, count=count, total=total)

        def locate(record_id: int, last: int | None) -> int | None:
            return query.aspiration_position(self.ctx, flt, record_id, sort=sort,
                                             descending=descending, last=last)

        self.model.set_pages(count, pages, locate)
        self.model.read_row(0)
        self.filter_bar.set_count(count, self.total)
        self.empty.set_empty(self.total == 0)
        if self.tabs.currentWidget() is self.stats:
            self.stats.show_stats(query.aspiration_stats(self.ctx, flt))
        row = self.model.row_of(keep) if keep is not None else -1
        if row >= 0:
            self._select_row(row, refill=refill)
        elif not refill and self.detail.dirty:  # the edited record is filtered out: keep it
            self.view.selectionModel().clearCurrentIndex()
        elif count:
            self._select_row(0, refill=refill)
        else:
            self.detail.load(None, today=self.ctx.today())
            self.history.show_record("aspiration", None)

    def _sort(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        if self.loaded:
            self.reload()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.stats and self.loaded:
            self.stats.show_stats(query.aspiration_stats(self.ctx, self.filters.current()))
        elif self.tabs.currentWidget() is self.history and self.loaded:
            self.history.show_record("aspiration", self.current_id())

    # --- selection ----------------------------------------------------------------------------

    _last_body: int | None = None

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [i for i in self.model.ids_at(rows) if i]

    _shown: int | None = None  # the record the last _show loaded

    def _select_row(self, row: int, *, refill: bool = True) -> None:
        """Make a row current and show it (once: moving the cursor may already have shown it).
        Without ``refill`` the form is left as is when it already holds that record (a search
        keystroke keeping the row shown: no reread, edits kept); a refused leave keeps the form."""
        index = self.model.index(row, 0)
        record_id = self.model.id_at(row)
        same = not refill and record_id == self.detail.aspiration_id
        self._shown = record_id if same else None
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        if self._shown != record_id and self.current_id() == record_id:
            self._show(record_id)

    def _current_changed(self, current: Any, previous: Any) -> None:
        if not current.isValid():
            return
        new_id = self.model.id_at(current.row())
        if new_id == self.detail.aspiration_id:
            return
        if self.detail.dirty and not self._may_leave():
            self.view.selectionModel().blockSignals(True)
            self.view.selectionModel().setCurrentIndex(
                previous, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.view.selectionModel().blockSignals(False)
            return
        self._show(new_id)

    def _show(self, aspiration_id: int) -> None:
        self._shown = aspiration_id
        try:  # read before the row shown: a save in between is then in the form, merged as is
            opened: dict[str, Any] | None = conflicts.current(self.ctx, "aspiration",
                                                              aspiration_id)
        except NotFound:
            opened = None
        self.model.refresh_row(aspiration_id)
        row = self.model.row_at(self.model.row_of(aspiration_id))
        self.detail.load(row, today=self.ctx.today(), opened=opened)
        if self.tabs.currentWidget() is self.history:  # else loaded when its tab is opened
            self.history.show_record("aspiration", aspiration_id)

    def select_record(self, record_id: int) -> bool:
        """Show one aspiration (global search, links): clears filters that would hide it."""
        if not self.loaded:
            self.refresh()
        if self.model.row_of(record_id) < 0:
            self.filter_bar.clear()
            self.reload(keep=record_id)
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        self._select_row(row)
        self.view.setFocus()
        return True

    # --- editing ------------------------------------------------------------------------------

    def _may_leave(self) -> bool:
        choice = ask.ask_save_changes(self, _("Tâm tư, kiến nghị đang sửa"))
        if choice == ask.Choice.SAVE:
            return self.save()
        if choice == ask.Choice.DISCARD:
            self.discard_changes()
            return True
        return False

    def has_unsaved_changes(self) -> bool:
        return self.detail.dirty

    def discard_changes(self) -> None:
        current = self.current_id()
        if current is not None:
            self._show(current)
        else:
            self.detail.load(None, today=self.ctx.today())

    def new_item(self) -> None:
        """Ctrl+N: an empty form; saving it adds the aspiration."""
        if self.detail.dirty and not self._may_leave():
            return
        self.tabs.setCurrentWidget(self.detail)
        self.view.selectionModel().clearSelection()
        # The body filtered on, else the body of the last one saved (several come from one
        # report), never silently the first body of the list.
        body = self.filters.current().organization_id or self._last_body
        self.detail.load(None, today=self.ctx.today(), default_org=body)
        self.history.show_record("aspiration", None)
        self.detail.raised_on.setFocus()

    def save(self) -> bool:
        """Ctrl+S: create or update from the form (undoable); errors appear under their fields."""
        try:
            values = self.detail.values()
        except ValidationError as exc:  # a date field's text is not a date: said under it
            self.detail.errors.show(exc.errors)
            return False
        kind = KINDS["aspiration"]
        if self.detail.aspiration_id is None:
            result = perform(self, self.ctx, _("Thêm {record}").format(
                record=kind.named(SimpleNamespace(**values))), service.create_aspiration,
                errors=self.detail.errors, **values)
            self.total += 1 if result is not None else 0
        else:
            # others' changes since it was opened merge; where both changed a field, ask
            result = save_resolving(self, self.ctx, _("Sửa {record}").format(
                record=kind.named(SimpleNamespace(**values))), service.update_aspiration,
                self.detail.aspiration_id, opened=self.detail.opened, values=values,
                errors=self.detail.errors)
        if result is None:
            return False
        row_id = int(result.value.id or 0)
        self.detail.dirty = False
        self._last_body = values.get("organization_id")
        self.model.refresh_row(row_id)
        self.reload(keep=row_id)
        self._status(_("Đã lưu {record}.").format(
            record=KINDS["aspiration"].named_title(str(values.get("content") or ""), 50)))
        return True

    def delete_selected(self) -> None:
        """Delete: move the selected aspirations to the trash (asks once, names what goes)."""
        ids = self.selected_ids()
        if not ids:
            return
        kind = KINDS["aspiration"]
        row = self.model.row_at(self.model.row_of(ids[0])) if len(ids) == 1 else None
        what = kind.named(row, 80) if row is not None else _("{n} {what}").format(
            n=format_number(len(ids)), what=kind.noun)
        if not ask.confirm(self, _("Chuyển vào thùng rác"), _(
                "Chuyển {record} vào thùng rác?").format(record=what),
                _("Chuyển vào thùng rác"),
                informative=_("Hoàn tác bằng Ctrl+Z, hoặc khôi phục trong Tệp › Thùng rác.")):
            return
        result = perform(self, self.ctx, _("Chuyển {record} vào thùng rác").format(record=what),
                         trash.move_to_trash, "aspiration", ids)
        if result is None:
            return
        moved = result.value
        self.detail.dirty = False
        self.total -= moved
        self.reload()
        self._status(_("Đã chuyển {n} tâm tư, kiến nghị vào thùng rác.").format(
            n=format_number(moved)))

    def make_task(self) -> None:
        from giaoban.ui.pages.aspiration_task import MakeTaskDialog

        row_id = self.detail.aspiration_id
        if row_id is None:
            return
        row = self.model.row_at(self.model.row_of(row_id))
        if row is None:
            return
        self.task_dialog = MakeTaskDialog(self.ctx, row, self.organizations, self)
        self.task_dialog.created.connect(lambda _task_id: self._show(row_id))
        self.task_dialog.open()

    def _open_task(self, task_id: int) -> None:
        window = self.window_
        if window is None or not hasattr(window, "show_area"):
            return
        page = window.show_area("tasks")
        if hasattr(page, "select_record"):
            page.select_record(task_id)

    # --- files --------------------------------------------------------------------------------

    def import_excel(self) -> None:
        from giaoban.ui.dialogs.import_mapping import start_import

        start_import(self)

    def export(self) -> None:
        """Ctrl+E: the filtered list to XLSX or CSV."""
        from giaoban.ui.pages.aspiration_files import export_filtered

        export_filtered(self)

    def focus_search(self) -> None:
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    def _status(self, text: str) -> None:
        window = self.window_
        if window is not None and hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 5000)

    def on_imported(self, count: int) -> None:
        """Show the rows just imported: the first of them selected, filters that hid it cleared."""
        self.refresh()
        ids = getattr(getattr(self, "import_dialog", None), "imported_ids", [])
        if ids:
            self.select_record(min(ids))
        self._status(_("Đã nhập {n} tâm tư, kiến nghị.").format(n=format_number(count)))

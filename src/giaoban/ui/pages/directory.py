"""Danh bạ: organizations and people — add, edit, deactivate and order them."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from giaoban.core import conflicts
from giaoban.core.context import AppContext
from giaoban.core.enums import OrganizationKind
from giaoban.core.kinds import KINDS
from giaoban.core.labels import choices
from giaoban.core.models import Organization, Person
from giaoban.core.operations import OpResult
from giaoban.core.services import directory
from giaoban.core.services.directory import PersonRow
from giaoban.i18n import _
from giaoban.ui.dialogs import ask
from giaoban.ui.dialogs.conflict import save_resolving
from giaoban.ui.operations import perform
from giaoban.ui.pages.directory_lists import ListTab, OrganizationModel, PersonModel
from giaoban.ui.widgets.forms import FieldErrors, tab_order
from giaoban.ui.widgets.page import Page, make_action, make_toolbar


class DirectoryPage(Page):
    """Two tabs: "Cơ quan, đơn vị" and "Cán bộ"; the form on the right edits the selected row."""

    shows = frozenset({"organization", "person"})

    def __init__(self, ctx: AppContext, window: Any = None):
        super().__init__(window)
        self.ctx = ctx
        self.title = _("Danh bạ")
        self._editing_org: int | None = None
        self._editing_person: int | None = None
        self._org_opened: dict[str, Any] | None = None  # each form's ``opened`` for its save
        self._person_opened: dict[str, Any] | None = None
        self._loaded = False
        self._dirty = False

        self.org_form, self.org_errors = self._build_org_form()
        self.person_form, self.person_errors = self._build_person_form()
        self.orgs = ListTab("orgs", OrganizationModel(self), _("Tìm cơ quan, đơn vị…"),
                             _("Chưa có cơ quan, đơn vị nào. Nhấn Ctrl+N để thêm mới."), self.org_form)
        self.people = ListTab("people", PersonModel(self), _("Tìm cán bộ theo tên, chức vụ…"),
                               _("Chưa có cán bộ nào. Nhấn Ctrl+N để thêm mới."), self.person_form)
        self.orgs.view.selectionModel().currentRowChanged.connect(lambda *_a: self._load_org_form())
        # Enter or double-click on a row: edit it in the form beside the list.
        self.orgs.view.activated.connect(lambda _i: self.org_name.setFocus())
        self.people.view.activated.connect(lambda _i: self.person_name.setFocus())
        self.people.view.selectionModel().currentRowChanged.connect(lambda *_a: self._load_person_form())
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.orgs, _("Cơ quan, đơn vị"))
        self.tabs.addTab(self.people, _("Cán bộ"))
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())

        self.add_action = make_action(self, _("Thêm mới"), "add", self.new_item, "Ctrl+N")
        self.save_action = make_action(self, _("Lưu"), "save", self.save, "Ctrl+S")
        self.toggle_action = make_action(self, _("Ngừng hoạt động"), "trash", self.toggle_active,
                                         tooltip=_("Ngừng hoặc khôi phục hoạt động của mục đã chọn"))
        self.up_action = make_action(self, _("Lên"), "up", lambda: self.move_selected(-1),
                                     "Alt+Up")
        self.down_action = make_action(self, _("Xuống"), "down", lambda: self.move_selected(1),
                                       "Alt+Down")
        self.refresh_action = make_action(self, _("Làm mới"), "refresh", self.refresh,
                                          tooltip=_("Tải lại danh sách (F5)"))
        toolbar = make_toolbar(self, [self.add_action, self.save_action, self.toggle_action, None,
                                      self.up_action, self.down_action, None, self.refresh_action])
        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addWidget(self.tabs, 1)

    # --- forms --------------------------------------------------------------------------------

    def _build_org_form(self) -> tuple[QWidget, FieldErrors]:
        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        errors = FieldErrors()
        self.org_name = QLineEdit(form_widget)
        self.org_short = QLineEdit(form_widget)
        self.org_abbr = QLineEdit(form_widget)
        self.org_kind = QComboBox(form_widget)
        for value, text in choices(OrganizationKind):
            self.org_kind.addItem(text, value)
        self.org_parent = QComboBox(form_widget)
        self.org_active = QCheckBox(_("Đang hoạt động"), form_widget)
        self.org_heading = QLabel(form_widget)
        self.org_heading.setObjectName("formHeading")
        form.addRow(self.org_heading)
        errors.add_row(form, _("Tên đầ&y đủ"), "name", self.org_name)
        errors.add_row(form, _("Tên &ngắn"), "short_name", self.org_short)
        errors.add_row(form, _("&Viết tắt"), "abbreviation", self.org_abbr)
        errors.add_row(form, _("&Loại"), "kind", self.org_kind)
        errors.add_row(form, _("Cơ quan &cấp trên"), "parent_id", self.org_parent)
        form.addRow("", self.org_active)
        save = QPushButton(_("Lưu"), form_widget)
        save.clicked.connect(self.save)
        form.addRow("", save)
        for editor in (self.org_name, self.org_short, self.org_abbr):
            editor.textEdited.connect(self._mark_dirty)
        self.org_kind.activated.connect(self._mark_dirty)
        self.org_parent.activated.connect(self._mark_dirty)
        self.org_active.clicked.connect(self._mark_dirty)
        tab_order(self.org_name, self.org_short, self.org_abbr, self.org_kind, self.org_parent,
                  self.org_active, save)
        return form_widget, errors

    def _build_person_form(self) -> tuple[QWidget, FieldErrors]:
        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        errors = FieldErrors()
        self.person_name = QLineEdit(form_widget)
        self.person_title = QLineEdit(form_widget)
        self.person_org = QComboBox(form_widget)
        self.person_active = QCheckBox(_("Đang công tác"), form_widget)
        self.person_heading = QLabel(form_widget)
        form.addRow(self.person_heading)
        errors.add_row(form, _("&Họ và tên"), "full_name", self.person_name)
        errors.add_row(form, _("&Chức vụ"), "title", self.person_title)
        errors.add_row(form, _("Cơ &quan, đơn vị"), "organization_id", self.person_org)
        form.addRow("", self.person_active)
        save = QPushButton(_("Lưu"), form_widget)
        save.clicked.connect(self.save)
        form.addRow("", save)
        for editor in (self.person_name, self.person_title):
            editor.textEdited.connect(self._mark_dirty)
        self.person_org.activated.connect(self._mark_dirty)
        self.person_active.clicked.connect(self._mark_dirty)
        tab_order(self.person_name, self.person_title, self.person_org, self.person_active, save)
        return form_widget, errors

    def _mark_dirty(self, *_args: object) -> None:
        self._dirty = True

    def _fill_org_combo(self, combo: QComboBox, none_label: str, exclude: int | None = None) -> None:
        combo.clear()
        combo.addItem(none_label, None)
        for org in self.orgs.model.rows():
            if org.id != exclude and (org.active or org.id == combo.property("keep")):
                combo.addItem(org.name, org.id)

    def _load_org_form(self, org: Organization | None = None, new: bool = False) -> None:
        org = None if new else (org or self.orgs.selected())
        self._editing_org = org.id if org else None
        self._org_opened = conflicts.snapshot(org) if org else None  # its save's ``opened``
        self.org_errors.clear()
        self.org_heading.setText(_("Thêm cơ quan, đơn vị") if org is None else _("Sửa cơ quan, đơn vị"))
        self.org_parent.setProperty("keep", org.parent_id if org else None)
        self._fill_org_combo(self.org_parent, _("(Không có)"), exclude=org.id if org else None)
        self.org_name.setText(org.name if org else "")
        self.org_short.setText(org.short_name if org else "")
        self.org_abbr.setText(org.abbreviation if org else "")
        self.org_kind.setCurrentIndex(max(0, self.org_kind.findData(org.kind if org else OrganizationKind.OTHER.value)))
        self.org_parent.setCurrentIndex(max(0, self.org_parent.findData(org.parent_id if org else None)))
        self.org_active.setChecked(org.active if org else True)
        self._dirty = False
        self._update_actions()

    def _load_person_form(self, person: PersonRow | None = None, new: bool = False) -> None:
        person = None if new else (person or self.people.selected())
        self._editing_person = person.id if person else None
        self._person_opened = person.opened() if person else None  # its save's ``opened``
        self.person_errors.clear()
        self.person_heading.setText(_("Thêm cán bộ") if person is None else _("Sửa thông tin cán bộ"))
        self.person_org.setProperty("keep", person.organization_id if person else None)
        self._fill_org_combo(self.person_org, _("(Chưa chọn)"))
        self.person_name.setText(person.full_name if person else "")
        self.person_title.setText(person.title if person else "")
        self.person_org.setCurrentIndex(max(0, self.person_org.findData(person.organization_id if person else None)))
        self.person_active.setChecked(person.active if person else True)
        self._dirty = False
        self._update_actions()

    # --- page interface -----------------------------------------------------------------------

    def activated(self) -> None:
        if not self._loaded or (self._left and not self._dirty):  # changed on other pages
            self.refresh()
        self._left = False

    _left = False

    def deactivated(self) -> None:
        self._left = True

    def refresh(self) -> None:
        self.orgs.model.set_rows(directory.list_organizations(self.ctx))
        self.people.model.set_rows(directory.list_people(self.ctx))
        self.orgs.apply_filter()
        self.people.apply_filter()
        self._loaded = True
        self.orgs.select_id(self._editing_org)
        self.people.select_id(self._editing_person)
        self._load_org_form()
        self._load_person_form()

    def _on_people_tab(self) -> bool:
        return self.tabs.currentWidget() is self.people

    def new_item(self) -> None:
        if self._on_people_tab():
            self.people.view.clearSelection()
            self._load_person_form(new=True)
            self.person_name.setFocus()
        else:
            self.orgs.view.clearSelection()
            self._load_org_form(new=True)
            self.org_name.setFocus()

    def focus_search(self) -> None:
        tab = self.people if self._on_people_tab() else self.orgs
        tab.filters.search.setFocus()
        tab.filters.search.selectAll()

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def discard_changes(self) -> None:
        self._dirty = False

    def save(self) -> bool:
        result: OpResult[Person] | OpResult[Organization] | None
        if self._on_people_tab():
            values: dict[str, Any] = {
                "full_name": self.person_name.text(),
                "title": self.person_title.text(),
                "organization_id": self.person_org.currentData(),
                "active": self.person_active.isChecked(),
            }
            what = KINDS["person"].named_title(values["full_name"])
            if self._editing_person is None:
                result = perform(self, self.ctx, _("Thêm {record}").format(record=what),
                                 directory.create_person, errors=self.person_errors, **values)
                if result is not None:
                    self._editing_person = result.value.id
            else:  # others' changes since it was opened merge; where both changed, ask
                result = save_resolving(self, self.ctx, _("Sửa {record}").format(record=what),
                                        directory.update_person, self._editing_person,
                                        opened=self._person_opened, values=values,
                                        errors=self.person_errors)
        else:
            values = {
                "name": self.org_name.text(),
                "short_name": self.org_short.text(),
                "abbreviation": self.org_abbr.text(),
                "kind": self.org_kind.currentData(),
                "parent_id": self.org_parent.currentData(),
                "active": self.org_active.isChecked(),
            }
            what = KINDS["organization"].named_title(values["name"])
            if self._editing_org is None:
                result = perform(self, self.ctx, _("Thêm {record}").format(record=what),
                                 directory.create_organization, errors=self.org_errors, **values)
                if result is not None:
                    self._editing_org = result.value.id
            else:  # others' changes since it was opened merge; where both changed, ask
                result = save_resolving(self, self.ctx, _("Sửa {record}").format(record=what),
                                        directory.update_organization, self._editing_org,
                                        opened=self._org_opened, values=values,
                                        errors=self.org_errors)
        if result is None:
            return False
        self._dirty = False
        self.refresh()
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(_("Đã lưu."), 3000)
        return True

    def toggle_active(self) -> None:
        if self._on_people_tab():
            person = self.people.selected()
            if person is not None:
                what = KINDS["person"].named_title(person.full_name)
                perform(self, self.ctx, (_("Ngừng hoạt động {record}") if person.active else
                                         _("Khôi phục hoạt động {record}")).format(record=what),
                        directory.update_person, person.id, active=not person.active)
        else:
            org = self.orgs.selected()
            if org is not None and org.id is not None:
                what = KINDS["organization"].named(org)
                perform(self, self.ctx, (_("Ngừng hoạt động {record}") if org.active else
                                         _("Khôi phục hoạt động {record}")).format(record=what),
                        directory.update_organization, org.id, active=not org.active)
        self.refresh()

    def delete_selected(self) -> None:
        """Delete: bodies and people are never erased, only stopped — asked once, and never the
        other way round (Delete on a stopped row does not bring it back)."""
        row = self.people.selected() if self._on_people_tab() else self.orgs.selected()
        if row is None or not row.active:
            return
        name = getattr(row, "full_name", None) or row.name
        if not ask.confirm(
                self, _("Ngừng hoạt động"),
                _("Ngừng hoạt động “{name}”? Các biên bản, nhiệm vụ cũ vẫn giữ nguyên.").format(
                    name=name),
                _("Ngừng hoạt động"),
                informative=_("Có thể bật lại bằng nút “Khôi phục hoạt động” trên thanh công cụ.")):
            return
        self.toggle_active()

    def move_selected(self, offset: int) -> None:
        org = self.orgs.selected()
        if self._on_people_tab() or org is None or org.id is None:
            return
        text = _("Chuyển lên {record}") if offset < 0 else _("Chuyển xuống {record}")
        perform(self, self.ctx, text.format(record=KINDS["organization"].named(org)),
                directory.move_organization, org.id, offset)
        self.refresh()

    def _update_actions(self) -> None:
        people = self._on_people_tab()
        self.up_action.setEnabled(not people)
        self.down_action.setEnabled(not people)
        row = self.people.selected() if people else self.orgs.selected()
        self.toggle_action.setEnabled(row is not None)
        if row is not None:
            self.toggle_action.setText(_("Ngừng hoạt động") if row.active else _("Khôi phục hoạt động"))
        self.toggle_action.setToolTip(self.toggle_action.text())


__all__ = ["DirectoryPage", "ListTab", "OrganizationModel", "PersonModel"]

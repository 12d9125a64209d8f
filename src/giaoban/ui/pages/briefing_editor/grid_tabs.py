"""The four grid tabs of the editor: attendance, reports, aspirations and conclusions.

Each is a :class:`GridTab` — buttons to add, remove and move rows (with shortcuts), the grid, and
a line of counts — configured with its columns and how a new row starts (the aspirations grid
carries the reporting body over from the row above).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from giaoban.core.enums import AspirationField, AspirationKind, AttendanceRole
from giaoban.core.labels import choices
from giaoban.core.services.briefing_draft import (
    AspirationDraft,
    AttendanceDraft,
    ConclusionDraft,
    ReportDraft,
)
from giaoban.i18n import _, format_number
from giaoban.ui.pages.briefing_editor.grid import DraftRowsModel, GridColumn, GridView
from giaoban.ui.widgets.page import make_action


def _enum_choices(enum: Any) -> Callable[[], list[tuple[str, Any]]]:
    return lambda: [(label, value) for value, label in choices(enum)]


class GridTab(QWidget):
    """A grid with its row actions; ``factory(rows)`` makes the row added at the end."""

    def __init__(self, model: DraftRowsModel, name: str, factory: Callable[[list[Any]], Any],
                 *, movable: bool = True, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.factory = model, factory
        self.view = GridView(name, self)
        self.view.setModel(model)
        self.view.append_row = self.append
        self.add_action = make_action(self, _("Thêm dòng"), "add", self.append, "Ctrl+Ins",
                                      _("Thêm một dòng vào cuối"))
        self.remove_action = make_action(self, _("Xóa dòng"), "delete", self.remove_current,
                                         "Ctrl+Del", _("Xóa dòng đang chọn"))
        self.up_action = make_action(self, _("Lên"), "up", lambda: self.move_current(-1),
                                     "Alt+Up")
        self.down_action = make_action(self, _("Xuống"), "down", lambda: self.move_current(1),
                                       "Alt+Down")
        actions = [self.add_action, self.remove_action]
        if movable:
            actions += [self.up_action, self.down_action]
        buttons = QHBoxLayout()
        for action in actions:
            self.addAction(action)
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.info = QLabel(self)
        buttons.addWidget(self.info)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        if hint:
            tip = QLabel(hint, self)
            tip.setWordWrap(True)
            tip.setObjectName("hint")
            layout.addWidget(tip)
        self.setFocusProxy(self.view)

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        for action in (self.add_action, self.remove_action, self.up_action, self.down_action):
            action.setEnabled(not read_only)

    def append(self) -> bool:
        if self.model.read_only:
            return False
        row = self.model.rowCount()
        self.model.add_row(row, self.factory(self.model.rows()))
        self.select(row, self._first_editable())
        return True

    def _first_editable(self) -> int:
        return next((i for i, c in enumerate(self.model.columns) if c.kind != "number"), 0)

    def select(self, row: int, column: int | None = None) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        current = self.view.currentIndex()
        col = column if column is not None else max(0, current.column())
        self.view.selectionModel().setCurrentIndex(
            self.model.index(row, col), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def remove_current(self) -> None:
        row = self.view.currentIndex().row()
        if row >= 0 and not self.model.read_only:
            self.model.remove_row(row)
            self.select(min(row, self.model.rowCount() - 1))

    def move_current(self, offset: int) -> None:
        current = self.view.currentIndex()
        if current.isValid() and not self.model.read_only and \
                self.model.move_row(current.row(), offset):
            self.select(current.row() + offset, current.column())

    def update_info(self) -> None:
        self.info.setText(_("{n} dòng").format(n=format_number(self.model.rowCount())))


class AttendanceTab(GridTab):
    """Who attends: a person (or a body), role, present or absent with the reason."""

    def update_info(self) -> None:
        rows = self.model.rows()
        present = sum(1 for r in rows if r.present)
        self.info.setText(_("Tổng số {n}: có mặt {p}, vắng mặt {a}").format(
            n=format_number(len(rows)), p=format_number(present),
            a=format_number(len(rows) - present)))


def attendance_tab(push: Any, changed: Any, rows: Any, people: Any, orgs: Any) -> AttendanceTab:
    columns = (
        GridColumn("person_id", lambda: _("Cán bộ"), "combo", people, 44),
        GridColumn("organization_id", lambda: _("Hoặc cơ quan, đơn vị"), "combo", orgs, 20),
        GridColumn("role", lambda: _("Vai trò"), "combo", _enum_choices(AttendanceRole), 11,
                   required=True),
        GridColumn("present", lambda: _("Có mặt"), "check", width=10),
        GridColumn("absence_reason", lambda: _("Lý do vắng"), "text"),
    )
    model = DraftRowsModel(columns, rows, push, changed, 1, _("người tham dự"))
    return AttendanceTab(
        model, _("Thành phần tham dự"), lambda _rows: AttendanceDraft(),
        hint=_("Enter: sang ô tiếp theo · Dấu cách: đánh dấu có mặt / vắng · Người vắng mặt cần "
               "ghi lý do · Alt+↑/↓: đổi thứ tự"))


def reports_tab(push: Any, changed: Any, rows: Any, orgs: Any) -> GridTab:
    columns = (
        GridColumn("position", lambda: _("TT"), "number", width=3),
        GridColumn("organization_id", lambda: _("Cơ quan báo cáo"), "combo", orgs, 26),
        GridColumn("presenter", lambda: _("Người trình bày"), "text", width=18),
        GridColumn("title", lambda: _("Tiêu đề báo cáo"), "text", width=40),
        GridColumn("summary", lambda: _("Tóm tắt nội dung"), "text"),
    )
    model = DraftRowsModel(columns, rows, push, changed, 2, _("báo cáo"))
    return GridTab(model, _("Báo cáo"), lambda _rows: ReportDraft(),
                   hint=_("Mỗi cơ quan một báo cáo, theo thứ tự trình bày (Alt+↑/↓ để đổi thứ tự)."))


class AspirationsTab(GridTab):
    def update_info(self) -> None:
        self.info.setText(_("{n} tâm tư – kiến nghị").format(
            n=format_number(self.model.rowCount())))


def aspirations_tab(push: Any, changed: Any, rows: Any, orgs: Any) -> AspirationsTab:
    columns = (
        GridColumn("organization_id", lambda: _("Cơ quan phản ánh"), "combo", orgs, 22),
        GridColumn("kind", lambda: _("Loại"), "combo", _enum_choices(AspirationKind), 11,
                   required=True),
        GridColumn("field", lambda: _("Lĩnh vực"), "combo", _enum_choices(AspirationField), 22,
                   required=True),
        GridColumn("locality", lambda: _("Địa bàn"), "text", width=14),
        GridColumn("people_concerned", lambda: _("Đối tượng"), "text", width=14),
        GridColumn("content", lambda: _("Nội dung"), "text"),
    )
    model = DraftRowsModel(columns, rows, push, changed, 3, _("tâm tư – kiến nghị"))

    def new_row(existing: list[AspirationDraft]) -> AspirationDraft:
        """The reporting body carries over from the row above (bodies report in turn)."""
        above = existing[-1] if existing else None
        return AspirationDraft(organization_id=above.organization_id if above else None,
                               kind=above.kind if above else AspirationKind.PETITION.value)

    return AspirationsTab(
        model, _("Tâm tư – kiến nghị"), new_row, movable=True,
        hint=_("Gõ để sửa ô, Enter để sang ô tiếp theo; hết dòng cuối sẽ thêm dòng mới, cơ quan "
               "phản ánh lấy theo dòng trên."))


class ConclusionsTab(GridTab):
    def update_info(self) -> None:
        self.info.setText(_("{n} kết luận").format(n=format_number(self.model.rowCount())))


def conclusions_tab(push: Any, changed: Any, rows: Any) -> ConclusionsTab:
    columns = (
        GridColumn("position", lambda: _("Số"), "number", width=4),
        GridColumn("text", lambda: _("Nội dung kết luận"), "text"),
    )
    model = DraftRowsModel(columns, rows, push, changed, 4, _("kết luận"))
    return ConclusionsTab(model, _("Kết luận"), lambda _rows: ConclusionDraft(),
                          hint=_("Kết luận được đánh số tự động theo thứ tự; Alt+↑/↓ để đổi thứ tự."))


GRID_NAMES = ("attendance", "reports", "aspirations", "conclusions")  # the editor's grids, in order


def typed_problems(general: Any, grids: list[GridTab]) -> dict[str, str]:
    """What was typed but is not a value — a wrong date or time, a name in no list — keyed as
    the save's errors are ("held_on", "attendance[2].person_id"): the editor refuses to save
    while there is any, so nothing typed is dropped or stored as something else."""
    problems: dict[str, str] = dict(general.input_problems())
    for name, grid in zip(GRID_NAMES, grids, strict=False):
        for (row, key), message in grid.model.input_problems().items():
            problems[f"{name}[{row}].{key}"] = message
    return problems

"""Conflicting edits: the fields two people changed at once, and the user's choice per field.

When a save meets a record someone else changed since the form opened it, and both changed the
same field, the update service raises ``RecordConflict`` and writes nothing. This dialog shows,
for each such field, the value the user opened, the value now stored (and who stored it, when)
and the user's own, and lets them keep theirs or take the stored one. "Giữ của tôi" is the
default: the stored value it replaces stays in the record's history, while a value the user
typed and did not keep would exist nowhere — so the default loses nothing. "Hủy" saves nothing
and the form keeps what the user typed.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from giaoban.core import conflicts
from giaoban.core.conflicts import FieldConflict, RecordConflict
from giaoban.core.context import AppContext
from giaoban.core.kinds import KINDS
from giaoban.core.labels import label_of
from giaoban.core.operations import OpResult
from giaoban.core.services import directory
from giaoban.i18n import _, format_date
from giaoban.ui.operations import perform
from giaoban.ui.widgets.history_panel import ENUM_FIELDS

T = TypeVar("T")

# fields naming a body of the directory (one id, or a list of ids)
BODY_FIELDS = frozenset({"organization_id", "responding_unit_id", "lead_unit_id", "parent_id",
                         "supporting_unit_ids"})
SHOWN_CHARS = 140  # a longer value is cut in its cell; its whole text is on the tooltip
RECORD_CHARS = 60
# the value that will be saved is outlined; every cell keeps the same border so rows line up
CHOSEN = "background: #e6f0e6; border: 1px solid #4a7d4a; border-radius: 3px;"
PLAIN = "border: 1px solid transparent;"


def display_value(kind: str, field: str, value: Any,
                  names: Mapping[int, str] | None = None) -> str:
    """``value`` of ``field`` as the form shows it: dates dd/mm/yyyy, choices by their label,
    bodies by their name, yes/no in words; an empty value as "(trống)"."""
    if value is None or value == "" or value == [] or value == ():
        return _("(trống)")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%H:%M %d/%m/%Y")
    if isinstance(value, dt.date):
        return format_date(value)
    enum = ENUM_FIELDS.get((kind, field)) or ENUM_FIELDS.get((None, field))
    if enum is not None:
        return label_of(enum, str(value))
    if field in BODY_FIELDS:
        ids = value if isinstance(value, list | tuple | set | frozenset) else [value]
        return "; ".join((names or {}).get(i, str(i)) if isinstance(i, int) else str(i)
                         for i in ids)
    return str(value)


def stored_line(conflict: RecordConflict, record: str | None = None) -> str:
    """"«…» đã được NN lưu lúc HH:MM ngày dd/mm/yyyy sau khi anh/chị mở ra." (local time)."""
    if record is None:
        record = KINDS[conflict.kind].title(SimpleNamespace(**conflict.stored)) \
            if conflict.kind in KINDS else ""
    record = " ".join(record.split())
    if len(record) > RECORD_CHARS:
        record = (record[:RECORD_CHARS].rsplit(" ", 1)[0] or record[:RECORD_CHARS]) + "…"
    user = conflict.stored_by or _("người khác")
    if conflict.stored_at is None:
        return _("«{record}» đã được {user} lưu sau khi anh/chị mở ra.").format(
            record=record, user=user)
    return _("«{record}» đã được {user} lưu lúc {time} sau khi anh/chị mở ra.").format(
        record=record, user=user,
        time=conflicts.local_time(conflict.stored_at).replace(" ", "\u00a0"))  # one line


def _cut(text: str, chars: int = SHOWN_CHARS) -> str:
    text = text.strip()
    if len(text) <= chars:
        return text
    return (text[:chars].rsplit(" ", 1)[0] or text[:chars]) + "…"


def _tooltip(text: str) -> str:
    """The whole value, wrapped (rich text wraps; a plain tooltip would be one long line)."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


@dataclass
class FieldRow:
    """The widgets of one conflicting field: its three values and the two choices."""

    conflict: FieldConflict
    opened: QLabel
    stored: QLabel
    mine: QLabel
    keep_mine: QRadioButton
    take_stored: QRadioButton


class ConflictDialog(QDialog):
    """One row per field both people changed; "Lưu theo lựa chọn" (Ctrl+Enter) or "Hủy" (Esc).

    Tab and Up/Down move between the rows, Left/Right or Space change a row's choice.
    """

    def __init__(self, conflict: RecordConflict, parent: QWidget | None = None, *,
                 names: Mapping[int, str] | None = None, record: str | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setWindowTitle(_("Có người khác vừa sửa bản ghi này"))
        user = conflict.stored_by or _("người khác")
        self.heading = QLabel(stored_line(conflict, record), self)
        self.heading.setWordWrap(True)
        self.heading.setObjectName("formHeading")
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.note = QLabel(_(
            "Cả hai cùng sửa các trường dưới đây. Chọn giữ giá trị nào cho từng trường; các thay "
            "đổi khác của anh/chị được lưu cùng. Giá trị đang lưu bị thay vẫn xem lại được trong "
            "thẻ Lịch sử."), self)
        self.note.setWordWrap(True)
        grid_holder = QWidget(self)
        grid = QGridLayout(grid_holder)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        headers = (_("Trường"), _("Khi anh/chị mở"), _("Đang lưu ({user})").format(user=user),
                   _("Của anh/chị"), _("Chọn"))
        for column, text in enumerate(headers):
            header = QLabel(f"<b>{html.escape(text)}</b>", grid_holder)
            header.setWordWrap(True)
            grid.addWidget(header, 0, column, Qt.AlignmentFlag.AlignTop)
        self.rows: dict[str, FieldRow] = {}
        previous: QWidget | None = None
        for number, field in enumerate(conflict.fields, start=1):
            row = self._add_row(grid, number * 2, field, names)
            for widget in (row.keep_mine, row.take_stored):
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
            self.rows[field.field] = row
        for column, stretch in enumerate((0, 2, 2, 2, 0)):
            grid.setColumnStretch(column, stretch)
        grid.setRowStretch(len(conflict.fields) * 2 + 2, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_holder)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_("Lưu theo lựa chọn"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setToolTip(_("Lưu theo lựa chọn ở từng trường (Ctrl+Enter)"))
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setToolTip(_("Không lưu gì; biểu mẫu giữ nguyên những gì anh/chị đã "
                                        "nhập (Esc)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.accept)
        if previous is not None:
            QWidget.setTabOrder(previous, self.save_button)
            QWidget.setTabOrder(self.save_button, self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self._fit(layout, grid_holder, buttons)
        first = next(iter(self.rows.values()), None)
        if first is not None:
            first.keep_mine.setFocus()

    def _add_row(self, grid: QGridLayout, at: int, field: FieldConflict,
                 names: Mapping[int, str] | None) -> FieldRow:
        holder = grid.parentWidget()
        line = QFrame(holder)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        grid.addWidget(line, at - 1, 0, 1, 5)
        name = QLabel(f"<b>{html.escape(field.label)}</b>", holder)
        grid.addWidget(name, at, 0, Qt.AlignmentFlag.AlignTop)
        cells = []
        for column, value in enumerate((field.opened, field.stored, field.mine), start=1):
            text = display_value(self.conflict.kind, field.field, value, names)
            cell = QLabel(_cut(text), holder)
            cell.setWordWrap(True)
            cell.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            cell.setTextFormat(Qt.TextFormat.PlainText)
            cell.setToolTip(_tooltip(text))
            cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            cell.setMinimumWidth(self.fontMetrics().averageCharWidth() * 14)
            cell.setContentsMargins(4, 2, 4, 2)
            cell.setStyleSheet(PLAIN)
            grid.addWidget(cell, at, column, Qt.AlignmentFlag.AlignTop)
            cells.append(cell)
        choice = QWidget(holder)
        box = QVBoxLayout(choice)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        keep = QRadioButton(_("Giữ của tôi"), choice)
        take = QRadioButton(_("Lấy bản đang lưu"), choice)
        for button in (keep, take):
            button.setAccessibleDescription(field.label)
            button.installEventFilter(self)
            box.addWidget(button)
        group = QButtonGroup(choice)
        group.addButton(keep)
        group.addButton(take)
        keep.setChecked(True)
        grid.addWidget(choice, at, 4, Qt.AlignmentFlag.AlignTop)
        row = FieldRow(field, cells[0], cells[1], cells[2], keep, take)
        keep.toggled.connect(lambda _on, row=row: self._mark(row))
        self._mark(row)
        return row

    def _mark(self, row: FieldRow) -> None:
        """Outline the value that will be saved; the other stays as it is, still readable."""
        chosen, other = (row.mine, row.stored) if row.keep_mine.isChecked() else \
            (row.stored, row.mine)
        chosen.setStyleSheet(CHOSEN)
        other.setStyleSheet(PLAIN)

    def _fit(self, layout: QVBoxLayout, rows: QWidget, buttons: QWidget) -> None:
        """As wide and tall as the values need, within the screen (1024×600 included): the
        rows scroll only when they cannot all be shown."""
        parent = self.parentWidget()
        screen = (parent.screen() if parent is not None else None) or \
            QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width = self.fontMetrics().averageCharWidth() * 135
        if area is not None:
            width = min(width, area.width() - 40)
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        spacing = max(layout.spacing(), 0)
        height = (margins.top() + margins.bottom() + 3 * spacing + 8
                  + self.heading.heightForWidth(inner) + self.note.heightForWidth(inner)
                  + rows.heightForWidth(inner) + buttons.sizeHint().height())
        if area is not None:
            height = min(height, area.height() - 60)
        self.resize(width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down: the previous/next row; Left/Right: keep mine/take stored; Space: switch."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.modifiers() == Qt.KeyboardModifier.NoModifier:
            rows = list(self.rows.values())
            row = next((r for r in rows if watched in (r.keep_mine, r.take_stored)), None)
            if row is not None:
                key = event.key()
                if key == Qt.Key.Key_Space:
                    self._choose(row, not row.keep_mine.isChecked())
                    return True
                if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                    self._choose(row, key == Qt.Key.Key_Left)
                    return True
                if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                    step = -1 if key == Qt.Key.Key_Up else 1
                    index = rows.index(row) + step
                    if 0 <= index < len(rows):
                        target = rows[index]
                        (target.keep_mine if target.keep_mine.isChecked()
                         else target.take_stored).setFocus(Qt.FocusReason.TabFocusReason)
                    return True
        return super().eventFilter(watched, event)

    def _choose(self, row: FieldRow, keep_mine: bool) -> None:
        button = row.keep_mine if keep_mine else row.take_stored
        button.setChecked(True)
        button.setFocus()

    def keep_mine(self) -> set[str]:
        """The fields whose value is the user's own (the rest take the stored value)."""
        return {name for name, row in self.rows.items() if row.keep_mine.isChecked()}


def run_dialog(dialog: ConflictDialog) -> bool:
    """Wait for the user's choice (the one modal wait here: tests replace this function)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_resolution(parent: QWidget | None, ctx: AppContext,
                   conflict: RecordConflict) -> set[str] | None:
    """The fields to keep as the user's own, or None when they cancelled (nothing is saved)."""
    names: dict[int, str] = {}
    if any(field.field in BODY_FIELDS for field in conflict.fields):  # bodies by their names
        names = {int(org.id): org.name for org in directory.list_organizations(ctx)
                 if org.id is not None}
    dialog = ConflictDialog(conflict, parent, names=names)
    try:
        return dialog.keep_mine() if run_dialog(dialog) else None
    finally:
        dialog.deleteLater()


def save_resolving(widget: QWidget, ctx: AppContext, text: str, service: Callable[..., T],
                   record_id: int, *, opened: dict[str, Any] | None, values: dict[str, Any],
                   errors: Any = None) -> OpResult[T] | None:
    """Save ``values`` over the record as it was ``opened``, through ``perform`` (undoable).

    Someone else's changes to other fields are merged by the service without asking; when both
    changed a field, the dialog asks, and the save is tried again with the user's choices (a
    second conflict asks again, with the values stored by then). None when it failed or the
    user cancelled: then nothing is stored and the form keeps what was typed.
    """
    while True:
        try:
            return perform(widget, ctx, text, service, record_id, errors=errors,
                           reraise=(RecordConflict,), opened=opened, **values)
        except RecordConflict as conflict:
            keep = ask_resolution(widget, ctx, conflict)
            if keep is None:
                return None
            opened, values = conflicts.resolve(conflict, keep)

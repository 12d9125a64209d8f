"""The list of attached files: name, size, added on/by, and what is known of its content.

Rows are the service's ``AttachmentInfo`` records (core.services.attachments). The name column is
editable: F2 or a double click on it opens the name in place, and the typed name goes to the
panel (``rename_requested``), which renames through an undoable operation — the model itself
never writes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from giaoban.core.services.attachments import size_text
from giaoban.i18n import _
from giaoban.ui.models.base import Column, RowTableModel
from giaoban.ui.widgets.dates import format_moment

Index = QModelIndex | QPersistentModelIndex
def state_text(row: Any) -> str:
    """What the list says of a file's content: signed minutes, being read, or why not found."""
    parts = []
    if getattr(row, "signed_minutes", False):
        parts.append(_("Biên bản đã ký"))
    state = getattr(row, "index_state", "")
    if state == "pending":
        parts.append(_("Đang đọc nội dung…"))
    elif state == "not_indexed":
        reason = getattr(row, "not_indexed_reason", "") or _("không đọc được chữ trong tệp")
        parts.append(_("Chưa tìm được trong nội dung: {reason}").format(reason=reason))
    elif getattr(row, "not_indexed_reason", ""):  # found by part of its words only
        parts.append(row.not_indexed_reason)
    return " – ".join(parts)


def added_text(row: Any) -> str:
    """When and by whom, short: '30/11/2026 · hoa.nt' (the time is in the tooltip)."""
    day = format_moment(row.created_at)[:10]
    return f"{day} · {row.created_by}" if row.created_by else day


def added_tooltip(row: Any) -> str:
    return _("Thêm lúc {moment} bởi {user}").format(moment=format_moment(row.created_at),
                                                   user=row.created_by or "?")


def _state_colour(row: Any) -> QColor | None:
    if getattr(row, "index_state", "") == "not_indexed":
        return QColor("#8a5300")  # amber; the words say it, the colour only helps
    return None


def owner_label_of(labels: dict[tuple[str, int], str], row: Any) -> str:
    return labels.get((row.owner_kind, row.owner_id), "")


class AttachmentModel(RowTableModel[Any]):
    """Attached files of one or more owners (a briefing and its reports share one list)."""

    NAME, SIZE, OWNER, ADDED, STATE = range(5)
    rename_requested = Signal(int, str)  # attachment id, the name typed

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.owner_labels: dict[tuple[str, int], str] = {}
        labels = self.owner_labels
        self.COLUMNS = (
            Column(lambda: _("Tên tệp"), lambda r: r.name,
                   tooltip=lambda r: r.name),
            Column(lambda: _("Cỡ"), lambda r: size_text(r.size),
                   align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            Column(lambda: _("Thuộc"), lambda r: owner_label_of(labels, r),
                   tooltip=lambda r: owner_label_of(labels, r)),
            Column(lambda: _("Ngày thêm"), added_text, tooltip=added_tooltip),
            Column(lambda: _("Nội dung"), state_text, tooltip=state_text,
                   foreground=_state_colour),
        )

    def id_at(self, row: int) -> int:
        return int(self.row_at(row).id)

    def row_of(self, attachment_id: int) -> int:
        """The row showing an attachment, or -1."""
        for number, row in enumerate(self._rows):
            if row.id == attachment_id:
                return number
        return -1

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid() and index.column() == self.NAME:
            return self.row_at(index.row()).name
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A name typed in place: handed to the panel, which renames (the list then reloads)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.NAME:
            return False
        row = self.row_at(index.row())
        if str(value) == row.name:
            return False
        self.rename_requested.emit(int(row.id), str(value))
        return True

    def any_pending(self) -> bool:
        return any(getattr(r, "index_state", "") == "pending" for r in self._rows)

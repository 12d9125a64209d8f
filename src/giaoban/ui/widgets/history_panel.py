"""The History panel of a briefing, aspiration or task: who changed what, when."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from giaoban.core.services.history import HistoryRow, record_history
from giaoban.i18n import _
from giaoban.ui.models.base import Column, RowTableModel
from giaoban.ui.widgets.page import make_table

ACTIONS = {
    "create": "Tạo mới", "update": "Sửa", "delete": "Chuyển vào thùng rác",
    "restore": "Khôi phục", "finalize": "Chốt", "reopen": "Mở lại", "import": "Nhập",
    "purge": "Xóa hẳn",
}


def action_label(action: str) -> str:
    return _(ACTIONS.get(action, action))


def describe_changes(row: HistoryRow) -> str:
    """'trạng thái: a → b; hạn: …' — the fields that changed, or the note."""
    parts = []
    for field, values in row.changes.items():
        if isinstance(values, list) and len(values) == 2:
            old, new = values
            parts.append(f"{field}: {'' if old is None else old} → {'' if new is None else new}")
    text = "; ".join(parts)
    return f"{row.note} — {text}" if row.note and text else row.note or text


class HistoryModel(RowTableModel[HistoryRow]):
    WHEN, USER, ACTION, CHANGES = range(4)
    COLUMNS = (
        Column(lambda: _("Thời điểm"), lambda r: r.at.astimezone().strftime("%d/%m/%Y %H:%M"),
               sort=lambda r: r.at.isoformat(), width=16),
        Column(lambda: _("Người thực hiện"), lambda r: r.user, width=14),
        Column(lambda: _("Thao tác"), lambda r: action_label(r.action), width=14),
        Column(lambda: _("Nội dung thay đổi"), describe_changes),
    )


class HistoryPanel(QWidget):
    """Embed in a detail view; call ``show_record(entity, id)`` when the selection changes."""

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = HistoryModel(self)
        self.view = make_table(self, _("Lịch sử thay đổi"))
        self.view.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_record(self, entity: str, entity_id: int | None) -> None:
        self.model.set_rows(record_history(self.ctx, entity, entity_id) if entity_id else [])

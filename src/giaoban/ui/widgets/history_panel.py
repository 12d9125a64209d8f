"""The History panel of a briefing, aspiration or task: who changed what, when."""

from __future__ import annotations

import re
from enum import StrEnum

from PySide6.QtWidgets import QVBoxLayout, QWidget

from giaoban.core.context import AppContext
from giaoban.core.enums import (
    AspirationField,
    AspirationKind,
    AspirationStatus,
    AttendanceRole,
    BriefingKind,
    BriefingStatus,
    OrganizationKind,
    TaskPriority,
    TaskStatus,
)
from giaoban.core.kinds import KINDS
from giaoban.core.labels import label_of
from giaoban.core.services.history import HistoryRow, history_of
from giaoban.i18n import N_, _
from giaoban.ui.models.base import Column, RowTableModel
from giaoban.ui.widgets.dates import format_moment
from giaoban.ui.widgets.page import make_table

ACTIONS = {
    "create": N_("Tạo mới"), "update": N_("Sửa"), "delete": N_("Chuyển vào thùng rác"),
    "restore": N_("Khôi phục"), "finalize": N_("Chốt"), "reopen": N_("Mở lại"), "import": N_("Nhập"),
    "purge": N_("Xóa hẳn"), "backup": N_("Sao lưu"),
}


def action_label(action: str) -> str:
    return _(ACTIONS.get(action, action))


FIELD_LABELS: dict[str, str] = {
    "name": N_("Tên"), "short_name": N_("Tên ngắn"), "abbreviation": N_("Viết tắt"), "kind": N_("Loại"),
    "parent_id": N_("Cơ quan cấp trên"), "active": N_("Hoạt động"), "sort_order": N_("Thứ tự"),
    "full_name": N_("Họ và tên"), "organization_id": N_("Cơ quan, đơn vị"), "year": N_("Năm"),
    "quarter": N_("Quý"), "held_on": N_("Ngày họp"), "start_time": N_("Giờ bắt đầu"), "end_time": N_("Giờ kết thúc"),
    "place": N_("Địa điểm"), "chair_id": N_("Chủ trì"), "secretary_id": N_("Thư ký"), "status": N_("Trạng thái"),
    "document_number": N_("Số văn bản"), "notes": N_("Ghi chú"), "raised_on": N_("Ngày phản ánh"),
    "field": N_("Lĩnh vực"), "locality": N_("Địa bàn"), "people_concerned": N_("Đối tượng"),
    "content": N_("Nội dung"), "response": N_("Trả lời"), "response_on": N_("Ngày trả lời"),
    "responding_unit_id": N_("Đơn vị trả lời"), "detail": N_("Nội dung"), "lead_unit_id": N_("Đơn vị chủ trì"),
    "assigned_on": N_("Ngày giao"), "due_on": N_("Hạn"), "priority": N_("Mức ưu tiên"),
    "completed_on": N_("Ngày hoàn thành"), "result": N_("Kết quả"), "cancel_reason": N_("Lý do hủy"),
    "deleted_at": N_("Thùng rác"), "briefing_id": N_("Cuộc giao ban"), "aspiration_id": N_("Tâm tư – kiến nghị"),
    "conclusion_id": N_("Kết luận"),
    # a file: the record it belongs to (in words: history.py), its maker, the signed minutes
    "owner_id": N_("Thuộc"), "created_by": N_("Người thêm"), "signed_minutes": N_("Biên bản đã ký"),
    # Counts written when a database is created ("seeded") or filled with demo data.
    "seeded": N_("Cơ quan, đơn vị có sẵn"), "demo": N_("Dữ liệu mẫu"),
    # ... and counts of rows by table: record kinds by their registry label (field_label)
    "attendance": N_("Thành phần tham dự"), "report": N_("Báo cáo"),
    "conclusion": N_("Kết luận"), "task_support": N_("Đơn vị phối hợp"),
    # ... and what a briefing's save keeps of its rows (briefings._summary)
    "reports": N_("Báo cáo"), "absent": N_("Vắng mặt"), "conclusions": N_("Kết luận"),
}
VALUE_LABELS: dict[str, str] = {"small": N_("bộ nhỏ"), "large": N_("bộ lớn")}  # demo data sizes
ENTITY_FIELD_LABELS: dict[tuple[str, str], str] = {
    ("person", "title"): N_("Chức vụ"), ("task", "title"): N_("Tên nhiệm vụ"),
    ("briefing", "title"): N_("Tên chuyên đề"),
}
HIDDEN_FIELDS = {"id", "search_text", "blob_id"}  # blob_id: a file's stored bytes


def field_label(entity: str, field: str) -> str:
    """The Vietnamese name of a changed field; the raw name only for fields nobody named."""
    text = ENTITY_FIELD_LABELS.get((entity, field)) or FIELD_LABELS.get(field)
    if text:
        return _(text)
    return KINDS[field].label if field in KINDS else field


# Fields holding a closed vocabulary: shown by their labels ("Đã hoàn thành"), not "done".
ENUM_FIELDS: dict[tuple[str | None, str], type[StrEnum]] = {
    ("aspiration", "status"): AspirationStatus, ("task", "status"): TaskStatus,
    ("briefing", "status"): BriefingStatus, ("aspiration", "kind"): AspirationKind,
    ("briefing", "kind"): BriefingKind, ("organization", "kind"): OrganizationKind,
    (None, "field"): AspirationField, (None, "priority"): TaskPriority,
    (None, "role"): AttendanceRole,
}
ISO_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)[^ ]*)?$")


def _value(value: object, entity: str | None = None, field: str = "") -> str:
    if value is None or value == "":
        return "∅"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, str) and value in VALUE_LABELS:
        return _(VALUE_LABELS[value])
    enum = ENUM_FIELDS.get((entity, field)) or ENUM_FIELDS.get((None, field))
    if enum is not None and isinstance(value, str):
        return label_of(enum, value)
    match = ISO_DATE.match(value) if isinstance(value, str) else None
    if match:  # dates on screen as dd/MM/yyyy (and the time, if any, as HH:MM)
        year, month, day, hour, minute = match.groups()
        return f"{day}/{month}/{year}" + (f" {hour}:{minute}" if hour else "")
    return str(value)


def _list_change(old: list, new: list) -> str:
    """What became of a list (a briefing's conclusions): the items added and removed, in words
    ("thêm “…”; bỏ “…”"), or that only their order changed — not the two whole lists."""
    added = [item for item in new if item not in old]
    removed = [item for item in old if item not in new]
    quoted = ", ".join
    bits = ([_("thêm {items}").format(items=quoted(f"“{_value(i)}”" for i in added))]
            if added else [])
    bits += ([_("bỏ {items}").format(items=quoted(f"“{_value(i)}”" for i in removed))]
             if removed else [])
    if bits:
        return "; ".join(bits)
    return _("đổi thứ tự") if old != new else _("không đổi")


def describe_changes(row: HistoryRow) -> str:
    """'Trạng thái: a → b; Hạn: …' — the fields that changed, or the note."""
    parts = []
    for field, values in row.changes.items():
        if field in HIDDEN_FIELDS:
            continue
        if isinstance(values, list) and len(values) == 2:
            old, new = values
            label = field_label(row.entity, field)
            if isinstance(old, list) and isinstance(new, list):  # a briefing's conclusions
                parts.append(f"{label}: {_list_change(old, new)}")
                continue
            old_text, new_text = _value(old, row.entity, field), _value(new, row.entity, field)
            parts.append(f"{label}: {old_text} → {new_text}" if old is not None
                         else f"{label}: {new_text}")
    text = "; ".join(parts)
    return f"{row.note} — {text}" if row.note and text else row.note or text


class HistoryModel(RowTableModel[HistoryRow]):
    WHEN, USER, ACTION, CHANGES = range(4)
    COLUMNS = (
        Column(lambda: _("Thời điểm"), lambda r: format_moment(r.at),
               sort=lambda r: r.at.isoformat(), width=16),
        Column(lambda: _("Người thực hiện"), lambda r: r.user, width=14),
        Column(lambda: _("Thao tác"), lambda r: action_label(r.action), width=14),
        Column(lambda: _("Nội dung thay đổi"), describe_changes),
    )


class HistoryPanel(QWidget):
    """Embed in a detail view; call ``show_record(entity, id)`` when the selection changes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = HistoryModel(self)
        self.view = make_table(self, _("Lịch sử thay đổi"))
        self.view.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_record(self, entity: str, entity_id: int | None) -> None:
        self.model.set_rows(history_of(self.ctx, entity, entity_id) if entity_id else [])

    def show_rows(self, rows: list[HistoryRow]) -> None:
        """Show events already read (with the rest of a record's detail)."""
        self.model.set_rows(rows)

"""Vietnamese labels of the enum values, as the screen and the documents show them."""

from __future__ import annotations

from enum import StrEnum

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
from giaoban.i18n import N_, _

_LABELS: list[tuple[StrEnum, str]] = [
    (OrganizationKind.PARTY_COMMITTEE, N_("Cấp ủy")),
    (OrganizationKind.COMMISSION, N_("Ban của Tỉnh ủy")),
    (OrganizationKind.FRONT, N_("Mặt trận Tổ quốc")),
    (OrganizationKind.ASSOCIATION, N_("Đoàn thể, hội")),
    (OrganizationKind.STATE_AGENCY, N_("Cơ quan nhà nước")),
    (OrganizationKind.LOCALITY, N_("Địa phương")),
    (OrganizationKind.OTHER, N_("Khác")),
    (BriefingKind.QUARTERLY, N_("Giao ban quý")),
    (BriefingKind.HALF_YEAR, N_("Sơ kết 6 tháng")),
    (BriefingKind.ANNUAL, N_("Tổng kết năm")),
    (BriefingKind.THEMATIC, N_("Chuyên đề")),
    (BriefingStatus.DRAFT, N_("Dự thảo")),
    (BriefingStatus.FINALIZED, N_("Đã chốt")),
    (AttendanceRole.CHAIR, N_("Chủ trì")),
    (AttendanceRole.SECRETARY, N_("Thư ký")),
    (AttendanceRole.MEMBER, N_("Thành viên")),
    (AttendanceRole.INVITED, N_("Khách mời")),
    (AspirationKind.CONCERN, N_("Tâm tư")),
    (AspirationKind.WISH, N_("Nguyện vọng")),
    (AspirationKind.PETITION, N_("Kiến nghị")),
    (AspirationKind.PROPOSAL, N_("Đề xuất")),
    (AspirationField.LAND_ENVIRONMENT, N_("Đất đai – tài nguyên – môi trường")),
    (AspirationField.POLICY, N_("Chế độ chính sách")),
    (AspirationField.INFRASTRUCTURE, N_("Giao thông – xây dựng – thủy lợi")),
    (AspirationField.AGRICULTURE, N_("Nông – lâm nghiệp")),
    (AspirationField.SOCIAL, N_("Văn hóa – xã hội – giáo dục – y tế")),
    (AspirationField.ADMIN_REFORM, N_("Cải cách hành chính")),
    (AspirationField.OTHER, N_("Khác")),
    (AspirationStatus.RECEIVED, N_("Đã tiếp nhận")),
    (AspirationStatus.IN_PROGRESS, N_("Đang giải quyết")),
    (AspirationStatus.RESOLVED, N_("Đã giải quyết")),
    (AspirationStatus.ANSWERED, N_("Đã giải thích, trả lời")),
    (AspirationStatus.TRANSFERRED, N_("Đã chuyển")),
    (AspirationStatus.CLOSED, N_("Đóng")),
    (TaskStatus.NOT_STARTED, N_("Chưa thực hiện")),
    (TaskStatus.IN_PROGRESS, N_("Đang thực hiện")),
    (TaskStatus.DONE, N_("Đã hoàn thành")),
    (TaskStatus.CANCELLED, N_("Hủy")),
    (TaskPriority.LOW, N_("Thấp")),
    (TaskPriority.NORMAL, N_("Bình thường")),
    (TaskPriority.HIGH, N_("Cao")),
]


# StrEnum members of different enums with the same value are equal (TaskStatus.IN_PROGRESS ==
# AspirationStatus.IN_PROGRESS), so the table is keyed by (enum class, value).
_BY_TYPE: dict[tuple[type, str], str] = {}
for _member, _text in _LABELS:
    _BY_TYPE[(type(_member), _member.value)] = _text


def source_label(value: StrEnum) -> str:
    """The Vietnamese label whatever the screen language (for matching what people typed)."""
    return _BY_TYPE[(type(value), value.value)]


def label(value: StrEnum) -> str:
    """The translated screen label of an enum member."""
    return _(_BY_TYPE[(type(value), value.value)])


def label_of(enum: type[StrEnum], value: str) -> str:
    """The label of a stored string value; the raw value if it is unknown."""
    try:
        return label(enum(value))
    except (ValueError, KeyError):
        return value


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """(value, label) pairs in declaration order, for combo boxes and CLI help."""
    return [(member.value, label(member)) for member in enum]

"""Pieces every builder shares: the header block, captions, printed words for stored values.

Printed documents are always in Vietnamese, whatever the screen language, so the words for enum
values are kept here rather than taken from ``core.labels`` (which follows the UI language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from giaoban.core.enums import AspirationField, AspirationKind, BriefingKind
from giaoban.core.services.document_data import PersonInfo, TaskInfo
from giaoban.core.services.tasks_rules import Standing, task_standing
from giaoban.core.text import document_date, roman_quarter
from giaoban.documents.blocks import (
    Align,
    DraftMark,
    HeaderBlock,
    Paragraph,
    Recipients,
    Run,
    Signer,
    Title,
    format_day,
)
from giaoban.documents.settings import DocumentSettings

ASPIRATION_KINDS = {
    AspirationKind.CONCERN: "Tâm tư",
    AspirationKind.WISH: "Nguyện vọng",
    AspirationKind.PETITION: "Kiến nghị",
    AspirationKind.PROPOSAL: "Đề xuất",
}
ASPIRATION_FIELDS = {
    AspirationField.LAND_ENVIRONMENT: "đất đai – tài nguyên – môi trường",
    AspirationField.POLICY: "chế độ chính sách",
    AspirationField.INFRASTRUCTURE: "giao thông – xây dựng – thủy lợi",
    AspirationField.AGRICULTURE: "nông – lâm nghiệp",
    AspirationField.SOCIAL: "văn hóa – xã hội – giáo dục – y tế",
    AspirationField.ADMIN_REFORM: "cải cách hành chính",
    AspirationField.OTHER: "khác",
}


# Mapping is invariant in its key: a TypeVar lets any one StrEnum's table through.
_Enum = TypeVar("_Enum", bound=StrEnum)


def word(table: Mapping[_Enum, str], value: str) -> str:
    """The printed word of a stored enum value; the value itself if unknown."""
    for member, text in table.items():
        if member.value == value:
            return text
    return value


def header(settings: DocumentSettings, symbol: str, number: str | int, on: dt.date) -> HeaderBlock:
    """The two-column header: superior and issuing body, number, motto, place and date.

    ``number`` is the register's (an int, printed '07') or a stored text ('15-BB/TU'); blank
    leaves room to write it by hand. The date follows the Party rule ('ngày 05 tháng 02 năm 2026').
    """
    return HeaderBlock(
        superior_body=settings.superior_body.upper(),
        issuing_body=settings.committee_name.upper(),
        number=settings.number(symbol, number),
        motto=settings.motto.upper(),
        place_date=f"{settings.place}, {document_date(on)}",
        size_pt=settings.header_size_pt,
        motto_size_pt=settings.motto_size_pt,
    )


def title(settings: DocumentSettings, text: str, *subtitle: str) -> Title:
    return Title(
        text=text,
        subtitle=[line for line in subtitle if line],
        size_pt=settings.title_size_pt,
        subtitle_size_pt=settings.body_size_pt,
    )


def draft_mark(settings: DocumentSettings, status: str) -> list[DraftMark]:
    """A DỰ THẢO mark unless the briefing is finalized (``status`` "issued" counts as final)."""
    return [] if status in ("finalized", "issued") else [DraftMark(settings.draft_text)]


NAME_BLANK = "……………………"


def signer(authority: str, title: str, name: str, fallback: str = "") -> Signer:
    """A signature block that never prints without a name: ``fallback``, else a line to fill in."""
    return Signer(title.strip(), name.strip() or fallback.strip() or NAME_BLANK,
                  authority=authority.strip())


def briefing_caption(kind: str, year: int, quarter: int | None, title: str = "") -> str:
    """'giao ban công tác dân vận quý III năm 2026' (lower case: it follows other words)."""
    if kind == BriefingKind.QUARTERLY and quarter:
        return f"giao ban công tác dân vận quý {roman_quarter(quarter)} năm {year}"
    if kind == BriefingKind.HALF_YEAR:
        return f"sơ kết công tác dân vận 6 tháng đầu năm {year}"
    if kind == BriefingKind.ANNUAL:
        return f"tổng kết công tác dân vận năm {year}"
    if title:
        return lower_first(title)
    return f"giao ban công tác dân vận năm {year}"


def source_label(task: TaskInfo) -> str:
    """Short name of the briefing a task came from: 'Quý III/2026', '6 tháng/2026'…"""
    if task.briefing_id is None or task.briefing_year is None:
        return "Khác"
    if task.briefing_kind == BriefingKind.QUARTERLY and task.briefing_quarter:
        return f"Quý {roman_quarter(task.briefing_quarter)}/{task.briefing_year}"
    if task.briefing_kind == BriefingKind.HALF_YEAR:
        return f"6 tháng năm {task.briefing_year}"
    if task.briefing_kind == BriefingKind.ANNUAL:
        return f"Năm {task.briefing_year}"
    if task.briefing_held_on:
        return f"Chuyên đề {format_day(task.briefing_held_on)}"
    return f"Chuyên đề {task.briefing_year}"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower the first letter unless the first word is an acronym or a name in capitals."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def clock(value: dt.time | None) -> str:
    """'08 giờ 00 phút', or dotted blanks to fill in by hand."""
    if value is None:
        return "…… giờ …… phút"
    return f"{value.hour:02d} giờ {value.minute:02d} phút"


def comrade(person: PersonInfo | None) -> str:
    """'đồng chí Nguyễn Văn An, Phó Bí thư Thường trực Tỉnh ủy' or a blank to fill in."""
    if person is None:
        return "……………………"
    return f"đồng chí {person.name}, {person.title}" if person.title else f"đồng chí {person.name}"


def labelled(label: str, text: str, *, indent: bool = True) -> Paragraph:
    """'Label: text' with the label in bold — the opening lines of the minutes."""
    return Paragraph([Run(f"{label}: ", bold=True), Run(text)], indent=indent)


def recipients(settings: DocumentSettings, lines: tuple[str, ...]) -> Recipients:
    return Recipients(lines=list(lines), size_pt=settings.recipients_size_pt)


def center(text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    return Paragraph([Run(text, bold=bold, italic=italic)], align=Align.CENTER, indent=False)


@dataclass(frozen=True)
class TaskState:
    """How a task stood on a given day; overdue and late are derived, never stored."""

    key: str
    label: str
    days_overdue: int | None


STATE_LABELS = {
    "on_time": "Đã hoàn thành",
    "late": "Hoàn thành quá hạn",
    "overdue": "Quá hạn",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa thực hiện",
    "cancelled": "Hủy",
}


def task_state(task: TaskInfo, as_of: dt.date) -> TaskState:
    """The printed words for ``tasks_rules.task_standing`` (the rule the screens use too)."""
    standing = task_standing(task.status, task.due_on, task.completed_on, as_of)
    days = {Standing.LATE: standing.days_late, Standing.OVERDUE: standing.days_overdue}
    return TaskState(standing.key.value, STATE_LABELS[standing.key.value], days.get(standing.key))

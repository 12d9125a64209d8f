"""Rules of a briefing: the period it claims, its dates, the document number, what finalizing needs.

Kept apart from the writing code so the editor can show the same messages next to each field and
row (keys like ``held_on``, ``attendance[3].person_id``) before anything is saved. Saving refuses
only what is wrong or cannot be stored; what is merely not filled in yet (chair, secretary, an
absent person's reason, a report's body) is asked for when finalizing, so a draft is never lost
for want of it (issue 13).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from giaoban.core.enums import BriefingKind, BriefingStatus
from giaoban.core.errors import ReadOnlyError
from giaoban.core.text import normalize, normalize_fields, quarter_bounds, roman_quarter
from giaoban.i18n import _, format_date

if TYPE_CHECKING:
    from giaoban.core.services.briefing_draft import BriefingDraft

KINDS = {kind.value for kind in BriefingKind}


def period_label(kind: str, year: int, quarter: int | None, title: str = "") -> str:
    """'Quý III/2026', 'Sơ kết 6 tháng 2026', 'Tổng kết năm 2025' or the thematic title."""
    if kind == BriefingKind.QUARTERLY and quarter:
        return _("Quý {roman}/{year}").format(roman=roman_quarter(quarter), year=year)
    if kind == BriefingKind.HALF_YEAR:
        return _("Sơ kết 6 tháng {year}").format(year=year)
    if kind == BriefingKind.ANNUAL:
        return _("Tổng kết năm {year}").format(year=year)
    if title:
        return title
    return _("Chuyên đề {year}").format(year=year)


def period_bounds(kind: str, year: int, quarter: int | None) -> tuple[dt.date, dt.date] | None:
    """The dates a briefing of this period may be held on (None when the period is incomplete)."""
    if kind == BriefingKind.QUARTERLY:
        return quarter_bounds(year, quarter) if quarter in (1, 2, 3, 4) else None
    if kind == BriefingKind.ANNUAL:
        # The annual review is held late in the year or early in the next one.
        return dt.date(year, 10, 1), dt.date(year + 1, 3, 31)
    if kind == BriefingKind.HALF_YEAR:
        return dt.date(year, 5, 1), dt.date(year, 9, 30)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def minutes_number_pattern(symbol_minutes: str, body_symbol: str) -> re.Pattern[str]:
    """'15-BB/TU': a number, the minutes symbol and the issuing body's symbol."""
    return re.compile(rf"^\d{{1,4}}-{re.escape(symbol_minutes)}/{re.escape(body_symbol)}$")


def check_document_number(number: str, symbol_minutes: str, body_symbol: str) -> str | None:
    """The message for a badly formed document number, or None if it is fine (or empty)."""
    number = normalize(number)
    if not number or minutes_number_pattern(symbol_minutes, body_symbol).match(number):
        return None
    return _("Số biên bản phải có dạng “15-{bb}/{tu}” (số, ký hiệu biên bản, ký hiệu cơ quan).").format(
        bb=symbol_minutes, tu=body_symbol
    )


def check_header(draft: BriefingDraft, symbols: tuple[str, str]) -> dict[str, str]:
    """Errors of the general fields: kind, period, date inside the period, times, number."""
    errors = _refused_texts({key: getattr(draft, key)
                             for key in ("title", "place", "notes", "document_number")})
    if draft.kind not in KINDS:
        errors["kind"] = _("Loại giao ban không hợp lệ.")
    if not 1945 <= draft.year <= 2200:
        errors["year"] = _("Năm không hợp lệ.")
    if draft.kind == BriefingKind.QUARTERLY and draft.quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("Hãy chọn quý.")
    if draft.kind == BriefingKind.THEMATIC and "title" not in errors and not normalize(draft.title):
        errors["title"] = _("Hãy nhập tên chuyên đề.")
    if draft.held_on is not None and "year" not in errors and "quarter" not in errors:
        bounds = period_bounds(draft.kind, draft.year, draft.quarter)
        if bounds and not bounds[0] <= draft.held_on <= bounds[1]:
            errors["held_on"] = _("Ngày họp {date} không thuộc {period}.").format(
                date=format_date(draft.held_on),
                period=period_label(draft.kind, draft.year, draft.quarter, draft.title),
            )
    if draft.start_time and draft.end_time and draft.end_time < draft.start_time:
        errors["end_time"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
    if "document_number" not in errors:
        message = check_document_number(draft.document_number, *symbols)
        if message:
            errors["document_number"] = message
    return errors


def check_rows(draft: BriefingDraft) -> dict[str, str]:
    """Errors of the rows: attendance, reports and conclusions (aspirations are checked apart).

    A row naming nobody cannot be stored; an absent person's reason and a report's body may
    still be missing in a draft (see :func:`missing_for_finalize`)."""
    texts: dict[str, str] = {}
    for index, row in enumerate(draft.attendance):
        texts[f"attendance[{index}].absence_reason"] = row.absence_reason
    for index, report in enumerate(draft.reports):
        for key in ("presenter", "title", "summary"):
            texts[f"reports[{index}].{key}"] = getattr(report, key)
    for index, conclusion in enumerate(draft.conclusions):
        texts[f"conclusions[{index}].text"] = conclusion.text
    refused = _refused_texts(texts)
    errors: dict[str, str] = {}
    for index, row in enumerate(draft.attendance):
        if row.person_id is None and row.organization_id is None:
            errors[f"attendance[{index}].person_id"] = _("Hãy chọn cán bộ hoặc cơ quan tham dự.")
    for index, conclusion in enumerate(draft.conclusions):
        key = f"conclusions[{index}].text"
        if key not in refused and not normalize(conclusion.text):
            errors[key] = _("Hãy nhập nội dung kết luận.")
    return {**errors, **refused}


def _refused_texts(texts: dict[str, str]) -> dict[str, str]:
    """The messages of the texts (by field or row key) holding a control character or a broken
    code point: refused before saving, since they would break every document written later."""
    return normalize_fields(dict(texts), texts)


def unfinished_rows(draft: BriefingDraft) -> dict[str, str]:
    """The rows a draft may keep unfinished but the signed minutes may not, keyed like
    :func:`check_rows`: an absent person without a reason, a report without its body."""
    errors: dict[str, str] = {}
    for index, row in enumerate(draft.attendance):
        if not row.present and not normalize(row.absence_reason):
            errors[f"attendance[{index}].absence_reason"] = _("Hãy ghi lý do vắng mặt.")
    for index, report in enumerate(draft.reports):
        if report.organization_id is None:
            errors[f"reports[{index}].organization_id"] = _("Hãy chọn cơ quan báo cáo.")
    return errors


def missing_for_finalize(draft: BriefingDraft) -> list[str]:
    """What finalizing still needs, in words: date, chair, secretary, at least one attendee,
    every absent person's reason and every report's body."""
    missing = []
    if draft.held_on is None:
        missing.append(_("ngày họp"))
    if draft.chair_id is None:
        missing.append(_("người chủ trì"))
    if draft.secretary_id is None:
        missing.append(_("thư ký"))
    if not any(row.present for row in draft.attendance):
        missing.append(_("ít nhất một người tham dự có mặt"))
    rows = unfinished_rows(draft)
    reasons = sum(1 for key in rows if key.endswith(".absence_reason"))
    bodies = len(rows) - reasons
    if reasons:
        missing.append(_("lý do vắng mặt ({n} người)").format(n=reasons))
    if bodies:
        missing.append(_("cơ quan báo cáo ({n} báo cáo)").format(n=bodies))
    return missing


def ensure_editable(status: str) -> None:
    """Finalized briefings are read-only until reopened: raise the error every writer shares."""
    if status == BriefingStatus.FINALIZED:
        raise ReadOnlyError(
            _("Biên bản đã chốt nên không sửa được; hãy “Mở lại” biên bản (kèm lý do) trước khi sửa.")
        )

"""The printed documents, built in one place for the GUI and the CLI.

``briefing_document`` (minutes, notice) and ``report_document`` read the data and run the
builder; ``render_to_file`` picks the writer by extension. The GUI previews or saves what they
return (adding only its file dialog, preview and printer); ``giaoban minutes ID --out F``,
``giaoban notice ID --out F`` and ``giaoban report --period 2026-Q3 [--as-of DATE] --out F`` call
the ``export_*`` functions, which validate their input before reading anything (unknown
extension, bad period), raise a GiaobanError with a Vietnamese message the CLI prints as it is
(NotFound for an unknown briefing), write through a temporary file so nothing half-written is left
behind, and need Qt only for PDF.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from giaoban.core.enums import BriefingStatus
from giaoban.core.errors import ValidationError
from giaoban.core.periods import Period, parse_period
from giaoban.core.services.document_data import (
    BriefingDocumentData,
    PersonInfo,
    load_briefing_document_data,
    load_followup_report_data,
)
from giaoban.core.services.document_register import (
    IssuedInfo,
    issue_notice,
    issue_report,
    issued_for_briefing,
    issued_report,
)
from giaoban.core.services.document_signers import signed_settings
from giaoban.documents.blocks import HeaderBlock, stamped
from giaoban.documents.builders import build_minutes, build_notice, build_report
from giaoban.documents.output import check_output_path, render_to_file
from giaoban.i18n import _, format_date

if TYPE_CHECKING:
    from giaoban.core.context import AppContext
    from giaoban.documents.blocks import Document

BRIEFING_FORMATS = (".pdf", ".docx")
REPORT_FORMATS = (".pdf", ".docx", ".xlsx")
MINUTES, NOTICE = "minutes", "notice"


def _check_id(briefing_id: int) -> int:
    if isinstance(briefing_id, bool) or not isinstance(briefing_id, int) or briefing_id <= 0:
        raise ValidationError({"id": _("Mã cuộc giao ban “{id}” không hợp lệ.").format(id=briefing_id)})
    return briefing_id


def _checked_day(day: dt.date | None) -> dt.date | None:
    if day is not None and not 1945 <= day.year <= 2200:
        raise ValidationError({"date": _("Ngày ban hành không hợp lệ.")})
    return day


def _apply_minutes(data: BriefingDocumentData, entry: IssuedInfo | None) -> None:
    """Finalized minutes print what they were issued with; a draft prints no number."""
    if data.status != BriefingStatus.FINALIZED:
        data.document_number = ""
        return
    if entry is None:
        return  # finalized before the register existed: its typed number, today's settings
    data.settings, data.document_number = entry.settings, entry.label
    for role in ("chair", "secretary"):
        name = entry.settings.get(f"issued.{role}_name", "")
        if name:
            setattr(data, role, PersonInfo(name, entry.settings.get(f"issued.{role}_title", "")))


@stamped  # the files' creation time: the context's clock
def briefing_document(
    ctx: AppContext,
    briefing_id: int,
    which: str,
    *,
    number: str | int | None = None,
    issued_on: dt.date | None = None,
    issue: bool = False,
) -> Document:
    """The minutes (``MINUTES``) or the notice of conclusions (``NOTICE``) of a saved briefing.

    Finalized minutes carry their register number and the settings they were issued with. The
    notice of a finalized briefing is issued when ``issue`` is set (``number`` and ``issued_on``
    chosen, or the next number and today), and reprinted as issued afterwards; until then, and
    for a draft briefing, it is marked DỰ THẢO without a number.
    """
    if which not in (MINUTES, NOTICE):
        raise ValueError(f"unknown briefing document {which!r}")
    _check_id(briefing_id)
    _checked_day(issued_on)
    data = load_briefing_document_data(ctx, briefing_id)
    finalized = data.status == BriefingStatus.FINALIZED
    if which == MINUTES:
        minutes = issued_for_briefing(ctx, briefing_id, MINUTES) if finalized else None
        _apply_minutes(data, minutes)
        return build_minutes(data)
    entry: IssuedInfo | None
    if finalized and issue:
        entry = issue_notice(ctx, briefing_id, number or None, issued_on)
    else:
        entry = issued_for_briefing(ctx, briefing_id, NOTICE) if finalized else None
    if entry is not None:
        data.settings = entry.settings
        return build_notice(data, number=entry.number, issued_on=entry.issued_on, draft=False)
    if not finalized and number:
        raise ValidationError({"number": _(
            "Biên bản chưa chốt: thông báo kết luận chỉ được cấp số khi biên bản đã chốt.")})
    data.settings = signed_settings(ctx, data.settings, data.chair.name if data.chair else "")
    return build_notice(data, issued_on=issued_on, draft=True)


@stamped
def report_document(
    ctx: AppContext,
    period: Period,
    as_of: dt.date | None = None,
    *,
    issue: bool = False,
    number: str | int | None = None,
    issued_on: dt.date | None = None,
) -> Document:
    """The follow-up report of a period as of a day (default today), figures as the overview's.

    With ``issue`` it gets the next number of the report's symbol (or ``number``) and its date
    (``issued_on``, default today), kept in the register with its signer; a report already issued
    for this period and day is reprinted as it was. Otherwise it is a DỰ THẢO without a number.
    """
    _checked_day(issued_on)
    data = load_followup_report_data(ctx, period.start, period.end, as_of)
    entry: IssuedInfo | None
    if issue:
        entry = issue_report(ctx, period.start, period.end, data.as_of, number or None, issued_on)
    else:
        entry = issued_report(ctx, period.start, period.end, data.as_of)
    if entry is not None:
        data.settings = entry.settings
        return build_report(data, number=entry.number, issued_on=entry.issued_on)
    data.settings = signed_settings(ctx, data.settings)
    return build_report(data, issued_on=issued_on, draft=True)


def issued_number(document: Document) -> str:
    """The number a built document prints ('Số 16-BB/TU'), or '' when it has none yet."""
    for block in document.blocks:
        if isinstance(block, HeaderBlock):
            return block.number if any(ch.isdigit() for ch in block.number) else ""
    return ""


def export_minutes(ctx: AppContext, briefing_id: int, out_path: str | Path) -> Path:
    """Write the minutes (BIÊN BẢN) of a briefing to a .pdf or .docx file."""
    path = check_output_path(out_path, BRIEFING_FORMATS)
    return render_to_file(briefing_document(ctx, briefing_id, MINUTES), path)


def export_notice(
    ctx: AppContext,
    briefing_id: int,
    out_path: str | Path,
    *,
    number: str | int | None = None,
    issued_on: dt.date | None = None,
) -> Path:
    """Write the notice of conclusions (THÔNG BÁO KẾT LUẬN) to a .pdf or .docx file.

    The notice of a finalized briefing is issued (numbered and dated) as it is written, in one
    transaction with the file: if the file cannot be written, no number is taken.
    """
    path = check_output_path(out_path, BRIEFING_FORMATS)
    with ctx.joined() as inner:
        document = briefing_document(inner, briefing_id, NOTICE, number=number,
                                     issued_on=issued_on, issue=True)
        return render_to_file(document, path)


def export_report(
    ctx: AppContext,
    period: str,
    out_path: str | Path,
    as_of: dt.date | None = None,
    *,
    issue: bool = False,
    number: str | int | None = None,
    issued_on: dt.date | None = None,
) -> Path:
    """Write the follow-up report of a period ('2026-Q3') as of a day (default today).

    With ``issue`` the report is numbered and dated in the register, in one transaction with the
    file (see :func:`report_document`).
    """
    path = check_output_path(out_path, REPORT_FORMATS)
    chosen = parse_period(period)
    if as_of is not None and as_of < chosen.start:
        raise ValidationError(
            {"as_of": _("Ngày tính đến ({as_of}) phải từ ngày bắt đầu kỳ báo cáo ({start}) trở đi.")
             .format(as_of=format_date(as_of), start=format_date(chosen.start))}
        )
    with ctx.joined() as inner:
        document = report_document(inner, chosen, as_of, issue=issue, number=number,
                                   issued_on=issued_on)
        return render_to_file(document, path)


__all__ = [
    "MINUTES", "NOTICE", "briefing_document", "export_minutes", "export_notice", "export_report",
    "issued_number", "parse_period", "report_document",
]

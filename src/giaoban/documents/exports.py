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

from giaoban.core.errors import ValidationError
from giaoban.core.periods import Period, parse_period
from giaoban.core.services.document_data import (
    load_briefing_document_data,
    load_followup_report_data,
)
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


def briefing_document(
    ctx: AppContext,
    briefing_id: int,
    which: str,
    *,
    number: str = "",
    issued_on: dt.date | None = None,
) -> Document:
    """The minutes (``MINUTES``) or the notice of conclusions (``NOTICE``) of a saved briefing."""
    if which not in (MINUTES, NOTICE):
        raise ValueError(f"unknown briefing document {which!r}")
    data = load_briefing_document_data(ctx, _check_id(briefing_id))
    if which == MINUTES:
        return build_minutes(data)
    return build_notice(data, number=number, issued_on=issued_on)


def report_document(ctx: AppContext, period: Period, as_of: dt.date | None = None) -> Document:
    """The follow-up report of a period as of a day (default today), figures as the overview's."""
    return build_report(load_followup_report_data(ctx, period.start, period.end, as_of))


def export_minutes(ctx: AppContext, briefing_id: int, out_path: str | Path) -> Path:
    """Write the minutes (BIÊN BẢN) of a briefing to a .pdf or .docx file."""
    path = check_output_path(out_path, BRIEFING_FORMATS)
    return render_to_file(briefing_document(ctx, briefing_id, MINUTES), path)


def export_notice(
    ctx: AppContext,
    briefing_id: int,
    out_path: str | Path,
    *,
    number: str = "",
    issued_on: dt.date | None = None,
) -> Path:
    """Write the notice of conclusions (THÔNG BÁO KẾT LUẬN) to a .pdf or .docx file."""
    path = check_output_path(out_path, BRIEFING_FORMATS)
    document = briefing_document(ctx, briefing_id, NOTICE, number=number, issued_on=issued_on)
    return render_to_file(document, path)


def export_report(
    ctx: AppContext,
    period: str,
    out_path: str | Path,
    as_of: dt.date | None = None,
) -> Path:
    """Write the follow-up report of a period ('2026-Q3') as of a day (default today)."""
    path = check_output_path(out_path, REPORT_FORMATS)
    chosen = parse_period(period)
    if as_of is not None and as_of < chosen.start:
        raise ValidationError(
            {"as_of": _("Ngày tính đến ({as_of}) phải từ ngày bắt đầu kỳ báo cáo ({start}) trở đi.")
             .format(as_of=format_date(as_of), start=format_date(chosen.start))}
        )
    return render_to_file(report_document(ctx, chosen, as_of), path)


__all__ = [
    "MINUTES", "NOTICE", "briefing_document", "export_minutes", "export_notice", "export_report",
    "parse_period", "report_document",
]

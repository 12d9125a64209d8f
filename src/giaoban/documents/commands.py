"""One function per document command of the CLI (and any caller that wants a file).

``giaoban minutes ID --out F``, ``giaoban notice ID --out F`` and
``giaoban report --period 2026-Q3 [--as-of DATE] --out F`` call these. Each validates its input
before reading anything (unknown extension, bad period), raises a GiaobanError with a Vietnamese
message the CLI prints as it is (NotFound for an unknown briefing), writes through a temporary
file so nothing half-written is left behind, and needs Qt only for PDF.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from giaoban.core.errors import ValidationError
from giaoban.core.services.document_data import (
    load_briefing_document_data,
    load_followup_report_data,
)
from giaoban.core.text import quarter_bounds
from giaoban.documents.builders import build_minutes, build_notice, build_report
from giaoban.documents.output import check_output_path, render_to_file
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

BRIEFING_FORMATS = (".pdf", ".docx")
REPORT_FORMATS = (".pdf", ".docx", ".xlsx")
_PERIOD = re.compile(r"^\s*(\d{4})(?:\s*-?\s*[Qq]\s*(\d+))?\s*$")


def parse_period(period: str) -> tuple[dt.date, dt.date]:
    """'2026-Q3' → (2026-07-01, 2026-09-30); '2026' → the whole year."""
    match = _PERIOD.match(period or "")
    year = int(match.group(1)) if match else 0
    quarter = int(match.group(2)) if match and match.group(2) else None
    if not match or not 1945 <= year <= 2200 or (quarter is not None and not 1 <= quarter <= 4):
        raise ValidationError(
            {"period": _("Kỳ báo cáo “{period}” không hợp lệ: hãy viết dạng 2026-Q3 "
                         "(quý 1 đến 4) hoặc 2026 (cả năm).").format(period=period)}
        )
    if quarter is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return quarter_bounds(year, quarter)


def _check_id(briefing_id: int) -> int:
    if isinstance(briefing_id, bool) or not isinstance(briefing_id, int) or briefing_id <= 0:
        raise ValidationError({"id": _("Mã cuộc giao ban “{id}” không hợp lệ.").format(id=briefing_id)})
    return briefing_id


def export_minutes(ctx: AppContext, briefing_id: int, out_path: str | Path) -> Path:
    """Write the minutes (BIÊN BẢN) of a briefing to a .pdf or .docx file."""
    path = check_output_path(out_path, BRIEFING_FORMATS)
    data = load_briefing_document_data(ctx, _check_id(briefing_id))
    return render_to_file(build_minutes(data), path)


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
    data = load_briefing_document_data(ctx, _check_id(briefing_id))
    return render_to_file(build_notice(data, number=number, issued_on=issued_on), path)


def export_report(
    ctx: AppContext,
    period: str,
    out_path: str | Path,
    as_of: dt.date | None = None,
) -> Path:
    """Write the follow-up report of a period ('2026-Q3') as of a day (default today)."""
    path = check_output_path(out_path, REPORT_FORMATS)
    start, end = parse_period(period)
    if as_of is not None and as_of < start:
        raise ValidationError(
            {"as_of": _("Ngày tính đến ({as_of}) phải từ ngày bắt đầu kỳ báo cáo ({start}) trở đi.")
             .format(as_of=f"{as_of:%d/%m/%Y}", start=f"{start:%d/%m/%Y}")}
        )
    data = load_followup_report_data(ctx, start, end, as_of)
    return render_to_file(build_report(data), path)


__all__ = ["export_minutes", "export_notice", "export_report", "parse_period"]

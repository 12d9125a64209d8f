"""Export the (filtered) aspirations register to XLSX or CSV, the way Excel users expect.

XLSX: a bold header row, real date cells shown dd/mm/yyyy, sensible column widths, frozen
header; text always a text cell, never a formula (``core.xlsx.put``). CSV: UTF-8 with a
byte-order mark so Excel opens Vietnamese text correctly, ";" and dd/mm/yyyy as Excel on a
Vietnamese Windows reads them (or "," and ISO dates when asked), every cell quoted and a cell
that would start a formula neutralized (``core.csvfile``). Both are written whole or not at all
(``core.files``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from giaoban.core.csvfile import CsvForm, csv_bytes
from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.errors import GiaobanError
from giaoban.core.files import atomic_output, write_all
from giaoban.core.labels import label_of
from giaoban.core.progress import CancelledFn, ProgressFn, Steps
from giaoban.core.services.aspiration_query import AspirationFilter, AspirationRow, list_aspirations
from giaoban.i18n import N_, _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

COLUMNS: tuple[tuple[str, int], ...] = (
    (N_("Số"), 7), (N_("Ngày phản ánh"), 13), (N_("Cơ quan phản ánh"), 30), (N_("Loại"), 13),
    (N_("Lĩnh vực"), 28), (N_("Địa bàn"), 20), (N_("Đối tượng liên quan"), 22),
    (N_("Nội dung"), 60), (N_("Trạng thái"), 18), (N_("Nội dung trả lời"), 45),
    (N_("Ngày trả lời"), 13), (N_("Đơn vị trả lời"), 28), (N_("Nhiệm vụ"), 12),
)


def _values(row: AspirationRow) -> list[Any]:
    return [
        row.id, row.raised_on, row.body, label_of(AspirationKind, row.kind),
        label_of(AspirationField, row.field), row.locality, row.people_concerned, row.content,
        label_of(AspirationStatus, row.status), row.response, row.response_on,
        row.responding_unit, ", ".join(str(i) for i in row.task_ids),
    ]


def _xlsx(rows: list[AspirationRow], steps: Steps) -> bytes:
    from openpyxl import Workbook

    from giaoban.core.xlsx import finish_sheet, put_row, workbook_bytes, write_header

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Tâm tư – kiến nghị")[:31]
    write_header(sheet, [_(title) for title, _width in COLUMNS], [w for _t, w in COLUMNS])
    for number, row in enumerate(rows, start=2):
        put_row(sheet, number, _values(row))
        steps.tick()
    finish_sheet(sheet, len(COLUMNS), len(rows), date_columns=(2, 11))
    steps.check()
    return workbook_bytes(workbook)


def _csv(rows: list[AspirationRow], steps: Steps, form: CsvForm = CsvForm.EXCEL) -> bytes:
    def lines() -> Iterator[list[Any]]:
        for row in rows:
            yield _values(row)
            steps.tick()

    return csv_bytes([_(title) for title, _width in COLUMNS], lines(), form)


def export_aspirations(ctx: AppContext, out: Path | str, flt: AspirationFilter | None = None,
                       *, rows: list[AspirationRow] | None = None,
                       csv_form: CsvForm = CsvForm.EXCEL,
                       progress: ProgressFn | None = None,
                       cancelled: CancelledFn | None = None) -> int:
    """Write the rows the filter keeps to ``out`` (.xlsx or .csv); returns the row count.

    The file is written next to its target and renamed into place, so a failure or a cancel
    (``cancelled()`` True → Cancelled) never leaves a half-written file behind. ``csv_form``:
    separator and dates of a .csv.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise GiaobanError(_("Chỉ xuất được tệp .xlsx hoặc .csv (không phải “{s}”).").format(
            s=out.suffix or out.name))
    if not out.parent.exists():
        raise GiaobanError(_("Thư mục “{folder}” không tồn tại.").format(folder=out.parent))
    steps = Steps(progress, cancelled)
    steps.report(0, 0)  # 0 of 0: "busy" while the rows are fetched
    data = rows if rows is not None else list_aspirations(ctx, flt, sort="raised_on", descending=False)
    steps.report(0, len(data))
    with atomic_output(out) as temp:  # made first: an unwritable folder is said at once
        content = _xlsx(data, steps) if suffix == ".xlsx" else _csv(data, steps, csv_form)
        steps.check()
        write_all(temp, content)
    return len(data)

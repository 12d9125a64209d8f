"""BÁO CÁO (symbol BC): how the follow-up tasks of a period stand on a given day.

The summary figures are the overview's (``data.units`` from ``overview.unit_figures``) and each
task's line uses the same rule (``tasks_rules.task_standing``), so paper and screen agree.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from giaoban.core.services.document_data import FollowupReportData, TaskInfo
from giaoban.core.services.overview import UnitFigures, is_all_time, total_of
from giaoban.core.text import document_date, quarter_bounds, roman_quarter
from giaoban.documents.blocks import (
    Align,
    Block,
    Column,
    Document,
    Heading,
    Paragraph,
    Run,
    SignatureRow,
    Table,
    TableRow,
    format_count,
    format_day,
)
from giaoban.documents.builders import common
from giaoban.documents.settings import DocumentSettings


def period_label(start: dt.date, end: dt.date) -> str:
    """'quý III năm 2026', 'năm 2026', 'mọi thời gian' (``overview.ALL_TIME``) or
    'từ ngày 01/07/2026 đến ngày 15/08/2026'."""
    if is_all_time(start, end):
        return "mọi thời gian"
    for quarter in range(1, 5):
        if (start, end) == quarter_bounds(start.year, quarter):
            return f"quý {roman_quarter(quarter)} năm {start.year}"
    if (start, end) == (dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)):
        return f"năm {start.year}"
    return f"từ ngày {format_day(start)} đến ngày {format_day(end)}"


def _scope_lines(data: FollowupReportData) -> tuple[list[str], str, str, str]:
    """What the report says of its scope, as the overview's "Kỳ": the title's lines under
    BÁO CÁO, the opening's 'tasks assigned …', the line for an empty period and the name."""
    period = period_label(data.period_start, data.period_end)
    until = f"(tính đến {document_date(data.as_of)})"
    if is_all_time(data.period_start, data.period_end):
        return (
            ["Tình hình thực hiện kết luận các kỳ giao ban công tác dân vận (mọi thời gian)",
             until],
            "tất cả các nhiệm vụ đã giao (mọi thời gian)",
            "Chưa có nhiệm vụ nào được giao.",
            "Báo cáo tình hình thực hiện kết luận giao ban (mọi thời gian)",
        )
    return (
        [f"Tình hình thực hiện kết luận giao ban công tác dân vận {period}", until],
        f"các nhiệm vụ được giao trong {period}",
        f"Không có nhiệm vụ nào được giao trong {period}.",
        f"Báo cáo tình hình thực hiện kết luận giao ban {period}",
    )


def summarize(units: list[UnitFigures]) -> UnitFigures:
    """The report's totals: the sum of the overview's lines by lead unit."""
    return total_of(units)


def percentage(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage to 0.1 (None when there is nothing to count)."""
    if not whole:
        return None
    rate = Decimal(100 * part) / Decimal(whole)
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def completion_rate(totals: UnitFigures) -> Decimal | None:
    """Done (on time or late) over assigned, cancelled left out."""
    return percentage(totals.done_on_time + totals.done_late, totals.assigned)


def on_time_rate(totals: UnitFigures) -> Decimal | None:
    """The overview's 'Tỷ lệ đúng hạn': on time over (on time + late + overdue)."""
    return percentage(totals.done_on_time,
                      totals.done_on_time + totals.done_late + totals.overdue)


def build_report(
    data: FollowupReportData,
    settings: DocumentSettings | None = None,
    *,
    number: str | int = "",
    issued_on: dt.date | None = None,
    draft: bool = False,
) -> Document:
    """The follow-up report: summary figures, then a table of tasks grouped by lead unit.

    ``number`` and ``issued_on`` are the register's once issued; a ``draft`` is marked DỰ THẢO
    and prints no number. Its own signer (``report_signer_*``) signs it, with a name always.
    """
    settings = settings or DocumentSettings.from_mapping(data.settings)
    subtitle, scope, empty, name = _scope_lines(data)
    live = [t for t in data.tasks if common.task_state(t, data.as_of).key != "cancelled"]
    totals = summarize(data.units)
    blocks: list[Block] = [
        common.header(settings, settings.report_symbol, "" if draft else number,
                      issued_on or data.today),
        *common.draft_mark(settings, "draft" if draft else "issued"),
        common.title(
            settings,
            settings.report_title,
            *subtitle,
        ),
        Paragraph.of(
            f"Thực hiện các kết luận của {settings.standing_committee} tại hội nghị giao ban công "
            f"tác dân vận, {settings.office_name} báo cáo tình hình thực hiện {scope}, tính đến "
            f"ngày {format_day(data.as_of)}, như sau:"
        ),
        Heading("I. KẾT QUẢ CHUNG"),
        *_summary(totals),
        Heading("II. TÌNH HÌNH THỰC HIỆN THEO ĐƠN VỊ CHỦ TRÌ"),
    ]
    if live:
        blocks.append(_table(live, data.as_of, settings))
    else:
        blocks.append(Paragraph.of(empty))
    blocks.append(
        SignatureRow(
            [common.signer(settings.report_signing_mode, settings.report_signer_title,
                           settings.report_signer_name)],
            recipients=common.recipients(settings, settings.report_recipients),
        )
    )
    return Document(
        setup=settings.page_setup(landscape=settings.report_landscape),
        blocks=blocks,
        title=name,
        kind="report",
        data=data,
    )


def _summary(totals: UnitFigures) -> list[Block]:
    rate, on_time = completion_rate(totals), on_time_rate(totals)
    lines = [
        ("Tổng số nhiệm vụ được giao: ", format_count(totals.assigned)),
        ("Đã hoàn thành đúng hạn: ", format_count(totals.done_on_time)),
        ("Hoàn thành quá hạn: ", format_count(totals.done_late)),
        ("Đang thực hiện, còn trong hạn: ", format_count(totals.in_progress)),
        ("Quá hạn chưa hoàn thành: ", format_count(totals.overdue)),
        ("Tỷ lệ hoàn thành: ", f"{format_count(rate)}%" if rate is not None else "chưa có nhiệm vụ"),
    ]
    if on_time is not None:
        lines.append(("Tỷ lệ đúng hạn: ", f"{format_count(on_time)}%"))
    if totals.cancelled:
        lines.append(("Nhiệm vụ đã hủy (không tính): ", format_count(totals.cancelled)))
    return [
        Paragraph([Run(f"- {label}"), Run(value, bold=True), Run(";" if i < len(lines) - 1 else ".")])
        for i, (label, value) in enumerate(lines)
    ]


def _table(tasks: list[TaskInfo], as_of: dt.date, settings: DocumentSettings) -> Table:
    width = settings.page_setup(landscape=settings.report_landscape).text_width_mm
    fixed = {"TT": 9, "Nguồn": 21, "Thời hạn": 22, "Tình trạng": 22, "Quá hạn": 15}
    rest = max(width - sum(fixed.values()), 60)
    columns = [
        Column("TT", fixed["TT"], Align.CENTER),
        Column("Nhiệm vụ", rest * 0.55),
        Column("Giao ban", fixed["Nguồn"], Align.CENTER),
        Column("Thời hạn", fixed["Thời hạn"], Align.CENTER, is_date=True),
        Column("Tình trạng", fixed["Tình trạng"], Align.CENTER),
        Column("Số ngày quá hạn", fixed["Quá hạn"], Align.CENTER),
        Column("Kết quả", rest * 0.45),
    ]
    rows = []
    for i, task in enumerate(tasks, start=1):
        state = common.task_state(task, as_of)
        result = task.result.strip()
        if task.completed_on and state.key in {"on_time", "late"}:
            done = f"hoàn thành ngày {format_day(task.completed_on)}"
            result = f"{result.rstrip(' .')} ({done})." if result else f"{done[0].upper()}{done[1:]}."
        rows.append(
            TableRow(
                [i, task.title, common.source_label(task), task.due_on, state.label,
                 state.days_overdue, result],
                group=task.lead_unit,
            )
        )
    return Table(
        columns, rows, size_pt=settings.table_size_pt, group_header="Đơn vị chủ trì",
        name="Báo cáo",
    )

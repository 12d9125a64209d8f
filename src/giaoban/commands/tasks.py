"""giaoban tasks: the follow-up tasks with the list's filters, as a table or stable JSON."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from giaoban.commands import context_from, print_table
from giaoban.commands.arguments import days_ahead
from giaoban.core.enums import TaskStatus
from giaoban.core.oneline import one_line
from giaoban.i18n import _, format_date, pgettext

if TYPE_CHECKING:
    from giaoban.core.services.tasks_query import TaskRow


def add_calendar_option(parser: argparse.ArgumentParser) -> None:
    """``--all-tasks``: an exported .ics holds every task, not only the open ones."""
    parser.add_argument(
        "--all-tasks", dest="calendar_all", action="store_true",
        help=_("lịch .ics: gồm cả nhiệm vụ đã hoàn thành, đã hủy (mặc định chỉ việc chưa xong)"),
    )


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "tasks", parents=[common], help=_("liệt kê nhiệm vụ theo dõi (lọc như trên màn hình)")
    )
    parser.add_argument("--overdue", action="store_true", help=_("chỉ nhiệm vụ quá hạn"))
    parser.add_argument(
        "--due-within", type=days_ahead, metavar=_("SỐ_NGÀY"),
        help=_("chỉ nhiệm vụ chưa xong đến hạn trong số ngày tới"),
    )
    parser.add_argument(
        "--unit", metavar=_("TÊN"), help=_("đơn vị chủ trì hoặc phối hợp (tên, tên tắt, viết tắt)")
    )
    parser.add_argument(
        "--status", choices=[s.value for s in TaskStatus], help=_("trạng thái nhiệm vụ")
    )
    parser.add_argument("--json", action="store_true", help=_("in dạng JSON"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from giaoban.core.services.task_export import filter_from_dict
    from giaoban.core.services.tasks_query import list_tasks

    ctx = context_from(args, create=False)
    try:
        filt = filter_from_dict(ctx, {"overdue": args.overdue, "due_within": args.due_within,
                                      "status": args.status, "unit": args.unit})
        rows = list_tasks(ctx, filt, updates=False)  # the last update is not shown
    finally:
        ctx.db.dispose()
    if args.json:
        sys.stdout.write(json_text(rows) + "\n")
        return 0
    print_table(
        [_("Số"), _("Hạn"), _("Trạng thái"), _("Thời hạn"), pgettext("lead unit", "Chủ trì"),
         _("Nhiệm vụ")],
        [
            [row.id, format_date(row.due_on), row.status_label, row.deadline_note, row.lead_unit,
             one_line(row.title, 70)]
            for row in rows
        ],
    )
    return 0


def json_text(rows: list[TaskRow]) -> str:
    """``print_json([row.as_json() for row in rows])``'s text, written from the rows themselves:
    the same bytes (tests/test_tasks_cli_json.py) without a dict per task and a type lookup per
    value (3,800 overdue tasks: ~15 -> ~11 ms)."""
    from giaoban.commands import json_record_template, json_strings

    if not rows:
        return "[]"
    template = json_record_template(tuple(rows[0].as_json()))
    encode = json_strings

    def day(value: object) -> str:
        return "null" if value is None else f'"{value}"'  # ISO dates need no escaping

    return "[\n" + ",\n".join([template % (
        row.id, encode(row.title), encode(row.lead_unit),
        "[]" if not row.supporting_units else "[\n      " + ",\n      ".join(
            map(encode, row.supporting_units)) + "\n    ]",
        day(row.assigned_on), day(row.due_on), encode(row.status), day(row.completed_on),
        "true" if row.overdue else "false", row.days_overdue,
        "null" if row.briefing_id is None else row.briefing_id,
    ) for row in rows]) + "\n]"

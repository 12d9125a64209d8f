"""giaoban import aspirations FILE.xlsx | giaoban export aspirations|tasks --out FILE."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from giaoban.commands import context_from
from giaoban.commands.arguments import record_id
from giaoban.core.csvfile import CsvForm
from giaoban.i18n import _, format_number

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    importer = subparsers.add_parser(
        "import", parents=[common], help=_("nhập tâm tư – kiến nghị từ tệp Excel (.xlsx)")
    )
    importer.add_argument("what", choices=["aspirations"], help=_("loại dữ liệu"))
    importer.add_argument("file", metavar="FILE.xlsx", help=_("tệp Excel cần nhập"))
    importer.add_argument("--briefing", type=record_id, metavar="ID",
                          help=_("gắn các dòng nhập vào cuộc giao ban số ID"))
    importer.add_argument("--body", metavar="NAME",
                          help=_("cơ quan phản ánh cho các dòng không ghi cơ quan"))
    importer.add_argument("--rejected", metavar="FILE.xlsx",
                          help=_("ghi các dòng không nhập được, kèm lý do, ra tệp Excel này để "
                                 "gửi lại cơ quan"))
    importer.add_argument("--dry-run", action="store_true",
                          help=_("chỉ kiểm tra, cho biết dòng nào nhập được, không ghi gì"))
    importer.set_defaults(handler=run_import)

    exporter = subparsers.add_parser(
        "export", parents=[common], help=_("xuất danh sách ra tệp Excel (.xlsx), CSV hoặc lịch (.ics)")
    )
    exporter.add_argument("what", choices=["aspirations", "tasks"], help=_("loại dữ liệu"))
    exporter.add_argument("--out", required=True, metavar="FILE", help=_("tệp kết quả"))
    from giaoban.commands.aspirations import add_csv_option, add_filter_arguments
    from giaoban.commands.tasks import add_calendar_option

    add_filter_arguments(exporter)
    add_csv_option(exporter)
    add_calendar_option(exporter)
    exporter.add_argument("--overdue", action="store_true", help=_("nhiệm vụ: chỉ việc quá hạn"))
    exporter.add_argument("--unit", metavar="NAME", help=_("nhiệm vụ: đơn vị chủ trì"))
    exporter.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace) -> int:
    from giaoban.core.services.aspiration_import import read_workbook
    from giaoban.core.services.aspiration_import_write import import_aspirations

    path = Path(args.file)
    ctx = context_from(args, create=False)
    try:
        from giaoban.commands.aspirations import find_body

        body = find_body(ctx, args.body) if args.body else None
        plan = read_workbook(ctx, path, briefing_id=args.briefing, default_organization_id=body)
        for problem in plan.problems:
            print(_("Dòng {row}: {reason}").format(row=problem.row, reason=problem.reason))
        if plan.unmatched_bodies:
            print(_("Cơ quan không có trong danh bạ: {names}.").format(names=", ".join(
                f"“{name}” ({count})" for name, count in plan.unmatched_bodies.items())))
        if args.rejected and plan.problems:
            from giaoban.core.services.import_rejects import save_rejected

            saved = save_rejected(plan, Path(args.rejected))
            print(_("Đã ghi {n} dòng không nhập được vào “{file}”.").format(
                n=format_number(len(plan.problems)), file=saved))
        if args.dry_run:
            print(_("Kiểm tra xong (chưa ghi gì): {ok} dòng nhập được, {bad} dòng lỗi.").format(
                ok=format_number(len(plan.rows)), bad=format_number(len(plan.problems))))
            return 0 if not plan.problems else 1
        count = import_aspirations(ctx, plan)
        print(_("Đã nhập {n} tâm tư – kiến nghị từ “{file}”.").format(
            n=format_number(count), file=path.name))
        return 0
    finally:
        ctx.db.dispose()  # also lets the next writer in (the hold is the database's)


def _export_tasks(ctx: AppContext, out: Path, args: argparse.Namespace) -> int:
    from giaoban.core.services.task_export import export_tasks

    filters = {"overdue": args.overdue, "status": args.status, "unit": args.unit}
    return export_tasks(ctx, out, filters={k: v for k, v in filters.items() if v},
                        csv_form=CsvForm(args.csv_form), calendar_all=args.calendar_all)


def run_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    ctx = context_from(args, create=False)
    try:
        if args.what == "tasks":
            count = _export_tasks(ctx, out, args)
        else:
            from giaoban.commands.aspirations import filter_from_args
            from giaoban.core.services.aspiration_export import export_aspirations

            count = export_aspirations(ctx, out, filter_from_args(ctx, args),
                                       csv_form=CsvForm(args.csv_form))
    finally:
        ctx.db.dispose()
    print(_("Đã xuất {n} dòng ra “{file}”.").format(n=format_number(count), file=out))
    return 0

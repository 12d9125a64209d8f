"""Core long work takes plain progress/cancel callables (no Qt); without them it runs as before."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from giaoban.core.errors import Cancelled
from giaoban.core.services import directory
from giaoban.core.services.aspiration_export import export_aspirations
from giaoban.core.services.aspiration_import import read_workbook
from giaoban.core.services.aspiration_import_write import import_aspirations
from giaoban.core.services.task_export import export_tasks
from tests.backup_helpers import dump_tables


def _plan(ctx, tmp_path, rows=300):
    body = directory.list_organizations(ctx)[0].name
    wb = Workbook()
    wb.active.append(["Ngày", "Cơ quan phản ánh", "Nội dung"])
    for n in range(rows):
        wb.active.append([dt.date(2026, 10, 5), body, f"Đề nghị sửa cầu treo số {n}"])
    wb.save(tmp_path / "in.xlsx")
    seen = []
    plan = read_workbook(ctx, tmp_path / "in.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1] and len(plan.rows) == rows
    return plan


def test_import_cancelled_midway_rolls_back(ctx, tmp_path):
    plan = _plan(ctx, tmp_path)
    before = dump_tables(ctx.db.path)
    calls = []
    with pytest.raises(Cancelled):
        import_aspirations(ctx, plan, progress=lambda d, t: calls.append(d),
                           cancelled=lambda: len(calls) >= 2)  # after 250 rows were added
    assert max(calls) >= 250
    assert dump_tables(ctx.db.path) == before
    assert import_aspirations(ctx, plan) == 300  # the CLI path: no callables, synchronous


def test_dry_run_can_be_cancelled(ctx, tmp_path):
    _plan(ctx, tmp_path)
    with pytest.raises(Cancelled):
        read_workbook(ctx, tmp_path / "in.xlsx", cancelled=lambda: True)


@pytest.mark.parametrize("name", ["tktn.xlsx", "tktn.csv", "nv.xlsx", "nv.csv", "nv.ics"])
def test_cancelled_export_leaves_no_file(demo_ctx, tmp_path, name):
    export = export_aspirations if name.startswith("tktn") else export_tasks
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / name
    reports = []
    with pytest.raises(Cancelled):
        export(demo_ctx, out, None, progress=lambda d, t: reports.append((d, t)),
               cancelled=lambda: len(reports) >= 2)  # rows fetched, writing under way
    assert list(folder.iterdir()) == []  # the temporary file was removed
    count = export(demo_ctx, out, None, progress=lambda d, t: reports.append((d, t)))
    assert out.exists() and count > 0 and reports[-1] == (reports[-1][1], reports[-1][1])


def test_exported_file_is_readable_by_others_like_before(demo_ctx, tmp_path):
    """Written via a private temporary file, the export still ends up shareable (0644)."""
    for out in (tmp_path / "nv.csv", tmp_path / "tktn.csv"):
        (export_tasks if out.name.startswith("nv") else export_aspirations)(demo_ctx, out, None)
        assert out.stat().st_mode & 0o777 == 0o644

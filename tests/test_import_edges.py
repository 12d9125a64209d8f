"""Importing spreadsheets at the edges: sentinel and two-digit-year dates, stray far-away cells,
a FIFO instead of a file. Each ends in a row-level reason or one clear error, never a guess."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from giaoban.cli import main
from giaoban.core.errors import GiaobanError
from giaoban.core.services.aspiration_import import read_workbook


def _workbook(path: Path, dates: list[object]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Ngày", "Cơ quan phản ánh", "Nội dung"])
    for number, value in enumerate(dates, start=1):
        ws.append([value, "Hội Nông dân tỉnh", f"Kiến nghị số {number}"])
    wb.save(path)
    return path


def test_sentinel_and_ambiguous_dates_are_refused_by_row(ctx, tmp_path):
    dates = ["1/1/9999", "31/12/99", "9999-12-31", dt.datetime(9999, 12, 31), "1/1/1900",
             "15/3/26", "15/3/2026", dt.datetime(2026, 8, 15)]
    plan = read_workbook(ctx, _workbook(tmp_path / "dates.xlsx", dates))
    reasons = {problem.row: problem.reason for problem in plan.problems}
    for row in (2, 4, 5, 6):
        assert "năm phải từ 1945 đến 2200" in reasons[row], reasons
    assert "đủ bốn chữ số" in reasons[3] and "31/12/99" in reasons[3]
    imported = {number: values["raised_on"] for number, values in plan.rows}
    assert imported == {7: dt.date(2026, 3, 15), 8: dt.date(2026, 3, 15),
                        9: dt.date(2026, 8, 15)}


def test_a_stray_cell_at_the_last_row_does_not_make_a_small_file_too_big(ctx, tmp_path):
    path = _workbook(tmp_path / "stray.xlsx", ["15/3/2026"] * 3)
    wb = load_workbook(path)
    wb.active.cell(row=1_048_576, column=7, value=" ")  # what a slip of the keyboard leaves
    wb.save(path)
    plan = read_workbook(ctx, path)
    assert [number for number, _values in plan.rows] == [2, 3, 4] and plan.problems == []

    wb = load_workbook(path)
    wb.active.cell(row=1_048_576, column=3, value="Kiến nghị lạc ở dòng cuối")
    wb.save(path)
    plan = read_workbook(ctx, path)
    assert [number for number, _values in plan.rows] == [2, 3, 4]
    assert [problem.row for problem in plan.problems] == [1_048_576]  # said, not hidden
    assert plan.skipped_blank == 1_048_576 - 5


@pytest.mark.timeout(30)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_as_the_import_file_is_refused_at_once(ctx, tmp_path, capsys):
    fifo = tmp_path / "list.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(GiaobanError) as info:
        read_workbook(ctx, fifo)
    assert "không phải tệp thường" in str(info.value)
    assert main(["import", "aspirations", str(fifo), "--dry-run", "--db", str(ctx.db.path)]) == 1
    err = capsys.readouterr().err.strip()
    assert "không phải tệp thường" in err and "\n" not in err

"""Importing spreadsheets at the edges: sentinel and two-digit-year dates, stray far-away cells,
a FIFO instead of a file. Each ends in a row-level reason or one clear error, never a guess."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

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

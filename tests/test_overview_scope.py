"""One scope on screen and on paper (issue 15, item 8), driven in the real window on the demo data.

The Kỳ is chosen with the keyboard; then what the page shows — cards, the unit table, the chart
bar of the quarter — is checked against the tasks counted here one by one with the one rule
(``task_standing``), the report (PDF through the preview's own save action) and its Excel are
read back and must hold the same tasks and figures, and a unit's line opens the task list of
that unit limited to the same Kỳ. "Mọi thời gian" gives a report of every task, titled so.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from sqlmodel import col, select

from giaoban.core.models import Task
from giaoban.core.periods import Period
from giaoban.core.services.tasks_rules import Standing, task_standing
from giaoban.ui.pages.overview import UnitModel
from tests.documents_fixtures import pdf_pages, squash
from tests.qt_helpers import wait_exposed

CTRL = Qt.KeyboardModifier.ControlModifier
DONE = (Standing.ON_TIME, Standing.LATE)
OPEN = (Standing.IN_PROGRESS, Standing.NOT_STARTED, Standing.OVERDUE)


def _choose(qtbot, page, text: str) -> None:
    """Pick a Kỳ the way a person does: focus the combo, Home, then Down until it shows."""
    combo = page.period
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, [combo.itemText(i) for i in range(combo.count())]


def _scope_tasks(ctx, period: Period | None) -> list[Task]:
    """The live tasks assigned in the period by today, read straight from the table."""
    today = ctx.today()
    with ctx.session() as s:
        rows = list(s.exec(select(Task).where(col(Task.deleted_at).is_(None))))
    return [t for t in rows if t.assigned_on <= today
            and (period is None or period.start <= t.assigned_on <= period.end)]


def _standings(ctx, rows: list[Task]) -> Counter:
    return Counter(task_standing(t.status, t.due_on, t.completed_on, ctx.today()).key
                   for t in rows)


def _column_sum(page, column: int) -> int:
    model = page.units
    # figures read as shown: "1.204" is one thousand two hundred and four
    return sum(int(model.data(model.index(r, column)).replace(".", ""))
               for r in range(model.rowCount()))


def _report_pdf(qtbot, window, page, monkeypatch, path: Path) -> str:
    """Ctrl+P, then the preview's own "Lưu PDF…": the text of the saved report."""
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(path), ""))
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    dialog = page.preview_dialog
    wait_exposed(qtbot, dialog)
    try:
        dialog.findChild(QAction, "savePdfAction").trigger()
    finally:
        dialog.close()
    # the preview closed, the window is the active one again (its shortcuts reach it)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return squash("".join(pdf_pages(path)))


def _printed(text: str, label: str) -> int:
    found = re.search(squash(label) + r"(\d+)", text)
    assert found, label
    return int(found.group(1))


@pytest.mark.timeout(120)
def test_a_quarter_is_one_scope_on_screen_in_the_report_and_the_drill_down(
        window, demo_ctx, qtbot, monkeypatch, tmp_path):
    ctx = demo_ctx
    page = window.show_area("overview")
    page.activated()
    all_time = (page.card_open.value, page.card_done.value)
    _choose(qtbot, page, "Quý II/2026")
    quarter = Period.of(2026, 2)
    rows = _scope_tasks(ctx, quarter)
    counts = _standings(ctx, rows)
    assert rows and (page.card_open.value, page.card_done.value) != all_time

    # the cards, the unit table and the chart agree with the tasks counted one by one
    done = counts[Standing.ON_TIME] + counts[Standing.LATE]
    assert int(page.card_done.value) == done
    assert int(page.card_done.value) == _column_sum(page, UnitModel.ON_TIME) + _column_sum(
        page, UnitModel.LATE)
    assert int(page.card_open.value) == sum(counts[k] for k in OPEN)
    assert int(page.card_overdue.value) == counts[Standing.OVERDUE] == _column_sum(
        page, UnitModel.OVERDUE)
    live = [t for t in rows if t.status != "cancelled"]
    assert _column_sum(page, UnitModel.ASSIGNED) == len(live)
    bar = page.overview.quarters[-1]
    assert (bar.year, bar.quarter, bar.assigned, bar.completed) == (2026, 2, len(live), done)
    assert "Quý II/2026" in page.as_of.text()

    # the report of the Kỳ says which and prints the page's figures
    text = _report_pdf(qtbot, window, page, monkeypatch, tmp_path / "q2.pdf")
    assert squash("quý II năm 2026") in text
    assert _printed(text, "Tổng số nhiệm vụ được giao: ") == len(live)
    assert _printed(text, "Đã hoàn thành đúng hạn: ") + _printed(
        text, "Hoàn thành quá hạn: ") == done
    assert _printed(text, "Quá hạn chưa hoàn thành: ") == counts[Standing.OVERDUE]

    # its Excel holds exactly the Kỳ's tasks
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "q2.xlsx"), ""))
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    book = openpyxl.load_workbook(tmp_path / "q2.xlsx")
    cells = {c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for c in row if isinstance(c, str)}
    with ctx.session() as s:
        every_title = {t.title for t in s.exec(select(Task).where(col(Task.deleted_at).is_(None)))}
    assert {t.title for t in live} <= cells
    outside = every_title - {t.title for t in rows}
    assert outside and not (outside & cells)

    # a unit's line opens its tasks of the same Kỳ, and the list says so
    page.unit_view.setFocus()
    page.unit_view.setCurrentIndex(page.units.index(0, 0))
    unit = page.units.row_at(0)
    qtbot.keyClick(page.unit_view, Qt.Key.Key_Return)
    tasks_page = window.page("tasks")
    assert window.current_page() is tasks_page
    expected = {t.id for t in rows if t.lead_unit_id == unit.unit_id}
    assert set(tasks_page.model.ids()) == expected
    assert len(expected) == unit.assigned + sum(
        1 for t in rows if t.lead_unit_id == unit.unit_id and t.status == "cancelled")
    scope = tasks_page.filters.assigned
    assert scope.isVisible() and scope.text() == "Quý II/2026 ✕"
    assert "giao trong Quý II/2026" in scope.toolTip()
    qtbot.mouseClick(scope, Qt.MouseButton.LeftButton)  # lifting it shows every period
    assert not scope.isVisible()
    everything = {t.id for t in _scope_tasks(ctx, None) if t.lead_unit_id == unit.unit_id}
    assert set(tasks_page.model.ids()) >= everything > expected

    # the cards open the Kỳ's tasks too
    page = window.show_area("overview")
    assert page.period.currentText() == "Quý II/2026"  # the page kept its Kỳ
    for card, standings in ((page.card_overdue, (Standing.OVERDUE,)), (page.card_open, OPEN)):
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
        shown = set(window.page("tasks").model.ids())
        assert shown == {t.id for t in rows if task_standing(
            t.status, t.due_on, t.completed_on, ctx.today()).key in standings}
        assert len(shown) == int(card.value)
        page = window.show_area("overview")


@pytest.mark.timeout(120)
def test_all_time_report_covers_every_task_on_the_page(window, demo_ctx, qtbot, monkeypatch,
                                                       tmp_path):
    ctx = demo_ctx
    page = window.show_area("overview")
    page.activated()
    _choose(qtbot, page, "Quý III/2026")
    _choose(qtbot, page, "Mọi thời gian")
    rows = _scope_tasks(ctx, None)
    counts = _standings(ctx, rows)
    live = [t for t in rows if t.status != "cancelled"]
    assert _column_sum(page, UnitModel.ASSIGNED) == len(live)
    assert int(page.card_done.value) == counts[Standing.ON_TIME] + counts[Standing.LATE]
    text = _report_pdf(qtbot, window, page, monkeypatch, tmp_path / "all.pdf")
    assert squash("mọi thời gian") in text
    assert _printed(text, "Tổng số nhiệm vụ được giao: ") == len(live)
    oldest = min(live, key=lambda t: t.assigned_on)
    assert oldest.assigned_on.year < ctx.today().year  # the demo spans years: the oldest is in
    assert squash(oldest.title) in text

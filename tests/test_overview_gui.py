"""The overview page: figures from compute_overview, drill-down to the task list, the chart."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from giaoban.core.services import directory, tasks
from giaoban.ui.pages.overview import OverviewPage, UnitModel

D = dt.date


@pytest.fixture
def data(ctx):
    a, b = [o.id for o in directory.list_organizations(ctx)][:2]
    t1 = tasks.create_task(ctx, title="Quá hạn của A", lead_unit_id=a, assigned_on=D(2026, 9, 1),
                           due_on=D(2026, 10, 1))
    t2 = tasks.create_task(ctx, title="Sắp đến hạn của B", lead_unit_id=b, supporting_unit_ids=[a],
                           assigned_on=D(2026, 10, 1), due_on=D(2026, 12, 1))
    t3 = tasks.create_task(ctx, title="Đã xong của A", lead_unit_id=a, assigned_on=D(2026, 10, 1),
                           due_on=D(2026, 11, 1))
    tasks.complete_task(ctx, t3.id, completed_on=D(2026, 10, 20))
    return a, b, t1.id, t2.id, t3.id


def test_figures_and_unit_table(data, window, qtbot):
    a, _b, t1, _t2, _t3 = data
    page = window.show_area("overview")
    assert isinstance(page, OverviewPage)
    assert page.card_open.value == "2"
    assert page.card_overdue.value == "1"
    assert page.card_due.value == "1"
    assert page.card_done.value == "1" and page.card_done.caption == "Đã hoàn thành"
    assert page.card_rate.value == "50%"  # 1 on time / (1 on time + 1 overdue)
    first = page.units.row_at(0)
    assert (first.unit_id, first.assigned, first.overdue) == (a, 2, 1)
    assert page.units.data(page.units.index(0, UnitModel.RATE)) == "50%"
    assert [r.id for r in page.overdue.rows()] == [t1]
    assert page.chart.axis_labels()[-1] == "Quý IV/2026" and len(page.chart.axis_labels()) == 8


@pytest.mark.timeout(60)
def test_click_on_a_unit_opens_its_tasks(data, window, qtbot):
    a, _b, t1, _t2, t3 = data
    page = window.show_area("overview")
    view = page.unit_view
    rect = view.visualRect(page.units.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page() is window.page("tasks")
    tasks_page = window.page("tasks")
    assert tasks_page.filters.unit.currentData() == a
    assert sorted(tasks_page.model.ids()) == sorted([t1, t3])  # led by A, not t2 (A supports)


def test_enter_on_an_overdue_task_selects_it(data, window, qtbot):
    _a, _b, t1, _t2, _t3 = data
    page = window.show_area("overview")
    page.overdue_view.setFocus()
    page.overdue_view.setCurrentIndex(page.overdue.index(0, 0))
    qtbot.keyClick(page.overdue_view, Qt.Key.Key_Return)
    assert window.current_page() is window.page("tasks")
    assert window.page("tasks").current_id() == t1


def test_overdue_card_opens_overdue_list(data, window, qtbot):
    _a, _b, t1, _t2, _t3 = data
    page = window.show_area("overview")
    qtbot.mouseClick(page.card_overdue, Qt.MouseButton.LeftButton)
    assert window.page("tasks").model.ids() == [t1]


def test_chart_paints(data, window, qtbot):
    page = window.show_area("overview")
    page.chart.resize(500, 240)
    image = page.chart.grab().toImage()
    assert image.width() == 500
    colours = {image.pixelColor(x, y).name() for x in range(0, 500, 5) for y in range(0, 240, 5)}
    assert "#2f6db5" in colours  # the assigned bars were drawn


def test_an_empty_database_chart_says_so(window, qtbot):
    """No task yet: the chart says there is none instead of an axis with a lone "1"."""
    page = window.show_area("overview")
    page.chart.resize(500, 240)
    assert page.chart.empty()
    said = page.chart.accessibleDescription()
    assert "Chưa có nhiệm vụ nào" in said and page.chart.toolTip() == said
    assert not page.chart.grab().toImage().isNull()  # painted without an axis


def test_thousands_read_whole_in_the_unit_table_and_the_chart(qtbot):
    """At ten years of tasks a unit holds thousands: the table groups them as the cards do
    ("10.300") and still sorts by the number; the chart's axis is wide enough for "3.700" and
    the bars' figures stand upright instead of running into each other."""
    from giaoban.core.services.overview import QuarterFigures, UnitFigures
    from giaoban.ui.models.base import SORT_ROLE
    from giaoban.ui.pages.overview_chart import QuarterChart

    units = UnitModel()
    units.set_rows([UnitFigures(1, "Hội Nông dân tỉnh", 10300, 7703, 1942, 188, 467),
                    UnitFigures(2, "Tỉnh đoàn", 950, 900, 20, 10, 20)])
    assert units.data(units.index(0, UnitModel.ASSIGNED)) == "10.300"
    assert units.data(units.index(0, UnitModel.LATE)) == "1.942"
    assert units.data(units.index(1, UnitModel.ASSIGNED)) == "950"
    assert units.data(units.index(0, UnitModel.ASSIGNED), SORT_ROLE) > units.data(
        units.index(1, UnitModel.ASSIGNED), SORT_ROLE)

    chart = QuarterChart()
    qtbot.addWidget(chart)
    chart.resize(430, 500)
    chart.set_quarters([QuarterFigures(2025 + i // 4, i % 4 + 1, 3700 - i, 3600 - i)
                        for i in range(8)])
    axis, upright = chart.figure_layout()
    assert axis >= chart.fontMetrics().horizontalAdvance("3.700") and upright
    assert not chart.grab().toImage().isNull()
    chart.set_quarters([QuarterFigures(2026, q, 12, 9) for q in (1, 2)])
    axis, upright = chart.figure_layout()
    assert axis == 24 and not upright  # a few tasks: figures level over their bars


def test_figure_headings_take_two_lines_so_the_names_keep_their_room():
    from giaoban.ui.pages.overview_parts import two_lines

    units = UnitModel()
    heading = units.headerData(UnitModel.OPEN, Qt.Orientation.Horizontal)
    assert heading == "Đang thực\nhiện" or heading == "Đang\nthực hiện"
    assert units.headerData(UnitModel.UNIT, Qt.Orientation.Horizontal) == "Đơn vị chủ trì"
    assert units.headerData(UnitModel.LATE, Qt.Orientation.Horizontal) == "Chậm"
    assert two_lines("Tỷ lệ đúng hạn") == "Tỷ lệ\nđúng hạn"

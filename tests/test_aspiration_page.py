"""The Tâm tư – kiến nghị page and the global search, driven like a user would."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from giaoban.core.services import aspiration_query as query
from giaoban.core.services.aspirations import get_aspiration
from giaoban.ui.dialogs import ask
from giaoban.ui.pages.aspiration_model import PAGE, AspirationListModel
from tests.qt_helpers import type_text


@pytest.fixture
def page(demo_ctx, window):
    return window.show_area("aspirations")


def test_list_is_lazy_and_counts(page, demo_ctx, monkeypatch):
    total = query.count_aspirations(demo_ctx)
    assert page.model.rowCount() == total
    assert page.filter_bar.count_label.text() == f"Hiển thị {total} / {total}"
    assert page.model.fetches <= 2  # only the rows on screen were read
    monkeypatch.setattr(AspirationListModel, "page_size", 50)
    model = AspirationListModel(demo_ctx)
    model.set_ids(query.aspiration_ids(demo_ctx))
    model.data(model.index(0, model.CONTENT))
    model.data(model.index(49, model.BODY))
    assert model.fetches == 1 and len(model._cache) == 50
    assert model.data(model.index(120, model.CONTENT))
    assert model.fetches == 2 and len(model._cache) == 100 and PAGE == 200


def test_search_as_you_type_ignores_marks(page, qtbot):
    qtbot.keyClick(page, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    type_text(page.filter_bar.search, "ĐƯỜNG")
    page.filter_bar.flush()
    shown = page.model.rowCount()
    assert 0 < shown < page.total
    texts = [page.model.data(page.model.index(r, page.model.CONTENT)) for r in range(shown)]
    assert all("đường" in t.lower() for t in texts)
    page.filter_bar.search.clear()
    page.filter_bar.flush()
    type_text(page.filter_bar.search, "duon")
    page.filter_bar.flush()
    assert page.model.rowCount() == shown
    page.filters.status.setCurrentIndex(page.filters.status.findData("received"))
    assert page.model.rowCount() <= shown
    page.filter_bar.clear()
    assert page.model.rowCount() == page.total


def test_sorting_by_header_asks_the_database(page):
    page.view.sortByColumn(AspirationListModel.BODY, Qt.SortOrder.AscendingOrder)
    first = page.model.data(page.model.index(0, AspirationListModel.BODY))
    last = page.model.data(page.model.index(page.model.rowCount() - 1, AspirationListModel.BODY))
    assert first.startswith("Ban") and last.startswith("Ủy ban")


def test_answer_an_aspiration_and_see_history(page, qtbot, demo_ctx):
    row_id = page.model.id_at(page.model.rowCount() - 1)  # the oldest
    assert page.select_record(row_id) and page.detail.aspiration_id == row_id
    page.detail.status.setCurrentIndex(page.detail.status.findData("answered"))
    page.detail.response.setPlainText("Đã trả lời tại hội nghị tiếp xúc cử tri.")
    page.detail.has_response_date.setChecked(True)
    assert page.has_unsaved_changes()
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.has_unsaved_changes()
    saved = get_aspiration(demo_ctx, row_id)
    assert saved.status == "answered" and saved.response.startswith("Đã trả lời")
    page.tabs.setCurrentWidget(page.history)  # the history is read when its tab is opened
    assert page.history.model.rowCount() >= 1
    page.tabs.setCurrentIndex(0)
    page.detail.content.setPlainText("   ")
    assert page.save() is False
    assert page.detail.errors.message("content")
    page.discard_changes()
    assert not page.has_unsaved_changes()


def test_new_aspiration_with_keyboard(page, qtbot, demo_ctx):
    before = page.total
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.detail.aspiration_id is None
    page.detail.organization.setCurrentIndex(1)
    type_text(page.detail.content, "Đề nghị lắp đèn đường thôn Đông")
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.total == before + 1
    assert get_aspiration(demo_ctx, page.current_id()).content == "Đề nghị lắp đèn đường thôn Đông"


def test_delete_moves_to_trash_after_asking(page, qtbot, monkeypatch, demo_ctx):
    asked = []
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: asked.append(a) or True)
    row_id = page.current_id()
    page.view.setFocus()
    page.delete_selected()
    assert asked and page.model.row_of(row_id) < 0
    assert row_id not in query.aspiration_ids(demo_ctx)


def test_make_task_from_aspiration(page, qtbot, demo_ctx):
    row_id = page.current_id()
    page.make_task()
    dialog = page.task_dialog
    assert dialog.isVisible() and "Giải quyết kiến nghị" in dialog.title_edit.text()
    dialog.create_task()
    assert not dialog.isVisible()
    rows = query.aspiration_rows(demo_ctx, [row_id])
    assert rows[0].task_ids
    title = dialog.title_edit.text()
    shown = page.detail.tasks.text()  # links both ways: the aspiration names its task by title
    assert title[:20] in shown and "#" not in shown and "Chưa thực hiện" in shown
    assert "tâm tư – kiến nghị “" in dialog.windowTitle()  # named by its words, not its number


def test_export_and_import_from_the_page(page, monkeypatch, tmp_path, demo_ctx, qtbot):
    out = tmp_path / "register.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.filters.status.setCurrentIndex(page.filters.status.findData("received"))
    page.export()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=10000)  # written on a worker thread
    sheet = load_workbook(out).active
    assert sheet.max_row - 1 == page.model.rowCount()
    wb = Workbook()
    wb.active.append(["Ngày", "Nội dung", "Cột lạ"])
    wb.active.append([dt.date(2026, 11, 2), "Kiến nghị mở lớp dạy nghề", "Hội Nông dân tỉnh"])
    source = tmp_path / "in.xlsx"
    wb.save(source)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    page.import_excel()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=10000)  # read on a worker thread
    dialog = page.import_dialog
    assert not dialog.import_button.isEnabled()  # no body yet: explained in the list
    dialog.columns[2].setCurrentIndex(dialog.columns[2].findData("organization"))
    qtbot.waitUntil(lambda: dialog.long_task.done, timeout=10000)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Nhập 1 dòng"
    total = page.total
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.long_task.done, timeout=10000)
    assert page.total == total + 1


def test_global_search_opens_the_record(window, demo_ctx, qtbot):
    from giaoban.core.services.aspirations import create_aspiration
    from giaoban.core.services.directory import list_organizations
    from giaoban.ui.dialogs.global_search import open_global_search

    org = list_organizations(demo_ctx)[0]
    row = create_aspiration(demo_ctx, organization_id=org.id, raised_on=dt.date(2020, 5, 4),
                            content="Đề nghị nạo vét kênh Xuân Thủy")
    window.show_area("aspirations").filters.status.setCurrentIndex(
        window.page("aspirations").filters.status.findData("closed"))  # a filter that hides it
    window.show_area("directory")
    dialog = open_global_search(window)
    assert dialog.isVisible() and not dialog.isModal()
    type_text(dialog.box, "kenh xuan thuy")
    dialog.run()
    assert dialog.model.row_at(0).id == row.id and dialog.model.row_at(0).type == "aspiration"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    page = window.current_page()
    assert page is window.page("aspirations") and page.current_id() == row.id
    assert page.detail.content.toPlainText() == "Đề nghị nạo vét kênh Xuân Thủy"
    assert open_global_search(window) is dialog
    type_text(dialog.box, "zzzq")
    dialog.run()
    assert dialog.model.rowCount() == 0 and "Không tìm thấy" in dialog.count.text()


def test_edit_and_delete_can_be_undone(page, qtbot, demo_ctx, monkeypatch, window):
    row_id = page.model.id_at(page.model.rowCount() - 1)
    page.select_record(row_id)
    old = get_aspiration(demo_ctx, row_id).locality
    page.detail.locality.setText("thôn Mới")
    assert page.save()
    assert get_aspiration(demo_ctx, row_id).locality == "thôn Mới"
    window.undo_stack.undo()
    assert get_aspiration(demo_ctx, row_id).locality == old
    window.undo_stack.redo()
    assert get_aspiration(demo_ctx, row_id).locality == "thôn Mới"
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)
    page.select_record(row_id)
    page.delete_selected()
    assert row_id not in query.aspiration_ids(demo_ctx)
    window.undo_stack.undo()
    assert row_id in query.aspiration_ids(demo_ctx) and page.model.row_of(row_id) >= 0


def test_period_filter_survives_refresh(page, demo_ctx):
    combo = page.filters.period_from
    combo.setCurrentIndex(combo.findData("2026-Q3"))
    page.filters.period_to.setCurrentIndex(page.filters.period_to.findData("2026-Q3"))
    rows = query.aspiration_rows(demo_ctx, page.model.ids())
    assert rows and all(dt.date(2026, 7, 1) <= r.raised_on <= dt.date(2026, 9, 30) for r in rows)
    shown = page.model.rowCount()
    page.refresh()
    assert combo.currentText() == "Quý III/2026" and page.model.rowCount() == shown

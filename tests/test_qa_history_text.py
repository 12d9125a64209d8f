"""QA: what the history shows is Vietnamese and at the same local time everywhere."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from giaoban.core.services import directory
from giaoban.core.services.history import history_of, list_history
from giaoban.ui.dialogs.history import GlobalHistoryModel
from giaoban.ui.widgets.history_panel import HistoryModel, describe_changes


@pytest.fixture
def vietnam_time(monkeypatch):
    """The office's clock: UTC+7 (POSIX form, so no time zone database is needed)."""
    monkeypatch.setenv("TZ", "ICT-7")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_history_of_shows_the_same_local_time_as_the_history_dialog(ctx, qtbot, vietnam_time):
    org = directory.create_organization(ctx, name="Hội Sinh viên tỉnh")
    [event] = history_of(ctx, "organization", org.id)
    panel = HistoryModel()
    panel.set_rows([event])
    office = GlobalHistoryModel()
    office.set_rows([event])
    in_panel = panel.index(0, HistoryModel.WHEN).data()
    in_dialog = office.index(0, GlobalHistoryModel.WHEN).data()
    assert in_dialog.startswith(in_panel), (in_panel, in_dialog)


def test_first_history_lines_of_a_new_database_are_in_vietnamese(ctx):
    seeded = [r for r in list_history(ctx) if r.entity == "organization" and r.entity_id is None]
    assert seeded, "a new database records the bodies it starts with"
    text = describe_changes(seeded[0])
    assert "seeded" not in text and text.endswith("10"), text


def test_demo_load_is_described_in_vietnamese(demo_ctx):
    [event] = [r for r in list_history(demo_ctx) if r.entity == "database"]
    text = describe_changes(event)
    for raw in ("aspiration:", "task_update", "briefing:", "person:", "demo:"):
        assert raw not in text, text
    assert "Nhiệm vụ: 83" in text or "Nhiệm vụ:" in text


def test_attendance_presence_tooltip_is_words(window, qtbot, demo_ctx):
    page = window.show_area("briefings")
    page.new_item()
    grid = page.editor.attendance
    assert grid.model.rowCount() > 0
    column = next(i for i, c in enumerate(grid.model.columns) if c.kind == "check")
    tip = grid.model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
    assert tip in ("Có mặt", "Vắng"), tip


def test_history_of_says_values_in_words_and_dates_dd_mm_yyyy(demo_ctx):
    import datetime as dt

    from giaoban.core.services import aspiration_query, aspirations, tasks

    aid = aspiration_query.aspiration_ids(demo_ctx)[0]
    aspirations.update_aspiration(demo_ctx, aid, status="answered", response="Đã trả lời",
                                  field="social")
    [asp] = history_of(demo_ctx, "aspiration", aid)[:1]
    text = describe_changes(asp)
    assert "Đã trả lời, giải thích" in text or "answered" not in text, text
    for raw in ("received", "answered", "social", "other"):
        assert raw not in text, text
    tid = next(t.id for t in tasks.list_tasks(demo_ctx) if t.status == "in_progress")
    tasks.update_task(demo_ctx, tid, priority="low")
    tasks.complete_task(demo_ctx, tid, completed_on=dt.date(2026, 11, 29), result="Xong")
    texts = [describe_changes(r) for r in history_of(demo_ctx, "task", tid)[:2]]
    joined = " ".join(texts)
    for raw in ("in_progress", "done", "high", "low", "2026-11-29"):
        assert raw not in joined, joined
    assert "29/11/2026" in joined and "Đã hoàn thành" in joined, joined


def test_a_briefing_s_conclusions_read_as_what_was_added_and_removed(ctx):
    from giaoban.core.services import briefings
    from giaoban.core.services.briefing_draft import ConclusionDraft

    draft = briefings.BriefingDraft(year=2026, quarter=4, conclusions=[
        ConclusionDraft(text="Giao Ban Dân vận theo dõi việc sửa đường liên thôn"),
        ConclusionDraft(text="Mặt trận tổng hợp ý kiến cử tri")])
    briefing_id = briefings.save_briefing(ctx, draft)
    draft = briefings.load_briefing(ctx, briefing_id)
    draft.conclusions = [draft.conclusions[1],
                         ConclusionDraft(text="Hội Nông dân báo cáo trước 15/12")]
    briefings.save_briefing(ctx, draft, opened={"version": draft.version})
    newest = history_of(ctx, "briefing", briefing_id)[0]
    text = describe_changes(newest)
    assert ("Kết luận: thêm “Hội Nông dân báo cáo trước 15/12”; "
            "bỏ “Giao Ban Dân vận theo dõi việc sửa đường liên thôn”") in text, text
    assert "['" not in text and "[]" not in text, text


def test_conclusions_only_put_in_another_order_say_so():
    import datetime as dt

    from giaoban.core.services.history import HistoryRow

    row = HistoryRow(id=1, at=dt.datetime(2026, 11, 29, 2, 0), user="an", entity="briefing",
                     entity_id=3, action="update", note="",
                     changes={"conclusions": [["Một", "Hai"], ["Hai", "Một"]]})
    assert describe_changes(row) == "Kết luận: đổi thứ tự"

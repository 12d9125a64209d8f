"""QA: coming back to an area shows what was written elsewhere (another area or window) without F5
— e.g. aspirations typed into a briefing appear in the register."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from giaoban.core.services import aspiration_query, directory
from giaoban.core.services.aspirations import create_aspiration
from giaoban.ui.dialogs import ask

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


def test_register_and_lists_are_current_when_the_user_comes_back(demo_ctx, window, qtbot):
    register = window.show_area("aspirations")
    total = aspiration_query.count_aspirations(demo_ctx)
    people = window.show_area("directory")
    org = directory.create_organization(demo_ctx, name="Hội Người cao tuổi tỉnh")
    window.show_area("briefings")
    orgs = directory.list_organizations(demo_ctx)
    create_aspiration(demo_ctx, organization_id=orgs[0].id,
                      content="Kiến nghị nêu tại cuộc giao ban", raised_on=demo_ctx.today())

    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert register.filter_bar.count_label.text() == f"Hiển thị {total + 1} / {total + 1}"
    assert register.detail.organization.findData(org.id) >= 0
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    assert any(r.id == org.id for r in people.orgs.model.rows())


def test_briefing_list_counts_follow_task_changes(demo_ctx, window, qtbot):
    from giaoban.core.services import tasks as task_service

    briefings = window.show_area("briefings")
    row = next(r for r in briefings.model.rows() if r.open_tasks)
    open_ids = [t.id for t in task_service.list_tasks(demo_ctx)
                if t.briefing_id == row.id and t.status in ("not_started", "in_progress")]
    window.show_area("tasks")
    task_service.complete_task(demo_ctx, open_ids[0], completed_on=demo_ctx.today(),
                               result="Đã xong")
    window.show_area("briefings")
    again = next(r for r in briefings.model.rows() if r.id == row.id)
    assert again.open_tasks == row.open_tasks - 1

"""A deadline already past is asked about once wherever a task is given one: the task form, a
task made from an aspiration, a follow-up of a briefing (issue 13: it was taken without a word)."""

from __future__ import annotations

import datetime as D

import pytest
from PySide6.QtCore import Qt

from giaoban.core.services import directory, tasks
from giaoban.ui.dialogs import ask

CTRL = Qt.KeyboardModifier.ControlModifier


def _retype(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    for ch in text:
        qtbot.keyClick(field, ch)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


@pytest.mark.timeout(60)
def test_the_task_form_asks_once_about_a_past_deadline(window, qtbot, ctx, monkeypatch):
    asked: list[str] = []
    answers = iter([False, True])
    monkeypatch.setattr(ask, "confirm", lambda _p, title, text, *a, **k: (
        asked.append(text), next(answers))[1])
    lead = next(o.id for o in directory.list_organizations(ctx) if o.active)
    page = window.show_area("tasks")
    qtbot.keyClick(page, Qt.Key.Key_N, CTRL)
    detail = page.detail
    qtbot.keyClicks(detail.title_edit, "Kiem tra giai quyet don thu")
    detail.lead_combo.setCurrentIndex(detail.lead_combo.findData(lead))
    _retype(qtbot, detail.assigned_edit, "01/11/2026")
    _retype(qtbot, detail.due_edit, "20/11/2026")  # today is 29/11/2026
    qtbot.keyClick(page, Qt.Key.Key_S, CTRL)
    assert len(asked) == 1 and "20/11/2026" in asked[0] and "quá hạn" in asked[0]
    assert tasks.task_ids(ctx) == []  # "Sửa lại": nothing written, back to the form
    qtbot.keyClick(page, Qt.Key.Key_S, CTRL)
    assert len(asked) == 2
    (task_id,) = tasks.task_ids(ctx)
    assert tasks.get_task(ctx, task_id).due_on == D.date(2026, 11, 20)
    _retype(qtbot, detail.title_edit, "Kiem tra giai quyet don thu (sua)")
    qtbot.keyClick(page, Qt.Key.Key_S, CTRL)
    assert len(asked) == 2  # the deadline did not change: not asked again


@pytest.mark.timeout(60)
def test_a_form_the_service_refuses_anyway_is_not_asked(window, qtbot, ctx, monkeypatch):
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: pytest.fail("asked before the errors"))
    page = window.show_area("tasks")
    qtbot.keyClick(page, Qt.Key.Key_N, CTRL)
    _retype(qtbot, page.detail.due_edit, "20/11/2026")
    qtbot.keyClick(page, Qt.Key.Key_S, CTRL)
    assert page.detail.errors.message("title") and tasks.task_ids(ctx) == []
    page.discard_changes()  # leaving the unsaved form without the "save?" question

"""A lead unit missing from the directory is added from the task form itself (issue 13)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from giaoban.core.services import directory, tasks
from tests.qt_helpers import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.mark.timeout(60)
def test_a_new_body_is_added_beside_the_lead_unit_and_chosen(window, qtbot, ctx):
    page = window.show_area("tasks")
    qtbot.keyClick(page, Qt.Key.Key_N, CTRL)
    detail = page.detail
    qtbot.keyClicks(detail.title_edit, "Khao sat doi song cong nhan")
    detail.lead_combo.setFocus()
    qtbot.keyClick(detail.lead_combo, Qt.Key.Key_Tab)  # Tab from the unit reaches "Thêm…"
    assert detail.add_lead_button.hasFocus()
    qtbot.keyClick(detail.add_lead_button, Qt.Key.Key_Space)
    dialog = detail.add_lead_button.property("dialog")
    assert dialog.isVisible()
    dialog.add_button.click()  # no name yet: kept open, the reason under the field
    assert dialog.isVisible() and dialog.errors.message("name")
    type_text(dialog.name, "Hội Doanh nhân trẻ tỉnh")  # Vietnamese letters: QTest sends ASCII only
    qtbot.keyClicks(dialog.abbreviation, "HDNT")
    dialog.add_button.click()
    assert not dialog.isVisible()
    (org,) = [o for o in directory.list_organizations(ctx) if o.name == "Hội Doanh nhân trẻ tỉnh"]
    assert org.abbreviation == "HDNT" and detail.lead_combo.currentData() == org.id
    window.activateWindow()  # offscreen, a closed dialog gives no window the focus back
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    qtbot.keyClick(detail.lead_combo, Qt.Key.Key_S, CTRL)
    (task_id,) = tasks.task_ids(ctx)
    assert tasks.get_task(ctx, task_id).lead_unit_id == org.id
    assert window.undo_stack.count() == 2  # the body and the task: two steps of their own

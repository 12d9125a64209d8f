"""Undo/redo of deletes and edits through the Edit menu, and the non-modal trash dialog."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.models import Aspiration, Briefing, Organization, Task
from giaoban.core.services import directory, trash
from giaoban.ui import undo
from giaoban.ui.dialogs import ask
from giaoban.ui.dialogs.trash import open_trash


def _records(ctx) -> tuple[int, list[int], list[int]]:
    with ctx.transaction() as s:
        org = s.exec(select(Organization)).first()
        b = Briefing(year=2026, quarter=4, title="Giao ban quý IV")
        s.add(b)
        s.flush()
        asp = Aspiration(briefing_id=b.id, organization_id=org.id, raised_on=dt.date(2026, 11, 2),
                         content="Đề nghị sửa đường liên xã")
        tasks = [Task(title=f"Nhiệm vụ {i}", lead_unit_id=org.id, assigned_on=dt.date(2026, 11, 3))
                 for i in range(2)]
        s.add_all([asp, *tasks])
        s.flush()
        return b.id, [asp.id], [t.id for t in tasks]


def _deleted(ctx, model, row_id) -> bool:
    with ctx.session() as s:
        return s.get(model, row_id).deleted_at is not None


def test_delete_is_undone_and_redone_from_the_edit_menu(window, ctx):
    _b, _a, task_ids = _records(ctx)
    assert undo.push_delete(window, "task", task_ids) == 2
    assert all(_deleted(ctx, Task, t) for t in task_ids)
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "Hoàn tác Chuyển 2 nhiệm vụ vào thùng rác"
    window.undo_action.trigger()
    assert not any(_deleted(ctx, Task, t) for t in task_ids)
    assert window.redo_action.text() == "Làm lại Chuyển 2 nhiệm vụ vào thùng rác"
    window.redo_action.trigger()
    assert all(_deleted(ctx, Task, t) for t in task_ids)


def test_undoing_a_delete_restores_only_what_it_deleted(window, ctx):
    _b, _a, task_ids = _records(ctx)
    trash.move_to_trash(ctx, "task", [task_ids[0]])  # already in the trash before
    assert undo.push_delete(window, "task", task_ids, "Xóa nhiệm vụ") == 1
    assert window.undo_stack.undoText() == "Xóa nhiệm vụ"
    window.undo_stack.undo()
    assert _deleted(ctx, Task, task_ids[0]) and not _deleted(ctx, Task, task_ids[1])
    assert undo.push_delete(window, "task", [task_ids[0]]) == 0  # nothing live: nothing pushed
    assert window.undo_stack.count() == 1


def test_briefing_delete_undo_brings_back_its_aspirations(window, ctx):
    bid, asp_ids, _t = _records(ctx)
    undo.push_delete(window, "briefing", [bid])
    assert _deleted(ctx, Aspiration, asp_ids[0])
    window.undo_stack.undo()
    assert not _deleted(ctx, Briefing, bid) and not _deleted(ctx, Aspiration, asp_ids[0])


def test_service_edit_is_undoable_and_validation_reaches_the_caller(window, ctx):
    org = directory.create_organization(ctx, name="Hội Cựu giáo chức")
    undo.push_edit(window, "Đổi tên đơn vị",
                   lambda: directory.update_organization(ctx, org.id, name="Hội Khuyến học"),
                   lambda: directory.update_organization(ctx, org.id, name="Hội Cựu giáo chức"))
    assert directory.get_organization(ctx, org.id).name == "Hội Khuyến học"
    assert window.undo_action.text() == "Hoàn tác Đổi tên đơn vị"
    window.undo_action.trigger()
    assert directory.get_organization(ctx, org.id).name == "Hội Cựu giáo chức"
    window.redo_action.trigger()
    assert directory.get_organization(ctx, org.id).name == "Hội Khuyến học"
    with pytest.raises(ValidationError):
        undo.push_edit(window, "Tên trống", lambda: directory.update_organization(
            ctx, org.id, name="  "), lambda: None)
    assert window.undo_stack.count() == 1


def test_a_failing_undo_is_shown_not_raised(window, ctx, monkeypatch):
    shown = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, title=None: shown.append(text))

    def fail():
        raise GiaobanError("Bản ghi đã bị xóa hẳn.")

    window.undo_stack.push(undo.ServiceCommand("Sửa thử", lambda: None, fail, done=True,
                                               parent_widget=window))
    window.undo_stack.undo()
    assert shown == ["Bản ghi đã bị xóa hẳn."]


def test_trash_dialog_lists_restores_purges_and_empties(window, ctx, monkeypatch):
    bid, asp_ids, task_ids = _records(ctx)
    trash.move_to_trash(ctx, "briefing", [bid])
    trash.move_to_trash(ctx, "task", task_ids)
    dialog = open_trash(window)
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.model.rowCount() == 1 + len(asp_ids) + len(task_ids)
    texts = {dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())}
    assert "Giao ban quý IV" in texts and "Đề nghị sửa đường liên xã" in texts
    assert not dialog.restore_button.isEnabled()
    # restore the briefing: its aspiration comes back too
    row = next(r for r in range(dialog.proxy.rowCount())
               if dialog.proxy.index(r, 1).data() == "Giao ban quý IV")
    dialog.view.selectRow(row)
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert not _deleted(ctx, Briefing, bid) and not _deleted(ctx, Aspiration, asp_ids[0])
    assert dialog.model.rowCount() == len(task_ids)
    # purge one task: asks first; "Hủy" keeps it
    dialog.view.selectRow(0)
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: False)
    dialog.purge_button.click()
    assert dialog.model.rowCount() == len(task_ids)
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)
    dialog.view.selectRow(0)
    dialog.purge_button.click()
    assert dialog.model.rowCount() == len(task_ids) - 1
    dialog.empty_button.click()
    assert dialog.model.rowCount() == 0 and not dialog.empty_button.isEnabled()
    assert dialog.summary.text() == "Thùng rác trống."
    with ctx.session() as s:
        assert s.exec(select(Task)).all() == []
    assert open_trash(window) is dialog  # one dialog, reused

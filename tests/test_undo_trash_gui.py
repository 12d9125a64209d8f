"""Undo/redo of deletes and edits through the Edit menu, and the non-modal trash dialog."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from giaoban.core.models import Aspiration, Briefing, Organization, Task
from giaoban.core.services import directory, trash
from giaoban.ui.dialogs import ask
from giaoban.ui.dialogs.trash import open_trash
from giaoban.ui.operations import runner_for


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


def _perform(window, ctx, text, service, *args, **kwargs):
    return runner_for(window, ctx).perform(text, service, *args, **kwargs)


def test_delete_is_undone_and_redone_from_the_edit_menu(window, ctx):
    _b, _a, task_ids = _records(ctx)
    result = _perform(window, ctx, "Chuyển 2 nhiệm vụ vào thùng rác", trash.move_to_trash,
                      "task", task_ids)
    assert result is not None and result.value == 2
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
    result = _perform(window, ctx, "Xóa nhiệm vụ", trash.move_to_trash, "task", task_ids)
    assert result is not None and result.value == 1
    assert window.undo_stack.undoText() == "Xóa nhiệm vụ"
    window.undo_stack.undo()
    assert _deleted(ctx, Task, task_ids[0]) and not _deleted(ctx, Task, task_ids[1])
    _perform(window, ctx, "Xóa lại", trash.move_to_trash, "task", [task_ids[0]])
    assert window.undo_stack.count() == 1  # nothing live was moved: nothing pushed


def test_briefing_delete_undo_brings_back_its_aspirations(window, ctx):
    bid, asp_ids, _t = _records(ctx)
    _perform(window, ctx, "Xóa giao ban", trash.move_to_trash, "briefing", [bid])
    assert _deleted(ctx, Aspiration, asp_ids[0])
    window.undo_stack.undo()
    assert not _deleted(ctx, Briefing, bid) and not _deleted(ctx, Aspiration, asp_ids[0])


def test_an_edit_is_undoable_and_a_bad_one_is_shown_not_pushed(window, ctx, monkeypatch):
    shown = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, title=None: shown.append(text))
    org = directory.create_organization(ctx, name="Hội Cựu giáo chức")
    _perform(window, ctx, "Đổi tên đơn vị", directory.update_organization, org.id,
             name="Hội Khuyến học")
    assert directory.get_organization(ctx, org.id).name == "Hội Khuyến học"
    assert window.undo_action.text() == "Hoàn tác Đổi tên đơn vị"
    window.undo_action.trigger()
    assert directory.get_organization(ctx, org.id).name == "Hội Cựu giáo chức"
    window.redo_action.trigger()
    assert directory.get_organization(ctx, org.id).name == "Hội Khuyến học"
    assert _perform(window, ctx, "Tên trống", directory.update_organization, org.id,
                    name="  ") is None
    assert shown == ["Hãy nhập tên cơ quan, đơn vị."]
    assert window.undo_stack.count() == 1


def test_a_failing_undo_is_shown_not_raised_and_leaves_the_stack(window, ctx, monkeypatch):
    shown = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, title=None: shown.append(text))
    _b, _a, task_ids = _records(ctx)
    _perform(window, ctx, "Xóa nhiệm vụ 0", trash.move_to_trash, "task", [task_ids[0]])
    trash.purge(ctx, "task", [task_ids[0]])  # gone for good meanwhile (another window)
    org = _perform(window, ctx, "Thêm Hội Khuyến học", directory.create_organization,
                   name="Hội Khuyến học").value
    directory.create_person(ctx, full_name="Trần Văn Dùng", organization_id=org.id)
    window.undo_stack.undo()
    assert shown and "Hoàn tác" not in shown[0] and "Thêm Hội Khuyến học" in shown[0]
    assert directory.get_organization(ctx, org.id).name == "Hội Khuyến học"
    assert window.undo_stack.count() == 1  # the failed command left the stack


def test_menu_texts_are_cut_between_words():
    from giaoban.ui.operations import short_text

    text = "Chuyển tâm tư – kiến nghị “Đề nghị sửa chữa đường liên xã bị hư hỏng nặng” vào thùng rác"
    short = short_text(text, 60)
    assert len(short) <= 62 and short.endswith("…”")
    assert text.startswith(short[:-2])
    assert short[:-2].split()[-1] in text.split()  # the last word is whole


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

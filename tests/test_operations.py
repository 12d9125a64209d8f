"""Operations say what they changed; undo and redo are operations through the same services."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from giaoban.core import operations as ops
from giaoban.core.audit import Change
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.models import AuditEvent, Task, TaskUpdate
from giaoban.core.services import aspirations, directory, settings, tasks, trash
from giaoban.core.services.tasks_query import supporting_units_of

D = dt.date


def _lead(ctx) -> int:
    return directory.list_organizations(ctx)[0].id


def _task(ctx, **kw) -> Task:
    values = {"title": "Rà soát kiến nghị về đất đai", "lead_unit_id": _lead(ctx),
              "assigned_on": D(2026, 10, 1), "due_on": D(2026, 11, 15)}
    values.update(kw)
    return ops.run(ctx, tasks.create_task, **values).value


def _timeline(ctx, task_id: int) -> list[str]:
    return [u.note for u in tasks.task_updates(ctx, task_id)]


def test_an_operation_returns_its_value_and_what_it_changed(ctx):
    result = ops.run(ctx, tasks.create_task, title="Một việc", lead_unit_id=_lead(ctx),
                     assigned_on=D(2026, 11, 1))
    assert isinstance(result.value, Task)
    [change] = result.changes
    assert (change.kind, change.id, change.action) == ("task", result.value.id, "create")
    assert change.before == {} and change.after["title"] == "Một việc"
    assert result.kinds == {"task"} and result.undoable
    done = ops.run(ctx, tasks.complete_task, result.value.id, completed_on=D(2026, 11, 20))
    assert [(c.kind, c.action) for c in done.changes] == [("task_update", "create"),
                                                          ("task", "update")]
    assert done.kinds == {"task", "task_update"}
    assert done.changes[1].before["status"] == "not_started"
    assert done.changes[1].after["status"] == "done"


def test_undo_complete_of_a_not_started_task_restores_it_exactly(ctx):
    task = _task(ctx)
    done = ops.run(ctx, tasks.complete_task, task.id, completed_on=D(2026, 11, 20),
                   result="Đã trả lời 12 hộ")
    assert _timeline(ctx, task.id) == ["Đã trả lời 12 hộ"]
    ops.undo(ctx, done.changes)
    back = tasks.get_task(ctx, task.id)
    assert (back.status, back.completed_on, back.result) == ("not_started", None, "")
    assert _timeline(ctx, task.id) == []  # the "done" entry went with the undo
    ops.redo(ctx, done.changes)
    again = tasks.get_task(ctx, task.id)
    assert (again.status, again.completed_on, again.result) == ("done", D(2026, 11, 20),
                                                               "Đã trả lời 12 hộ")
    assert _timeline(ctx, task.id) == ["Đã trả lời 12 hộ"]
    with ctx.session() as s:
        notes = [e.note for e in s.exec(select(AuditEvent).where(AuditEvent.entity == "task"))]
    assert "Hoàn tác" in notes and "Làm lại" in notes  # undo and redo are in the history


@pytest.mark.parametrize("action", ["cancel", "reschedule", "reopen", "update", "progress"])
def test_every_task_action_undoes_to_the_state_before(ctx, action):
    task = _task(ctx, supporting_unit_ids=[directory.list_organizations(ctx)[1].id])
    if action == "reopen":
        tasks.complete_task(ctx, task.id, completed_on=D(2026, 11, 2))
    with ctx.session() as s:
        before = s.get(Task, task.id).model_dump(exclude={"updated_at", "version"})
    support_before = supporting_units_of(ctx, task.id)
    timeline_before = _timeline(ctx, task.id)
    run = {
        "cancel": lambda: ops.run(ctx, tasks.cancel_task, task.id, reason="Trùng nhiệm vụ khác"),
        "reschedule": lambda: ops.run(ctx, tasks.reschedule_task, task.id,
                                      new_due_on=D(2027, 1, 31), reason="Chờ ý kiến"),
        "reopen": lambda: ops.run(ctx, tasks.reopen_task, task.id, reason="Còn việc"),
        "update": lambda: ops.run(ctx, tasks.update_task, task.id, title="Tên mới",
                                  supporting_unit_ids=[]),
        "progress": lambda: ops.run(ctx, tasks.add_update, task.id, "Đã họp với xã"),
    }[action]()
    assert run.undoable
    ops.undo(ctx, run.changes)
    with ctx.session() as s:
        after = s.get(Task, task.id).model_dump(exclude={"updated_at", "version"})
    assert after == before
    assert _timeline(ctx, task.id) == timeline_before
    assert supporting_units_of(ctx, task.id) == support_before


def test_undo_of_create_moves_to_the_trash_and_redo_brings_it_back(ctx):
    made = ops.run(ctx, aspirations.create_aspiration, organization_id=_lead(ctx),
                   raised_on=D(2026, 11, 2), content="Đề nghị sửa cầu treo")
    row_id = made.value.id
    ops.undo(ctx, made.changes)
    assert trash.live_ids(ctx, "aspiration", [row_id]) == []
    ops.redo(ctx, made.changes)
    assert trash.live_ids(ctx, "aspiration", [row_id]) == [row_id]


def test_undo_of_a_briefing_delete_brings_back_exactly_what_went_with_it(demo_ctx):
    ctx = demo_ctx
    with ctx.session() as s:
        from giaoban.core.models import Aspiration, Briefing

        briefing = s.exec(select(Briefing).where(Briefing.status == "finalized")).first()
        children = s.exec(select(Aspiration.id).where(Aspiration.briefing_id == briefing.id)).all()
    trash.move_to_trash(ctx, "aspiration", [children[0]])  # trashed alone before
    gone = ops.run(ctx, trash.move_to_trash, "briefing", [briefing.id])
    assert any(c.cascade for c in gone.changes)
    ops.undo(ctx, gone.changes)
    assert trash.live_ids(ctx, "briefing", [briefing.id]) == [briefing.id]
    assert trash.live_ids(ctx, "aspiration", children) == children[1:]
    ops.redo(ctx, gone.changes)
    assert trash.live_ids(ctx, "aspiration", children) == []
    rows = trash.list_trash(ctx)
    assert {r.id for r in rows if r.with_briefing == briefing.id and r.entity == "aspiration"} \
        == set(children[1:])  # redone with one stamp: the trash still knows what went together


def test_an_undo_that_fails_changes_nothing(ctx):
    org = ops.run(ctx, directory.create_organization, name="Hội Khuyến học tỉnh")
    task = _task(ctx)
    done = ops.run(ctx, tasks.complete_task, task.id, completed_on=D(2026, 11, 20))
    _task(ctx, title="Dùng đơn vị mới", lead_unit_id=org.value.id)
    # one undo of both: the completion can be taken back, the new body cannot (it is used now)
    with pytest.raises(GiaobanError, match="đã được dùng"):
        ops.undo(ctx, [*org.changes, *done.changes])
    assert tasks.get_task(ctx, task.id).status == "done"  # rolled back whole
    assert directory.get_organization(ctx, org.value.id).name == "Hội Khuyến học tỉnh"


def test_undo_is_validated_like_any_change(ctx):
    task = _task(ctx)
    edit = ops.run(ctx, tasks.update_task, task.id, title="Tên mới")
    forged = [Change("task", task.id, "update", {**edit.changes[0].before, "title": "  "},
                     edit.changes[0].after)]
    with pytest.raises(ValidationError):
        ops.undo(ctx, forged)
    assert tasks.get_task(ctx, task.id).title == "Tên mới"


def test_settings_people_and_the_order_of_bodies_undo(ctx):
    saved = ops.run(ctx, settings.save_settings, {"body_symbol": "TU-X"})
    ops.undo(ctx, saved.changes)
    assert settings.get_setting(ctx, "body_symbol") != "TU-X"
    ids = [o.id for o in directory.list_organizations(ctx)]
    moved = ops.run(ctx, directory.move_organization, ids[2], -1)
    assert [o.id for o in directory.list_organizations(ctx)][1] == ids[2]
    ops.undo(ctx, moved.changes)
    assert [o.id for o in directory.list_organizations(ctx)] == ids
    person = ops.run(ctx, directory.create_person, full_name="Nguyễn Văn Mới")
    ops.undo(ctx, person.changes)
    assert all(p.id != person.value.id for p in directory.list_people(ctx))
    ops.redo(ctx, person.changes)
    assert any(p.id == person.value.id for p in directory.list_people(ctx))


def test_purge_is_not_undoable(ctx):
    task = _task(ctx)
    trash.move_to_trash(ctx, "task", [task.id])
    purged = ops.run(ctx, trash.purge, "task", [task.id])
    assert purged.value == 1 and not purged.undoable
    with ctx.session() as s:
        assert s.exec(select(TaskUpdate).where(TaskUpdate.task_id == task.id)).all() == []

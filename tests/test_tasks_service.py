"""Task rules enforced in core: bad input gets a field message and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from giaoban.core.errors import ValidationError
from giaoban.core.models import AuditEvent, Briefing, Organization, Task, TaskUpdate
from giaoban.core.services import directory, tasks
from giaoban.core.services.tasks import TaskFilter

D = dt.date


def _units(ctx) -> list[int]:
    return [o.id for o in directory.list_organizations(ctx) if o.active][:4]


def _new(ctx, **kw) -> Task:
    lead = _units(ctx)[0]
    values = {"title": "Rà soát kiến nghị đất đai", "lead_unit_id": lead,
              "assigned_on": D(2026, 10, 1), "due_on": D(2026, 11, 15)}
    values.update(kw)
    return tasks.create_task(ctx, **values)


def _count(ctx, table) -> int:
    with ctx.session() as s:
        return len(list(s.exec(select(table))))


def _errors(call) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.errors


def test_create_records_task_support_and_audit(ctx):
    _lead, a, b = _units(ctx)[:3]
    task = _new(ctx, supporting_unit_ids=[a, b, a])
    row = tasks.task_rows(ctx, [task.id])[0]
    assert row.status == "not_started"
    assert len(row.supporting_units) == 2
    with ctx.session() as s:
        events = list(s.exec(select(AuditEvent).where(AuditEvent.entity == "task")))
    assert [e.action for e in events] == ["create"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "   "}, "title"),
        ({"due_on": D(2026, 9, 30)}, "due_on"),
        ({"assigned_on": None}, "assigned_on"),
        ({"lead_unit_id": 99999}, "lead_unit_id"),
        ({"priority": "urgent"}, "priority"),
        ({"briefing_id": 4242}, "briefing_id"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_saved(ctx, values, field):
    before = _count(ctx, Task)
    assert field in _errors(lambda: _new(ctx, **values))
    assert _count(ctx, Task) == before


def test_supporting_unit_cannot_be_the_lead(ctx):
    lead = _units(ctx)[0]
    errors = _errors(lambda: _new(ctx, supporting_unit_ids=[lead]))
    assert "supporting_unit_ids" in errors


def test_deactivated_unit_refused_for_new_task_but_old_tasks_still_editable(ctx):
    lead = _units(ctx)[0]
    task = _new(ctx)
    directory.update_organization(ctx, lead, active=False)
    errors = _errors(lambda: _new(ctx, lead_unit_id=lead))
    assert "ngừng hoạt động" in errors["lead_unit_id"]
    tasks.update_task(ctx, task.id, title="Tên mới")  # existing assignment keeps its unit
    assert tasks.get_task(ctx, task.id).title == "Tên mới"
    other = _new(ctx, lead_unit_id=_units(ctx)[0])
    errors = _errors(lambda: tasks.update_task(ctx, other.id, lead_unit_id=lead))
    assert "lead_unit_id" in errors


def test_done_needs_completion_date_not_before_assignment_nor_in_future(ctx):
    task = _new(ctx)
    assert "completed_on" in _errors(lambda: tasks.update_task(ctx, task.id, status="done"))
    assert "completed_on" in _errors(
        lambda: tasks.complete_task(ctx, task.id, completed_on=D(2026, 9, 1)))
    assert "completed_on" in _errors(
        lambda: tasks.complete_task(ctx, task.id, completed_on=D(2026, 12, 5)))
    assert tasks.get_task(ctx, task.id).status == "not_started"
    tasks.complete_task(ctx, task.id, completed_on=D(2026, 11, 20), result="Đã xong")
    row = tasks.task_rows(ctx, [task.id])[0]
    assert (row.status, row.completed_on, row.done_late, row.days_late) == (
        "done", D(2026, 11, 20), True, 5)
    assert row.deadline_note == "Hoàn thành chậm 5 ngày"


def test_cancel_needs_a_reason(ctx):
    task = _new(ctx)
    assert "cancel_reason" in _errors(lambda: tasks.cancel_task(ctx, task.id, reason="  "))
    tasks.cancel_task(ctx, task.id, reason="Đã lồng ghép vào nhiệm vụ khác")
    assert tasks.get_task(ctx, task.id).status == "cancelled"


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        (["in_progress"], "not_started"),
        (["done"], "cancelled"),
        (["done"], "not_started"),
        (["cancelled"], "done"),
        (["cancelled"], "not_started"),
    ],
)
def test_forbidden_status_jumps(ctx, path, refused):
    task = _new(ctx)
    for status in path:
        extra = {"completed_on": D(2026, 11, 1)} if status == "done" else {}
        if status == "cancelled":
            extra = {"cancel_reason": "Lý do"}
        tasks.update_task(ctx, task.id, status=status, **extra)
    extra = {"completed_on": D(2026, 11, 1)} if refused == "done" else {}
    if refused == "cancelled":
        extra = {"cancel_reason": "Lý do"}
    errors = _errors(lambda: tasks.update_task(ctx, task.id, status=refused, **extra))
    assert "Không thể" in errors["status"] or "không thể" in errors["status"]
    assert tasks.get_task(ctx, task.id).status == path[-1]


def test_reopen_done_task_clears_completion_date(ctx):
    task = _new(ctx)
    tasks.complete_task(ctx, task.id, completed_on=D(2026, 11, 10))
    tasks.reopen_task(ctx, task.id, reason="Chưa đạt yêu cầu")
    reopened = tasks.get_task(ctx, task.id)
    assert (reopened.status, reopened.completed_on) == ("in_progress", None)


def test_first_update_starts_the_task_and_is_in_the_timeline(ctx):
    task = _new(ctx)
    assert "note" in _errors(lambda: tasks.add_update(ctx, task.id, "  "))
    tasks.add_update(ctx, task.id, "Đã làm việc với địa phương", progress=30)
    assert tasks.get_task(ctx, task.id).status == "in_progress"
    timeline = tasks.task_updates(ctx, task.id)
    assert [(u.note, u.old_status, u.new_status) for u in timeline] == [
        ("Đã làm việc với địa phương", "not_started", "in_progress")]
    row = tasks.task_rows(ctx, [task.id])[0]
    assert row.last_update == "Đã làm việc với địa phương"


def test_reschedule_keeps_the_original_due_date_in_history(ctx):
    task = _new(ctx)
    assert tasks.task_rows(ctx, [task.id])[0].days_overdue == 14
    tasks.reschedule_task(ctx, task.id, new_due_on=D(2026, 12, 31), reason="Chờ kinh phí")
    update = tasks.task_updates(ctx, task.id)[-1]
    assert (update.old_due_on, update.new_due_on) == (D(2026, 11, 15), D(2026, 12, 31))
    row = tasks.task_rows(ctx, [task.id])[0]
    assert (row.overdue, row.days_left, row.deadline_note) == (False, 32, "Còn 32 ngày")
    assert "due_on" in _errors(
        lambda: tasks.reschedule_task(ctx, task.id, new_due_on=D(2026, 9, 1)))


def test_derived_deadline_facts_against_pinned_today(ctx):
    overdue = _new(ctx, due_on=D(2026, 11, 28))
    today = _new(ctx, due_on=D(2026, 11, 29))
    soon = _new(ctx, due_on=D(2026, 12, 6))
    later = _new(ctx, due_on=D(2026, 12, 7))
    rows = {r.id: r for r in tasks.task_rows(ctx, [overdue.id, today.id, soon.id, later.id])}
    assert rows[overdue.id].deadline_note == "Quá hạn 1 ngày"
    assert rows[today.id].overdue is False and rows[today.id].due_soon
    assert rows[soon.id].due_soon and rows[soon.id].days_left == 7
    assert not rows[later.id].due_soon
    assert tasks.task_ids(ctx, TaskFilter(overdue_only=True)) == [overdue.id]
    assert tasks.task_ids(ctx, TaskFilter(due_soon=True)) == [today.id, soon.id]


def test_filters_by_unit_lead_or_supporting_and_search(ctx):
    lead, other, third = _units(ctx)[:3]
    a = _new(ctx, title="Giải quyết đơn thư đất đai")
    b = _new(ctx, title="Tuyên truyền chính sách", lead_unit_id=other, supporting_unit_ids=[lead])
    c = _new(ctx, title="Việc khác", lead_unit_id=third)
    assert set(tasks.task_ids(ctx, TaskFilter(unit_id=lead))) == {a.id, b.id}
    assert tasks.task_ids(ctx, TaskFilter(unit_id=lead, lead_only=True)) == [a.id]
    assert tasks.task_ids(ctx, TaskFilter(query="dat dai")) == [a.id]
    assert tasks.task_ids(ctx, TaskFilter(query="Đất")) == [a.id]
    assert c.id in tasks.task_ids(ctx, TaskFilter(statuses=("not_started",)))


def _briefing(ctx, held_on: dt.date) -> int:
    with ctx.transaction() as s:
        b = Briefing(year=held_on.year, quarter=(held_on.month - 1) // 3 + 1, held_on=held_on)
        s.add(b)
        s.flush()
        return b.id


def test_review_list_has_open_tasks_and_those_closed_since_last_briefing(ctx):
    q2 = _briefing(ctx, D(2026, 6, 20))
    q3 = _briefing(ctx, D(2026, 9, 25))
    q4 = _briefing(ctx, D(2026, 12, 20))
    still_open = _new(ctx, briefing_id=q2, assigned_on=D(2026, 6, 20))
    done_long_ago = _new(ctx, briefing_id=q2, assigned_on=D(2026, 6, 20))
    tasks.complete_task(ctx, done_long_ago.id, completed_on=D(2026, 8, 1))
    done_recently = _new(ctx, briefing_id=q3, assigned_on=D(2026, 9, 25))
    tasks.complete_task(ctx, done_recently.id, completed_on=D(2026, 11, 1))
    from_q4 = _new(ctx, briefing_id=q4)
    review = [r.id for r in tasks.open_tasks_for_review(ctx, q4)]
    assert review == [still_open.id, done_recently.id]
    assert from_q4.id not in review
    assert [r.id for r in tasks.open_tasks_for_review(ctx, q3)] == [still_open.id, done_long_ago.id]


def test_deleted_tasks_are_not_listed(ctx):
    task = _new(ctx)
    with ctx.transaction() as s:
        row = s.get(Task, task.id)
        row.deleted_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        s.add(row)
    assert tasks.task_ids(ctx) == []
    assert _count(ctx, TaskUpdate) == 0
    assert _count(ctx, Organization) > 0

"""The trash: a delete is never final until the trash is emptied; a briefing takes its children."""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, func, select

from giaoban.core.models import (
    Aspiration,
    AuditEvent,
    Briefing,
    Conclusion,
    Task,
    TaskUpdate,
)
from giaoban.core.services import trash


def _live(ctx, model) -> set[int]:
    with ctx.session() as s:
        return set(s.exec(select(model.id).where(col(model.deleted_at).is_(None))))


def _all(ctx, model) -> set[int]:
    with ctx.session() as s:
        return set(s.exec(select(model.id)))


def _briefing_with_children(ctx) -> tuple[int, list[int], list[int]]:
    with ctx.transaction() as s:
        from giaoban.core.models import Organization

        org = s.exec(select(Organization)).first()
        b = Briefing(year=2026, quarter=3, title="Giao ban quý III")
        s.add(b)
        s.flush()
        c = Conclusion(briefing_id=b.id, text="Kết luận 1")
        s.add(c)
        s.flush()
        asps = [Aspiration(briefing_id=b.id, organization_id=org.id, raised_on=dt.date(2026, 9, 1),
                           content=f"Kiến nghị {i}") for i in range(3)]
        s.add_all(asps)
        s.flush()
        tasks = [Task(title=f"Nhiệm vụ {i}", briefing_id=b.id, conclusion_id=c.id,
                      aspiration_id=asps[0].id, lead_unit_id=org.id,
                      assigned_on=dt.date(2026, 9, 2)) for i in range(2)]
        s.add_all(tasks)
        s.flush()
        s.add(TaskUpdate(task_id=tasks[0].id, updated_on=dt.date(2026, 9, 3), note="Đang làm"))
        return b.id, [a.id for a in asps], [t.id for t in tasks]


def test_briefing_takes_its_children_and_restore_brings_back_exactly_them(ctx):
    bid, asp_ids, task_ids = _briefing_with_children(ctx)
    # one aspiration was trashed on its own before: it must stay in the trash afterwards
    assert trash.move_to_trash(ctx, "aspiration", [asp_ids[2]]) == 1
    assert trash.move_to_trash(ctx, "briefing", [bid]) == 1
    assert bid not in _live(ctx, Briefing)
    assert not (set(asp_ids) & _live(ctx, Aspiration))
    assert not (set(task_ids) & _live(ctx, Task))
    rows = trash.list_trash(ctx)
    assert {(r.entity, r.id) for r in rows} == (
        {("briefing", bid)} | {("aspiration", i) for i in asp_ids} | {("task", i) for i in task_ids}
    )
    went_with = {(r.entity, r.id) for r in rows if r.with_briefing == bid}
    assert went_with == {("aspiration", asp_ids[0]), ("aspiration", asp_ids[1])} | {
        ("task", i) for i in task_ids}

    assert trash.restore_from_trash(ctx, "briefing", [bid]) == 1
    assert bid in _live(ctx, Briefing)
    assert _live(ctx, Aspiration) >= {asp_ids[0], asp_ids[1]}
    assert asp_ids[2] not in _live(ctx, Aspiration)
    assert set(task_ids) <= _live(ctx, Task)
    assert [(r.entity, r.id) for r in trash.list_trash(ctx)] == [("aspiration", asp_ids[2])]


def test_delete_and_restore_are_audited(ctx):
    bid, _asp_ids, task_ids = _briefing_with_children(ctx)
    trash.move_to_trash(ctx, "briefing", [bid])
    trash.restore_from_trash(ctx, "briefing", [bid])
    with ctx.session() as s:
        events = s.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [(e.entity, e.entity_id, e.action) for e in events]
    assert ("briefing", bid, "delete") in actions
    assert ("briefing", bid, "restore") in actions
    for tid in task_ids:
        assert ("task", tid, "delete") in actions and ("task", tid, "restore") in actions
    ours = [e for e in events if e.action in ("delete", "restore")]
    assert len(ours) == 2 * (1 + 3 + 2)  # briefing, its 3 aspirations and 2 tasks, both ways
    assert all(e.user == "tester" for e in ours)
    children = [e for e in ours if e.entity != "briefing"]
    assert all(e.note.endswith(f"” — Cùng cuộc giao ban số {bid}") for e in children)


def test_purge_deletes_children_first_and_keeps_live_records(ctx):
    bid, asp_ids, task_ids = _briefing_with_children(ctx)
    trash.move_to_trash(ctx, "briefing", [bid])
    trash.restore_from_trash(ctx, "task", [task_ids[1]])  # one task comes back on its own
    assert trash.purge(ctx, "briefing", [bid]) == 1
    assert bid not in _all(ctx, Briefing)
    assert not set(asp_ids) & _all(ctx, Aspiration)
    assert _all(ctx, Task) & set(task_ids) == {task_ids[1]}
    with ctx.session() as s:
        survivor = s.get(Task, task_ids[1])
        assert survivor.briefing_id is None and survivor.conclusion_id is None
        assert survivor.aspiration_id is None
        assert s.exec(select(func.count()).select_from(TaskUpdate)).one() == 0
        assert s.exec(select(func.count()).select_from(Conclusion)).one() == 0
        purges = s.exec(select(AuditEvent).where(AuditEvent.action == "purge")).all()
    assert {(e.entity, e.entity_id) for e in purges} >= {("briefing", bid), ("task", task_ids[0])}
    assert trash.list_trash(ctx) == []


def test_purge_refuses_live_records_and_empty_trash_removes_everything(ctx):
    bid, asp_ids, task_ids = _briefing_with_children(ctx)
    assert trash.purge(ctx, "briefing", [bid]) == 0
    assert bid in _all(ctx, Briefing)
    trash.move_to_trash(ctx, "task", task_ids)
    trash.move_to_trash(ctx, "briefing", [bid])
    assert trash.count_trash(ctx) == 1 + len(asp_ids) + len(task_ids)
    assert trash.empty_trash(ctx) == 1 + len(asp_ids) + len(task_ids)
    assert trash.list_trash(ctx) == []
    assert _all(ctx, Briefing) == set() and _all(ctx, Task) == set()


def test_moving_twice_changes_nothing(ctx):
    bid, _asp, _tasks = _briefing_with_children(ctx)
    assert trash.move_to_trash(ctx, "briefing", [bid, bid]) == 1
    assert trash.move_to_trash(ctx, "briefing", [bid]) == 0
    assert trash.live_ids(ctx, "briefing", [bid, 999]) == []
    assert trash.restore_from_trash(ctx, "briefing", [bid]) == 1
    assert trash.live_ids(ctx, "briefing", [bid, 999]) == [bid]

"""Row versions and the merge on save (issue 17, "several people at once"), on SQLite and on
PostgreSQL, each person through a connection of their own (tests/conflict_pair.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from giaoban.core import conflicts
from giaoban.core import operations as ops
from giaoban.core.conflicts import RecordConflict
from giaoban.core.models import Aspiration, Briefing, Organization, Task
from giaoban.core.services import aspirations, briefings, directory, tasks, trash
from tests.conflict_pair import BACKENDS, Pair, two_people

D = dt.date


@pytest.fixture
def pair_role() -> str:
    """The giaoban role of both logins on PostgreSQL (a test may parametrize it: "admin")."""
    return "secretary"


@pytest.fixture(params=BACKENDS)
def pair(request, tmp_path, pair_role):
    with two_people(request, tmp_path, pair_role) as people:
        yield people


def _task(p: Pair) -> int:
    task = tasks.create_task(p.a, title="Khảo sát đường liên xã", lead_unit_id=p.unit(0),
                             assigned_on=D(2026, 11, 2), due_on=D(2026, 12, 31),
                             detail="Ba xã vùng cao")
    assert task.id is not None
    return task.id


def _aspiration(p: Pair) -> int:
    row = aspirations.create_aspiration(p.a, organization_id=p.unit(1), raised_on=D(2026, 11, 3),
                                        content="Đề nghị sửa cầu treo", locality="Xã Gia Viễn")
    assert row.id is not None
    return row.id


def _row(ctx, model, row_id):
    with ctx.session() as session:
        return session.get(model, row_id)


def _form(opened: dict, **changes) -> dict:
    """What a form sends: every field it shows, as opened, with the user's changes."""
    fields = ("title", "detail", "lead_unit_id", "supporting_unit_ids", "assigned_on", "due_on",
              "priority", "status")
    return {**{key: opened[key] for key in fields}, **changes}


def test_different_fields_changed_by_two_people_are_both_kept(pair):
    p = pair
    asp = _aspiration(p)
    opened_a = conflicts.current(p.a, "aspiration", asp)
    opened_b = conflicts.current(p.b, "aspiration", asp)
    assert opened_a["version"] == opened_b["version"] == 1
    aspirations.update_aspiration(p.a, asp, opened=opened_a, locality="Xã Gia Phú",
                                  content=opened_a["content"])
    aspirations.update_aspiration(p.b, asp, opened=opened_b, status="answered",
                                  response="Đã sửa xong", locality=opened_b["locality"],
                                  content=opened_b["content"])
    row = _row(p.a, Aspiration, asp)
    assert (row.locality, row.status, row.response) == ("Xã Gia Phú", "answered", "Đã sửa xong")
    assert row.version == 3

    task = _task(p)
    opened_a, opened_b = conflicts.current(p.a, "task", task), conflicts.current(p.b, "task", task)
    tasks.update_task(p.a, task, opened=opened_a, **_form(opened_a, due_on=D(2027, 1, 15)))
    tasks.update_task(p.b, task, opened=opened_b,
                      **_form(opened_b, title="Khảo sát đường liên xã (bổ sung)",
                              supporting_unit_ids=[p.unit(2)]))
    row = _row(p.a, Task, task)
    assert (row.title, row.due_on) == ("Khảo sát đường liên xã (bổ sung)", D(2027, 1, 15))
    assert conflicts.current(p.a, "task", task)["supporting_unit_ids"] == [p.unit(2)]


@pytest.mark.parametrize("pair_role", ["admin"])  # the directory is the admins' on a server
def test_an_organization_merges_and_conflicts_like_the_others(pair):
    p = pair
    org = p.unit(3)
    opened_a = conflicts.current(p.a, "organization", org)
    opened_b = conflicts.current(p.b, "organization", org)
    directory.update_organization(p.a, org, opened=opened_a, abbreviation="HND",
                                  name=opened_a["name"])
    directory.update_organization(p.b, org, opened=opened_b, short_name="Hội Nông dân",
                                  name=opened_b["name"], abbreviation=opened_b["abbreviation"])
    row = _row(p.a, Organization, org)
    assert (row.abbreviation, row.short_name) == ("HND", "Hội Nông dân")
    opened_a = conflicts.current(p.a, "organization", org)
    opened_b = conflicts.current(p.b, "organization", org)
    directory.update_organization(p.a, org, opened=opened_a, name="Hội Nông dân tỉnh Ninh Bình")
    with pytest.raises(RecordConflict) as caught:
        directory.update_organization(p.b, org, opened=opened_b, name="Hội ND tỉnh")
    assert [(f.field, f.label) for f in caught.value.fields] == [("name", "Tên đầy đủ")]
    assert caught.value.stored_by == p.name_a


def test_a_status_changed_by_the_other_is_not_written_back(pair):
    """B's form still shows "in progress"; A closed the task meanwhile: B's title is saved and
    the task stays done (B's unchanged opened status never overwrites A's)."""
    p = pair
    task = _task(p)
    tasks.add_update(p.a, task, "Đã họp với xã")
    opened_b = conflicts.current(p.b, "task", task)
    tasks.complete_task(p.a, task, completed_on=D(2026, 11, 20), result="Đã khảo sát")
    tasks.update_task(p.b, task, opened=opened_b, **_form(opened_b, title="Khảo sát đường xã"))
    row = _row(p.a, Task, task)
    assert (row.status, row.completed_on, row.title) == ("done", D(2026, 11, 20),
                                                          "Khảo sát đường xã")


def test_the_same_field_is_a_conflict_with_every_value_and_nothing_is_written(pair):
    p = pair
    task = _task(p)
    opened_a, opened_b = conflicts.current(p.a, "task", task), conflicts.current(p.b, "task", task)
    tasks.update_task(p.a, task, opened=opened_a,
                      **_form(opened_a, title="Khảo sát 3 xã", due_on=D(2027, 2, 1)))
    stored_before = conflicts.current(p.a, "task", task)
    with pytest.raises(RecordConflict) as caught:
        tasks.update_task(p.b, task, opened=opened_b,
                          **_form(opened_b, title="Khảo sát 4 xã", detail="Thêm xã Gia Phú",
                                  priority="high"))
    conflict = caught.value
    assert conflict.kind == "task" and conflict.record_id == task
    assert [(f.field, f.label, f.opened, f.stored, f.mine) for f in conflict.fields] == [
        ("title", "Tên nhiệm vụ", "Khảo sát đường liên xã", "Khảo sát 3 xã", "Khảo sát 4 xã")]
    assert conflict.stored_by == p.name_a
    assert conflict.stored_at is not None
    assert abs(conflict.stored_at - p.a.now_utc()) < dt.timedelta(seconds=5)
    assert conflict.stored == stored_before and conflict.stored["version"] == 2
    assert p.name_a in str(conflict) and "sau khi anh/chị mở ra" in str(conflict)
    assert conflicts.current(p.a, "task", task) == stored_before  # nothing written

    opened, values = conflicts.resolve(conflict, {"title"})
    assert opened == stored_before
    assert values["title"] == "Khảo sát 4 xã" and values["due_on"] == D(2027, 2, 1)  # A's kept
    tasks.update_task(p.b, task, opened=opened, **values)
    row = _row(p.a, Task, task)
    assert (row.title, row.detail, row.priority, row.due_on, row.version) == (
        "Khảo sát 4 xã", "Thêm xã Gia Phú", "high", D(2027, 2, 1), 3)


def test_taking_the_stored_value_keeps_the_others_and_my_other_fields(pair):
    p = pair
    asp = _aspiration(p)
    opened_a = conflicts.current(p.a, "aspiration", asp)
    opened_b = conflicts.current(p.b, "aspiration", asp)
    aspirations.update_aspiration(p.a, asp, opened=opened_a, response="Đang xem xét",
                                  status="in_progress")
    with pytest.raises(RecordConflict) as caught:
        aspirations.update_aspiration(p.b, asp, opened=opened_b, response="Đã chuyển huyện",
                                      status="transferred", locality="Xã Gia Lạc")
    assert {f.field for f in caught.value.fields} == {"response", "status"}
    assert {f.label for f in caught.value.fields} == {"Nội dung trả lời", "Trạng thái"}
    opened, values = conflicts.resolve(caught.value, {"status"})
    aspirations.update_aspiration(p.b, asp, opened=opened, **values)
    row = _row(p.a, Aspiration, asp)
    assert (row.status, row.response, row.locality) == ("transferred", "Đang xem xét",
                                                         "Xã Gia Lạc")


def test_a_save_without_opened_behaves_as_before(pair):
    """The command line and undo pass no opened record: the last save wins, as it always did."""
    p = pair
    asp = _aspiration(p)
    aspirations.update_aspiration(p.a, asp, locality="Xã A")
    aspirations.update_aspiration(p.b, asp, locality="Xã B")
    assert _row(p.a, Aspiration, asp).locality == "Xã B"


def test_versions_count_every_change_undo_and_redo_included(pair):
    p = pair
    task = _task(p)
    assert _row(p.a, Task, task).version == 1
    edit = ops.run(p.a, tasks.update_task, task, title="Tên mới")
    assert _row(p.a, Task, task).version == 2
    ops.undo(p.b, edit.changes)
    row = _row(p.a, Task, task)
    assert (row.title, row.version) == ("Khảo sát đường liên xã", 3)
    ops.redo(p.b, edit.changes)
    assert (_row(p.a, Task, task).title, _row(p.a, Task, task).version) == ("Tên mới", 4)
    trash.move_to_trash(p.a, "task", [task])
    assert _row(p.a, Task, task).version == 5

    asp = _aspiration(p)
    linked = tasks.create_task(p.a, title="Trả lời kiến nghị", lead_unit_id=p.unit(0),
                               assigned_on=D(2026, 11, 4), aspiration_id=asp)
    trash.move_to_trash(p.a, "aspiration", [asp])
    trash.purge(p.a, "aspiration", [asp])
    with p.a.session() as session:  # the purge unlinked the task with an UPDATE statement
        left = session.exec(select(Task).where(Task.id == linked.id)).one()
    assert left.aspiration_id is None and left.version == 2


def test_a_briefing_stored_since_the_draft_was_opened_is_not_overwritten(pair):
    p = pair
    draft = briefings.prepare_next_briefing(p.a)
    draft.place = "Hội trường Tỉnh ủy"
    briefing_id = briefings.save_briefing(p.a, draft)
    opened = conflicts.current(p.a, "briefing", briefing_id)
    again = briefings.load_briefing(p.b, briefing_id)
    again.place = "Phòng họp số 2"
    briefings.save_briefing(p.b, again, opened=conflicts.current(p.b, "briefing", briefing_id))
    mine = briefings.load_briefing(p.a, briefing_id)
    mine.place = "Phòng họp số 3"
    with pytest.raises(RecordConflict) as caught:
        briefings.save_briefing(p.a, mine, opened=opened)
    assert caught.value.fields == () and caught.value.stored_by == p.name_b
    assert "Cuộc giao ban đã được " + p.name_b in str(caught.value)
    assert _row(p.a, Briefing, briefing_id).place == "Phòng họp số 2"
    briefings.save_briefing(p.a, mine, opened=caught.value.stored)  # opened again: saved
    assert _row(p.a, Briefing, briefing_id).place == "Phòng họp số 3"


def test_opened_without_a_version_is_a_programming_error(pair):
    p = pair
    asp = _aspiration(p)
    with pytest.raises(ValueError):
        aspirations.update_aspiration(p.a, asp, opened={"content": "x"}, content="y")

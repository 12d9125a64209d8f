"""``giaoban tasks --json`` reads plain columns, not Task objects (issue 18): on the demo database
every task's JSON must still say what the stored Task object, its units and its briefing say."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import select

from giaoban.cli import main
from giaoban.commands import print_json
from giaoban.core.models import Organization, Task, TaskSupport
from giaoban.core.services.tasks_rules import deadline_facts
from giaoban.core.startup import open_context


def test_every_task_of_the_demo_reads_as_its_stored_object(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["tasks", "--json", "--db", str(db)]) == 0
    listed = json.loads(capsys.readouterr().out)
    ctx = open_context(db)
    today = dt.date.today()  # the command, like a user, runs on the computer's clock
    try:
        with ctx.session() as session:
            names = {o.id: o.name for o in session.exec(select(Organization))}
            stored = {t.id: t for t in session.exec(select(Task).where(Task.deleted_at == None))}  # noqa: E711
            supports: dict[int, list[str]] = {}
            for link in session.exec(select(TaskSupport).order_by(TaskSupport.id)):
                supports.setdefault(link.task_id, []).append(names[link.organization_id])
    finally:
        ctx.db.dispose()
    assert len(listed) == len(stored) > 20
    assert any(item["supporting_units"] for item in listed)
    assert any(item["overdue"] for item in listed) and any(item["briefing_id"] for item in listed)
    for item in listed:
        task = stored[item["id"]]
        facts = deadline_facts(task.status, task.due_on, task.completed_on, today)
        assert item == {
            "id": task.id, "title": task.title, "lead_unit": names[task.lead_unit_id],
            "supporting_units": supports.get(task.id, []),
            "assigned_on": task.assigned_on.isoformat(),
            "due_on": task.due_on.isoformat() if task.due_on else None,
            "status": task.status,
            "completed_on": task.completed_on.isoformat() if task.completed_on else None,
            "overdue": facts.overdue, "days_overdue": facts.days_overdue,
            "briefing_id": task.briefing_id,
        }


@pytest.mark.parametrize("data", [
    [],
    [{}],
    [{"a": 1, "b": None, "c": True, "d": False, "e": [], "f": ["x", "ý \"q\" \\ \n\t\x01 \u2028"],
      "g": -3, "đ": "Hội Nông dân"}, {}],
    [{"a": [1, None, True]}],
])
def test_the_quick_json_writer_writes_what_json_writes(data, capsys):
    print_json(data)
    assert capsys.readouterr().out == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("data", [{"a": 1}, [{"a": 1.5}], [{"a": {"b": 1}}], [{1: 2}],
                                  [{"d": dt.date(2026, 11, 29)}], [[1]], "x"])
def test_other_shapes_go_through_json_itself(data, capsys):
    print_json(data)
    assert capsys.readouterr().out == json.dumps(
        data, ensure_ascii=False, indent=2, default=str) + "\n"

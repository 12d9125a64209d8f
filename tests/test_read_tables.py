"""The lightweight read tables (core/tables.py) name exactly the models' columns, typed alike;
the reading command lines never build the models (issue 18: ~60 ms of every run); the readers
written on those tables give what the ORM's readers give, on both backends."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys

import pytest
from sqlmodel import SQLModel, col, select

from giaoban.core import models, tables
from giaoban.core.services import briefing_list, briefing_query
from giaoban.core.services.tasks_query import TaskFilter, list_tasks


def test_every_read_table_names_its_models_columns_with_the_same_types():
    assert models  # the tables are registered on SQLModel's metadata by importing them
    for name, light in tables.TABLES.items():
        real = SQLModel.metadata.tables[name]
        assert [c.name for c in light.columns] == [c.name for c in real.columns], name
        for column in real.columns:
            assert type(light.c[column.name].type) is type(column.type), (name, column.name)


def test_each_record_kind_names_the_model_of_its_table():
    from giaoban.core import kinds

    for kind in kinds.KINDS.values():
        if kind.model_name is None:
            assert kind.model is None
        else:
            assert kind.model is getattr(models, kind.model_name)
            assert kind.model.__tablename__ == kind.name  # type: ignore[attr-defined]


READING = [
    ["search", "ra soat"], ["search", "--json", "quy"], ["tasks", "--overdue", "--json"],
    ["tasks", "--status", "done"], ["briefings", "--json"], ["briefings"],
    ["aspirations", "--period", "2026", "--search", "duong"], ["aspirations", "--json"],
]
_RUN = ("import sys\nfrom giaoban import cli\ncode = cli.main(sys.argv[1:])\n"
        "print(code, sorted(m for m in ('giaoban.core.models', 'giaoban.core.seed', "
        "'giaoban.core.audit') if m in sys.modules))\n")


@pytest.mark.parametrize("argv", READING, ids=" ".join)
def test_a_reading_command_never_builds_the_models(demo_ctx, argv):
    """A reading command run on a file answers without importing ``giaoban.core.models`` (nor
    the seeding or the audit, which would); what it prints is checked by the CLI's tests."""
    result = subprocess.run([sys.executable, "-c", _RUN, "--db", str(demo_ctx.db.path), *argv],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    code, loaded = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert code == "0" and json.loads(loaded.replace("'", '"')) == [], result.stdout[-300:]


@pytest.mark.parametrize("ctx", ["sqlite", "postgresql"], indirect=True)
def test_the_briefing_list_counts_each_briefings_records(demo_ctx):
    """The list read on the tables' columns, checked against the records loaded one by one
    through the ORM: names, counts (trash left out), order newest first, and the filters."""
    from giaoban.core.models import Aspiration, Briefing, Conclusion, Person, Task

    with demo_ctx.session() as s:
        briefings = s.exec(select(Briefing).where(col(Briefing.deleted_at).is_(None))).all()
        people = {p.id: p.full_name for p in s.exec(select(Person))}
        aspirations = [a for a in s.exec(select(Aspiration)) if a.deleted_at is None]
        conclusions = list(s.exec(select(Conclusion)))
        tasks = [t for t in s.exec(select(Task)) if t.deleted_at is None]
    expected = {b.id: (b.kind, b.year, b.quarter, b.title, b.held_on,
                       people.get(b.chair_id, ""), people.get(b.secretary_id, ""), b.status,
                       b.document_number,
                       sum(a.briefing_id == b.id for a in aspirations),
                       sum(c.briefing_id == b.id for c in conclusions),
                       sum(t.briefing_id == b.id and t.status in ("not_started", "in_progress")
                           for t in tasks))
                for b in briefings}
    rows = briefing_query.list_briefings(demo_ctx)
    assert {r.id: dataclasses.astuple(r)[1:] for r in rows} == expected
    order = [(r.held_on or dt.date(r.year, 12, 31), r.id) for r in rows]
    assert order == sorted(order, reverse=True)
    assert any(r.aspirations and r.conclusions and r.open_tasks for r in rows)
    for filt in ({"year": 2026}, {"kind": "quarterly"}, {"status": "draft"},
                 {"year": 2025, "kind": "annual", "status": "finalized"}):
        found = briefing_list.list_briefings(demo_ctx, **filt)  # type: ignore[arg-type]
        assert [r.id for r in found] == [r.id for r in rows if all(
            getattr(r, key) == value for key, value in filt.items())], filt


@pytest.mark.parametrize("ctx", ["sqlite", "postgresql"], indirect=True)
def test_a_task_row_built_field_by_field_is_the_dataclasss_own(demo_ctx):
    rows = list_tasks(demo_ctx, TaskFilter())
    assert rows
    for row in rows:
        again = dataclasses.replace(row)  # through the generated __init__
        assert again == row and repr(again) == repr(row) and hash(again) == hash(row)
    # the command line's rows: the same but for the last update, which it does not read
    assert any(row.last_update_on for row in rows)
    assert list_tasks(demo_ctx, TaskFilter(), updates=False) == [
        dataclasses.replace(row, last_update="", last_update_on=None) for row in rows]

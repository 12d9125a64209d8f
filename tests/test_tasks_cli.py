"""giaoban tasks: filters and the exact JSON fields the issue promises."""

from __future__ import annotations

import datetime as dt
import json

from giaoban.cli import main
from giaoban.core.services import directory, tasks
from giaoban.core.startup import open_context

FIELDS = {"id", "title", "lead_unit", "supporting_units", "assigned_on", "due_on", "status",
          "completed_on", "overdue", "days_overdue", "briefing_id"}


def _fill(path) -> dict[str, int]:
    """Three tasks around the real today (the command uses the clock, as users do)."""
    ctx = open_context(path)
    today = dt.date.today()
    orgs = {o.abbreviation or o.name: o.id for o in directory.list_organizations(ctx)}
    hnd = next(o.id for o in directory.list_organizations(ctx) if o.name.startswith("Hội Nông"))
    other = next(i for i in orgs.values() if i != hnd)
    late = tasks.create_task(ctx, title="Quá hạn", lead_unit_id=hnd,
                             assigned_on=today - dt.timedelta(days=40),
                             due_on=today - dt.timedelta(days=10))
    soon = tasks.create_task(ctx, title="Sắp đến hạn", lead_unit_id=other,
                             supporting_unit_ids=[hnd], assigned_on=today - dt.timedelta(days=5),
                             due_on=today + dt.timedelta(days=3))
    done = tasks.create_task(ctx, title="Đã xong", lead_unit_id=other,
                             assigned_on=today - dt.timedelta(days=5))
    tasks.complete_task(ctx, done.id, completed_on=today)
    ctx.db.dispose()
    return {"late": late.id, "soon": soon.id, "done": done.id}


def _json(capsys, *args) -> list[dict]:
    assert main(["tasks", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_fields_and_filters(tmp_path, capsys):
    db = tmp_path / "t.db"
    ids = _fill(db)
    everything = _json(capsys, "--db", str(db))
    assert len(everything) == 3
    assert all(set(item) == FIELDS for item in everything)
    late = next(item for item in everything if item["id"] == ids["late"])
    assert late["overdue"] is True and late["days_overdue"] == 10
    assert late["lead_unit"] == "Hội Nông dân tỉnh"
    assert late["due_on"] == (dt.date.today() - dt.timedelta(days=10)).isoformat()
    assert [i["id"] for i in _json(capsys, "--db", str(db), "--overdue")] == [ids["late"]]
    assert [i["id"] for i in _json(capsys, "--db", str(db), "--due-within", "7")] == [ids["soon"]]
    assert [i["id"] for i in _json(capsys, "--db", str(db), "--status", "done")] == [ids["done"]]
    by_unit = {i["id"] for i in _json(capsys, "--db", str(db), "--unit", "hoi nong dan")}
    assert by_unit == {ids["late"], ids["soon"]}


def test_unknown_unit_is_one_clear_line(tmp_path, capsys):
    db = tmp_path / "t.db"
    _fill(db)
    assert main(["tasks", "--db", str(db), "--unit", "Không có đơn vị này"]) == 1
    err = capsys.readouterr().err
    assert "Không tìm thấy đơn vị" in err and "Traceback" not in err


def test_table_output_shows_overdue_words(tmp_path, capsys):
    db = tmp_path / "t.db"
    _fill(db)
    assert main(["tasks", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Quá hạn 10 ngày" in out and "Còn 3 ngày" in out

"""The documents read the same data from SQLite and from a PostgreSQL server.

The same office is written through the services on both backends, with what the two databases
order differently by nature: tasks without a deadline (SQLite sorts NULL first, PostgreSQL
last), equal deadlines, Vietnamese unit names (a server's collation is not Python's), tasks
without a briefing. The minutes, the notice, the follow-up report and the register export must
come out the same, value for value and in the same order; the files are checked on each
backend by the document tests themselves (tests/pg_fixtures.BOTH_BACKENDS).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from giaoban.core.clock import Clock
from giaoban.core.services import aspirations, directory, tasks
from giaoban.core.services.aspiration_export import register_values
from giaoban.core.services.document_data import (
    load_briefing_document_data,
    load_followup_report_data,
)
from giaoban.core.services.document_register import list_issued
from tests.documents_fixtures import TODAY, insert_sample_briefing

D = dt.date
UNITS = ("Đoàn Thanh niên xã", "Ủy ban nhân dân xã", "ấp Bắc", "Ban Dân vận", "Hội Cựu chiến binh",
         "Zalo nhóm", "Ăn uống", "Âm nhạc")


def _office(ctx) -> int:
    """The sample briefing and, around it, the rows the backends would order differently."""
    ctx.clock = Clock.at(TODAY)
    briefing = insert_sample_briefing(ctx)
    units = [directory.create_organization(ctx, name=name).id for name in UNITS]
    for n, (due, lead, supports) in enumerate((
            (None, units[0], units[1:3]), (D(2026, 10, 30), units[2], ()),
            (D(2026, 10, 30), units[1], (units[3], units[2])), (None, units[3], ()),
            (D(2026, 10, 5), units[4], units[5:])), start=1):
        tasks.create_task(ctx, title=f"Việc bổ sung {n}", lead_unit_id=lead, due_on=due,
                          assigned_on=D(2026, 9, 25), supporting_unit_ids=supports,
                          briefing_id=briefing)
    tasks.create_task(ctx, title="Việc không thuộc cuộc giao ban nào", lead_unit_id=units[6],
                      assigned_on=D(2026, 10, 1))
    for n, (day, unit) in enumerate(((D(2026, 9, 20), units[7]), (D(2026, 9, 20), units[0]),
                                     (D(2026, 8, 1), units[5])), start=1):
        aspirations.create_aspiration(ctx, organization_id=unit, raised_on=day,
                                      content=f"Kiến nghị bổ sung {n}", locality="Xã Hòa Bình")
    return briefing


def _plain(value):
    """A document's data as plain values (dataclasses, lists, dicts) to compare."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _documents(ctx, briefing: int) -> dict[str, object]:
    return {
        "minutes": _plain(load_briefing_document_data(ctx, briefing)),
        "report": _plain(load_followup_report_data(ctx, D(2026, 7, 1), D(2026, 12, 31),
                                                   as_of=TODAY)),
        "report_all": _plain(load_followup_report_data(ctx, D(2000, 1, 1), D(2026, 12, 31),
                                                       as_of=D(2026, 11, 1))),
        "register": register_values(ctx),
        "issued": _plain(list_issued(ctx)),
    }


def test_minutes_notice_report_and_register_read_the_same_on_both_backends(ctx, pg_ctx):
    pg_ctx.user = ctx.user
    briefing = _office(ctx)
    assert _office(pg_ctx) == briefing
    on_file, on_server = _documents(ctx, briefing), _documents(pg_ctx, briefing)
    for name, value in on_file.items():
        assert on_server[name] == value, f"{name} differs between SQLite and PostgreSQL"
    minutes = on_file["minutes"]
    # the order itself: by deadline, undated tasks last (the follow-up report's rule as well)
    dues = [task["due_on"] for task in minutes["tasks"]]
    dated = [due for due in dues if due is not None]
    assert dated == sorted(dated) and dues[len(dated):] == [None, None]
    assert len(on_file["register"]) == 3 + len(minutes["aspirations"])
    for value in (minutes["held_on"], *dated, *(row[1] for row in on_file["register"])):
        assert type(value) is dt.date  # a date, never a datetime or a string from the driver

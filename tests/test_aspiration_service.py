"""Aspiration services: validation by field, audit, finalized briefings, queries and statistics."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import select

from giaoban.cli import main
from giaoban.core.errors import ReadOnlyError, ValidationError
from giaoban.core.models import Aspiration, AuditEvent, Briefing
from giaoban.core.services import aspiration_query as query
from giaoban.core.services.aspirations import (
    clean_aspiration,
    create_aspiration,
    set_status,
    update_aspiration,
)
from giaoban.core.services.directory import list_organizations, update_organization


def _org(ctx, abbreviation="HND"):
    return next(o for o in list_organizations(ctx) if o.abbreviation == abbreviation)


def test_clean_reports_every_bad_field_and_writes_nothing(ctx):
    with ctx.session() as s, pytest.raises(ValidationError) as info:
        clean_aspiration(s, {"organization_id": 999, "kind": "x", "field": "y", "status": "z",
                             "content": "  ", "raised_on": "hôm qua"})
    assert set(info.value.errors) == {"organization_id", "kind", "field", "status", "content",
                                      "raised_on"}
    with ctx.session() as s:
        data = clean_aspiration(s, {"organization_id": _org(ctx).id, "raised_on": "2026-09-01",
                                    "content": " Kie\u0302\u0301n nghị "})
        assert data["content"] == "Kiến nghị" and data["raised_on"] == dt.date(2026, 9, 1)
        assert data["kind"] == "petition" and data["status"] == "received"
        with pytest.raises(ValidationError) as info:
            clean_aspiration(s, {**data, "response_on": dt.date(2026, 8, 1)})
        assert "response_on" in info.value.errors
    assert ctx.session().exec(select(Aspiration)).all() == []


def test_inactive_body_refused_for_new_rows_only(ctx):
    org = _org(ctx)
    row = create_aspiration(ctx, organization_id=org.id, raised_on=dt.date(2026, 9, 1),
                            content="Đề nghị sửa cầu treo")
    update_organization(ctx, org.id, active=False)
    with pytest.raises(ValidationError):
        create_aspiration(ctx, organization_id=org.id, raised_on=dt.date(2026, 9, 2), content="x")
    updated = update_aspiration(ctx, row.id, content="Đề nghị sửa cầu treo bản Mòng")
    assert updated.content.endswith("bản Mòng")


def test_answer_is_audited_and_finalized_record_read_only(ctx):
    with ctx.transaction() as s:
        briefing = Briefing(kind="quarterly", year=2026, quarter=3, status="finalized")
        s.add(briefing)
        s.flush()
        briefing_id = briefing.id
    row = create_aspiration(ctx, organization_id=_org(ctx).id, raised_on=dt.date(2026, 9, 1),
                            content="Đề nghị nâng cấp trạm y tế", briefing_id=briefing_id)
    update_aspiration(ctx, row.id, status="answered", response="UBND xã đã bố trí vốn",
                      response_on=dt.date(2026, 10, 5), responding_unit_id=_org(ctx, "UBND").id)
    with pytest.raises(ReadOnlyError):
        update_aspiration(ctx, row.id, content="Sửa nội dung")
    assert set_status(ctx, [row.id], "closed") == 1
    with ctx.session() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.entity == "aspiration")).all()
    assert [e.action for e in events] == ["create", "update", "update"]
    changes = json.loads(events[1].changes)
    assert changes["status"] == ["received", "answered"] and "search_text" not in changes


def test_register_filters_sorts_and_counts(demo_ctx):
    ctx = demo_ctx
    everything = query.aspiration_ids(ctx)
    assert len(everything) == query.count_aspirations(ctx) > 100
    rows = query.aspiration_rows(ctx, everything[:300])
    assert [r.raised_on for r in rows] == sorted((r.raised_on for r in rows), reverse=True)
    org = _org(ctx)
    flt = query.AspirationFilter(organization_id=org.id, date_from=dt.date(2026, 1, 1),
                                 status="received", search="de nghi")
    rows = query.list_aspirations(ctx, flt)
    assert rows and all(r.organization_id == org.id and r.raised_on.year >= 2026
                        and r.status == "received" for r in rows)
    bodies = [r.body for r in query.list_aspirations(ctx, sort="organization", descending=False)]
    from giaoban.core.text import sort_key

    assert bodies == sorted(bodies, key=sort_key)
    stats = query.aspiration_stats(ctx, flt)
    assert stats.total == len(rows) and sum(n for _l, n in stats.by_field) == len(rows)
    assert stats.by_body == [(org.name, len(rows))]
    linked = [r for r in query.list_aspirations(ctx) if r.task_ids]
    assert linked  # the demo makes tasks from aspirations


def test_cli_aspirations_json_and_search_json(demo_ctx, capsys):
    db = str(demo_ctx.db.path)
    assert main(["aspirations", "--json", "--period", "2026-Q3", "--body", "hoi nong dan",
                 "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and set(data[0]) == {"id", "raised_on", "body", "kind", "field", "locality",
                                     "content", "status", "response", "briefing_id"}
    assert all(d["body"] == "Hội Nông dân tỉnh" and d["raised_on"].startswith("2026-0")
               for d in data)
    assert main(["search", "duong", "--json", "--db", db]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and set(hits[0]) == {"type", "id", "text", "score"}
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    with pytest.raises(SystemExit) as refused:  # a usage mistake, found while reading the line
        main(["aspirations", "--period", "2026-Q9", "--db", db])
    assert refused.value.code == 2

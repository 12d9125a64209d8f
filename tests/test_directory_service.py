"""Directory services: validation, ordering, people sorted the Vietnamese way, audit."""

import json

import pytest
from sqlmodel import select

from giaoban.core.errors import ValidationError
from giaoban.core.models import AuditEvent
from giaoban.core.services import directory


def test_create_organization_validates_and_audits(ctx):
    with pytest.raises(ValidationError) as info:
        directory.create_organization(ctx, name="   ")
    assert "name" in info.value.errors
    with pytest.raises(ValidationError) as info:
        directory.create_organization(ctx, name="hoi nong dan TINH")  # folded duplicate
    assert "Hội Nông dân tỉnh" in info.value.errors["name"]
    org = directory.create_organization(ctx, name="  Sở Nội vụ ", abbreviation="SNV",
                                        kind="state_agency")
    assert org.name == "Sở Nội vụ"
    assert directory.list_organizations(ctx)[-1].id == org.id
    with ctx.session() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.entity_id == org.id)).all()
    assert [e.action for e in events] == ["create"]
    assert json.loads(events[0].changes)["name"] == [None, "Sở Nội vụ"]
    assert events[0].user == "tester"


def test_parent_cycles_are_refused(ctx):
    orgs = {o.abbreviation: o for o in directory.list_organizations(ctx)}
    with pytest.raises(ValidationError) as info:
        directory.update_organization(ctx, orgs["MTTQ"].id, parent_id=orgs["LHPN"].id)
    assert "parent_id" in info.value.errors
    with pytest.raises(ValidationError):
        directory.update_organization(ctx, orgs["MTTQ"].id, parent_id=orgs["MTTQ"].id)


def test_reorder_and_deactivate(ctx):
    orgs = directory.list_organizations(ctx)
    last = orgs[-1]
    directory.move_organization(ctx, last.id, -1)
    assert directory.list_organizations(ctx)[-2].id == last.id
    directory.update_organization(ctx, last.id, active=False)
    active = directory.list_organizations(ctx, include_inactive=False)
    assert last.id not in {o.id for o in active}


def test_people_sorted_by_given_name_in_vietnamese_order(ctx):
    for name in ["Trần Văn Đức", "Lê Thị Dung", "Nguyễn Văn An", "Phạm Ánh"]:
        directory.create_person(ctx, full_name=name)
    names = [p.full_name for p in directory.list_people(ctx)]
    assert names == ["Nguyễn Văn An", "Phạm Ánh", "Lê Thị Dung", "Trần Văn Đức"]


def test_person_validation(ctx):
    with pytest.raises(ValidationError) as info:
        directory.create_person(ctx, full_name="", organization_id=99999)
    assert set(info.value.errors) == {"full_name", "organization_id"}

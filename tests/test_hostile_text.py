"""Random and hostile text at every service that takes user text.

Each value is either stored exactly — read back equal to the value after the documented
normalization (NFC + strip, core.text.normalize) — or refused with a ValidationError. Any other
exception (an encoding error from SQLite, a crash) fails the test. The number of values tried
is printed and recorded as a test property.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from giaoban.core.errors import ValidationError
from giaoban.core.models import Briefing, Organization, Person, Task
from giaoban.core.services import aspirations, directory, tasks
from giaoban.core.services import settings as settings_service
from giaoban.core.text import normalize

HOSTILE = [
    "", " ", "\t\n", "\x00", "a\x00b", "\x07\x08\x1b[31mđỏ\x1b[0m", "\x7f\x9f", "\r\n\r\n",
    "\u202eđảo chiều\u202c", "\u200f\u200e\u200b\u2060", "\ufeffBOM", "\u0085\u2028\u2029",
    "👍🏽🇻🇳👨‍👩‍👧‍👦", "𝕏𝔸 𠜎𠜱", "e\u0301 Nguye\u0302\u0303n", "Hội Nông dân",
    "'; DROP TABLE briefing; --", "Robert'); DELETE FROM task WHERE 1=1;--", "\" OR \"1\"=\"1",
    "%s %d %n {0} {name} $(rm -rf /)", "<script>alert(1)</script>", "NULL", "None",
    "../../etc/passwd", "\\x00\\n", "x" * 20_000, "ộ" * 5_000, "a\ud800b", "\udfff",
    " \u00a0 padded \u3000 ", "ﬁ ﬀ ① Ⅻ", "İı ß ς",
]
SURROGATE = st.sampled_from(["\ud800", "\udbff\udc00"[::-1], "x\udc80y"])
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.builds(lambda a, b, c: a + b + c, st.sampled_from(HOSTILE), st.text(max_size=30),
              st.one_of(st.sampled_from(HOSTILE), SURROGATE)),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=40),
)

TRIED: dict[str, int] = {}
COUNTER: dict[str, int] = {}


@dataclass
class Target:
    """Writes a value through a service, reads back the stored field."""

    name: str
    write: Callable[[Any, str], Callable[[], str]]
    expected: Callable[[str], str] = normalize


def _org_id(ctx) -> int:
    with ctx.session() as s:
        return s.exec(select(Organization.id)).first()


def _org(ctx, v):
    org = directory.create_organization(ctx, name=v)
    return lambda: directory.get_organization(ctx, org.id).name


def _org_short(ctx, v):
    COUNTER["org"] = COUNTER.get("org", 0) + 1
    org = directory.create_organization(ctx, name=f"Đơn vị thử số {COUNTER['org']}",
                                        short_name=v)
    return lambda: directory.get_organization(ctx, org.id).short_name


def _org_update(ctx, v):
    org_id = _org_id(ctx)
    directory.update_organization(ctx, org_id, abbreviation=v)
    return lambda: directory.get_organization(ctx, org_id).abbreviation


def _person(ctx, v):
    person = directory.create_person(ctx, full_name=v, title=v)
    with ctx.session() as s:
        row = s.get(Person, person.id)
    assert row.title == row.full_name
    return lambda: directory.get_person(ctx, person.id).full_name


def _setting(ctx, v):
    settings_service.save_settings(ctx, {"signer_name": v, "province": v})
    return lambda: settings_service.get_settings(ctx)["province"]


def _aspiration(ctx, v):
    row = aspirations.create_aspiration(
        ctx, organization_id=_org_id(ctx), raised_on=dt.date(2026, 11, 2), content=v,
        locality=v, people_concerned=v)
    stored = aspirations.get_aspiration(ctx, row.id)
    assert stored.locality == stored.content == stored.people_concerned
    return lambda: aspirations.get_aspiration(ctx, row.id).content


def _task(ctx, v):
    task = tasks.create_task(ctx, title=v, detail=v, lead_unit_id=_org_id(ctx),
                             assigned_on=dt.date(2026, 11, 3))
    with ctx.session() as s:
        row = s.get(Task, task.id)
    assert row.detail == row.title
    return lambda: tasks.get_task(ctx, task.id).title


def _briefing(ctx, v):
    from giaoban.core.services.briefing_draft import BriefingDraft
    from giaoban.core.services.briefings import save_briefing

    with ctx.session() as s:
        chair = s.exec(select(Person.id)).first()
    if chair is None:
        chair = directory.create_person(ctx, full_name="Người chủ trì").id
    draft = BriefingDraft(kind="thematic", year=2026, quarter=None, title=v, place=v, notes=v,
                          chair_id=chair, held_on=dt.date(2026, 11, 20))
    briefing_id = save_briefing(ctx, draft)

    def read() -> str:
        with ctx.session() as s:
            row = s.get(Briefing, briefing_id)
        assert row.place == row.title
        return row.title

    return read


TARGETS = [
    Target("organization.name", _org),
    Target("organization.short_name", _org_short),
    Target("organization.abbreviation (update)", _org_update),
    Target("person.full_name+title", _person),
    Target("setting.province+signer_name", _setting),
    Target("aspiration.content+locality+people", _aspiration),
    Target("task.title+detail", _task),
    Target("briefing.title+place+notes", _briefing),
]


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.timeout(300)
@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_hostile_text_is_stored_exactly_or_refused_cleanly(ctx, target, record_property):
    outcomes = {"stored": 0, "refused": 0}

    @settings(max_examples=200, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(value=TEXT)
    def check(value: str) -> None:
        TRIED[target.name] = TRIED.get(target.name, 0) + 1
        try:
            read_back = target.write(ctx, value)
        except ValidationError as exc:
            assert exc.errors and all(isinstance(m, str) and m for m in exc.errors.values())
            outcomes["refused"] += 1
            return
        assert _encodable(value), "a value that cannot be stored in UTF-8 was accepted"
        assert read_back() == target.expected(value)
        outcomes["stored"] += 1

    for value in HOSTILE:  # every hand-written value, always, besides hypothesis' own
        check.hypothesis.inner_test(value=value)
    check()
    record_property("values_tried", TRIED[target.name])
    print(f"\n{target.name}: {TRIED[target.name]} values, {outcomes['stored']} stored, "
          f"{outcomes['refused']} refused")
    assert outcomes["stored"] > 0 and outcomes["refused"] > 0

"""The one rule set that turns a typed name into an organization (CLI options, Excel import)."""

from __future__ import annotations

import pytest

from giaoban.core.errors import GiaobanError
from giaoban.core.models import Organization
from giaoban.core.services.org_match import OrganizationMatcher, find_organization


def _org(id_: int, name: str, short: str = "", abbr: str = "", active: bool = True) -> Organization:
    return Organization(id=id_, name=name, short_name=short, abbreviation=abbr, kind="association",
                        active=active)


FARMERS = _org(1, "Hội Nông dân tỉnh", "Hội Nông dân", "HND")
FRONT = _org(2, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban MTTQ tỉnh", "MTTQ")
LABOUR = _org(3, "Liên đoàn Lao động tỉnh", "Liên đoàn Lao động", "LĐLĐ")
YOUTH = _org(4, "Tỉnh đoàn", "Tỉnh đoàn", "TĐ")
OLD_FARMERS = _org(5, "Hội Nông dân", "", "HNDcu", active=False)


@pytest.fixture
def matcher() -> OrganizationMatcher:
    return OrganizationMatcher([OLD_FARMERS, FARMERS, FRONT, LABOUR, YOUTH])


@pytest.mark.parametrize("typed", [
    "Hội Nông dân tỉnh", "hoi nong dan tinh", "HỘI NÔNG DÂN", "  Hội   Nông dân ", "HND", "h.n.d",
    "Hội Nông dân, tỉnh",
])
def test_name_short_name_abbreviation_any_case_and_marks(matcher, typed):
    assert matcher.match(typed) is FARMERS


def test_d_with_stroke_folds_to_d(matcher):
    assert matcher.match("LDLD") is LABOUR
    assert matcher.match("lien doan lao dong") is LABOUR
    assert matcher.match("Tinh doan") is YOUTH
    assert matcher.match("td") is YOUTH


def test_words_bodies_add_or_leave_out_are_ignored(matcher):
    assert matcher.match("Ủy ban MTTQ") is FRONT
    assert matcher.match("Liên đoàn Lao động Tỉnh ủy") is LABOUR


def test_active_organization_wins_a_shared_name(matcher):
    assert matcher.match("Hội Nông dân") is FARMERS


def test_part_of_one_name_matches_part_of_several_is_ambiguous(matcher):
    assert matcher.match("mat tran") is FRONT
    assert matcher.candidates("lao dong") == [LABOUR]
    assert matcher.match("hoi") is None
    assert len(matcher.candidates("hoi")) == 2


def test_nothing_typed_or_unknown_matches_nothing(matcher):
    assert matcher.match("") is None
    assert matcher.match(None) is None
    assert matcher.match("Hội Chữ thập đỏ") is None


def test_find_organization_says_what_went_wrong(demo_ctx):
    farmers = find_organization(demo_ctx, "hoi nong dan")
    assert find_organization(demo_ctx, "HND") == farmers
    with pytest.raises(GiaobanError, match="Không tìm thấy đơn vị"):
        find_organization(demo_ctx, "Không có đơn vị này")
    with pytest.raises(GiaobanError, match="khớp nhiều đơn vị"):
        find_organization(demo_ctx, "hoi")


@pytest.mark.parametrize("typed", [
    "MTTQ tỉnh", "Ủy ban MTTQ Việt Nam tỉnh", "UB MTTQ tỉnh", "Mặt trận tỉnh", "Mặt trận Tổ quốc",
    "ủy ban mặt trận tổ quốc vn",
])
def test_the_names_bodies_write_for_the_front(matcher, typed):
    """The office receives workbooks headed every one of these ways (issue 13)."""
    assert matcher.match(typed) is FRONT


@pytest.mark.parametrize(("typed", "meant"), [
    ("LĐLĐ tỉnh", LABOUR), ("Hội ND tỉnh", None), ("HND tỉnh", FARMERS), ("Hội LHPN", None),
])
def test_shortenings_inside_names(matcher, typed, meant):
    assert matcher.match(typed) is meant

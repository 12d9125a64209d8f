"""The one period parser of the CLI (--period, --from, --to) and the GUI's period filters."""

from __future__ import annotations

import datetime as dt

import pytest

from giaoban.core.errors import ValidationError
from giaoban.core.periods import Period, parse_period, period_end, period_start

Q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


@pytest.mark.parametrize("typed", [
    "2026-Q3", "2026q3", "2026 Q3", " 2026 - q 3 ", "2026/Q3", "Quý III/2026", "quy iii/2026",
    "Q3/2026", "Quý 3/2026", "QUÝ III - 2026",
])
def test_a_quarter_written_any_usual_way(typed):
    period = parse_period(typed)
    assert period == Q3
    assert (period.year, period.quarter, period.key) == (2026, 3, "2026-Q3")


@pytest.mark.parametrize("typed", ["2026", "Năm 2026", "nam 2026"])
def test_a_whole_year(typed):
    period = parse_period(typed)
    assert period == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (period.quarter, period.key) == (None, "2026")


@pytest.mark.parametrize("bad", ["2026-Q5", "2026-Q0", "Quý V/2026", "Q3", "2026-07", "", "abcd",
                                 "1900", "2026-Q3-2027"])
def test_anything_else_is_refused_with_the_expected_form(bad):
    with pytest.raises(ValidationError) as caught:
        parse_period(bad)
    assert "period" in caught.value.errors and "2026-Q3" in str(caught.value)


def test_the_key_reads_back_and_bounds_for_filters():
    for year, quarter in ((2025, None), (2025, 1), (2025, 4)):
        period = Period.of(year, quarter)
        assert parse_period(period.key) == period
    assert period_start("2025-Q2") == dt.date(2025, 4, 1)
    assert period_end("2025") == dt.date(2025, 12, 31)
    assert period_start("") is None and period_end(None) is None

"""The editor's copy of a draft (``trimmed``) is a deep copy made row by row: it holds only
immutable values, so a copy of each row is enough, and it equals what ``copy.deepcopy`` gave."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import typing

from giaoban.core.services import briefing_draft
from giaoban.core.services.briefing_draft import (
    AspirationDraft,
    AttendanceDraft,
    BriefingDraft,
    ConclusionDraft,
    ReportDraft,
)
from giaoban.ui.pages.briefing_editor.draft_copy import trimmed, trimmed_view

IMMUTABLE = (int, str, bool, type(None), dt.date, dt.time)
ROWS = (AttendanceDraft, ReportDraft, AspirationDraft, ConclusionDraft)


def _kinds(hint: object) -> tuple[object, ...]:
    return typing.get_args(hint) or (hint,)


def test_every_field_of_a_draft_but_its_lists_is_immutable():
    for kind in (*ROWS, BriefingDraft):
        hints = typing.get_type_hints(kind, vars(briefing_draft))
        for item in dataclasses.fields(kind):
            if kind is BriefingDraft and item.name in ("attendance", "reports", "aspirations",
                                                        "conclusions"):
                continue
            assert all(k in IMMUTABLE for k in _kinds(hints[item.name])), (kind, item.name)


def _draft() -> BriefingDraft:
    return BriefingDraft(
        id=3, held_on=dt.date(2026, 11, 5), start_time=dt.time(8, 0), place="Hội trường",
        attendance=[AttendanceDraft(person_id=1), AttendanceDraft()],
        reports=[ReportDraft(organization_id=2, title="Báo cáo"), ReportDraft()],
        aspirations=[AspirationDraft(id=7, content="Đường"), AspirationDraft()],
        conclusions=[ConclusionDraft(text="Một"), ConclusionDraft()])


def test_the_copy_is_the_deep_copy_trimmed_and_shares_no_row():
    draft = _draft()
    want = copy.deepcopy(draft)
    for rows in (want.attendance, want.reports, want.aspirations, want.conclusions):
        rows.pop()  # the blank row left at the end
    got = trimmed(draft)
    assert got == want == trimmed_view(draft)
    got.aspirations[0].content = "Cầu"
    got.conclusions.append(ConclusionDraft(text="Hai"))
    assert draft.aspirations[0].content == "Đường" and len(draft.conclusions) == 2
    assert trimmed_view(draft) != got

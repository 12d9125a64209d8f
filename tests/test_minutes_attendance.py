"""Every attendance line the briefing editor counts is printed in the minutes (issue 13, item 4).

A briefing holds every kind of line — chair, secretary, members present and absent, members
given only by their body ("Hoặc cơ quan, đơn vị"), guests named or by body, present or absent.
The editor's own count ("Tổng số n: có mặt p, vắng mặt a", read from the real widget) must be
the printed one, in the PDF (pypdf) and in Word (python-docx), and every line must be named.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document as read_docx

from giaoban.core.services import briefings, directory
from giaoban.core.services.briefing_draft import AttendanceDraft, BriefingDraft
from giaoban.documents.exports import export_minutes
from giaoban.ui.dialogs import ask
from tests.documents_fixtures import pdf_pages, squash


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch):
    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)


@pytest.fixture
def briefing(ctx):
    """A briefing with one line of every kind; returns (id, expected printed names)."""
    orgs = directory.list_organizations(ctx)
    assert len(orgs) >= 6

    def person(name: str, title: str, org: int) -> int:
        return directory.create_person(ctx, full_name=name, title=title,
                                       organization_id=orgs[org].id).id

    chair = person("Trần Văn Bình", "Phó Bí thư Thường trực", 0)
    secretary = person("Lê Thị Hoa", "Chuyên viên", 0)
    member = person("Phạm Minh Châu", "Chủ tịch", 1)
    away = person("Đỗ Quang Vinh", "Phó Chủ tịch", 2)
    guest = person("Ngô Thị Lan", "Giám đốc", 3)
    guest_away = person("Vũ Đức Thắng", "Trưởng phòng", 4)
    A = AttendanceDraft
    lines = [
        A(person_id=chair, role="chair"),
        A(person_id=secretary, role="secretary"),
        A(person_id=member, role="member"),
        A(person_id=away, role="member", present=False, absence_reason="đi công tác"),
        A(organization_id=orgs[5].id, role="member"),  # a member body, no person named
        A(organization_id=orgs[2].id, role="member", present=False, absence_reason="bận họp"),
        A(person_id=guest, role="invited"),
        A(organization_id=orgs[1].id, role="invited"),  # a guest body, no person named
        A(person_id=guest_away, role="invited", present=False, absence_reason="ốm"),
        A(organization_id=orgs[4].id, role="invited", present=False, absence_reason="trùng lịch"),
    ]
    saved_id = briefings.save_briefing(ctx, BriefingDraft(
        year=2026, quarter=4, chair_id=chair, secretary_id=secretary, attendance=lines))
    names = {
        "present": ["Trần Văn Bình", "Lê Thị Hoa", "Phạm Minh Châu",
                    f"Đại diện lãnh đạo {orgs[5].name}"],
        "absent": ["Đỗ Quang Vinh", f"Đại diện lãnh đạo {orgs[2].name}", "Vũ Đức Thắng",
                   f"Đại diện lãnh đạo {orgs[4].name}"],
        "guests": [f"{orgs[3].name}: đồng chí Ngô Thị Lan", f"{orgs[1].name}: đại diện lãnh đạo"],
    }
    return saved_id, names


def _editor_counts(window, briefing_id: int) -> tuple[int, int, int]:
    """What the real attendance tab of the editor says: (total, present, absent)."""
    page = window.show_area("briefings")
    page.open_briefing(briefing_id)
    text = page.editor.attendance.info.text()
    found = re.search(r"Tổng số (\d+): có mặt (\d+), vắng mặt (\d+)", text)
    assert found, text
    return tuple(int(n) for n in found.groups())  # type: ignore[return-value]


def _section(paragraphs: list[str]) -> list[str]:
    start = paragraphs.index("I. THÀNH PHẦN")
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("II. "))
    return paragraphs[start + 1:end]


def _numbers(text: str) -> dict[str, int]:
    """The printed counts, read from text without spaces (PDF lines break anywhere)."""
    flat = squash(text)
    patterns = {
        "total": r"Tổngsốtriệutậpvàmời:(\d+)đồngchí;cómặt(\d+),vắngmặt(\d+)",
        "members": r"1\.Thànhviêncómặt:(\d+)đồngchí",
        "absent": r"2\.Vắngmặt:(\d+)đồngchí",
        "guests": r"3\.Kháchmời:(\d+)đồngchí",
    }
    out: dict[str, int] = {}
    for key, pattern in patterns.items():
        found = re.search(pattern, flat)
        assert found, f"{key} not printed"
        if key == "total":
            out["total"], out["present"], out["absent_total"] = map(int, found.groups())
        else:
            out[key] = int(found.group(1))
    return out


def _check(numbers: dict[str, int], editor: tuple[int, int, int]) -> None:
    total, present, absent = editor
    assert (numbers["total"], numbers["present"], numbers["absent_total"]) == editor
    assert numbers["members"] + numbers["guests"] == present
    assert numbers["absent"] == absent
    assert present + absent == total


@pytest.mark.timeout(90)
def test_printed_minutes_count_and_name_every_attendance_line(window, ctx, briefing,
                                                              tmp_path: Path):
    briefing_id, names = briefing
    editor = _editor_counts(window, briefing_id)
    assert editor == (10, 6, 4)  # the editor counts every line, a body alone included

    docx_path = export_minutes(ctx, briefing_id, tmp_path / "bb.docx")
    paragraphs = [p.text.strip() for p in read_docx(str(docx_path)).paragraphs if p.text.strip()]
    section = _section(paragraphs)
    _check(_numbers("\n".join(section)), editor)
    listed = [p for p in section if p.startswith("- ")]
    members = listed[:4]
    absent = listed[4:8]
    guests = listed[8:]
    assert len(members) + len(absent) == 8 and len(guests) == 2
    for name, line in zip(names["present"], members, strict=True):
        assert name in line
    for name, line in zip(names["absent"], absent, strict=True):
        assert name in line
        assert "lý do:" in line
    assert all(any(g in line for line in guests) for g in names["guests"])
    guest_entries = sum(line.count("đồng chí ") + line.count("đại diện lãnh đạo") for line in guests)
    assert guest_entries == _numbers("\n".join(section))["guests"]

    pdf_path = export_minutes(ctx, briefing_id, tmp_path / "bb.pdf")
    text = "".join(pdf_pages(pdf_path))
    _check(_numbers(text), editor)
    flat = squash(text)
    for name in [*names["present"], *names["absent"], *names["guests"]]:
        assert squash(name) in flat, name

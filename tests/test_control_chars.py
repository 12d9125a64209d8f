"""Control characters (issue 14, group 6): refused at input under their field; never break output.

Input: every text field of tasks, aspirations, the directory and the briefing editor, and a
cell of an imported workbook, refuses NUL, vertical tab, escape, DEL, C1 controls and the
non-characters with a ValidationError keyed by that field, naming the character's code. Tab and
newline are kept; a carriage return is a line end.

Output: a database written before that rule (the texts are put in directly, as an old version
would have) still gives every file — PDF, DOCX, XLSX, CSV, ICS — with the control characters
left out (vertical tab and form feed as line breaks), read back to prove it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl import Workbook
from sqlmodel import select

from giaoban.core.clock import Clock
from giaoban.core.errors import ValidationError
from giaoban.core.models import Aspiration, Attendance, Briefing, Conclusion, Organization, Task
from giaoban.core.services import aspirations, directory, tasks
from giaoban.core.services.aspiration_import import read_workbook
from giaoban.core.services.briefing_draft import (
    AspirationDraft,
    AttendanceDraft,
    BriefingDraft,
    ConclusionDraft,
    ReportDraft,
)
from giaoban.core.services.briefings import save_briefing
from giaoban.core.text import control_char_message, normalize, printable
from tests.documents_fixtures import TODAY, insert_sample_briefing, pdf_pages
from tests.test_full_disk import _writers

BAD = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f",
       "\ufffe", "\uffff"]
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _refused(call, field: str, char: str) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.errors, caught.value.errors
    assert f"U+{ord(char):04X}" in caught.value.errors[field]


@pytest.mark.parametrize("char", BAD, ids=[f"U+{ord(c):04X}" for c in BAD])
def test_normalize_refuses_with_the_field_and_the_code(char):
    with pytest.raises(ValidationError) as caught:
        normalize(f"Kế hoạch{char}quý IV", "title")
    assert list(caught.value.errors) == ["title"]
    assert f"U+{ord(char):04X}" in caught.value.errors["title"] and "vị trí thứ 9" in str(caught.value)


def test_tab_newline_and_carriage_return_are_text():
    assert normalize("Mục 1\tnội dung\nMục 2") == "Mục 1\tnội dung\nMục 2"
    assert normalize("dòng 1\r\ndòng 2\rdòng 3") == "dòng 1\ndòng 2\ndòng 3"
    assert control_char_message("a\tb\nc") is None


def _org(ctx) -> int:
    return directory.list_organizations(ctx)[0].id


@pytest.mark.parametrize("char", ["\x0b", "\x00", "\x1f", "\x9f"])
def test_services_refuse_under_each_field(ctx, char):
    org = _org(ctx)
    text = f"Nội dung{char}sai"
    task_base = {"title": "Nhiệm vụ", "lead_unit_id": org, "assigned_on": dt.date(2026, 11, 1)}
    for field in ("title", "detail"):
        _refused(lambda f=field: tasks.create_task(ctx, **{**task_base, f: text}), field, char)
    task = tasks.create_task(ctx, **task_base)
    _refused(lambda: tasks.update_task(ctx, task.id, result=text), "result", char)
    _refused(lambda: tasks.update_task(ctx, task.id, cancel_reason=text, status="cancelled"),
             "cancel_reason", char)
    _refused(lambda: tasks.update_task(ctx, task.id, text, status="in_progress"), "note", char)
    _refused(lambda: tasks.add_update(ctx, task.id, text), "note", char)
    asp_base = {"organization_id": org, "raised_on": dt.date(2026, 11, 2), "content": "Kiến nghị"}
    for field in ("content", "locality", "people_concerned", "response"):
        _refused(lambda f=field: aspirations.create_aspiration(ctx, **{**asp_base, f: text}),
                 field, char)
    for field in ("name", "short_name", "abbreviation"):
        values = {"name": "Đơn vị mới", field: text}
        _refused(lambda v=values: directory.create_organization(ctx, **v), field, char)
    _refused(lambda: directory.update_organization(ctx, org, name=text), "name", char)
    for field in ("full_name", "title"):
        values = {"full_name": "Nguyễn Văn A", field: text}
        _refused(lambda v=values: directory.create_person(ctx, **v), field, char)
    with ctx.session() as s:
        assert [t.id for t in s.exec(select(Task))] == [task.id]  # only the clean one
        assert not s.exec(select(Aspiration)).all()


def test_briefing_editor_refuses_under_each_field_and_row(ctx):
    org = _org(ctx)
    chair = directory.create_person(ctx, full_name="Người chủ trì").id
    bad = "Có\x0bký tự"
    draft = BriefingDraft(
        kind="thematic", year=2026, quarter=None, title=bad, place=bad, notes=bad,
        document_number=bad, chair_id=chair, held_on=dt.date(2026, 11, 20),
        attendance=[AttendanceDraft(person_id=chair, present=False, absence_reason=bad)],
        reports=[ReportDraft(organization_id=org, presenter=bad, title=bad, summary=bad)],
        aspirations=[AspirationDraft(organization_id=org, content=bad)],
        conclusions=[ConclusionDraft(text=bad)],
    )
    with pytest.raises(ValidationError) as caught:
        save_briefing(ctx, draft)
    expected = {"title", "place", "notes", "document_number", "attendance[0].absence_reason",
                "reports[0].presenter", "reports[0].title", "reports[0].summary",
                "aspirations[0].content", "conclusions[0].text"}
    assert expected <= set(caught.value.errors)
    assert all("U+000B" in caught.value.errors[key] for key in expected)
    with ctx.session() as s:
        assert not s.exec(select(Briefing)).all()


def test_import_refuses_the_row_by_its_column(ctx, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Ngày", "Cơ quan phản ánh", "Nội dung", "Địa bàn", "Ghi chú"])
    ws.append([1, dt.datetime(2026, 8, 15), "Hội Nông dân tỉnh", "Đề nghị sửa cầu", "xã A", ""])
    # XML 1.0 (so a workbook) cannot hold C0 controls; DEL and the C1 controls it can
    ws.append([2, dt.datetime(2026, 8, 16), "Hội Nông dân tỉnh", "Kiến nghị \x85 lạ", "xã B",
               ""])
    ws.append([3, dt.datetime(2026, 8, 17), "Hội Nông dân tỉnh", "Đề nghị khác", "xã C\x7f",
               ""])
    ws.append([4, dt.datetime(2026, 8, 18), "Hội Nông dân tỉnh", "Dòng tốt", "xã D",
               "ghi chú \x9f bỏ qua"])  # a column that is not imported: no harm
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    plan = read_workbook(ctx, path)
    assert [n for n, _v in plan.rows] == [2, 5]
    problems = {p.row: p.reason for p in plan.problems}
    assert sorted(problems) == [3, 4]
    assert problems[3].startswith("Nội dung") and "U+0085" in problems[3]
    assert problems[4].startswith("Địa bàn") and "U+007F" in problems[4]


# --- output of texts saved before the rule -------------------------------------------------------

OLD = "Kế hoạch\x0bquý\x00 IV\x1b[31m\x0cđỏ\x7f"
SHOWN = "Kế hoạch\nquý IV[31m\nđỏ"


@pytest.fixture
def old_data(ctx, qapp):
    """The sample briefing, its texts then holding control characters as an old version let in."""
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx)
    with ctx.transaction() as s:
        for row in s.exec(select(Task)):
            row.title = f"{row.title} {OLD}"
            row.result = OLD
            s.add(row)
        for row in s.exec(select(Aspiration)):
            row.content = f"{row.content} {OLD}"
            row.locality = OLD
            s.add(row)
        for row in s.exec(select(Conclusion)):
            row.text = f"{row.text} {OLD}"
            s.add(row)
        for row in s.exec(select(Attendance).where(Attendance.present == False)):  # noqa: E712
            row.absence_reason = OLD
            s.add(row)
        for row in s.exec(select(Organization)):
            row.name = f"{row.name}\x0b"
            s.add(row)
        briefing = s.get(Briefing, bid)
        briefing.place = OLD
        briefing.notes = OLD
        s.add(briefing)
    return ctx, _writers(bid)


def _texts(path: Path) -> list[str]:
    suffix = path.suffix
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.value is not None]
    if suffix == ".docx":
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return [p.text for p in document.paragraphs] + cells
    if suffix == ".csv":
        return [v for row in csv.reader(path.read_text("utf-8-sig").splitlines()) for v in row]
    if suffix == ".pdf":
        return pdf_pages(path)
    return path.read_text("utf-8").split("\r\n")


@pytest.mark.timeout(180)
def test_old_control_characters_never_break_an_export(old_data, tmp_path):
    ctx, writers = old_data
    for name, write in writers.items():
        write(ctx, tmp_path)
        texts = _texts(tmp_path / name)
        joined = "\n".join(texts)
        assert not CONTROL.search(joined), (name, CONTROL.findall(joined))
        if name.endswith((".xlsx", ".docx", ".csv")) and not name.startswith("bao-cao"):
            assert any("IV[31m" in t for t in texts), name  # the text is there, cleaned
    sheet = openpyxl.load_workbook(tmp_path / "nhiem-vu.xlsx").active
    assert any(SHOWN in str(c.value) for row in sheet.iter_rows() for c in row)


def test_printable():
    assert printable(OLD) == SHOWN
    assert printable("a\r\nb\rc\td") == "a\nb\nc\td"
    clean = "Đã rõ ràng"
    assert printable(clean) is clean
    assert printable("x\ud800y\ufffe") == "xy"

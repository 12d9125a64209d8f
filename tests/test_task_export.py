"""Task export: files written for real and read back (xlsx, csv with BOM, RFC 5545 ics)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from giaoban.core.errors import GiaobanError
from giaoban.core.services import directory, tasks
from giaoban.core.services.task_export import export_tasks, fold_line
from giaoban.core.services.tasks import TaskFilter

TITLE = "Rà soát, giải quyết; kiến nghị về đất đai của Nhân dân các xã vùng biển huyện Kim Sơn cũ"


@pytest.fixture
def two_tasks(ctx):
    lead, other = [o.id for o in directory.list_organizations(ctx)][:2]
    a = tasks.create_task(ctx, title=TITLE, lead_unit_id=lead, assigned_on=dt.date(2026, 10, 1),
                          due_on=dt.date(2026, 11, 15), supporting_unit_ids=[other])
    b = tasks.create_task(ctx, title="Không có hạn", lead_unit_id=other,
                          assigned_on=dt.date(2026, 10, 1))
    return a.id, b.id


def test_xlsx_has_header_and_real_dates(ctx, two_tasks, tmp_path):
    out = tmp_path / "nv.xlsx"
    assert export_tasks(ctx, out) == 2
    sheet = load_workbook(out).active
    assert sheet["B1"].value == "Tên nhiệm vụ"
    assert sheet["B2"].value == TITLE
    assert sheet["G2"].value.date() == dt.date(2026, 11, 15)
    assert sheet["G2"].number_format == "dd/mm/yyyy"
    assert sheet["J2"].value == "Quá hạn 14 ngày"
    assert sheet.column_dimensions["B"].width >= 40


def test_csv_is_utf8_with_bom_and_respects_filter(ctx, two_tasks, tmp_path):
    out = tmp_path / "nv.csv"
    assert export_tasks(ctx, out, TaskFilter(overdue_only=True)) == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1][1] == TITLE and rows[1][6] == "15/11/2026"  # Excel on a Vietnamese Windows
    assert len(rows) == 2


def _unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_is_valid_rfc5545(ctx, two_tasks, tmp_path):
    out = tmp_path / "nv.ics"
    assert export_tasks(ctx, out) == 1  # only the task with a deadline
    data = out.read_bytes()
    for physical in data.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # never split inside a character
    lines = _unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert lines.count("BEGIN:VEVENT") == 1
    props = dict(line.split(":", 1) for line in lines if ":" in line and not line.startswith(
        ("BEGIN", "END")))
    assert props["UID"] == f"task-{two_tasks[0]}@giaoban"
    assert props["DTSTART;VALUE=DATE"] == "20261115"
    assert props["DTEND;VALUE=DATE"] == "20261116"
    summary = props["SUMMARY"]
    assert "\\," in summary and "\\;" in summary
    unescaped = summary.replace("\\;", ";").replace("\\,", ",")
    assert unescaped == "Hạn: " + TITLE
    assert props["DTSTAMP"].endswith("Z")
    again = tmp_path / "again.ics"
    export_tasks(ctx, again)
    assert f"UID:task-{two_tasks[0]}@giaoban" in again.read_text(encoding="utf-8")


def test_fold_line_never_breaks_a_character():
    line = "SUMMARY:" + "Đ" * 100
    folded = fold_line(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert folded.replace("\r\n ", "") == line


def test_unknown_extension_refused(ctx, tmp_path):
    with pytest.raises(GiaobanError):
        export_tasks(ctx, tmp_path / "nv.pdf")
    assert not (tmp_path / "nv.pdf").exists()


def test_cli_style_filters_as_a_dict(ctx, two_tasks, tmp_path):
    """``giaoban export tasks --overdue --unit …`` passes plain options (commands/transfer.py)."""
    out = tmp_path / "nv.csv"
    lead_name = directory.list_organizations(ctx)[0].name
    assert export_tasks(ctx, out, {"overdue": True, "unit": lead_name}) == 1
    with pytest.raises(GiaobanError):
        export_tasks(ctx, out, {"status": "received"})

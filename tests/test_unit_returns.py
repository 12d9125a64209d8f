"""Progress workbooks sent to the lead units and read back: made, filled in the way a unit does
(openpyxl standing in for Excel), checked in a dry run that says exactly what will change, then
applied as progress signed with the unit, in one operation that can be undone."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from giaoban.cli import main
from giaoban.core import operations as ops
from giaoban.core.errors import GiaobanError
from giaoban.core.services import tasks as task_service
from giaoban.core.services.unit_returns import make_return, open_tasks, units_with_open_tasks
from giaoban.core.services.unit_returns_read import apply_return, read_return
from tests.backup_helpers import dump_tables

TODAY = dt.date(2026, 11, 29)


def _units(ctx, count):
    units = units_with_open_tasks(ctx)
    with ctx.session() as session:
        found = [(uid, name, open_tasks(session, uid)) for uid, name in units]
    found = [u for u in found if len(u[2]) >= 2]
    assert len(found) >= count
    return found[:count]


def _fill(path, edits):
    """Type into the unit's sheet as Excel would store it: {row: {column letter: value}}."""
    wb = load_workbook(path)
    sheet = wb["Nhiệm vụ"]
    for row, cells in edits.items():
        for column, value in cells.items():
            sheet[f"{column}{row}"] = value
    wb.save(path)


def test_the_workbook_a_unit_receives(demo_ctx, tmp_path):
    (unit_id, name, tasks), = _units(demo_ctx, 1)
    path = make_return(demo_ctx, unit_id, tmp_path / "phieu.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Hướng dẫn", "Nhiệm vụ"] and wb["giaoban"].sheet_state == "veryHidden"
    assert name in wb["Hướng dẫn"]["A2"].value
    sheet = wb["Nhiệm vụ"]
    assert sheet.column_dimensions["A"].hidden and sheet.protection.sheet
    assert [sheet.cell(row=r, column=1).value for r in range(2, len(tasks) + 2)] == \
        [f"NV-{t.id}" for t in tasks]
    assert [sheet.cell(row=r, column=2).value for r in range(2, len(tasks) + 2)] == [t.title for t in tasks]
    assert sheet["B2"].protection.locked and not sheet["F2"].protection.locked  # only F–I typed in
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists and "Đã hoàn thành" in lists[0].formula1 and "G2" in str(lists[0].sqref)


def test_three_units_return_dry_run_then_apply_then_undo(demo_ctx, tmp_path):
    (a_id, a_name, a_tasks), (b_id, _b, b_tasks), (c_id, _c, c_tasks) = _units(demo_ctx, 3)
    a = make_return(demo_ctx, a_id, tmp_path / "a.xlsx")
    b = make_return(demo_ctx, b_id, tmp_path / "b.xlsx")
    c = make_return(demo_ctx, c_id, tmp_path / "c.xlsx")
    done_on = dt.datetime(2026, 11, 20)
    _fill(a, {2: {"F": 60, "I": "Đã khảo sát xong 3 xã"},
              3: {"G": "Đã hoàn thành", "H": done_on, "I": "Đã bàn giao công trình"}})
    _fill(b, {2: {"B": "Tên nhiệm vụ bị sửa", "F": "40%", "I": "Đang triển khai"}})  # locked column
    _fill(c, {2: {"F": 37}, 3: {"G": "đã hoàn thành", "H": "31/02/2026"}})  # a bad date
    before = dump_tables(demo_ctx.db.path)
    plans = [read_return(demo_ctx, path) for path in (a, b, c)]
    assert dump_tables(demo_ctx.db.path) == before  # the dry run wrote nothing
    pa, pb, pc = plans
    assert pa.unit == a_name and [(ch.task_id, ch.progress_to, ch.status_to) for ch in pa.changes] == [
        (a_tasks[0].id, 60, a_tasks[0].status), (a_tasks[1].id, None, "done")]
    assert pa.changes[1].completed_on == dt.date(2026, 11, 20) and "Đã hoàn thành" in pa.changes[1].describe()
    assert pb.changes[0].progress_to == 40 and "Nhiệm vụ" in pb.changes[0].warning
    assert [ch.task_id for ch in pc.changes] == [c_tasks[0].id]
    assert pc.problems and pc.problems[0][0] == 3 and "31/02/2026" in pc.problems[0][1]

    results = [ops.run(demo_ctx, apply_return, plan) for plan in plans]
    assert [r.value for r in results] == [2, 1, 1]
    done = task_service.get_task(demo_ctx, a_tasks[1].id)
    assert done.status == "done" and done.completed_on == dt.date(2026, 11, 20)
    assert task_service.get_task(demo_ctx, b_tasks[0].id).title == b_tasks[0].title  # not taken
    timeline = task_service.task_updates(demo_ctx, a_tasks[0].id)
    assert timeline[-1].progress == 60 and a_name in timeline[-1].note
    assert "Đã khảo sát xong 3 xã" in timeline[-1].note

    ops.undo(demo_ctx, results[0].changes)  # the first unit's workbook, taken back whole
    assert task_service.get_task(demo_ctx, a_tasks[1].id).status == a_tasks[1].status
    assert all("Đã khảo sát" not in u.note for u in task_service.task_updates(demo_ctx, a_tasks[0].id))


def test_a_task_changed_meanwhile_or_an_unknown_key_is_refused(demo_ctx, tmp_path):
    (unit_id, _name, tasks), = _units(demo_ctx, 1)
    path = make_return(demo_ctx, unit_id, tmp_path / "p.xlsx")
    task_service.add_update(demo_ctx, tasks[0].id, "Văn phòng cập nhật trong chương trình")
    _fill(path, {2: {"F": 80}, 3: {"A": "NV-999999", "F": 10}})
    plan = read_return(demo_ctx, path)
    reasons = dict(plan.problems)
    assert "sau khi lập phiếu" in reasons[2] and "NV-999999" in reasons[3]
    assert plan.changes == []
    with pytest.raises(GiaobanError, match="không có thay đổi"):
        apply_return(demo_ctx, plan)


def test_a_workbook_that_is_not_a_return_is_refused(demo_ctx, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Nhiệm vụ", "Tiến độ"])
    wb.save(tmp_path / "khac.xlsx")
    with pytest.raises(GiaobanError, match="không phải phiếu báo cáo tiến độ"):
        read_return(demo_ctx, tmp_path / "khac.xlsx")


def test_the_command_line_makes_and_reads(demo_ctx, tmp_path, capsys):
    (_unit_id, name, tasks), = _units(demo_ctx, 1)
    demo_ctx.db.dispose()
    db = str(demo_ctx.db.path)
    out = tmp_path / "phieu.xlsx"
    assert main(["returns", "make", "--unit", name, "--out", str(out), "--db", db]) == 0
    _fill(out, {2: {"F": 75, "I": "Gần xong"}})
    before = dump_tables(demo_ctx.db.path)
    assert main(["returns", "read", str(out), "--dry-run", "--db", db]) == 0
    said = capsys.readouterr().out
    assert "1 nhiệm vụ thay đổi" in said and "75%" in said and tasks[0].title[:20] in said
    assert dump_tables(demo_ctx.db.path) == before
    assert main(["returns", "read", str(out), "--db", db]) == 0
    assert "Đã cập nhật 1 nhiệm vụ" in capsys.readouterr().out
    assert task_service.task_updates(demo_ctx, tasks[0].id)[-1].progress == 75
    folder = tmp_path / "all"
    folder.mkdir()
    assert main(["returns", "make", "--all", "--out", str(folder), "--db", db]) == 0
    assert len(list(folder.glob("*.xlsx"))) == len(units_with_open_tasks(demo_ctx))


@pytest.mark.timeout(60)
def test_the_task_list_sends_and_reads_back(window, demo_ctx, tmp_path, monkeypatch, qtbot):
    """From the task list: "Gửi phiếu cho đơn vị…" writes the ticked units' workbooks; "Nhận phiếu
    đơn vị gửi về…" shows what changes before writing, "Cập nhật" applies it, Ctrl+Z undoes it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from giaoban.ui.dialogs import ask

    page = window.show_area("tasks")
    monkeypatch.setattr(ask, "show_info", lambda *a, **k: None)
    page.send_returns_action.trigger()
    dialog = page.returns_dialog
    units = dialog.chosen()
    assert len(units) == len(units_with_open_tasks(demo_ctx)) >= 2
    for index in range(1, dialog.units.count()):  # only the first unit this time
        dialog.units.item(index).setCheckState(Qt.CheckState.Unchecked)
    dialog.folder.setFocus()
    dialog.folder.selectAll()
    qtbot.keyClicks(dialog.folder, str(tmp_path))
    dialog.make_button.click()
    qtbot.waitUntil(lambda: dialog.task.done, timeout=10000)
    (made,) = dialog.made
    assert made.parent == tmp_path and units[0][1] in made.name
    with demo_ctx.session() as session:
        first = open_tasks(session, units[0][0])[0]
    _fill(made, {2: {"F": 55, "I": "Đã họp triển khai"}})
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(made), ""))
    page.receive_return_action.trigger()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=10000)
    preview = page.returns_dialog
    assert preview.changes.rowCount() == 1  # shown, nothing written yet
    assert all(u.progress != 55 for u in task_service.task_updates(demo_ctx, first.id))
    assert preview.apply_button.text() == "Cập nhật 1 nhiệm vụ"
    preview.apply_button.click()
    assert task_service.task_updates(demo_ctx, first.id)[-1].progress == 55
    window.undo_stack.undo()
    assert all(u.progress != 55 for u in task_service.task_updates(demo_ctx, first.id))

"""A file found by the words inside it names its record: `giaoban search --json` gives the owner
(kind, id and the label the hit's text shows after the file's name) and the record it opens;
Ctrl+F's "Số" column shows that record's number, not the file's own."""

from __future__ import annotations

import json

from sqlmodel import select

from giaoban.cli import main
from giaoban.core.models import Report
from giaoban.core.services import attachments as files
from giaoban.core.services.tasks import get_task
from tests.attachment_files import make_docx, make_task
from tests.documents_fixtures import insert_sample_briefing
from tests.qt_helpers import type_text


def _files_on_a_task_and_a_report(ctx, tmp_path) -> tuple[int, int, int, int, int]:
    """(task, its file, briefing, report, the report's file); no file's id is its record's."""
    briefing = insert_sample_briefing(ctx, status="draft")
    with ctx.session() as session:
        report = session.exec(select(Report).where(Report.briefing_id == briefing)
                              .order_by(Report.position)).first().id
    for n in range(3):  # files before: a file's id is then not its record's
        files.add_attachment(ctx, "briefing", briefing, make_docx(tmp_path / f"{n}.docx", str(n)))
    task = make_task(ctx, "Khảo sát vùng trồng bưởi")
    on_task = files.add_attachment(ctx, "task", task, make_docx(
        tmp_path / "Kết quả khảo sát.docx", "Vùng trồng bưởi Diễn xen canh ở xã Tân Lập"))
    on_report = files.add_attachment(ctx, "report", report, make_docx(
        tmp_path / "Báo cáo Hội Nông dân.docx", "Mô hình bưởi Diễn xen canh đạt năng suất cao"))
    files.extract_pending(ctx)
    assert on_task.id != task and on_report.id not in (briefing, report)
    return task, on_task.id, briefing, report, on_report.id


def test_search_json_names_each_files_owner_as_the_hit_text_does(ctx, db_path, tmp_path, capsys):
    task, on_task, briefing, report, on_report = _files_on_a_task_and_a_report(ctx, tmp_path)
    task_title = get_task(ctx, task).title
    ctx.db.dispose()
    assert main(["search", "xen canh", "--type", "attachment", "--json",
                 "--db", str(db_path)]) == 0
    hits = {h["id"]: h for h in json.loads(capsys.readouterr().out)}
    assert set(hits) == {on_task, on_report}
    for hit in hits.values():
        name, label = hit["text"].split(" – ", 1)
        assert hit["owner"]["label"] == label and name.endswith(".docx")
    assert hits[on_task]["owner"] == {"kind": "task", "id": task,
                                      "label": hits[on_task]["owner"]["label"]}
    assert task_title in hits[on_task]["owner"]["label"]
    assert hits[on_task]["opens"] == {"kind": "task", "id": task}
    assert (hits[on_report]["owner"]["kind"], hits[on_report]["owner"]["id"]) == ("report", report)
    assert hits[on_report]["opens"] == {"kind": "briefing", "id": briefing}

    assert main(["search", "khao sat", "--json", "--db", str(db_path)]) == 0
    records = [h for h in json.loads(capsys.readouterr().out) if h["type"] == "task"]
    assert records and all("owner" not in h for h in records)  # only a file has an owner


def test_ctrl_f_shows_the_number_of_the_record_a_file_is_on(window, ctx, tmp_path, qtbot):
    from giaoban.ui.dialogs.global_search import open_global_search

    task, on_task, briefing, _report, on_report = _files_on_a_task_and_a_report(ctx, tmp_path)
    dialog = open_global_search(window)
    type_text(dialog.box, "xen canh")
    dialog.run()
    shown = {dialog.model.row_at(r).id: (dialog.model.index(r, 0).data(),
                                         dialog.model.index(r, 1).data(),
                                         dialog.model.index(r, 1).data(3))  # ToolTipRole
             for r in range(dialog.model.rowCount())}
    assert shown[on_task] == ("Tệp đính kèm", str(task), "Số của nhiệm vụ có tệp này")
    assert shown[on_report] == ("Tệp đính kèm", str(briefing), "Số của cuộc giao ban có tệp này")
    dialog.box.clear()
    type_text(dialog.box, "khao sat vung")
    dialog.run()
    own = [r for r in range(dialog.model.rowCount()) if dialog.model.row_at(r).type == "task"]
    assert own and dialog.model.index(own[0], 1).data() == str(task)  # a record: its own number

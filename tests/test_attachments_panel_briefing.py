"""Attachments where a secretary keeps them: a briefing and its reports in the editor's tab, the
signed minutes of a finalized briefing, an aspiration's tab, and Ctrl+F finding a word inside an
attached report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from giaoban.core.services import attachments as service
from giaoban.core.services.briefing_query import list_briefings
from giaoban.ui.dialogs import ask
from giaoban.ui.widgets.attachment_model import AttachmentModel
from tests.qt_helpers import type_text
from tests.test_attachments_panel import drop, make_docx, make_files


def _briefing(ctx, finalized: bool) -> int:
    rows = [r for r in list_briefings(ctx) if (r.status == "finalized") == finalized]
    assert rows, "the demo data has briefings of both kinds"
    return rows[0].id


def _open_files_tab(window, briefing_id: int):
    page = window.show_area("briefings")
    page.select_record(briefing_id)
    editor = page.editor
    editor.tabs.setCurrentWidget(editor.files)
    return editor.files


def _wait_indexed(ctx, qtbot, kind: str, owner_id: int) -> None:
    qtbot.waitUntil(lambda: all(r.index_state != "pending"
                                for r in service.list_attachments(ctx, kind, owner_id)),
                    timeout=30000)


@pytest.mark.timeout(120)
def test_a_word_inside_an_attached_report_is_found_with_ctrl_f(window, demo_ctx, tmp_path, qtbot):
    from giaoban.ui.dialogs.global_search import open_global_search

    briefing_id = _briefing(demo_ctx, finalized=False)
    files = _open_files_tab(window, briefing_id)
    targets = [files.target.itemData(i) for i in range(files.target.count())]
    assert targets[0].kind == "briefing" and any(t.kind == "report" for t in targets)
    report = next(i for i, t in enumerate(targets) if t.kind == "report")
    files.target.setCurrentIndex(report)
    folder = tmp_path / "in"
    folder.mkdir()
    docx = make_docx(folder / "Báo cáo Hội Nông dân.docx",
                     "Mô hình trồng bưởi Diễn xen canh đạt năng suất cao")
    drop(files, [docx])
    owner = targets[report]
    assert [r.name for r in service.list_attachments(demo_ctx, "report", owner.id)] == [docx.name]
    assert files.model.index(0, AttachmentModel.OWNER).data() == owner.label
    assert not files.view.isColumnHidden(AttachmentModel.OWNER)
    _wait_indexed(demo_ctx, qtbot, "report", owner.id)

    window.show_area("tasks")
    dialog = open_global_search(window)
    type_text(dialog.box, "buoi dien xen canh")
    dialog.run()
    hits = [dialog.model.row_at(r) for r in range(dialog.model.rowCount())]
    found = [h for h in hits if h.type == "attachment"]
    assert found, [(h.type, h.text) for h in hits]
    row = hits.index(found[0])
    assert docx.name in dialog.model.index(row, 3).data()
    assert dialog.model.index(row, 0).data() == "Tệp đính kèm"
    dialog.view.selectRow(row)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    page = window.current_page()
    assert page is window.page("briefings") and page.editor.draft.id == briefing_id
    assert page.editor.tabs.currentWidget() is page.editor.files
    assert page.editor.files.current() is not None
    assert page.editor.files.current().name == docx.name


def test_signed_minutes_only_on_a_finalized_briefing(window, demo_ctx, tmp_path, qtbot,
                                                     monkeypatch):
    errors: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, *a: errors.append(text))
    scan = make_files(tmp_path / "in")[2]
    draft_id = _briefing(demo_ctx, finalized=False)
    files = _open_files_tab(window, draft_id)
    drop(files, [scan])
    files.view.selectRow(0)
    assert files.signed_action.isVisible() and files.signed_action.isEnabled()
    files.signed_action.trigger()
    assert len(errors) == 1 and "Traceback" not in errors[0]
    assert not service.list_attachments(demo_ctx, "briefing", draft_id)[0].signed_minutes

    done_id = _briefing(demo_ctx, finalized=True)
    files = _open_files_tab(window, done_id)
    drop(files, [scan])  # the same bytes again: stored once, attached twice
    files.view.selectRow(0)
    files.signed_action.trigger()
    stored = service.list_attachments(demo_ctx, "briefing", done_id)
    assert stored[0].signed_minutes and len(errors) == 1
    assert "Biên bản đã ký" in files.model.index(0, AttachmentModel.STATE).data()
    assert files.signed_action.isChecked()
    window.undo_stack.undo()
    assert not service.list_attachments(demo_ctx, "briefing", done_id)[0].signed_minutes


def test_a_new_briefing_says_to_save_first_and_a_report_keeps_its_file_on_save(
        window, demo_ctx, tmp_path, qtbot):
    page = window.show_area("briefings")
    page.new_item()
    editor = page.editor
    editor.tabs.setCurrentWidget(editor.files)
    assert editor.files.stack.is_empty_shown()
    assert "Lưu biên bản" in editor.files.stack.message.text()
    assert not editor.files.add_action.isEnabled()

    briefing_id = _briefing(demo_ctx, finalized=False)
    files = _open_files_tab(window, briefing_id)
    report = next(t for t in (files.target.itemData(i) for i in range(files.target.count()))
                  if t.kind == "report")
    files.target.setCurrentIndex(files.target.findData(report))
    drop(files, [make_files(tmp_path / "in")[1]])
    editor = window.page("briefings").editor
    editor.draft.notes = editor.draft.notes + " (sửa)"
    assert editor.save()  # the reports are written anew: the file follows its report
    assert files.model.rowCount() == 1
    kept = files.model.row_at(0)
    assert kept.owner_kind == "report" and kept.name == "ghi chu.txt"
    assert files.model.index(0, AttachmentModel.OWNER).data() == report.label


def test_the_aspiration_page_has_its_files_tab(window, demo_ctx, tmp_path, qtbot):
    page = window.show_area("aspirations")
    page.view.selectRow(0)
    panel = page.detail.attachments
    page.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(panel.isVisible, timeout=3000)
    drop(panel, make_files(tmp_path / "in")[1:2])
    rows = service.list_attachments(demo_ctx, "aspiration", page.detail.aspiration_id)
    assert [r.name for r in rows] == ["ghi chu.txt"]
    assert panel.target.isHidden() and panel.view.isColumnHidden(AttachmentModel.OWNER)
    page.view.selectRow(1)  # another aspiration: its own (empty) list
    assert panel.model.rowCount() == 0


"""The "Tệp đính kèm" panel on a task, driven like a person: files dropped on it, F2 and a typed
name, Delete and Ctrl+Z, open (a private copy), save a copy, the text read on a worker."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from giaoban.core.services import attachments as service
from giaoban.ui.dialogs import ask
from giaoban.ui.widgets import attachment_files
from giaoban.ui.widgets.attachment_model import AttachmentModel
from tests.qt_helpers import type_text


def make_docx(path: Path, text: str) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def make_files(folder: Path) -> list[Path]:
    """Three real files of different kinds: a Word report, a note and a picture."""
    from PySide6.QtGui import QColor, QImage

    folder.mkdir(exist_ok=True)
    report = make_docx(folder / "Báo cáo MTTQ.docx", "Tình hình đê điều xã Hòa Bình")
    note = folder / "ghi chu.txt"
    note.write_text("Danh sách đại biểu dự họp\n", encoding="utf-8")
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    picture = folder / "anh hop.png"
    assert image.save(str(picture))
    return [report, note, picture]


def drop(widget, paths: list[Path]) -> None:
    """A real drop of file URLs on the widget (what a file manager sends)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(20, 20), *args)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(QPoint(20, 20)), *args)
    QApplication.sendEvent(widget, event)
    assert event.isAccepted()


@pytest.fixture
def panel(window, demo_ctx, qtbot):
    """The attachments tab of the first task on the task page, shown."""
    page = window.show_area("tasks")
    page.view.selectRow(0)
    detail = page.detail
    assert detail.task_id is not None
    detail.setCurrentWidget(detail.attachments)
    qtbot.waitUntil(detail.attachments.isVisible, timeout=3000)
    return detail.attachments


def stored(ctx, panel) -> list:
    return service.list_attachments(ctx, "task", panel.owners[0].id)


def test_dropped_files_are_stored_and_listed(panel, demo_ctx, tmp_path, qtbot):
    files = make_files(tmp_path / "in")
    drop(panel, files)
    rows = stored(demo_ctx, panel)
    assert sorted(r.name for r in rows) == sorted(p.name for p in files)
    by_name = {r.name: r for r in rows}
    for path in files:
        assert service.read_attachment(demo_ctx, by_name[path.name].id) == path.read_bytes()
    shown = [panel.model.index(r, AttachmentModel.NAME).data() for r in range(panel.model.rowCount())]
    assert sorted(shown) == sorted(p.name for p in files)
    size = panel.model.index(panel.model.row_of(by_name["anh hop.png"].id), AttachmentModel.SIZE)
    assert size.data() == service.size_text(files[2].stat().st_size)
    assert not panel.stack.is_empty_shown()


def test_rename_by_typing_the_new_name(panel, demo_ctx, tmp_path, qtbot):
    drop(panel, make_files(tmp_path / "in")[:1])
    panel.view.setFocus()
    panel.view.selectRow(0)
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = panel.view.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    type_text(editor, "Báo cáo của Ủy ban MTTQ quý IV.docx")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(demo_ctx, panel)[0].name == "Báo cáo của Ủy ban MTTQ quý IV.docx",
                    timeout=3000)
    assert panel.model.index(0, AttachmentModel.NAME).data() == "Báo cáo của Ủy ban MTTQ quý IV.docx"



def test_delete_in_the_panel_never_reaches_the_pages_delete(panel, demo_ctx, tmp_path, qtbot,
                                                            monkeypatch):
    """The task page has its own Delete (the task to the trash): from the panel, after a rename
    or with the focus on one of its buttons, Delete is about the file."""
    asked: list[str] = []
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: asked.append(a[2]) or False)
    drop(panel, make_files(tmp_path / "in")[1:2])
    panel.view.selectRow(0)
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = panel.view.findChild(QLineEdit)
    editor.selectAll()
    type_text(editor, "Danh sách đại biểu.txt")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(demo_ctx, panel)[0].name == "Danh sách đại biểu.txt", timeout=3000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    button = panel.toolbar.widgetForAction(panel.copy_action)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Delete)
    assert len(asked) == 2 and all("Danh sách đại biểu.txt" in text for text in asked), asked


def test_delete_moves_to_the_trash_and_ctrl_z_brings_it_back(panel, window, demo_ctx, tmp_path,
                                                            qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    drop(panel, make_files(tmp_path / "in")[1:2])
    panel.view.setFocus()
    panel.view.selectRow(0)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert asked and "ghi chu.txt" in asked[0]
    assert stored(demo_ctx, panel) == []
    assert panel.model.rowCount() == 0 and panel.stack.is_empty_shown()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r.name for r in stored(demo_ctx, panel)] == ["ghi chu.txt"]
    assert panel.model.rowCount() == 1


def test_open_writes_a_private_identical_copy(panel, demo_ctx, tmp_path, qtbot, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    files = make_files(tmp_path / "in")
    drop(panel, files[:1])
    panel.view.setFocus()
    panel.view.selectRow(0)
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert len(opened) == 1
    copy = Path(opened[0].toLocalFile())
    assert copy.name == files[0].name
    assert copy.read_bytes() == files[0].read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(copy.parent.parent.stat().st_mode) == 0o700
    session = attachment_files.session_folder()
    assert session in copy.parents
    attachment_files.clean_session()
    assert not copy.exists() and not session.exists()


def test_save_a_copy_is_byte_identical(panel, demo_ctx, tmp_path, qtbot, monkeypatch):
    files = make_files(tmp_path / "in")
    drop(panel, files[2:])
    out = tmp_path / "out" / "ảnh đã lưu.png"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    panel.view.selectRow(0)
    panel.copy_action.trigger()
    assert out.read_bytes() == files[2].read_bytes()


def test_add_button_and_one_clear_message_for_a_bad_file(panel, demo_ctx, tmp_path, monkeypatch):
    good = make_files(tmp_path / "in")[1]
    missing = tmp_path / "in" / "không có.pdf"
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(good), str(missing)], ""))
    errors: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, *a: errors.append(text))
    panel.add_action.trigger()
    assert [r.name for r in stored(demo_ctx, panel)] == ["ghi chu.txt"]
    assert len(errors) == 1 and "không có.pdf" in errors[0] and "Traceback" not in errors[0]


def test_text_is_read_on_a_worker_while_the_window_stays_free(panel, demo_ctx, tmp_path, qtbot,
                                                             monkeypatch):
    release = threading.Event()
    real = service.extract_pending

    def slow(ctx, **kwargs):
        release.wait(10)  # held until the test has seen the window answer
        return real(ctx, **kwargs)

    monkeypatch.setattr(service, "extract_pending", slow)
    drop(panel, make_files(tmp_path / "in")[:1])
    # the drop returned with the reading still held: the list says it is being read
    row = panel.model.index(0, AttachmentModel.STATE)
    assert "Đang đọc nội dung" in row.data()
    assert panel.reader.running
    QApplication.processEvents()  # the window answers meanwhile
    release.set()
    qtbot.waitUntil(lambda: stored(demo_ctx, panel)[0].index_state == "indexed", timeout=20000)
    qtbot.waitUntil(lambda: "Đang đọc" not in (panel.model.index(0, AttachmentModel.STATE).data()
                                              or ""), timeout=5000)
    qtbot.waitUntil(lambda: not panel.reader.running, timeout=5000)


def test_a_file_that_cannot_be_read_says_why(panel, demo_ctx, tmp_path, qtbot):
    fake = tmp_path / "không phải.pdf"
    fake.write_bytes(b"PK\x03\x04 not a pdf at all")
    drop(panel, [fake])
    qtbot.waitUntil(lambda: stored(demo_ctx, panel)[0].index_state == "not_indexed", timeout=20000)
    qtbot.waitUntil(lambda: "Chưa tìm được trong nội dung" in
                    (panel.model.index(0, AttachmentModel.STATE).data() or ""), timeout=5000)


def test_ctrl_shift_o_reaches_the_shown_panel_only(panel, window, demo_ctx, tmp_path, qtbot,
                                                   monkeypatch):
    """The tab bar has the focus after the tab is clicked: the shortcut still works, and only
    the panel on screen answers (the other pages' panels are hidden)."""
    note = make_files(tmp_path / "in")[1]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(note)], ""))
    window.show_area("aspirations")  # another page with its own panel, built and then hidden
    briefings = window.show_area("briefings")
    briefings.new_item()
    window.show_area("tasks")
    panel.parentWidget().parentWidget().tabBar().setFocus()
    qtbot.keyClick(window, Qt.Key.Key_O,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [r.name for r in stored(demo_ctx, panel)] == ["ghi chu.txt"]


def test_a_file_over_the_limit_is_one_message_and_nothing_stored(panel, demo_ctx, tmp_path,
                                                                 monkeypatch):
    from giaoban.core.services.settings import get_settings, save_settings

    save_settings(demo_ctx, {**get_settings(demo_ctx), "attachment_max_mb": "1"})
    big = tmp_path / "Bản quét 2 MB.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    errors: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, *a: errors.append(text))
    drop(panel, [big])
    assert stored(demo_ctx, panel) == [] and panel.model.rowCount() == 0
    assert len(errors) == 1 and big.name in errors[0] and "1 MB" in errors[0], errors


def test_damaged_bytes_are_never_opened(panel, demo_ctx, tmp_path, monkeypatch):
    """A file whose stored bytes no longer match their hash: one message, no copy handed out."""
    import sqlalchemy as sa

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    errors: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, *a: errors.append(text))
    drop(panel, make_files(tmp_path / "in")[1:2])
    with demo_ctx.transaction() as session:  # the disk flipped some bytes
        session.execute(sa.text("UPDATE attachment_blob SET content = :b"), {"b": b"hong roi\n"})
    panel.view.selectRow(0)
    panel.open_action.trigger()
    assert opened == [] and len(errors) == 1 and "SHA-256" in errors[0]

"""Long work (import, exports, restore) runs off the GUI thread, shows progress and can be cancelled."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QPushButton

from giaoban.core.errors import Cancelled
from giaoban.core.services import aspiration_import_write, directory
from giaoban.ui.actions import backup as backup_actions
from giaoban.ui.dialogs import ask, import_mapping
from giaoban.ui.pages import aspiration_files, task_actions
from tests.backup_helpers import dump_tables

pytestmark = pytest.mark.timeout(60)


def _sheet(tmp_path, ctx, rows: int):
    """An Excel list of ``rows`` new aspirations from a seeded body."""
    body = directory.list_organizations(ctx)[0].name
    wb = Workbook()
    wb.active.append(["Ngày", "Cơ quan phản ánh", "Nội dung"])
    for n in range(rows):
        wb.active.append([dt.date(2026, 11, 2), body, f"Kiến nghị thử số {n} về đường liên xã"])
    path = tmp_path / "danh-sach.xlsx"
    wb.save(path)
    return path


def _gated(real):
    """Wrap a core function so the worker waits at its first real progress until "Hủy"."""
    reached = threading.Event()

    def wrapper(*args, progress, cancelled, **kwargs):
        def slow(done, total):
            progress(done, total)
            if done > 0 and not reached.is_set():
                reached.set()
                deadline = time.monotonic() + 10
                while not cancelled() and time.monotonic() < deadline:
                    time.sleep(0.01)

        return real(*args, progress=slow, cancelled=cancelled, **kwargs)

    wrapper.reached = reached  # type: ignore[attr-defined]
    return wrapper


def _click_cancel(qtbot, task) -> None:
    """Press the progress dialog's own "Hủy" button, as the user would."""
    qtbot.waitUntil(task.dialog.isVisible, timeout=5000)
    button = task.dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Hủy"
    button.click()


def test_cancelled_import_writes_nothing(window, ctx, qtbot, tmp_path, monkeypatch):
    source = _sheet(tmp_path, ctx, 600)
    page = window.show_area("aspirations")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    page.import_excel()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=20000)
    dialog = page.import_dialog
    assert len(dialog.plan.rows) == 600 and dialog.import_button.isEnabled()
    before = dump_tables(ctx.db.path)
    total = page.total
    gated = _gated(aspiration_import_write.import_aspirations)
    monkeypatch.setattr(import_mapping, "import_aspirations", gated)
    dialog.run_import()
    task = dialog.long_task
    assert gated.reached.wait(10)  # rows are in the open transaction now
    _click_cancel(qtbot, task)
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert isinstance(task.error, Cancelled)
    assert dump_tables(ctx.db.path) == before  # rolled back whole: no rows, no audit events
    assert dialog.isVisible() and "Đã hủy nhập" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    page.refresh()
    assert page.total == total
    # and the same plan can then be imported for real
    monkeypatch.setattr(import_mapping, "import_aspirations", aspiration_import_write.import_aspirations)
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.long_task.done, timeout=20000)
    assert dialog.long_task.error is None and page.total == total + 600


def test_cancelled_export_leaves_no_file(window, demo_ctx, qtbot, tmp_path, monkeypatch):
    page = window.show_area("tasks")
    folder = tmp_path / "xuat"
    folder.mkdir()
    out = folder / "nhiem-vu.xlsx"
    out.write_bytes(b"old file the user had")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    gated = _gated(task_actions.export_tasks)
    monkeypatch.setattr(task_actions, "export_tasks", gated)
    page.export()
    task = page.long_task
    assert gated.reached.wait(10)  # the rows are being written to a temporary file
    assert list(folder.glob(".nhiem-vu.*.part.xlsx"))  # the temporary file beside the target
    _click_cancel(qtbot, task)
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert isinstance(task.error, Cancelled)
    assert out.read_bytes() == b"old file the user had"  # an older file is left as it was
    assert sorted(p.name for p in folder.iterdir()) == ["nhiem-vu.xlsx"]  # no temp file left
    assert "Đã hủy xuất" in window.statusBar().currentMessage()


def test_export_reports_progress_while_the_window_keeps_running(
        window, demo_ctx, qtbot, tmp_path, monkeypatch):
    page = window.show_area("aspirations")
    out = tmp_path / "tktn.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    real = aspiration_files.export_aspirations

    def slow_export(*args, progress, cancelled, **kwargs):
        def slow(done, total):
            progress(done, total)
            time.sleep(0.3)  # a big register: each chunk takes a while

        return real(*args, progress=slow, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(aspiration_files, "export_aspirations", slow_export)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(page.long_task.done))
    timer.start(20)
    page.export()
    task = page.long_task
    qtbot.waitUntil(task.dialog.isVisible, timeout=5000)  # a progress dialog, not a frozen window
    assert not task.dialog.isModal()
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    timer.stop()
    assert task.error is None
    assert ticks.count(False) >= 10  # the event loop ran all along the export
    rows = page.model.rowCount()
    assert task.last_progress == (rows, rows)
    assert load_workbook(out).active.max_row == rows + 1
    assert "Đã xuất" in window.statusBar().currentMessage()


def test_errors_reach_the_user_as_a_message(window, demo_ctx, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, *a, **k: shown.append(text))
    missing = tmp_path / "khong-co" / "nhiem-vu.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), ""))
    page = window.show_area("tasks")
    page.export()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=10000)
    assert shown == [f"Thư mục “{missing.parent}” không tồn tại."]
    not_excel = tmp_path / "ghi-chu.xlsx"
    not_excel.write_text("không phải bảng tính")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(not_excel), ""))
    page = window.show_area("aspirations")
    page.import_excel()
    qtbot.waitUntil(lambda: page.long_task.done, timeout=10000)
    assert shown[1] == "“ghi-chu.xlsx” không phải tệp Excel (.xlsx) đọc được."
    assert getattr(page, "import_dialog", None) is None


def test_restore_from_a_bad_file_says_why_and_keeps_the_data(window, ctx, qtbot, tmp_path,
                                                             monkeypatch):
    directory.create_organization(ctx, name="Đơn vị phải còn")
    before = dump_tables(ctx.db.path)
    bad = tmp_path / "hong.db"
    bad.write_bytes(b"not a database" * 100)
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)
    shown = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, *a, **k: shown.append(text))
    task = backup_actions.restore_from_file(window, bad)
    assert task is not None and task.dialog.isVisible() and task.dialog.isModal()
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert task.error is not None and shown == [str(task.error)] and "hong.db" in shown[0]
    assert dump_tables(ctx.db.path) == before
    assert "Đơn vị phải còn" in {o.name for o in directory.list_organizations(ctx)}

"""File menu backup and restore, the start-up backup, and the health check when opening."""

from __future__ import annotations

import stat

from PySide6.QtWidgets import QApplication

from giaoban.core.services import backups, directory
from giaoban.ui import app as gui_app
from giaoban.ui.actions import backup as backup_actions
from giaoban.ui.actions import startup
from giaoban.ui.dialogs import ask
from giaoban.ui.operations import runner_for
from tests.backup_helpers import dump_tables


def test_startup_backup_runs_in_the_background_once_a_day(window, ctx, qtbot):
    job = window.startup_backup_job  # installed by the window after it was shown
    qtbot.waitUntil(lambda: job.done, timeout=10000)
    made = job.result
    assert made is not None and made.exists() and made.name.endswith("-startup.db")
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert "Đã tự động sao lưu" in window.statusBar().currentMessage()
    again = startup.install(window)
    qtbot.waitUntil(lambda: again.done, timeout=10000)
    assert again.result is None  # not twice the same day
    assert len(backups.list_backups(ctx.db.path)) == 1


def test_manual_backup_from_the_file_menu(window, ctx, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "ban-sao-luu"
    monkeypatch.setattr(backup_actions, "ask_save_path", lambda parent, suggested: target)
    shown = []
    monkeypatch.setattr(ask, "show_info", lambda parent, text, title=None: shown.append(text))
    job = backup_actions.backup_now(window)
    qtbot.waitUntil(lambda: job.done, timeout=10000)
    assert job.error is None
    made = tmp_path / "ban-sao-luu.db"
    live = dump_tables(ctx.db.path)
    events = live.pop("audit_event")
    copy = dump_tables(made)
    copy.pop("audit_event")
    assert made.exists() and copy == live
    assert events[-1][5] == "backup" and str(made) in events[-1][7]  # the history says so
    assert str(made) in shown[0]


def test_restore_from_the_file_menu_reloads_pages(window, ctx, monkeypatch, qtbot):
    saved = backups.backup_now(ctx)
    page = window.show_area("directory")
    directory.create_organization(ctx, name="Đơn vị tạo sau khi sao lưu")
    page.refresh()
    names = lambda: {page.orgs.model.row_at(r).name for r in range(page.orgs.model.rowCount())}  # noqa: E731
    assert "Đơn vị tạo sau khi sao lưu" in names()
    runner_for(window, ctx).perform("Sửa thử", directory.create_person, full_name="Người thử")
    assert window.undo_stack.count() == 1
    asked = []
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: asked.append(a) or True)
    infos = []
    monkeypatch.setattr(ask, "show_info", lambda parent, text, title=None: infos.append(text))
    task = backup_actions.restore_from_file(window, saved)
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=10000)  # restored on a worker thread
    assert task.error is None and asked and "Khôi phục" in asked[0]
    assert "Đơn vị tạo sau khi sao lưu" not in names()
    assert window.undo_stack.count() == 0
    assert "pre-restore" in infos[0]
    # the same context keeps working on the restored file
    directory.create_organization(ctx, name="Đơn vị sau khi khôi phục")
    assert "Đơn vị sau khi khôi phục" in {o.name for o in directory.list_organizations(ctx)}


def test_restore_cancelled_changes_nothing(window, ctx, monkeypatch):
    saved = backups.backup_now(ctx)
    directory.create_organization(ctx, name="Giữ lại")
    before = dump_tables(ctx.db.path)
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: False)
    assert not backup_actions.restore_from_file(window, saved)
    assert dump_tables(ctx.db.path) == before


def _damage(path):
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 5] = b"\xa5" * (4096 * 3)
    path.write_bytes(bytes(data))
    return bytes(data)


def _run_gui_without_loop(monkeypatch, db_path):
    windows = []
    monkeypatch.setattr(QApplication, "exec", lambda *a: 0)
    # the shared QApplication must not keep a translator after this test (see the report:
    # the catalog translator answers "" for unknown Qt strings, which breaks PDF export)
    monkeypatch.setattr(gui_app, "install_qt_translator", lambda app: None)
    from giaoban.ui import main_window

    original = main_window.MainWindow.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        windows.append(self)

    monkeypatch.setattr(main_window.MainWindow, "__init__", spy)
    code = gui_app.run_gui(str(db_path))
    # The window is on screen before the file is opened; one that never got a database must
    # have been closed again.
    assert all(w.ctx is not None or not w.isVisible() for w in windows)
    return code, [w for w in windows if w.ctx is not None]


def test_damaged_file_at_start_offers_the_newest_good_backup(qtbot, ctx, monkeypatch):
    path = ctx.db.path
    directory.create_organization(ctx, name="Có trong bản sao lưu")
    backups.backup_now(ctx)
    ctx.db.dispose()
    damaged = _damage(path)
    asked, infos = [], []
    monkeypatch.setattr(ask, "confirm", lambda parent, title, text, *a, **k: asked.append(text)
                        or True)
    monkeypatch.setattr(ask, "show_info", lambda parent, text, title=None: infos.append(text))
    code, windows = _run_gui_without_loop(monkeypatch, path)
    assert code == 0 and len(windows) == 1
    assert "bị hỏng" in asked[0] and "Khôi phục bản sao lưu tốt gần nhất" in asked[0]
    restored = windows[0].ctx
    assert "Có trong bản sao lưu" in {o.name for o in directory.list_organizations(restored)}
    aside = [p for p in path.parent.iterdir() if p.name.endswith("-damaged.db")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged  # kept, never written
    windows[0].close()
    restored.db.dispose()


def test_damaged_file_refused_restore_is_left_alone(qtbot, ctx, monkeypatch):
    path = ctx.db.path
    backups.backup_now(ctx)
    ctx.db.dispose()
    damaged = _damage(path)
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: False)
    code, windows = _run_gui_without_loop(monkeypatch, path)
    assert code == 1 and windows == []
    assert path.read_bytes() == damaged


def test_damaged_file_without_backup_explains(qtbot, ctx, monkeypatch):
    path = ctx.db.path
    ctx.db.dispose()
    damaged = _damage(path)
    errors = []
    monkeypatch.setattr(ask, "show_error", lambda parent, text, title=None: errors.append(text))
    code, windows = _run_gui_without_loop(monkeypatch, path)
    assert code == 1 and windows == []
    assert "bị hỏng" in errors[0] and "Không tìm thấy bản sao lưu" in errors[0]
    assert path.read_bytes() == damaged


def test_restore_over_a_damaged_live_file_moves_the_windows_hold(window, ctx, monkeypatch, qtbot):
    """The damaged file is moved aside and a new one put in its place: the window must hold the
    new file (another program could write beside it otherwise), and not the one set aside."""
    from giaoban.core import file_hold

    saved = backups.backup_now(ctx)
    window.file_hold = file_hold.hold(ctx.db.path)
    ctx.db.dispose()
    _damage(ctx.db.path)
    monkeypatch.setattr(ask, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(ask, "show_info", lambda *a, **k: None)
    task = backup_actions.restore_from_file(window, saved)
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert task.error is None
    (aside,) = [p for p in ctx.db.path.parent.iterdir() if p.name.endswith("-damaged.db")]
    assert file_hold.is_held(ctx.db.path) and not file_hold.is_held(aside)
    window.file_hold.release()
    assert not file_hold.is_held(ctx.db.path)

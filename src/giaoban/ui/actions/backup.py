"""File ▸ Sao lưu ngay… and File ▸ Khôi phục từ bản sao lưu….

A GUI restore does not ask for a restart: the engine's connections are closed
(``ctx.db.dispose()``), the restore swaps the data (see core.services.backups), and the same
engine reconnects to the restored file on next use. Pages are then reloaded and the undo stack
is cleared (its commands refer to records of the data that was replaced). The restore itself runs
on a worker thread behind a window-modal progress dialog (no "Hủy": a half-swapped file is worse
than waiting), so the window keeps painting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from giaoban.core import backup as core_backup
from giaoban.core.services import backups
from giaoban.i18n import N_, _
from giaoban.ui.actions.worker import Job
from giaoban.ui.dialogs import ask
from giaoban.ui.widgets.progress import LongTask, run_long

FILE_FILTER = N_("Dữ liệu giaoban (*.db);;Mọi tệp (*)")


def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    """Where to write a backup (tests replace this function)."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, _("Sao lưu dữ liệu"), str(suggested), _(FILE_FILTER)
    )
    return Path(name) if name else None


def ask_open_path(parent: QWidget, folder: Path) -> Path | None:
    """Which backup to restore (tests replace this function)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("Chọn bản sao lưu để khôi phục"), str(folder), _(FILE_FILTER)
    )
    return Path(name) if name else None


def backup_now(window: Any) -> Job | None:
    """Ask where (the backup folder by default), then back up on a worker thread."""
    ctx = window.ctx
    folder = backups.backup_folder(ctx)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    suggested = core_backup.unique_backup_path(folder, ctx.db.path, "manual", ctx.now())
    target = ask_save_path(window, suggested)
    if target is None:
        return None
    if target.suffix == "":
        target = target.with_suffix(".db")
    in_folder = target.parent.resolve() == folder.resolve()
    job = Job(
        (lambda: backups.backup_now(ctx)) if in_folder and target == suggested
        else (lambda: backups.backup_now(ctx, target, overwrite=True)),
        window,
    )
    window.statusBar().showMessage(_("Đang sao lưu dữ liệu…"))
    job.succeeded.connect(lambda path: _backup_done(window, path))
    job.failed.connect(lambda error: _failed(window, error))
    window.manual_backup_job = job
    return job.start()


def _backup_done(window: Any, path: Path) -> None:
    window.statusBar().showMessage(_("Đã sao lưu vào {path}").format(path=path), 8000)
    ask.show_info(window, _("Đã sao lưu dữ liệu vào:\n{path}").format(path=path),
                  _("Sao lưu xong"))


def _failed(window: Any, error: BaseException) -> None:
    window.statusBar().clearMessage()
    ask.show_error(window, str(error))


def restore_from_file(window: Any, source: Path | None = None) -> LongTask | None:
    """Choose a backup, confirm, restore in place on a worker, then reload every page.

    Returns the running task (``done`` once finished; ``error`` set if it failed), or None if
    the user stopped before it started.
    """
    ctx = window.ctx
    if any(page.has_unsaved_changes() for page in getattr(window, "pages", {}).values()):
        ask.show_error(window, _("Hãy lưu hoặc bỏ các thay đổi đang sửa trước khi khôi phục."))
        return None
    if source is None:
        source = ask_open_path(window, backups.backup_folder(ctx))
    if source is None:
        return None
    if not ask.confirm(
        window, _("Khôi phục dữ liệu"),
        _("Thay toàn bộ dữ liệu đang dùng bằng bản sao lưu “{name}”?").format(name=source.name),
        _("Khôi phục"),
        informative=_(
            "Dữ liệu hiện tại được sao lưu trước, nên có thể lấy lại nếu cần. "
            "Những gì nhập sau thời điểm của bản sao lưu sẽ không còn trong dữ liệu đang dùng."
        ),
    ):
        return None
    window.restore_task = run_long(
        window, _("Đang khôi phục dữ liệu từ “{name}”…").format(name=source.name),
        lambda _progress, _cancelled: backups.restore_into_context(ctx, source),
        lambda result: _restored(window, source, result), cancellable=False, modal=True)
    return window.restore_task


def _restored(window: Any, source: Path, result: backups.RestoreResult) -> None:
    """Back on the GUI thread: forget the old data's undo steps, reload what is shown, say where."""
    hold = getattr(window, "file_hold", None)
    if hold is not None and result.damaged_aside is not None:
        hold.follow(result.target)  # the held file was moved aside: hold the one now in place
    window.undo_stack.clear()
    for page in list(window.pages.values()):  # everything may have changed
        page.refresh()
    for name in ("trash_dialog", "history_dialog"):
        dialog = getattr(window, name, None)
        if dialog is not None and dialog.isVisible():
            dialog.refresh()
    kept = result.previous_backup or result.damaged_aside
    ask.show_info(
        window,
        _("Đã khôi phục dữ liệu từ “{name}”.").format(name=source.name)
        + ("\n" + _("Dữ liệu trước đó được giữ ở:\n{path}").format(path=kept) if kept else ""),
        _("Khôi phục xong"),
    )

"""After the window is shown: the automatic start-up backup, on a worker thread.

At most one a day (see core.services.backups.startup_backup), then old backups are thinned.
The window stays responsive; the result is a status bar message, a failure a warning there
(never a modal dialog at start-up).
"""

from __future__ import annotations

from typing import Any

from giaoban.core.errors import GiaobanError
from giaoban.core.services import backups
from giaoban.i18n import _
from giaoban.ui.actions.worker import Job

STATUS_MS = 8000


def install(window: Any) -> Job | None:
    """Start the start-up backup in the background; the job is kept on the window."""
    ctx = window.ctx
    if ctx.db.path is None or ctx.db.created:  # a file made a moment ago holds nothing to save
        return None
    job = Job(lambda: backups.startup_backup(ctx), window)
    job.succeeded.connect(lambda path: _done(window, path))
    job.failed.connect(lambda error: _failed(window, error))
    window.startup_backup_job = job
    return job.start()


def _done(window: Any, path: Any) -> None:
    if path is not None:
        window.statusBar().showMessage(
            _("Đã tự động sao lưu dữ liệu: {name}").format(name=path.name), STATUS_MS
        )


def _failed(window: Any, error: BaseException) -> None:
    reason = str(error) if isinstance(error, GiaobanError) else repr(error)
    window.statusBar().showMessage(
        _("Chưa sao lưu tự động được: {reason}").format(reason=reason), STATUS_MS * 2
    )

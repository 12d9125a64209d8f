"""Long work off the GUI thread: a progress dialog with "Hủy", and the result back on the GUI thread.

``run_long(parent, title, work, on_done)`` calls ``work(progress, cancelled)`` on a QThreadPool
thread (see ui.actions.worker.Job). ``progress(done, total)`` and ``cancelled()`` are plain
callables, so core functions stay Qt-free; they open their own sessions inside the worker (the
engine's pool gives that thread its own SQLite connection). A GiaobanError reaches the user
through ask.show_error; Cancelled only closes the dialog and says so in the status bar.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from giaoban.core.errors import Cancelled, GiaobanError
from giaoban.i18n import _
from giaoban.ui.actions.worker import Job
from giaoban.ui.dialogs import ask

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
SHOW_AFTER_MS = 400  # quick work finishes without a dialog flashing up


class LongTask(QObject):
    """One running piece of long work with its progress dialog; ``finished`` when it ends."""

    finished = Signal()
    _progressed = Signal(int, int)  # emitted on the worker thread, delivered queued

    def __init__(self, parent: QWidget, title: str, work: Work,
                 on_done: Callable[[Any], None], *, on_error: Callable[[BaseException], None]
                 | None = None, on_cancelled: Callable[[], None] | None = None,
                 cancellable: bool = True, modal: bool = False) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.on_done, self.on_error, self.on_cancelled = on_done, on_error, on_cancelled
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancelled_by_user = False
        self.last_progress: tuple[int, int] | None = None
        self._stop = threading.Event()
        self._sent = (-1, -1)
        self.dialog = QProgressDialog(title, _("Hủy") if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        self.dialog.setMinimumWidth(420)  # room for a file name in the label
        if not cancellable:
            # PySide6 stubs want a QPushButton; Qt takes None (nullptr) to hide the button
            self.dialog.setCancelButton(None)  # type: ignore[arg-type]
        self.dialog.setWindowModality(
            Qt.WindowModality.WindowModal if modal else Qt.WindowModality.NonModal)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.hide()
        self._progressed.connect(self._show_progress)
        self.job = Job(lambda: work(self._report, self._stop.is_set), self)
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)
        if modal:
            self.dialog.show()  # writes: no clicks on the window meanwhile (it still paints)
        else:
            QTimer.singleShot(SHOW_AFTER_MS, self._show_if_running)

    def start(self) -> LongTask:
        self.job.start()
        return self

    def cancel(self) -> None:
        """Ask the worker to stop at its next check (between chunks)."""
        if self.done:
            return
        self.cancelled_by_user = True
        self._stop.set()
        self.dialog.setLabelText(_("Đang hủy…"))

    def _report(self, done: int, total: int) -> None:
        """Worker thread: pass progress on, at most once per percent."""
        step = (done * 100 // total, total) if total > 0 else (0, 0)
        if step != self._sent:
            self._sent = step
            self._progressed.emit(done, total)

    def _show_progress(self, done: int, total: int) -> None:
        self.last_progress = (done, total)
        if self.done:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total > 0 else 0)

    def _show_if_running(self) -> None:
        if not self.done:
            self.dialog.show()

    def _close(self) -> None:
        self.done = True
        self.dialog.hide()
        self.dialog.deleteLater()

    def _succeeded(self, value: Any) -> None:
        self.result = value
        self._close()
        try:
            self.on_done(value)
        finally:
            self.finished.emit()

    def _failed(self, error: BaseException) -> None:
        self.error = error
        self._close()
        try:
            if isinstance(error, Cancelled):
                if self.on_cancelled is not None:
                    self.on_cancelled()
                else:
                    _status(self.parent_widget, str(error))
            elif self.on_error is not None:
                self.on_error(error)
            else:
                ask.show_error(self.parent_widget, error_text(error))
        finally:
            self.finished.emit()


def error_text(error: BaseException) -> str:
    """What the user reads: our own messages as they are, anything else with a plain lead."""
    if isinstance(error, GiaobanError):
        return str(error)
    if isinstance(error, OSError):
        return _("Không đọc/ghi được tệp: {reason}").format(reason=error.strerror or error)
    return _("Có lỗi không mong đợi: {reason}").format(reason=error)


def _status(widget: QWidget, text: str) -> None:
    window = widget.window()
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        bar().showMessage(text, 5000)


def run_long(parent: QWidget, title: str, work: Work, on_done: Callable[[Any], None],
             **options: Any) -> LongTask:
    """Start ``work(progress, cancelled)`` on a worker thread with a progress dialog; see LongTask."""
    return LongTask(parent, title, work, on_done, **options).start()

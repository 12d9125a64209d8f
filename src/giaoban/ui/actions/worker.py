"""Run a slow core function on a QThreadPool thread and hear back on the GUI thread."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Job(QObject):
    """Lives on the GUI thread; ``succeeded``/``failed`` arrive there (queued from the worker)."""

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    _ok = Signal(object)  # emitted on the worker thread, received (queued) by this object
    _error = Signal(object)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self._ok.connect(self._keep_result)
        self._error.connect(self._keep_error)

    def _keep_result(self, value: Any) -> None:
        self.result, self.done = value, True
        self.succeeded.emit(value)
        self.finished.emit()

    def _keep_error(self, error: BaseException) -> None:
        self.error, self.done = error, True
        self.failed.emit(error)
        self.finished.emit()

    def start(self) -> Job:
        QThreadPool.globalInstance().start(_Runner(self))
        return self


class _Runner(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        try:
            value = self.job.work()
        except Exception as exc:  # reported on the GUI thread, never lost in the pool
            outcome, signal_name = exc, "_error"
        else:
            outcome, signal_name = value, "_ok"
        # the window (and its job) may have closed meanwhile: then there is nobody to tell
        with contextlib.suppress(RuntimeError):
            getattr(self.job, signal_name).emit(outcome)

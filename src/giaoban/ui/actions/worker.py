"""Run a slow core function on a QThreadPool thread and hear back on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Job(QObject):
    """Lives on the GUI thread; ``succeeded``/``failed`` arrive there (queued from the worker)."""

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.succeeded.connect(self._keep_result)
        self.failed.connect(self._keep_error)

    def _keep_result(self, value: Any) -> None:
        self.result, self.done = value, True
        self.finished.emit()

    def _keep_error(self, error: BaseException) -> None:
        self.error, self.done = error, True
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
            self.job.failed.emit(exc)
        else:
            self.job.succeeded.emit(value)

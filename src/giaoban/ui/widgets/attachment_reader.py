"""Reading the text of newly attached files in the background, so the window never waits.

``extract_pending`` (core.services.attachments) reads each waiting file in a child process with
time and memory limits; here it runs on a worker thread (ui.actions.worker.Job), one run at a
time. New files during a run ask for one more run after it; a run that read nothing leaves the
rest alone until new files come (no endless retries of a file that cannot be read).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from giaoban.core.context import AppContext
from giaoban.core.services import attachments as service
from giaoban.ui.actions.worker import Job


class TextReader(QObject):
    """Runs ``extract_pending`` on a worker; ``read`` is emitted (GUI thread) after each run."""

    read = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: Job | None = None
        self.error: BaseException | None = None
        self.stalled = False  # the last run read nothing: wait for new files
        self._again = False

    @property
    def running(self) -> bool:
        return self.job is not None and not self.job.done

    def request(self, *, new_files: bool = False) -> None:
        """Read what waits: now, or after the run at work when ``new_files`` came meanwhile."""
        if new_files:
            self.stalled = False
            if self.running:
                self._again = True
                return
        if self.running or self.stalled:
            return
        ctx = self.ctx
        self.job = Job(lambda: service.extract_pending(ctx), self)
        self.job.finished.connect(self._done)
        self.job.start()

    def _done(self) -> None:
        job = self.job
        if job is None:
            return
        self.error = job.error
        self.stalled = job.error is not None or not job.result
        again, self._again = self._again, False
        self.read.emit()
        if again:
            self.request(new_files=True)

"""Progress reports and cancel checks for long core work, as plain callables (no Qt here).

The GUI passes ``progress(done, total)`` and ``cancelled() -> bool``; the CLI passes neither.
Long loops call :meth:`Steps.tick` for each item: every ``every`` items it reports and, if the
user asked to stop, raises :class:`~giaoban.core.errors.Cancelled` so the caller's transaction
rolls back or its temporary file is removed.
"""

from __future__ import annotations

from collections.abc import Callable

from giaoban.core.errors import Cancelled
from giaoban.i18n import _

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


class Steps:
    """Counts work done out of ``total`` and honours a cancel request between chunks."""

    def __init__(self, progress: ProgressFn | None = None, cancelled: CancelledFn | None = None,
                 total: int = 0, *, every: int = 250) -> None:
        self.progress, self.cancelled = progress, cancelled
        self.total, self.every, self.done = total, max(1, every), 0

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise Cancelled(_("Đã hủy theo yêu cầu; không có gì thay đổi."))

    def report(self, done: int, total: int | None = None) -> None:
        """Tell the caller how far we are (and check for a cancel request)."""
        self.done = done
        if total is not None:
            self.total = total
        self.check()
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def tick(self, count: int = 1) -> None:
        """One more item done; report and check every ``every`` items."""
        before = self.done
        self.done += count
        if self.done // self.every != before // self.every or self.done >= self.total:
            self.report(self.done)

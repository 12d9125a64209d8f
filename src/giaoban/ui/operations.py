"""The one way the GUI changes data: run an operation, push its undo, refresh what shows it.

``perform(widget, text, service, ...)`` calls a write service through core/operations.py, puts
an :class:`OperationCommand` on the window's undo stack (its undo and redo are operations too:
audited, validated, all-or-nothing), refreshes every page that shows a changed record kind, and
turns an error into the message under the field (``errors``) or one dialog. Pages never capture
"before" values and never build undo commands of their own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QThread
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

from giaoban.core import operations as ops
from giaoban.core.audit import Change
from giaoban.core.context import AppContext
from giaoban.core.db import BUSY_TIMEOUT_MS
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.i18n import _

T = TypeVar("T")
MENU_CHARS = 90


class OperationCommand(QUndoCommand):
    """An operation on the undo stack; pushed after it ran, so the first redo does nothing."""

    def __init__(self, runner: OperationRunner, text: str, changes: Sequence[Change]) -> None:
        super().__init__(short_text(text))
        self.runner = runner
        self.changes = tuple(changes)
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self.runner.replay(ops.redo, self)

    def undo(self) -> None:
        self.runner.replay(ops.undo, self)


def short_text(text: str, limit: int = MENU_CHARS) -> str:
    """A menu text of at most ``limit`` characters, cut between words ("Sửa nhiệm vụ “Rà…”")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-“")
    return cut + "…" + ("”" if "“" in cut and "”" not in cut else "")


class OperationRunner:
    """Runs operations for one main window (its context, undo stack and pages)."""

    def __init__(self, window: QWidget | None, ctx: AppContext,
                 stack: QUndoStack | None = None) -> None:
        self.window = window
        self._ctx = ctx
        self.stack = stack
        self._waited = False  # the last perform waited for another program (its status shown)

    @property
    def ctx(self) -> AppContext:
        """The window's current context (a restore may have replaced it)."""
        return getattr(self.window, "ctx", None) or self._ctx

    def perform(self, text: str, service: Callable[..., T], *args: Any,
                errors: Any = None, source: Any = None,
                reraise: bool | tuple[type[GiaobanError], ...] = False,
                **kwargs: Any) -> ops.OpResult[T] | None:
        """Run ``service(ctx, *args, **kwargs)`` as the user's action named ``text``.

        Returns the result, or None when it failed: a ValidationError is shown under the fields
        by ``errors`` (a FieldErrors) when it has a place for each message, any other error in
        one dialog — or, with ``reraise``, the error goes to a caller that shows it in place (a
        dialog that stays open); ``reraise`` may name the errors that go to the caller (a form
        that asks about a conflicting edit), the others shown as usual. ``source`` (the page that acted) is not refreshed: it updates
        itself from the result.
        """
        # a save may wait (up to the busy timeout) for another program's write to end
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self._waited = False
        try:
            result = ops.run(replace(self.ctx, on_wait=self._waiting), service, *args, **kwargs)
        except GiaobanError as exc:
            failure: GiaobanError | None = exc
        else:
            failure = None
        finally:
            QApplication.restoreOverrideCursor()
            if self._waited:
                self._status("")
        if failure is not None:
            if reraise is True or (isinstance(reraise, tuple) and isinstance(failure, reraise)):
                raise failure
            if isinstance(failure, ValidationError) and errors is not None and \
                    errors.can_show(failure.errors):
                errors.show(failure.errors)
            else:
                self._show_error(str(failure))
            return None
        self.adopt(text, result, source=source)
        return result

    def _waiting(self) -> None:
        """Another program is writing: say that the save waits for it (up to the busy timeout),
        painted before the wait starts. Only on the window's thread (a worker just waits)."""
        app = QApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return
        self._waited = True
        self._status(_("Đang chờ một chương trình khác ghi xong dữ liệu (tối đa {n} giây)…").format(
            n=BUSY_TIMEOUT_MS // 1000))
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def _status(self, text: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if callable(bar):
            if text:
                bar().showMessage(text)
            else:
                bar().clearMessage()

    def adopt(self, text: str, result: ops.OpResult[Any], source: Any = None) -> None:
        """Take in an operation that ran elsewhere (a long import on a worker thread): push its
        undo and refresh what shows it, as :meth:`perform` does."""
        if self.stack is not None and result.undoable:
            self.stack.push(OperationCommand(self, text, result.changes))
        self.changed(result, source=source)

    def replay(self, step: Callable[[AppContext, Sequence[Change]], ops.OpResult[None]],
               command: OperationCommand) -> None:
        """Undo or redo a command; on failure say why and drop it from the stack."""
        try:
            result = step(self.ctx, command.changes)
        except GiaobanError as exc:
            command.setObsolete(True)
            self._show_error(_("Không {what} được “{text}”: {reason}").format(
                what=_("hoàn tác") if step is ops.undo else _("làm lại"),
                text=command.text(), reason=exc))
            return
        self.changed(result)
        bar = getattr(self.window, "statusBar", None)
        if callable(bar):  # the status line says what just happened, not the older action
            bar().showMessage((_("Đã hoàn tác: {text}") if step is ops.undo else
                               _("Đã làm lại: {text}")).format(text=command.text()), 5000)

    def changed(self, result: ops.OpResult[Any], source: Any = None) -> None:
        """Refresh every built page that shows a kind the operation changed (not ``source``)."""
        kinds = result.kinds
        for page in list(getattr(self.window, "pages", {}).values()):
            if page is source:
                continue
            shows = getattr(page, "shows", None)
            if shows is not None and not (shows & kinds):
                continue
            has_edits = getattr(page, "has_unsaved_changes", None)
            if callable(has_edits) and has_edits():
                continue  # it reloads when the user leaves the edit (never drop typed work)
            with contextlib.suppress(GiaobanError):
                page.refresh()

    def _show_error(self, message: str) -> None:
        from giaoban.ui.dialogs import ask

        ask.show_error(self.window, message)


def runner_for(widget: QWidget, ctx: AppContext) -> OperationRunner:
    """The operation runner of the main window ``widget`` is in (one per window, made on first
    use); a widget outside a main window (a test) gets one without undo or other pages."""
    window: QWidget | None = widget
    while window is not None:  # up through dialogs and pages to the main window
        runner = getattr(window, "operations", None)
        if isinstance(runner, OperationRunner):
            return runner
        stack = getattr(window, "undo_stack", None)
        if isinstance(stack, QUndoStack):
            runner = OperationRunner(window, ctx, stack)
            window.operations = runner  # type: ignore[attr-defined]
            return runner
        window = window.parentWidget()
    return OperationRunner(None, ctx)


def perform(widget: QWidget, ctx: AppContext, text: str, service: Callable[..., T], *args: Any,
            errors: Any = None, reraise: bool | tuple[type[GiaobanError], ...] = False,
            **kwargs: Any) -> ops.OpResult[T] | None:
    """Run a user's action from ``widget``'s page: see :meth:`OperationRunner.perform`."""
    source = _page_of(widget)
    return runner_for(widget, ctx).perform(text, service, *args, errors=errors, source=source,
                                           reraise=reraise, **kwargs)


def _page_of(widget: QWidget) -> QWidget | None:
    from giaoban.ui.widgets.page import Page

    current: QWidget | None = widget
    while current is not None and not isinstance(current, Page):
        current = current.parentWidget()
    return current

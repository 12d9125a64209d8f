"""Undo and redo for edits and deletes: QUndoCommands that call services.

Pages never undo by hand. A delete goes through :func:`push_delete` (moves to the trash, undo
restores); an edit is pushed as a :class:`ServiceCommand` whose ``do``/``undo`` call services.
The Edit menu shows the command's text ("Hoàn tác Chuyển 2 nhiệm vụ vào thùng rác").
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from giaoban.core.errors import GiaobanError
from giaoban.core.services import trash
from giaoban.i18n import _


def refresh_pages(window: Any) -> None:
    """Reload every page already built, so an undone change shows everywhere at once."""
    for page in list(getattr(window, "pages", {}).values()):
        with contextlib.suppress(GiaobanError):
            page.refresh()


def _report(window: Any, exc: GiaobanError) -> None:
    from giaoban.ui.dialogs import ask

    ask.show_error(window, str(exc))


class ServiceCommand(QUndoCommand):
    """An undoable edit: ``do`` (re)applies it, ``undo`` reverses it, both through services.

    With ``done=True`` the edit has already been made (the page called the service and checked
    the result), so pushing it does not run ``do`` a second time. ``after`` runs after each
    undo/redo (by default nothing; :func:`push_edit` refreshes the window's pages).
    Errors are shown to the user instead of escaping into Qt.
    """

    def __init__(
        self,
        text: str,
        do: Callable[[], Any],
        undo: Callable[[], Any],
        *,
        done: bool = False,
        after: Callable[[], Any] | None = None,
        parent_widget: Any = None,
    ) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._skip_first = done
        self._after = after
        self._parent_widget = parent_widget
        self.failed: GiaobanError | None = None

    def _run(self, step: Callable[[], Any]) -> None:
        self.failed = None
        try:
            step()
        except GiaobanError as exc:
            self.failed = exc
            self.setObsolete(True)
            _report(self._parent_widget, exc)
        if self._after is not None:
            self._after()

    def redo(self) -> None:
        if self._skip_first:
            self._skip_first = False
            return
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)


def push_edit(
    window: Any, text: str, do: Callable[[], Any], undo: Callable[[], Any]
) -> Any:
    """Make an edit now (errors such as ValidationError reach the caller), then make it undoable."""
    result = do()
    window.undo_stack.push(
        ServiceCommand(text, do, undo, done=True, after=lambda: refresh_pages(window),
                       parent_widget=window)
    )
    return result


def delete_text(entity: str, count: int) -> str:
    """'Chuyển 3 nhiệm vụ vào thùng rác' — the text the Edit menu shows for undo."""
    what = {
        "briefing": _("cuộc giao ban"),
        "aspiration": _("tâm tư – kiến nghị"),
        "task": _("nhiệm vụ"),
    }.get(entity, entity)
    return _("Chuyển {n} {what} vào thùng rác").format(n=count, what=what)


def push_delete(window: Any, entity: str, ids: list[int], description: str | None = None) -> int:
    """Move records to the trash now and push an undo that restores exactly them.

    Returns how many records moved (0 pushes nothing). ``description`` is the Edit menu text;
    by default "Chuyển N … vào thùng rác".
    """
    ctx = window.ctx
    ids = trash.live_ids(ctx, entity, list(ids))
    moved = trash.move_to_trash(ctx, entity, ids) if ids else 0
    if moved:
        window.undo_stack.push(
            ServiceCommand(
                description or delete_text(entity, moved),
                lambda: trash.move_to_trash(ctx, entity, ids),
                lambda: trash.restore_from_trash(ctx, entity, ids),
                done=True,
                after=lambda: refresh_pages(window),
                parent_widget=window,
            )
        )
    return moved

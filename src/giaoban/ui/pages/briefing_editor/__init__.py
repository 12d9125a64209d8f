"""The briefing editor: one module per tab, ``editor.BriefingEditor`` holds them together.

The editor is loaded when first named (PEP 562): the recovery copy's module and the briefing
list reach this package at start-up without loading the editor's tabs (~50 ms)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from giaoban.ui.pages.briefing_editor.editor import BriefingEditor

__all__ = ["BriefingEditor"]


def __getattr__(name: str) -> Any:
    if name == "BriefingEditor":
        from giaoban.ui.pages.briefing_editor.editor import BriefingEditor

        return BriefingEditor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

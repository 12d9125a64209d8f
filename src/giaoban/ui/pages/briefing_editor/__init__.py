"""The briefing editor: one module per tab, ``editor.BriefingEditor`` holds them together."""

from giaoban.ui.pages.briefing_editor.editor import BriefingEditor

__all__ = ["BriefingEditor"]

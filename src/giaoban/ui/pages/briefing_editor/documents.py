"""Print previews of a briefing's minutes and notice of conclusions (the documents module's API).

The document itself comes from ``documents.exports.briefing_document``, the function behind
``giaoban minutes`` and ``giaoban notice``; this module adds only the preview and a file name.
"""

from __future__ import annotations

import importlib
from typing import Any

from giaoban.core.context import AppContext
from giaoban.i18n import _


def available() -> bool:
    """Whether this version has the printed documents (builders and print preview)."""
    try:
        importlib.import_module("giaoban.documents.preview")
        importlib.import_module("giaoban.documents.builders")
    except ImportError:
        return False
    return True


def build(ctx: AppContext, briefing_id: int, which: str) -> tuple[Any, str]:
    """The document ('minutes' or 'notice') of a saved briefing and a file name to suggest."""
    from giaoban.documents.exports import MINUTES, briefing_document

    document = briefing_document(ctx, briefing_id, which)
    if which == MINUTES:
        return document, _("Biên bản giao ban {id}").format(id=briefing_id)
    return document, _("Thông báo kết luận giao ban {id}").format(id=briefing_id)


def preview(parent: Any, ctx: AppContext, briefing_id: int, which: str) -> Any:
    """Open the non-modal print preview; returns the dialog."""
    from giaoban.documents.preview import open_print_preview

    document, name = build(ctx, briefing_id, which)
    return open_print_preview(parent, document, name)

"""Print previews of a briefing's minutes and notice of conclusions (the documents module's API).

The document itself comes from ``documents.exports.briefing_document``, the function behind
``giaoban minutes`` and ``giaoban notice``; this module adds the preview, a file name and, for
the notice of a finalized briefing, the number and date to give it before printing (IssueBar).
"""

from __future__ import annotations

import importlib
from typing import Any

from giaoban.core.context import AppContext
from giaoban.core.enums import BriefingStatus, DocumentKind
from giaoban.core.services import document_register
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
    from giaoban.core.services.briefings import load_briefing, period_label
    from giaoban.documents.exports import MINUTES, briefing_document

    document = briefing_document(ctx, briefing_id, which)
    draft = load_briefing(ctx, briefing_id)
    # the briefing's period, never its internal number; "/" cannot be in a file name
    period = period_label(draft.kind, draft.year, draft.quarter, draft.title).replace("/", "-")
    if which == MINUTES:
        return document, _("Biên bản giao ban {period}").format(period=period)
    return document, _("Thông báo kết luận giao ban {period}").format(period=period)


def preview(parent: Any, ctx: AppContext, briefing_id: int, which: str) -> Any:
    """Open the non-modal print preview; returns the dialog.

    The notice of a finalized briefing not yet issued gets the number and date fields above the
    toolbar; an issued minutes or notice says its number there, with "Sửa số…" to correct it.
    """
    from giaoban.documents.preview import open_print_preview, replace_document
    from giaoban.ui.widgets.issue_bar import IssueBar, add_to_preview

    document, name = build(ctx, briefing_id, which)
    dialog = open_print_preview(parent, document, name)
    kind = DocumentKind(which)
    entry = document_register.issued_for_briefing(ctx, briefing_id, kind)
    if entry is None and (kind != DocumentKind.NOTICE or not _finalized(ctx, briefing_id)):
        return dialog  # a draft: no number to give or correct
    bar = IssueBar(
        ctx, dialog, next_number=document_register.next_number(ctx, kind, ctx.today()),
        undo_text=_("Cấp số thông báo kết luận"), entry=entry,
        issue=lambda op_ctx, number, day: document_register.issue_notice(
            op_ctx, briefing_id, number, day),
        issued=lambda _entry: replace_document(dialog, build(ctx, briefing_id, which)[0]),
        reload=lambda: document_register.issued_for_briefing(ctx, briefing_id, kind),
    )
    add_to_preview(dialog, bar)
    return dialog


def _finalized(ctx: AppContext, briefing_id: int) -> bool:
    from giaoban.core.services.briefing_query import load_briefing

    return load_briefing(ctx, briefing_id).status == BriefingStatus.FINALIZED


def number_hint(ctx: AppContext, day: Any) -> str:
    """The grey hint of the minutes' number field: the number finalizing would give."""
    number = document_register.next_number(ctx, DocumentKind.MINUTES, day or ctx.today())
    return _("để trống: {number} khi chốt").format(number=number)

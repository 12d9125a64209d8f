"""The editor's "Tệp đính kèm" tab: the files of the briefing and of each of its reports.

One list for all of them (a "Thuộc" column says whose each file is); "Đính kèm vào" chooses
whether a new file belongs to the briefing (the signed minutes, the invitation…) or to one body's
report. A briefing not saved yet has no files: the tab says to save first.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from giaoban.core.context import AppContext
from giaoban.core.services.attachment_places import report_places
from giaoban.core.services.briefing_draft import BriefingDraft
from giaoban.i18n import _
from giaoban.ui.widgets.attachments import AttachmentsPanel, Owner


def owners_of(ctx: AppContext, briefing_id: int, orgs: list[tuple[str, int]]) -> list[Owner]:
    """The briefing, then its saved reports named by their body ("Báo cáo của …")."""
    names = {org_id: name for name, org_id in orgs}
    owners = [Owner("briefing", briefing_id, _("Cuộc giao ban"))]
    for place in report_places(ctx, briefing_id):
        body = names.get(place.organization_id or 0) or place.title or _("mục {n}").format(
            n=place.position)
        owners.append(Owner("report", place.id, _("Báo cáo của {body}").format(body=body)))
    return owners


class FilesTab(AttachmentsPanel):
    """The attachments panel over a briefing and its reports."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, empty_note=_(
            "Lưu biên bản (Ctrl+S) trước khi đính kèm tệp."))

    def load(self, draft: BriefingDraft, orgs: list[tuple[str, int]],
             ctx: AppContext | None = None) -> None:
        """Show the files of a saved briefing (none, with the note to save first, for a new one);
        ``orgs`` are the editor's (name, id) of the bodies; ``ctx``: the editor's reads."""
        self.set_owners(owners_of(ctx or self.ctx, draft.id, orgs) if draft.id is not None
                        else [])

    def reload(self, *, now: bool = False) -> None:
        """As the panel's, but a hidden tab reads its list when it is first shown even when it
        shows none yet: opening a briefing asked for the files of the briefing and of each report
        (a query each, nine for eight reports) before anyone looked at the tab."""
        if not now and not self.isVisible() and self.owners:
            self._stale = True
            return
        super().reload(now=now)

"""Where files can be attached inside a briefing: the briefing itself and each of its reports.

The briefing editor's draft holds reports without their ids (a save writes them anew, and the
attachments follow: attachment_owners.relink_reports), so the "Tệp đính kèm" tab asks here for
the saved reports, in agenda order (the editor names them by their body).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import select

from giaoban.core.models import Report

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


@dataclass(frozen=True)
class ReportPlace:
    """A saved report of a briefing: its id (the attachments' owner id) and what names it."""

    id: int
    position: int
    organization_id: int | None
    title: str


def report_places(ctx: AppContext, briefing_id: int) -> list[ReportPlace]:
    """The saved reports of a briefing, in agenda order."""
    with ctx.session() as session:
        rows = session.exec(select(Report).where(Report.briefing_id == briefing_id)).all()
    return sorted((ReportPlace(int(r.id or 0), r.position, r.organization_id, r.title)
                   for r in rows), key=lambda place: (place.position, place.id))

"""Where files can be attached inside a briefing: the briefing itself and each of its reports.

The briefing editor's draft holds reports without their ids (a save writes them anew, and the
attachments follow: attachment_owners.relink_reports), so the "Tệp đính kèm" tab asks here for
the saved reports, in agenda order, named by their body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, select

from giaoban.core.models import Organization, Report

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


@dataclass(frozen=True)
class ReportPlace:
    """A saved report of a briefing: its id (the attachments' owner id) and what names it."""

    id: int
    position: int
    organization: str
    title: str


def report_places(ctx: AppContext, briefing_id: int) -> list[ReportPlace]:
    """The saved reports of a briefing, in agenda order."""
    with ctx.session() as session:
        rows = session.exec(
            select(Report, Organization.name)
            .outerjoin(Organization, col(Report.organization_id) == Organization.id)
            .where(Report.briefing_id == briefing_id)
            .order_by(col(Report.position), col(Report.id))
        ).all()
    return [ReportPlace(int(r.id or 0), r.position, org or "", r.title) for r, org in rows]

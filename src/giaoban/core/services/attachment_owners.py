"""The records a file can be attached to: finding one alive, naming it, following a report.

A report is an agenda item of a briefing: it is alive while its briefing is, a search hit in one
of its files opens the briefing, and the briefing editor's save (which writes the reports anew)
keeps its files on the report that stands in its place (:func:`relink_reports`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from giaoban.core import audit, kinds
from giaoban.core.enums import AttachmentOwner, AuditAction
from giaoban.core.errors import NotFound, ValidationError
from giaoban.core.models import Attachment, Briefing, Report
from giaoban.core.oneline import one_line
from giaoban.i18n import N_, _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

OWNER_MODELS: dict[str, Any] = {
    "briefing": Briefing,
    "report": Report,
    "aspiration": kinds.kind("aspiration").model,
    "task": kinds.kind("task").model,
}
_NOUNS = {"report": N_("báo cáo")}


def check_kind(owner_kind: str) -> str:
    """The owner kind as stored; a ValidationError for one files cannot be attached to."""
    if owner_kind not in {k.value for k in AttachmentOwner}:
        raise ValidationError({"owner_kind": _("Không đính kèm tệp vào loại bản ghi “{kind}” "
                                               "được.").format(kind=owner_kind)})
    return owner_kind


def noun(owner_kind: str) -> str:
    """'cuộc giao ban', 'báo cáo'… inside a sentence."""
    if owner_kind in _NOUNS:
        return _(_NOUNS[owner_kind])
    return kinds.kind(owner_kind).noun


def live_owner(session: Session, owner_kind: str, owner_id: int) -> Any:
    """The owner row if it exists and is not in the trash (a report: its briefing is not)."""
    row = session.get(OWNER_MODELS[check_kind(owner_kind)], owner_id)
    if row is None:
        return None
    if owner_kind == "report":
        briefing = session.get(Briefing, row.briefing_id)
        return row if briefing is not None and briefing.deleted_at is None else None
    return row if row.deleted_at is None else None


def require_owner(session: Session, owner_kind: str, owner_id: int) -> Any:
    """:func:`live_owner`, or NotFound naming what is missing."""
    row = live_owner(session, owner_kind, owner_id)
    if row is None:
        raise NotFound(_("Không tìm thấy {record} số {id}.").format(record=noun(owner_kind),
                                                                   id=owner_id))
    return row


def title(session: Session, owner_kind: str, row: Any) -> str:
    """The owner's title as a hit shows it; a report adds its briefing's."""
    if owner_kind != "report":
        return kinds.kind(owner_kind).title(row)
    briefing = session.get(Briefing, row.briefing_id)
    own = row.title or row.presenter or _("Báo cáo số {n}").format(n=row.position)
    if briefing is None:
        return one_line(own, kinds.TITLE_CHARS)
    return one_line(f"{own} ({kinds.kind('briefing').title(briefing)})", kinds.TITLE_CHARS)


def target(session: Session, owner_kind: str, row: Any) -> tuple[str, int]:
    """The record a hit opens: the owner, or for a report its briefing."""
    if owner_kind == "report":
        return "briefing", int(row.briefing_id)
    return owner_kind, int(row.id)


@dataclass(frozen=True)
class OwnerRef:
    """The record a file is attached to, named as search hits name it ("<file> – <label>")."""

    kind: str
    id: int
    label: str

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "label": self.label}


def owners_of(ctx: AppContext, attachment_ids: Iterable[int]) -> dict[int, OwnerRef]:
    """Each of these files' live owner, by file id (one session; a file whose owner is in the
    trash, or that is gone, is left out)."""
    ids = sorted(set(attachment_ids))
    found: dict[int, OwnerRef] = {}
    if not ids:
        return found
    with ctx.session() as session:
        for row in session.exec(select(Attachment).where(col(Attachment.id).in_(ids))):
            owner = live_owner(session, row.owner_kind, row.owner_id)
            if owner is not None and row.id is not None:
                found[row.id] = OwnerRef(row.owner_kind, row.owner_id,
                                         title(session, row.owner_kind, owner))
    return found


def relink_reports(session: Session, ctx: AppContext, old: Iterable[Report],
                   new: Iterable[Report]) -> None:
    """After a briefing's reports were written anew: each old report's files move to the new
    report of the same body and title, else of the same body, else (when no report was added or
    removed) at the same place in the agenda; the files of a report that is gone stay with the
    briefing. Each move is in the files' history, in the save's own transaction."""
    old_rows = {r.id: r for r in old if r.id is not None}
    if not old_rows:
        return
    files = session.exec(select(Attachment).where(
        col(Attachment.owner_kind) == "report", col(Attachment.owner_id).in_(list(old_rows)))).all()
    if not files:
        return
    fresh = list(new)
    taken: dict[int, int] = {}  # old report id -> new report id
    rules: list[Callable[[Report, Report], bool]] = [
        lambda o, n: (n.organization_id, n.title) == (o.organization_id, o.title),
        lambda o, n: n.organization_id == o.organization_id,
    ]
    if len(fresh) == len(old_rows):  # edited in place: a row keeps its files whatever changed
        rules.append(lambda o, n: n.position == o.position)
    for same in rules:  # the strongest rule first, for every report
        for old_id, report in old_rows.items():
            if old_id in taken:
                continue
            found = next((n for n in fresh if n.id not in taken.values() and same(report, n)),
                         None)
            if found is not None and found.id is not None:
                taken[old_id] = found.id
    for row in files:
        before = audit.snapshot(row)
        new_id = taken.get(row.owner_id)  # type: ignore[arg-type]
        if new_id is None:
            row.owner_kind, row.owner_id = "briefing", old_rows[row.owner_id].briefing_id
            note = _("Báo cáo không còn trong biên bản: tệp ở lại với cuộc giao ban")
        else:
            row.owner_id = new_id
            note = _("Theo báo cáo khi lưu biên bản")
        after = audit.snapshot(row)
        if after != before:  # a new report may have been given the old one's id
            session.add(row)
            audit.record(session, ctx, "attachment", row.id, AuditAction.UPDATE, before, after,
                         note)

"""Deleting attached files for good: from the trash, or with the record they were on.

An attachment is purged like any record in the trash (a PURGE audit event with its fields). The
bytes go with the last attachment that used them: a blob no attachment refers to any more, live
or in the trash, is deleted in the same transaction. Purging a briefing, an aspiration or a task
(core/services/trash.py) purges its files too, and a briefing's those of its reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from giaoban.core import audit, kinds
from giaoban.core.enums import AuditAction
from giaoban.core.models import Attachment, AttachmentBlob
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


def drop_unused_blob(session: Session, blob_id: int) -> None:
    """Delete the blob when no attachment (live or trashed) refers to it any more."""
    session.flush()
    used = session.exec(select(Attachment.id).where(col(Attachment.blob_id) == blob_id)
                        .limit(1)).first()
    if used is None:
        blob = session.get(AttachmentBlob, blob_id)
        if blob is not None:
            session.delete(blob)
            session.flush()


def purge_attachment(session: Session, ctx: AppContext, row: Attachment, note: str = "") -> None:
    """Delete one attachment for good (audited), and its bytes if nothing else uses them."""
    before = audit.snapshot(row)
    blob_id = row.blob_id
    session.delete(row)
    audit.record(session, ctx, "attachment", row.id, AuditAction.PURGE, before, {}, note)
    drop_unused_blob(session, blob_id)


def purge_owned(session: Session, ctx: AppContext, owner_kind: str, owner_ids: Iterable[int | None],
                note: str = "") -> None:
    """Purge every file (live or trashed) attached to these records, which are being purged."""
    ids = [i for i in owner_ids if i is not None]
    if not ids:
        return
    rows = session.exec(select(Attachment).where(col(Attachment.owner_kind) == owner_kind,
                                                 col(Attachment.owner_id).in_(ids))).all()
    for row in rows:
        went_with = note or _("Cùng {record} số {id}").format(
            record=kinds.kind(owner_kind).noun if owner_kind in kinds.KINDS else _("báo cáo"),
            id=row.owner_id)
        purge_attachment(session, ctx, row, went_with)

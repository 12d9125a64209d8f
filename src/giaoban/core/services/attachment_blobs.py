"""The stored bytes of attached files: one blob per SHA-256, found by the hash, stored once.

Attaching bytes that are already stored uses that blob. When its stored bytes no longer match
(damaged in the file, the check says so), the good bytes just attached take their place and
their text is read again: every file using the blob is whole again, and each one's history says
so, in the attaching transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session, col, select

from giaoban.core import audit
from giaoban.core.attachment_types import first_state
from giaoban.core.enums import AuditAction, IndexState
from giaoban.core.models import Attachment, AttachmentBlob
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

SUMMARY = (col(AttachmentBlob.size), col(AttachmentBlob.media_type), col(AttachmentBlob.sha256),
           col(AttachmentBlob.index_state), col(AttachmentBlob.not_indexed_reason))


@dataclass(frozen=True)
class BlobFacts:
    """A blob's facts without its bytes."""

    size: int
    media_type: str
    sha256: str
    index_state: str
    not_indexed_reason: str


def facts(session: Session, blob_id: int) -> BlobFacts:
    """What lists show of a blob, read without its bytes."""
    found = session.execute(sa.select(*SUMMARY).where(col(AttachmentBlob.id) == blob_id)).one()
    return BlobFacts(*found)


def _fresh_state(name: str, data: bytes) -> dict[str, str]:
    """The sniffed type and index state of bytes not read yet (pending, or why they never will)."""
    media_type, reason = first_state(name, data)
    return {"media_type": media_type, "not_indexed_reason": reason,
            "index_state": IndexState.NOT_INDEXED.value if reason else IndexState.PENDING.value}


def blob_for(session: Session, ctx: AppContext, name: str, data: bytes,
             digest: str) -> tuple[int, BlobFacts]:
    """The id and facts of the stored blob of these bytes (``digest`` their SHA-256): stored now
    if they are new, repaired if the stored ones are damaged. The stored bytes are compared in
    the database, never read out (they may be tens of MB)."""
    same = sa.cast(col(AttachmentBlob.content), sa.LargeBinary) == sa.literal(data, sa.LargeBinary)
    found = session.execute(sa.select(col(AttachmentBlob.id), *SUMMARY, same)
                            .where(col(AttachmentBlob.sha256) == digest)).first()
    if found is None:
        state = _fresh_state(name, data)
        blob = AttachmentBlob(sha256=digest, size=len(data), content=data,
                              media_type=state["media_type"], index_state=state["index_state"],
                              not_indexed_reason=state["not_indexed_reason"])
        session.add(blob)
        session.flush()
        assert blob.id is not None
        return blob.id, facts(session, blob.id)
    blob_id = int(found[0])
    if not found[-1]:  # same hash, other bytes: the stored ones are damaged
        _repair(session, ctx, blob_id, name, data)
        return blob_id, facts(session, blob_id)
    return blob_id, BlobFacts(*found[1:-1])


def _repair(session: Session, ctx: AppContext, blob_id: int, name: str, data: bytes) -> None:
    """Put the good bytes back into a damaged blob, to be read for search again; each file using
    it (in the trash too) gets a history line saying so."""
    session.execute(sa.update(AttachmentBlob).where(col(AttachmentBlob.id) == blob_id).values(
        content=data, size=len(data), text="", search_text="", **_fresh_state(name, data)))
    note = _("Nội dung đã lưu bị hỏng (không khớp mã kiểm tra SHA-256) được thay bằng tệp "
             "“{name}” vừa đính kèm, cùng nội dung.").format(name=name)
    for row in session.exec(select(Attachment).where(col(Attachment.blob_id) == blob_id)
                            .order_by(col(Attachment.id))):
        kept = audit.snapshot(row)
        audit.record(session, ctx, "attachment", row.id, AuditAction.UPDATE, kept, kept, note)

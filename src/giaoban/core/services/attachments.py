"""Files attached to briefings, reports, aspirations and tasks, kept inside the database.

The bytes are stored once per content (a blob keyed by SHA-256) so a backup, a restore or a copy
to the shared server carries them, and every read checks them against that hash: damaged bytes
are refused with a clear message, never handed out. Adding a file only stores it (quick, one
transaction); its text is read afterwards by :func:`extract_pending` in a separate process with
time and memory limits (core/services/attachments_index.py). Each write is audited and returns
its changes through the operation machinery, so add, rename and remove are undone with Ctrl+Z;
removing moves the file to the trash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from giaoban.core import audit
from giaoban.core.check_report import intact
from giaoban.core.enums import AuditAction, BriefingStatus, IndexState
from giaoban.core.errors import GiaobanError, NotFound, ValidationError
from giaoban.core.files import write_output
from giaoban.core.models import Attachment, AttachmentBlob
from giaoban.core.services import attachment_blobs as blobs
from giaoban.core.services import attachment_owners as owners
from giaoban.core.services import attachments_index, trash
from giaoban.core.services.settings import DEFAULTS, get_setting
from giaoban.core.text import control_char_message
from giaoban.i18n import _, format_number

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

MB = 1024 * 1024
MAX_NAME = 255
_SEPARATORS = re.compile(r"[/\\]")


@dataclass(frozen=True)
class AttachmentInfo:
    """One attached file as lists show it (no bytes). ``not_indexed_reason`` is translated."""

    id: int
    owner_kind: str
    owner_id: int
    name: str
    size: int
    media_type: str
    sha256: str
    created_at: dt.datetime
    created_by: str
    signed_minutes: bool
    index_state: str
    not_indexed_reason: str

    @property
    def index_label(self) -> str:
        """Whether search finds its words ('Tìm được trong nội dung', 'Đang chờ đọc chữ') or why not."""
        if self.index_state == IndexState.INDEXED.value:
            return self.not_indexed_reason or _("Tìm được trong nội dung")
        if self.index_state == IndexState.PENDING.value:
            return _("Đang chờ đọc chữ")
        return _("Không tìm trong nội dung: {reason}").format(reason=self.not_indexed_reason)

    def as_json(self) -> dict[str, Any]:
        """Plain values for ``giaoban attachments list --json``."""
        return {"id": self.id, "owner_kind": self.owner_kind, "owner_id": self.owner_id,
                "name": self.name, "size": self.size, "media_type": self.media_type,
                "sha256": self.sha256, "created_at": self.created_at.isoformat(),
                "created_by": self.created_by, "signed_minutes": self.signed_minutes,
                "index_state": self.index_state, "not_indexed_reason": self.not_indexed_reason}


def max_bytes(ctx: AppContext) -> int:
    """The largest file that may be attached (the setting ``attachment_max_mb``, default 50)."""
    value = get_setting(ctx, "attachment_max_mb")
    try:
        megabytes = int(value)
    except ValueError:
        megabytes = int(DEFAULTS["attachment_max_mb"])
    return max(1, megabytes) * MB


def clean_name(name: str) -> str:
    """A file name as it is kept: trimmed, not empty, no folder separators, no control
    characters, at most 255 characters; a ValidationError (field ``name``) otherwise."""
    text = unicodedata.normalize("NFC", str(name or "")).strip()
    if not text:
        raise ValidationError({"name": _("Tên tệp không được để trống.")})
    if _SEPARATORS.search(text):
        raise ValidationError({"name": _("Tên tệp không được chứa “/” hay “\\”.")})
    if control_char_message(text) or any(ch in text for ch in "\n\t\r"):
        raise ValidationError({"name": _("Tên tệp không được chứa ký tự điều khiển "
                                         "(xuống dòng, tab…).")})
    if text in (".", ".."):
        raise ValidationError({"name": _("Tên tệp không hợp lệ.")})
    if len(text) > MAX_NAME:
        raise ValidationError({"name": _("Tên tệp dài quá {n} ký tự.").format(n=MAX_NAME)})
    return text


def _megabytes(size: int) -> str:
    return format_number(round(size / MB, 1)) if size < 10 * MB else format_number(size // MB)


def size_text(size: int) -> str:
    """A file's size for people: '812 B', '35,8 KB', '2,4 MB' (lists, the command line)."""
    if size < 1024:
        return f"{format_number(size)} B"
    if size < MB:
        return f"{format_number(round(size / 1024, 1))} KB"
    return f"{_megabytes(size)} MB"


def _read_file(path: Path, limit: int) -> bytes:
    """The file's bytes, refused before reading when it is over ``limit``."""
    try:
        if not path.is_file():
            raise GiaobanError(_("“{path}” không phải là một tệp.").format(path=path)
                               if path.exists() else
                               _("Không tìm thấy tệp “{path}”.").format(path=path))
        size = path.stat().st_size
        too_big = _("Tệp “{name}” nặng {size} MB, quá giới hạn {limit} MB của tệp đính kèm "
                    "(đổi giới hạn trong Cài đặt). Chưa có gì được lưu.")
        if size > limit:
            raise ValidationError({"file": too_big.format(
                name=path.name, size=_megabytes(size), limit=_megabytes(limit))})
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise GiaobanError(_("Không đọc được tệp “{path}”: {reason}").format(
            path=path, reason=exc.strerror or exc)) from exc
    if len(data) > limit:  # it grew while we looked
        raise ValidationError({"file": too_big.format(
            name=path.name, size=_megabytes(len(data)), limit=_megabytes(limit))})
    if not data:
        raise ValidationError({"file": _("Tệp “{name}” rỗng (0 byte), không có gì để đính kèm.")
                               .format(name=path.name)})
    return data


def _check_signed(session: Session, owner_kind: str, owner_id: int) -> None:
    """Only the file of a finalized briefing can be its signed minutes."""
    if owner_kind != "briefing":
        raise ValidationError({"signed_minutes": _(
            "Chỉ tệp đính kèm của một cuộc giao ban mới đánh dấu được là biên bản đã ký.")})
    briefing = owners.require_owner(session, owner_kind, owner_id)
    if briefing.status != BriefingStatus.FINALIZED.value:
        raise ValidationError({"signed_minutes": _(
            "Cuộc giao ban chưa chốt biên bản nên chưa đánh dấu được “Biên bản đã ký”; hãy chốt "
            "biên bản trước.")})


def add_attachment(ctx: AppContext, owner_kind: str, owner_id: int, path: Path | str, *,
                   name: str | None = None, signed_minutes: bool = False) -> AttachmentInfo:
    """Attach the file at ``path`` to a record under ``name`` (its own name by default).

    Refused whole, with nothing stored, when the owner is missing or trashed, the name is not
    usable, the file is empty or over the size limit. The text is read later
    (:func:`extract_pending`).
    """
    owners.check_kind(owner_kind)
    source = Path(path)
    shown = clean_name(name if name is not None else source.name)
    data = _read_file(source, max_bytes(ctx))
    digest = hashlib.sha256(data).hexdigest()
    with ctx.transaction() as session:
        owners.require_owner(session, owner_kind, owner_id)
        if signed_minutes:
            _check_signed(session, owner_kind, owner_id)
        blob_id, facts = blobs.blob_for(session, ctx, shown, data, digest)
        row = Attachment(blob_id=blob_id, owner_kind=owner_kind, owner_id=owner_id, name=shown,
                         signed_minutes=bool(signed_minutes), created_by=ctx.user)
        session.add(row)
        session.flush()
        audit.record(session, ctx, "attachment", row.id, AuditAction.CREATE, {},
                     audit.snapshot(row))
        return _info(row, facts)


def _info(row: Attachment, blob: AttachmentBlob | blobs.BlobFacts) -> AttachmentInfo:
    assert row.id is not None
    return AttachmentInfo(
        id=row.id, owner_kind=row.owner_kind, owner_id=row.owner_id, name=row.name,
        size=blob.size, media_type=blob.media_type, sha256=blob.sha256,
        created_at=row.created_at, created_by=row.created_by,
        signed_minutes=bool(row.signed_minutes), index_state=blob.index_state,
        not_indexed_reason=_(blob.not_indexed_reason) if blob.not_indexed_reason else "")


def _rows(session: Session, *where: Any) -> list[AttachmentInfo]:
    """Attachments with their blob's facts, never its bytes."""
    statement = (select(Attachment, *blobs.SUMMARY)  # type: ignore[call-overload]
                 .join(AttachmentBlob, col(AttachmentBlob.id) == col(Attachment.blob_id))
                 .where(*where).order_by(col(Attachment.created_at), col(Attachment.id)))
    found = []
    for row, size, media_type, sha256, state, reason in session.exec(statement).all():
        blob = blobs.BlobFacts(size, media_type, sha256, state, reason)
        found.append(_info(row, blob))
    return found


def list_attachments(ctx: AppContext, owner_kind: str, owner_id: int) -> list[AttachmentInfo]:
    """The files of one record (not those in the trash), oldest first."""
    owners.check_kind(owner_kind)
    with ctx.session() as session:
        return _rows(session, col(Attachment.owner_kind) == owner_kind,
                     col(Attachment.owner_id) == owner_id, col(Attachment.deleted_at).is_(None))


def get_attachment(ctx: AppContext, attachment_id: int) -> AttachmentInfo:
    """One live attached file's facts; NotFound when it is missing or in the trash."""
    with ctx.session() as session:
        found = _rows(session, col(Attachment.id) == attachment_id,
                      col(Attachment.deleted_at).is_(None))
    if not found:
        raise _missing(attachment_id)
    return found[0]


def _missing(attachment_id: int) -> NotFound:
    return NotFound(_("Không tìm thấy tệp đính kèm số {id}.").format(id=attachment_id))


def _live(session: Session, attachment_id: int) -> Attachment:
    row = session.get(Attachment, attachment_id)
    if row is None or row.deleted_at is not None:
        raise _missing(attachment_id)
    return row


def verified_bytes(name: str, data: bytes, size: int, sha256: str) -> bytes:
    """A blob's bytes after checking them against its size and SHA-256 (never wrong bytes)."""
    if not intact(data, size, sha256):
        raise GiaobanError(_(
            "Tệp đính kèm “{name}” bị hỏng trong tệp dữ liệu (nội dung không khớp mã kiểm tra "
            "SHA-256) nên không mở được. Hãy khôi phục từ một bản sao lưu.").format(name=name))
    return data


def read_attachment(ctx: AppContext, attachment_id: int) -> bytes:
    """The bytes of an attached file, checked against its hash."""
    with ctx.session() as session:
        row = _live(session, attachment_id)
        found = session.execute(  # as bytes even if something stored them as text
            sa.select(sa.cast(col(AttachmentBlob.content), sa.LargeBinary),
                      col(AttachmentBlob.size), col(AttachmentBlob.sha256))
            .where(col(AttachmentBlob.id) == row.blob_id)).first()
        if found is None:
            raise _missing(attachment_id)
        return verified_bytes(row.name, bytes(found[0] or b""), found[1], found[2])


def save_attachment_copy(ctx: AppContext, attachment_id: int, out_path: Path | str) -> Path:
    """Write a byte-identical copy of an attached file to ``out_path`` (whole or not at all)."""
    data = read_attachment(ctx, attachment_id)
    return write_output(Path(out_path), data, check_as="")


_EDITABLE = ("name", "signed_minutes")


def update_attachment(ctx: AppContext, attachment_id: int, **values: Any) -> AttachmentInfo:
    """Change a file's name or its "signed minutes" mark (also how undo sets them back)."""
    unknown = set(values) - set(_EDITABLE)
    if unknown:
        raise ValueError(f"not editable on an attachment: {sorted(unknown)}")
    if "name" in values:
        values["name"] = clean_name(values["name"])
    with ctx.transaction() as session:
        row = _live(session, attachment_id)
        if values.get("signed_minutes") and not row.signed_minutes:
            _check_signed(session, row.owner_kind, row.owner_id)
        before = audit.snapshot(row)
        for key, value in values.items():
            setattr(row, key, bool(value) if key == "signed_minutes" else value)
        after = audit.snapshot(row)
        if after != before:
            row.updated_at = ctx.now_utc()
            session.add(row)
            audit.record(session, ctx, "attachment", attachment_id, AuditAction.UPDATE, before,
                         audit.snapshot(row))
        return _info(row, blobs.facts(session, row.blob_id))


def rename_attachment(ctx: AppContext, attachment_id: int, new_name: str) -> AttachmentInfo:
    """Give an attached file another name (what the user sees; the bytes stay)."""
    return update_attachment(ctx, attachment_id, name=new_name)


def set_signed_minutes(ctx: AppContext, attachment_id: int, flag: bool) -> AttachmentInfo:
    """Mark (or unmark) a finalized briefing's file as its signed minutes ("Biên bản đã ký")."""
    return update_attachment(ctx, attachment_id, signed_minutes=bool(flag))


def remove_attachment(ctx: AppContext, attachment_id: int) -> None:
    """Move an attached file to the trash (undoable; purging the trash deletes it for good)."""
    if trash.move_to_trash(ctx, "attachment", [attachment_id]) == 0:
        raise _missing(attachment_id)


def extract_pending(ctx: AppContext, *, limit: int | None = None) -> int:
    """Read the text of the files still waiting and index it; how many files were done.

    Each file is read in a separate process with a time and a memory limit
    (core/services/attachments_index.py); what cannot be read is marked not indexed, with why.
    """
    return attachments_index.extract_pending(ctx, limit=limit)


__all__ = ["AttachmentInfo", "add_attachment", "clean_name", "extract_pending", "get_attachment",
           "list_attachments", "max_bytes", "read_attachment", "remove_attachment",
           "rename_attachment", "save_attachment_copy", "set_signed_minutes", "size_text",
           "update_attachment", "verified_bytes"]

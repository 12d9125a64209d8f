"""Aspirations (tâm tư, nguyện vọng, kiến nghị, đề xuất): validation, creation, edits, answers.

``clean_aspiration`` is session-level and writes nothing, so other services (the briefing's
aspirations grid, the Excel import) validate rows inside their own transaction. ``create_`` and
``update_aspiration`` are one transaction with an audit event each. Aspirations of a finalized
briefing keep their record (body, date, kind, content) read-only until the briefing is reopened;
the answer (status, response, date, responding unit) can always be recorded: answers come later.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from giaoban.core import audit, conflicts
from giaoban.core.enums import (
    AspirationField,
    AspirationKind,
    AspirationStatus,
    AuditAction,
    BriefingStatus,
)
from giaoban.core.errors import NotFound, ReadOnlyError, ValidationError
from giaoban.core.models import Aspiration, Briefing, Organization
from giaoban.core.text import normalize_fields
from giaoban.i18n import N_, _, format_date, format_number

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

FIELDS = (
    "briefing_id", "organization_id", "raised_on", "kind", "field", "locality",
    "people_concerned", "content", "status", "response", "response_on", "responding_unit_id",
    "position",
)
ANSWER_FIELDS = frozenset({"status", "response", "response_on", "responding_unit_id"})
RECORD_FIELDS = frozenset({"briefing_id", "organization_id", "raised_on", "kind", "content"})
MAX_CONTENT = 10_000
MAX_LENGTHS = {"locality": 300, "people_concerned": 500, "response": MAX_CONTENT}
ANSWERED = frozenset({
    AspirationStatus.RESOLVED.value, AspirationStatus.ANSWERED.value,
    AspirationStatus.TRANSFERRED.value, AspirationStatus.CLOSED.value,
})


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(value)


def _as_id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    return int(value)


def _check_text(data: dict[str, Any], errors: dict[str, str]) -> None:
    keys = ("content", "locality", "people_concerned", "response")
    refused = normalize_fields(data, keys)  # control characters, broken code points
    for key in keys:
        if key in data and key not in refused:
            limit = MAX_CONTENT if key == "content" else MAX_LENGTHS[key]
            if len(data[key]) > limit:
                errors[key] = _("Quá dài: {n} ký tự (tối đa {max}).").format(
                    n=format_number(len(data[key])), max=format_number(limit))
    if "content" in data and "content" not in refused and not data["content"]:
        errors["content"] = _("Hãy nhập nội dung tâm tư, kiến nghị.")
    errors.update(refused)


# Each closed field's values and its message: built once (an import checks 50,000 rows).
_ENUMS: tuple[tuple[str, frozenset[str], str], ...] = tuple(
    (key, frozenset(member.value for member in enum), message) for key, enum, message in (
        ("kind", AspirationKind, N_("Loại không hợp lệ.")),
        ("field", AspirationField, N_("Lĩnh vực không hợp lệ.")),
        ("status", AspirationStatus, N_("Trạng thái không hợp lệ."))))


def _check_enums(data: dict[str, Any], errors: dict[str, str]) -> None:
    for key, values, message in _ENUMS:
        if key in data:
            value = str(data[key] or "")
            if value not in values:
                errors[key] = _(message)
            data[key] = value


def _check_links(session: Session, data: dict[str, Any], existing: Aspiration | None,
                 errors: dict[str, str]) -> None:
    for key in ("organization_id", "responding_unit_id", "briefing_id"):
        if key not in data:
            continue
        try:
            data[key] = _as_id(data[key])
        except (TypeError, ValueError):
            errors[key] = _("Giá trị không hợp lệ.")
    org_id = data.get("organization_id")
    if "organization_id" in data and "organization_id" not in errors:
        org = session.get(Organization, org_id) if org_id is not None else None
        changed = existing is None or existing.organization_id != org_id
        if org_id is None:
            errors["organization_id"] = _("Hãy chọn cơ quan phản ánh.")
        elif org is None:
            errors["organization_id"] = _("Không tìm thấy cơ quan, đơn vị số {id}.").format(id=org_id)
        elif changed and not org.active:
            errors["organization_id"] = _("“{name}” đã ngừng hoạt động.").format(name=org.name)
    unit_id = data.get("responding_unit_id")
    if (unit_id is not None and "responding_unit_id" not in errors
            and session.get(Organization, unit_id) is None):
        errors["responding_unit_id"] = _("Không tìm thấy đơn vị trả lời.")
    briefing_id = data.get("briefing_id")
    if briefing_id is not None and "briefing_id" not in errors:
        briefing = session.get(Briefing, briefing_id)
        if briefing is None or briefing.deleted_at is not None:
            errors["briefing_id"] = _("Không tìm thấy cuộc giao ban số {id}.").format(id=briefing_id)


def _check_dates(data: dict[str, Any], existing: Aspiration | None, errors: dict[str, str]) -> None:
    for key in ("raised_on", "response_on"):
        if key in data:
            try:
                data[key] = _as_date(data[key])
            except (TypeError, ValueError):
                errors[key] = _("Ngày không hợp lệ.")
    if "raised_on" in data and data["raised_on"] is None and "raised_on" not in errors:
        errors["raised_on"] = _("Hãy nhập ngày phản ánh.")
    raised = data.get("raised_on", existing.raised_on if existing else None)
    response_on = data.get("response_on", existing.response_on if existing else None)
    if (isinstance(raised, dt.date) and isinstance(response_on, dt.date)
            and response_on < raised and "response_on" not in errors):
        errors["response_on"] = _("Ngày trả lời không được trước ngày phản ánh ({date}).").format(
            date=format_date(raised))


def clean_aspiration(
    session: Session, values: dict[str, Any], *, existing: Aspiration | None = None
) -> dict[str, Any]:
    """Validated, normalized field values (only known fields); raises ValidationError by field.

    For a new row (``existing`` None) the body, date and content are required and kind, field and
    status get their defaults. Nothing is written.
    """
    data = {key: values[key] for key in FIELDS if key in values}
    if existing is None:
        data.setdefault("kind", AspirationKind.PETITION.value)
        data.setdefault("field", AspirationField.OTHER.value)
        data.setdefault("status", AspirationStatus.RECEIVED.value)
        for key in ("organization_id", "raised_on", "content"):
            data.setdefault(key, None)
    errors: dict[str, str] = {}
    _check_text(data, errors)
    _check_enums(data, errors)
    _check_links(session, data, existing, errors)
    _check_dates(data, existing, errors)
    if "position" in data:
        try:
            data["position"] = int(data["position"] or 0)
        except (TypeError, ValueError):
            errors["position"] = _("Giá trị không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    return data


def _load(session: Session, aspiration_id: int, *, lock: bool = False) -> Aspiration:
    row = (conflicts.locked(session, Aspiration, aspiration_id) if lock
           else session.get(Aspiration, aspiration_id))
    if row is None or row.deleted_at is not None:
        raise NotFound(_("Không tìm thấy tâm tư, kiến nghị số {id}.").format(id=aspiration_id))
    return row


def get_aspiration(ctx: AppContext, aspiration_id: int) -> Aspiration:
    with ctx.session() as session:
        return _load(session, aspiration_id)


def create_aspiration(ctx: AppContext, **values: Any) -> Aspiration:
    """Record a new aspiration (one transaction, audited)."""
    with ctx.transaction() as session:
        data = clean_aspiration(session, values)
        row = Aspiration(**data)
        session.add(row)
        session.flush()
        audit.record(session, ctx, "aspiration", row.id, AuditAction.CREATE, {}, audit.snapshot(row))
    return row


def _finalized(session: Session, row: Aspiration) -> bool:
    if row.briefing_id is None:
        return False
    briefing = session.get(Briefing, row.briefing_id)
    return briefing is not None and briefing.status == BriefingStatus.FINALIZED.value


def update_aspiration(ctx: AppContext, aspiration_id: int, *,
                      opened: dict[str, Any] | None = None, **values: Any) -> Aspiration:
    """Edit an aspiration or record its answer (one transaction, audited). ``opened``: the
    record as the form opened it; another person's changes since are merged, or a
    RecordConflict says which fields both changed (core/conflicts.py)."""
    with ctx.transaction() as session:
        row = _load(session, aspiration_id, lock=True)
        values = conflicts.merge(session, ctx, "aspiration", row, values, opened)
        data = clean_aspiration(session, values, existing=row)
        changed = {key for key, value in data.items() if getattr(row, key) != value}
        if changed & RECORD_FIELDS and _finalized(session, row):
            raise ReadOnlyError(_(
                "Tâm tư, kiến nghị này thuộc cuộc giao ban đã chốt: chỉ được cập nhật kết quả "
                "trả lời. Hãy mở lại cuộc giao ban để sửa nội dung."))
        if not changed:
            return row
        before = audit.snapshot(row, exclude=("search_text",))
        for key in changed:
            setattr(row, key, data[key])
        row.updated_at = ctx.now_utc()
        session.add(row)
        session.flush()
        audit.record(session, ctx, "aspiration", row.id, AuditAction.UPDATE, before,
                     audit.snapshot(row, exclude=("search_text",)))
    return row


def set_status(ctx: AppContext, aspiration_ids: list[int], status: str) -> int:
    """Move several aspirations to one status (one transaction); returns how many changed."""
    changed = 0
    with ctx.transaction() as session:
        if status not in {member.value for member in AspirationStatus}:
            raise ValidationError({"status": _("Trạng thái không hợp lệ.")})
        for aspiration_id in aspiration_ids:
            row = _load(session, aspiration_id)
            if row.status == status:
                continue
            before = audit.snapshot(row, exclude=("search_text",))
            row.status = status
            row.updated_at = ctx.now_utc()
            session.add(row)
            audit.record(session, ctx, "aspiration", row.id, AuditAction.UPDATE, before,
                         audit.snapshot(row, exclude=("search_text",)))
            changed += 1
    return changed

"""Two people saving one record: merge what each changed, ask only where both changed a field.

A form keeps the record as it opened it (:func:`snapshot` or :func:`current`, with its
``version``) and passes it to the update service as ``opened=``. In the service's write
transaction the row is read locked (:func:`locked`: ``SELECT … FOR UPDATE`` on PostgreSQL; a
SQLite write transaction is BEGIN IMMEDIATE, so nobody else writes meanwhile) and
:func:`merge` compares: still at the opened version → the save applies as it is; otherwise, field
by field, a field only the user changed is written, a field only the other person changed is
kept as they stored it (the user's unchanged "opened" value is never written over it), and a
field both changed to different values is a :class:`RecordConflict` — raised with every such
field, before anything is written. The form asks, then saves again with :func:`resolve`'s
``opened`` and ``values``. Undo and redo pass the record as their operation left it (a field
someone changed since refuses the step). Without ``opened`` (command line, import) a save
behaves as before. The version itself is counted by the ORM (core/models.py, migration 0007).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlmodel import Session, SQLModel, col, select

from giaoban.core.errors import GiaobanError, NotFound
from giaoban.core.kinds import kind as kind_of
from giaoban.core.models import AuditEvent
from giaoban.core.services.tasks_query import supporting_unit_ids
from giaoban.i18n import N_, _, format_date

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

M = TypeVar("M", bound=SQLModel)
_MISSING = object()

# The label of each field as its form shows it: the form's own msgid (its Alt letter dropped).
LABELS: dict[str, dict[str, str]] = {
    "aspiration": {
        "raised_on": N_("&Ngày phản ánh"), "organization_id": N_("&Cơ quan phản ánh"),
        "kind": N_("Loại"), "field": N_("Lĩnh vực"), "locality": N_("Đị&a bàn"),
        "people_concerned": N_("Đối tượng liên quan"), "content": N_("Nội &dung"),
        "status": N_("Trạng t&hái"), "response": N_("Nội dung t&rả lời"),
        "response_on": N_("Ngày trả lời"), "responding_unit_id": N_("Đơn vị trả lời"),
        "briefing_id": N_("Cuộc giao ban"),
    },
    "task": {
        "title": N_("Tên nhiệm &vụ"), "detail": N_("&Nội dung"),
        "lead_unit_id": N_("Đơn vị &chủ trì"), "supporting_unit_ids": N_("Đơn vị &phối hợp"),
        "assigned_on": N_("Ngày gia&o"), "due_on": N_("&Hạn hoàn thành"),
        "priority": N_("Mức ư&u tiên"), "status": N_("Tình trạng"),
        "completed_on": N_("Ngày hoàn thành"), "result": N_("Kết quả"),
        "cancel_reason": N_("Lý do hủy"), "briefing_id": N_("Cuộc giao ban"),
    },
    "organization": {
        "name": N_("Tên đầ&y đủ"), "short_name": N_("Tên &ngắn"), "abbreviation": N_("&Viết tắt"),
        "kind": N_("&Loại"), "parent_id": N_("Cơ quan &cấp trên"), "active": N_("Đang hoạt động"),
    },
    "person": {
        "full_name": N_("&Họ và tên"), "title": N_("&Chức vụ"),
        "organization_id": N_("Cơ &quan, đơn vị"), "active": N_("Đang công tác"),
    },
}


@dataclass(frozen=True)
class FieldConflict:
    """One field both people changed, to different values."""

    field: str  # attribute name
    label: str  # Vietnamese label of the field, as the form shows it
    opened: Any  # value when the user opened the record
    stored: Any  # value stored now (by someone else)
    mine: Any  # the user's value


class RecordConflict(GiaobanError):
    """Raised by an update service when someone else stored the record since the user opened
    it and both changed the same field (or, for a briefing, stored it at all); nothing is
    written. ``stored`` is the whole record as stored now (with ``version``): the new "opened"
    of a retry; ``opened`` and ``mine`` are the save's own, for :func:`resolve`."""

    def __init__(self, kind: str, record_id: int, fields: tuple[FieldConflict, ...],
                 stored: dict[str, Any], stored_by: str, stored_at: dt.datetime | None, *,
                 opened: Mapping[str, Any], mine: Mapping[str, Any],
                 message: str | None = None, tz: dt.tzinfo | None = None) -> None:
        self.kind, self.record_id, self.fields = kind, record_id, fields
        self.stored, self.stored_by, self.stored_at = stored, stored_by, stored_at
        self.opened, self.mine = dict(opened), dict(mine)
        super().__init__(message or _(
            "Bản ghi đã được {user} sửa lúc {time} sau khi anh/chị mở ra.").format(
            user=stored_by or _("người khác"), time=local_time(stored_at, tz)))


def local_time(at: dt.datetime | None, tz: dt.tzinfo | None = None) -> str:
    """'14:05 ngày 29/11/2026' in the local zone (the audit keeps UTC); '?' when unknown."""
    if at is None:
        return "?"
    local = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(tz)
    return _("{hh_mm} ngày {date}").format(hh_mm=local.strftime("%H:%M"),
                                           date=format_date(local.date()))


def field_label(kind: str, field: str) -> str:
    """The field's label as its form shows it (its Alt letter dropped), or its name."""
    msgid = LABELS.get(kind, {}).get(field)
    if msgid is None:
        return field
    return _(msgid).replace("&&", "\0").replace("&", "").replace("\0", "&")


def snapshot(row: SQLModel) -> dict[str, Any]:
    """What a form keeps as "opened": every column's value as Python has it (dates as dates),
    with ``version``. A task's form also keeps ``supporting_unit_ids`` (:func:`current`)."""
    return dict(row.model_dump())


def locked(session: Session, model: type[M], record_id: int) -> M | None:
    """The row as stored now, locked for this write transaction (``SELECT … FOR UPDATE`` on
    PostgreSQL, plain on SQLite whose write transaction already excludes other writers), so
    the version compared is the one the write replaces."""
    return session.get(model, record_id, with_for_update=True, populate_existing=True)


def stored_snapshot(session: Session, kind: str, row: SQLModel) -> dict[str, Any]:
    """:func:`snapshot` plus what the kind's form edits outside the row (a task's supporting
    units, in their table)."""
    data = snapshot(row)
    if kind == "task":
        data["supporting_unit_ids"] = supporting_unit_ids(session, data["id"])
    return data


def current(ctx: AppContext, kind: str, record_id: int) -> dict[str, Any]:
    """The record as stored now, as a form keeps it when it opens it (``opened=`` of its save)."""
    model = kind_of(kind).model
    assert model is not None
    with ctx.session() as session:
        row = session.get(model, record_id)
        if row is None:
            raise NotFound(_("Không tìm thấy {record} số {id}.").format(
                record=kind_of(kind).noun, id=record_id))
        return stored_snapshot(session, kind, row)


def _norm(value: Any) -> Any:
    """A value as compared: dates as ISO text, text NFC without outer spaces, empty as "",
    a list of ids as a sorted tuple (the order of supporting units is not a change)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted((_norm(item) for item in value), key=str))
    return unicodedata.normalize("NFC", str(value)).strip()


def same(a: Any, b: Any) -> bool:
    """Whether two values of a field are the same as far as a person is concerned."""
    return bool(_norm(a) == _norm(b))


def last_stored(session: Session, kind: str, record_id: int) -> tuple[str, dt.datetime | None]:
    """Who stored the record last and when (UTC), from its newest audit event (on a server the
    event's user is the login, written by the server itself)."""
    event = session.exec(
        select(AuditEvent).where(AuditEvent.entity == kind, AuditEvent.entity_id == record_id)
        .order_by(col(AuditEvent.id).desc()).limit(1)).first()
    return (event.user, event.at) if event is not None else ("", None)


def _version_of(opened: Mapping[str, Any]) -> int:
    if "version" not in opened:
        raise ValueError("opened= must hold the record's version (conflicts.snapshot)")
    return int(opened["version"])


def merge(session: Session, ctx: AppContext, kind: str, row: SQLModel,
          values: Mapping[str, Any], opened: Mapping[str, Any] | None) -> dict[str, Any]:
    """The values a save writes over ``row`` (read with :func:`locked`): all of them when the
    row is still at the opened version (or nothing was opened), else those the user changed;
    raises :class:`RecordConflict` when someone else changed one of those too, differently."""
    if opened is None:
        return dict(values)
    stored = stored_snapshot(session, kind, row)
    if int(stored["version"]) == _version_of(opened):
        return dict(values)
    kept: dict[str, Any] = {}
    clashes: list[FieldConflict] = []
    for field, mine in values.items():
        if field not in stored:  # not a field of the record: passed on as it is
            kept[field] = mine
            continue
        was, now = opened.get(field, _MISSING), stored[field]
        theirs_changed = was is _MISSING or not same(now, was)
        mine_changed = was is _MISSING or not same(mine, was)
        if theirs_changed and mine_changed and not same(mine, now):
            clashes.append(FieldConflict(field, field_label(kind, field),
                                         None if was is _MISSING else was, now, mine))
        elif mine_changed and not same(mine, now):
            kept[field] = mine
    if clashes:
        raise conflict_of(session, ctx, kind, stored, tuple(clashes), opened, values)
    return kept


def conflict_of(session: Session, ctx: AppContext, kind: str, stored: dict[str, Any],
                fields: tuple[FieldConflict, ...], opened: Mapping[str, Any],
                mine: Mapping[str, Any], message: str | None = None) -> RecordConflict:
    """The conflict with who stored the record last and when, for the form to ask."""
    user, at = last_stored(session, kind, int(stored["id"]))
    return RecordConflict(kind, int(stored["id"]), fields, stored, user, at, opened=opened,
                          mine=mine, message=message, tz=ctx.now().tzinfo)


def require_version(session: Session, ctx: AppContext, kind: str, row: SQLModel,
                    opened: Mapping[str, Any] | None, message: str) -> None:
    """For a record saved whole (a briefing with its rows): refuse, with ``message`` (it may
    name ``{user}`` and ``{time}``), when it is no longer at the opened version."""
    if opened is None or int(getattr(row, "version")) == _version_of(opened):  # noqa: B009
        return
    stored = stored_snapshot(session, kind, row)
    user, at = last_stored(session, kind, int(stored["id"]))
    text = message.format(user=user or _("người khác"), time=local_time(at, ctx.now().tzinfo))
    raise conflict_of(session, ctx, kind, stored, (), opened, {}, text)


def resolve(conflict: RecordConflict, keep_mine: Iterable[str]) -> tuple[dict, dict]:
    """``(opened, values)`` to save again after the user chose: ``opened`` is the record as
    stored now; ``values`` are the user's own for the fields in ``keep_mine``, the stored ones
    for the other conflicting fields, and for the rest what the first save would have written
    (the user's value where they changed it, the stored value where only the other did)."""
    keep = set(keep_mine)
    clashing = {f.field for f in conflict.fields}
    values: dict[str, Any] = {}
    for field, mine in conflict.mine.items():
        if field not in conflict.stored:
            values[field] = mine
        elif field in clashing:
            values[field] = mine if field in keep else conflict.stored[field]
        else:
            was = conflict.opened.get(field, _MISSING)
            values[field] = mine if was is _MISSING or not same(mine, was) \
                else conflict.stored[field]
    return dict(conflict.stored), values

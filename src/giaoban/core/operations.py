"""Operations: a service call that says what it changed, and its undo and redo.

``run(ctx, service, ...)`` calls a write service on a recording copy of the context and returns
its value with the :class:`~giaoban.core.audit.Change` list the audit received (kind, id, before,
after). Undo and redo are operations too: they take a change list back (to ``before``) or forward
(to ``after``) through the same services, in ONE transaction, so they are validated and audited
like any change and either happen whole or not at all. The GUI (ui/operations.py) and the command
line both go through here; nothing captures "before" values by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from giaoban.core import audit, kinds
from giaoban.core.audit import Change
from giaoban.core.conflicts import RecordConflict, local_time
from giaoban.core.enums import AuditAction
from giaoban.core.errors import GiaobanError
from giaoban.core.services import (
    aspirations,
    attachments,
    briefings,
    directory,
    document_register,
    settings,
    tasks,
    trash,
)
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

T = TypeVar("T")

# Fields an undo never writes back: identity, bookkeeping, derived.
_NOT_RESTORED = frozenset({"id", "created_at", "updated_at", "deleted_at", "search_text",
                           "version"})
_CREATED = frozenset({AuditAction.CREATE.value, AuditAction.IMPORT.value})
_MERGED = frozenset({"task", "aspiration", "organization", "person"})  # kinds with a version


@dataclass(frozen=True)
class OpResult(Generic[T]):
    """What an operation returned and what it changed."""

    value: T
    changes: tuple[Change, ...]

    @property
    def kinds(self) -> frozenset[str]:
        """The record kinds changed (with the kind whose page shows a changed child)."""
        found = {c.kind for c in self.changes}
        found |= {k.parent for name in found if (k := kinds.KINDS.get(name)) and k.parent}
        return frozenset(found)

    @property
    def undoable(self) -> bool:
        """True when there is something to undo and every change can be taken back."""
        return bool(self.changes) and all(can_undo(c) for c in self.changes)


def run(ctx: AppContext, service: Callable[..., T], *args: Any, **kwargs: Any) -> OpResult[T]:
    """Call ``service(ctx, *args, **kwargs)`` and return its value with what it changed."""
    recording = ctx.recording()
    value = service(recording, *args, **kwargs)
    return OpResult(value, tuple(recording.changes or ()))


def can_undo(change: Change) -> bool:
    """Whether a change can be taken back: not a purge, not a whole-database event, not a
    briefing's save (the editor undoes its own edits before saving)."""
    entry = kinds.KINDS.get(change.kind)
    if change.action == AuditAction.PURGE.value or entry is None or entry.model is None:
        return False
    if change.kind == "briefing" and change.action in {AuditAction.CREATE.value,
                                                       AuditAction.UPDATE.value}:
        return False
    if change.action in _CREATED | {AuditAction.DELETE.value, AuditAction.RESTORE.value}:
        return True
    return change.kind in _REVERTERS


def undo(ctx: AppContext, changes: Sequence[Change]) -> OpResult[None]:
    """Take ``changes`` back, newest first, in one transaction (an operation itself)."""
    return run(ctx, _apply, tuple(reversed(changes)), True)


def redo(ctx: AppContext, changes: Sequence[Change]) -> OpResult[None]:
    """Make ``changes`` again after an undo, in one transaction."""
    return run(ctx, _apply, tuple(changes), False)


def _apply(ctx: AppContext, changes: tuple[Change, ...], backwards: bool) -> None:
    note = _("Hoàn tác") if backwards else _("Làm lại")
    with ctx.joined() as inner:
        moment = inner.now_utc()
        for change in changes:
            if change.cascade:
                continue  # its parent's change takes it along (a briefing's aspirations, tasks)
            _apply_one(inner, change, backwards, moment, note)


def _apply_one(ctx: AppContext, change: Change, backwards: bool, moment: Any, note: str) -> None:
    entry = kinds.kind(change.kind)
    action = change.action
    if not can_undo(change):
        raise GiaobanError(_("Thao tác này không hoàn tác được."))
    if entry.trashable and action in _CREATED | {AuditAction.DELETE.value, AuditAction.RESTORE.value}:
        gone_after = action == AuditAction.DELETE.value
        to_trash = gone_after != backwards
        assert change.id is not None
        trash.set_trashed(ctx, change.kind, change.id, moment if to_trash else None, note)
        return
    if action in _CREATED:
        assert change.id is not None
        if backwards:
            _remove(ctx, change, note)
        else:
            _recreate(ctx, change, note)
        return
    target, other = (change.before, change.after) if backwards else (change.after, change.before)
    values = {k: v for k, v in target.items() if k not in _NOT_RESTORED and other.get(k) != v}
    try:
        _REVERTERS[change.kind](ctx, change, values, backwards, note)
    except RecordConflict as conflict:
        raise _refused(ctx, conflict) from conflict


def _opened(change: Change, backwards: bool) -> dict[str, Any] | None:
    """The record as this change left it (as the undo of a redo found it), for the update
    service to merge with: a field someone else changed since is never written over; one both
    changed refuses the whole undo (core/conflicts.py)."""
    state = change.after if backwards else change.before
    return dict(state) if change.kind in _MERGED and "version" in state else None


def _refused(ctx: AppContext, conflict: RecordConflict) -> RecordConflict:
    """The conflict again, saying why the undo (or redo) was not done; the window puts it after
    "Không hoàn tác được “…”:"."""
    fields = ", ".join(f"“{field.label}”" for field in conflict.fields)
    text = _("{user} đã sửa {fields} lúc {time}, sau thao tác này; bản của họ được giữ nguyên, "
             "chưa có gì thay đổi.")
    return RecordConflict(
        conflict.kind, conflict.record_id, conflict.fields, conflict.stored, conflict.stored_by,
        conflict.stored_at, opened=conflict.opened, mine=conflict.mine,
        message=text.format(user=conflict.stored_by or _("người khác"), fields=fields,
                            time=local_time(conflict.stored_at, ctx.now().tzinfo)))


def _remove(ctx: AppContext, change: Change, note: str) -> None:
    """Undo a creation of a record that has no trash: delete it, unless something uses it now."""
    entry = kinds.kind(change.kind)
    assert entry.model is not None
    with ctx.transaction() as session:
        row = session.get(entry.model, change.id)
        if row is None:
            return
        what = entry.named(row)
        used = GiaobanError(_("Không hoàn tác được: {what} đã được dùng ở nơi khác.").format(
            what=what))
        if _is_referenced(session, entry.model, change.id):
            raise used  # deleting would cascade into, or empty, the rows that use it
        try:
            session.delete(row)
            session.flush()
        except IntegrityError as exc:
            raise used from exc
        if change.kind == "task_update":
            audit.track(session, Change(change.kind, change.id, AuditAction.PURGE.value,
                                        change.after, {}))
        else:
            audit.record(session, ctx, change.kind, change.id, AuditAction.PURGE, change.after, {},
                         note)


def _is_referenced(session: Any, model: Any, row_id: int | None) -> bool:
    """True when any row of any table points at this row by a foreign key."""
    target = model.__table__
    for table in target.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table is target:
                found = session.execute(select(fk.parent).where(fk.parent == row_id).limit(1))
                if found.first() is not None:
                    return True
    return False


def _recreate(ctx: AppContext, change: Change, note: str) -> None:
    """Redo a creation undone by :func:`_remove`: the same record again, with its id."""
    entry = kinds.kind(change.kind)
    assert entry.model is not None
    with ctx.transaction() as session:
        row = entry.model.model_validate(change.after)
        session.add(row)
        session.flush()
        if change.kind == "task_update":
            audit.track(session, Change(change.kind, change.id, AuditAction.CREATE.value, {},
                                        change.after))
        else:
            audit.record(session, ctx, change.kind, change.id, AuditAction.CREATE, {},
                         audit.snapshot(row), note)


# --- how each kind's fields are set back: through its own update service ----------------------


def _task(ctx: AppContext, change: Change, values: dict[str, Any], back: bool, note: str) -> None:
    if values:
        assert change.id is not None
        tasks.update_task(ctx, change.id, note, reverting=True, opened=_opened(change, back),
                          **values)


Reverter: TypeAlias = "Callable[[AppContext, Change, dict[str, Any], bool, str], None]"


def _by_update(update: Callable[..., Any]) -> Reverter:
    """Set a record's changed fields back with its kind's ``update_…(ctx, id, **values)``."""

    def revert(ctx: AppContext, change: Change, values: dict[str, Any], back: bool,
               _note: str) -> None:
        if values:
            assert change.id is not None
            opened = _opened(change, back)
            update(ctx, change.id, **values, **({"opened": opened} if opened else {}))

    return revert


def _briefing(ctx: AppContext, change: Change, values: dict[str, Any], backwards: bool,
              note: str) -> None:
    assert change.id is not None
    finalized = change.action == AuditAction.FINALIZE.value
    if finalized == backwards:  # take a finalize back (and the number it gave), or reopen again
        briefings.reopen_briefing(ctx, change.id, note, values.get("document_number"))
    else:
        briefings.finalize_briefing(ctx, change.id)


def _organization(ctx: AppContext, change: Change, values: dict[str, Any], backwards: bool,
                  _note: str) -> None:
    if change.id is None:  # a new display order
        order = (change.before if backwards else change.after).get("order")
        if order:
            directory.reorder_organizations(ctx, order)
    elif values:
        directory.update_organization(ctx, change.id, opened=_opened(change, backwards), **values)


def _setting(ctx: AppContext, _change: Change, values: dict[str, Any], _back: bool,
             _note: str) -> None:
    if values:
        settings.save_settings(ctx, {key: str(value) for key, value in values.items()})


def _issued(ctx: AppContext, change: Change, values: dict[str, Any], _back: bool,
            note: str) -> None:
    """A register entry's number and date go back through the correction service."""
    kept = {key: values[key] for key in ("number", "issued_on") if key in values}
    if kept:
        assert change.id is not None
        document_register.correct_issued(ctx, change.id, note, **kept)


_REVERTERS: dict[str, Reverter] = {
    "task": _task,
    "aspiration": _by_update(aspirations.update_aspiration),
    "briefing": _briefing,
    "organization": _organization,
    "person": _by_update(directory.update_person),
    "setting": _setting,
    "issued_document": _issued,
    "attachment": _by_update(attachments.update_attachment),
}

"""Follow-up tasks (nhiệm vụ theo dõi): validation, creation and every change, each audited.

Rules enforced here (not in the widgets): a title, an active lead unit for new assignments,
supporting units other than the lead, a deadline and a completion date not before assignment,
a done task has a completion date, a cancelled one a reason, forbidden status jumps refused.
Reading lives in ``tasks_query`` (re-exported here), rules without a database in ``tasks_rules``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from giaoban.core import audit, conflicts
from giaoban.core.enums import AuditAction, TaskPriority, TaskStatus
from giaoban.core.errors import NotFound, ValidationError
from giaoban.core.models import (
    Aspiration,
    Briefing,
    Conclusion,
    Organization,
    Task,
    TaskSupport,
    TaskUpdate,
)
from giaoban.core.services.tasks_query import (
    TaskFilter,
    TaskRow,
    briefing_label,
    list_tasks,
    supporting_unit_ids,
    task_ids,
    task_rows,
)
from giaoban.core.services.tasks_review import open_tasks_for_review, review_for_prepared
from giaoban.core.services.tasks_rules import transition_error
from giaoban.core.text import normalize, normalize_fields
from giaoban.i18n import _, format_date

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

__all__ = [
    "TaskFilter",
    "TaskRow",
    "add_update",
    "briefing_label",
    "cancel_task",
    "clean_task",
    "complete_task",
    "create_task",
    "get_task",
    "list_tasks",
    "open_tasks_for_review",
    "reopen_task",
    "reschedule_task",
    "review_for_prepared",
    "supporting_unit_ids",
    "task_ids",
    "task_rows",
    "task_updates",
    "update_task",
]

FIELDS = (
    "title", "detail", "lead_unit_id", "assigned_on", "due_on", "priority", "status",
    "completed_on", "result", "cancel_reason", "briefing_id", "conclusion_id", "aspiration_id",
)
DATE_FIELDS = ("assigned_on", "due_on", "completed_on")


def _as_date(value: Any) -> dt.date | None:
    """A date from a date, datetime or ISO text; raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise ValueError(value)


def clean_task(
    session: Session, values: dict, *, existing: Task | None = None, today: dt.date | None = None,
    any_transition: bool = False,
) -> dict:
    """Check ``values`` (merged over ``existing``); return the cleaned fields or raise.

    No side effects. The result holds the given fields, normalized; ``supporting_unit_ids``
    comes back as a tuple when given. Errors are keyed by field name. ``any_transition`` lets a
    status go back to any earlier one (an undo restores what was, e.g. "not started").
    """
    data: dict[str, Any] = {k: values[k] for k in FIELDS if k in values}
    errors: dict[str, str] = {}
    refused = normalize_fields(data, ("title", "detail", "result", "cancel_reason"))
    for key in DATE_FIELDS:
        if key in data:
            try:
                data[key] = _as_date(data[key])
            except ValueError:
                errors[key] = _("Ngày không hợp lệ.")
    merged: dict[str, Any] = {k: getattr(existing, k) for k in FIELDS} if existing else {}
    merged.update(data)

    title = merged.get("title") or ""
    if not title:
        errors["title"] = _("Hãy nhập tên nhiệm vụ.")
    elif len(title) > 1000:
        errors["title"] = _("Tên nhiệm vụ quá dài (tối đa 1.000 ký tự).")

    lead_id = merged.get("lead_unit_id")
    lead = session.get(Organization, lead_id) if lead_id is not None else None
    if lead is None:
        errors["lead_unit_id"] = _("Hãy chọn đơn vị chủ trì.") if lead_id is None else _(
            "Không tìm thấy đơn vị chủ trì."
        )
    elif not lead.active and (existing is None or existing.lead_unit_id != lead_id):
        errors["lead_unit_id"] = _(
            "Đơn vị “{name}” đã ngừng hoạt động, không thể giao nhiệm vụ mới."
        ).format(name=lead.name)

    if "supporting_unit_ids" in values:
        support = tuple(dict.fromkeys(int(i) for i in values["supporting_unit_ids"] or ()))
        old_support = set(supporting_unit_ids(session, existing.id)) if existing and existing.id else set()
        for org_id in support:
            org = session.get(Organization, org_id)
            if org is None:
                errors["supporting_unit_ids"] = _("Không tìm thấy đơn vị phối hợp.")
            elif org_id == lead_id:
                errors["supporting_unit_ids"] = _(
                    "Đơn vị chủ trì không đồng thời là đơn vị phối hợp."
                )
            elif not org.active and org_id not in old_support:
                errors["supporting_unit_ids"] = _(
                    "Đơn vị “{name}” đã ngừng hoạt động, không thể phân công phối hợp."
                ).format(name=org.name)
        data["supporting_unit_ids"] = support

    assigned = merged.get("assigned_on")
    if assigned is None and "assigned_on" not in errors:
        errors["assigned_on"] = _("Hãy nhập ngày giao.")
    due = merged.get("due_on")
    if assigned and due and "due_on" not in errors and due < assigned:
        errors["due_on"] = _("Hạn hoàn thành không được trước ngày giao ({date}).").format(
            date=format_date(assigned)
        )

    if merged.get("priority") is not None and merged["priority"] not in {p.value for p in TaskPriority}:
        errors["priority"] = _("Mức ưu tiên không hợp lệ.")
    status = merged.get("status") or TaskStatus.NOT_STARTED.value
    if status not in {s.value for s in TaskStatus}:
        errors["status"] = _("Trạng thái không hợp lệ.")
    elif existing is not None and not any_transition and (
            message := transition_error(existing.status, status)):
        errors["status"] = message
    completed = merged.get("completed_on")
    if status == TaskStatus.DONE.value:
        if completed is None and "completed_on" not in errors:
            errors["completed_on"] = _("Nhiệm vụ đã hoàn thành cần có ngày hoàn thành.")
        elif completed and assigned and completed < assigned:
            errors["completed_on"] = _("Ngày hoàn thành không được trước ngày giao ({date}).").format(
                date=format_date(assigned)
            )
        elif completed and today and completed > today:
            errors["completed_on"] = _("Ngày hoàn thành không được sau hôm nay.")
    elif completed is not None and "status" in data:
        data["completed_on"] = None  # leaving "done": the completion date no longer applies
    elif completed is not None and "completed_on" in data:
        errors["completed_on"] = _("Chỉ nhiệm vụ đã hoàn thành mới có ngày hoàn thành.")
    if status == TaskStatus.CANCELLED.value and not (merged.get("cancel_reason") or "").strip():
        errors["cancel_reason"] = _("Hãy nêu lý do hủy nhiệm vụ.")

    for key, table, message in (
        ("briefing_id", Briefing, _("Không tìm thấy cuộc giao ban nguồn.")),
        ("conclusion_id", Conclusion, _("Không tìm thấy kết luận nguồn.")),
        ("aspiration_id", Aspiration, _("Không tìm thấy kiến nghị nguồn.")),
    ):
        if data.get(key) is not None and session.get(table, data[key]) is None:
            errors[key] = message
    errors.update(refused)  # a control character: that message, not "too long" or "missing"
    if errors:
        raise ValidationError(errors)
    return data


def _snapshot(session: Session, task: Task) -> dict[str, Any]:
    snap = audit.snapshot(task)
    snap["supporting_unit_ids"] = supporting_unit_ids(session, task.id)
    return snap


def _set_support(session: Session, task_id: int, ids: Iterable[int]) -> None:
    wanted = list(ids)
    current = {s.organization_id: s for s in session.exec(
        select(TaskSupport).where(TaskSupport.task_id == task_id)
    )}
    for org_id, row in current.items():
        if org_id not in wanted:
            session.delete(row)
    for org_id in wanted:
        if org_id not in current:
            session.add(TaskSupport(task_id=task_id, organization_id=org_id))


def _add_timeline(session: Session, update: TaskUpdate) -> TaskUpdate:
    """Add an entry to a task's timeline, noted as a change of the operation (so an undo of
    "Hoàn thành" takes its "Hoàn thành" entry back too); the task's own event is the audit's."""
    session.add(update)
    session.flush()
    audit.track(session, audit.Change("task_update", update.id, AuditAction.CREATE.value, {},
                                      audit.snapshot(update)))
    return update


def _load(session: Session, task_id: int, *, lock: bool = False) -> Task:
    task = conflicts.locked(session, Task, task_id) if lock else session.get(Task, task_id)
    if task is None or task.deleted_at is not None:
        raise NotFound(_("Không tìm thấy nhiệm vụ số {id}.").format(id=task_id))
    return task


def get_task(ctx: AppContext, task_id: int) -> Task:
    """One live task (for the detail form)."""
    with ctx.session() as session:
        return _load(session, task_id)


def create_task(
    ctx: AppContext,
    *,
    title: str,
    lead_unit_id: int,
    assigned_on: dt.date,
    due_on: dt.date | None = None,
    supporting_unit_ids: Iterable[int] = (),
    briefing_id: int | None = None,
    conclusion_id: int | None = None,
    aspiration_id: int | None = None,
    detail: str = "",
    priority: str = "normal",
) -> Task:
    """Assign a new task (not started) in one transaction, with its audit event."""
    values = {
        "title": title, "lead_unit_id": lead_unit_id, "assigned_on": assigned_on,
        "due_on": due_on, "supporting_unit_ids": tuple(supporting_unit_ids),
        "briefing_id": briefing_id, "conclusion_id": conclusion_id,
        "aspiration_id": aspiration_id, "detail": detail, "priority": priority,
        "status": TaskStatus.NOT_STARTED.value,
    }
    with ctx.transaction() as session:
        data = clean_task(session, values)
        support = data.pop("supporting_unit_ids", ())
        task = Task(**data)
        session.add(task)
        session.flush()
        assert task.id is not None
        _set_support(session, task.id, support)
        session.flush()
        audit.record(session, ctx, "task", task.id, AuditAction.CREATE, {}, _snapshot(session, task))
    return task


def update_task(
    ctx: AppContext, task_id: int, note: str = "", *, on: dt.date | None = None,
    reverting: bool = False, opened: dict[str, Any] | None = None, **values: Any
) -> Task:
    """Change a task's fields; a status or deadline change also goes into its timeline.

    ``reverting`` (undo, redo) sets fields back to what they were: any status may return, and
    the timeline is left to the undo, which takes back the entries the change had added.
    ``opened``: the task as the form opened it; another person's changes since are merged, or
    a RecordConflict says which fields both changed (core/conflicts.py).
    """
    with ctx.transaction() as session:
        task = _load(session, task_id, lock=True)
        values = conflicts.merge(session, ctx, "task", task, values, opened)
        if opened is not None and not values and not note:
            return task  # the other person's changes are all there is: nothing to write
        before = _snapshot(session, task)
        data = clean_task(session, values, existing=task, today=ctx.today(),
                          any_transition=reverting)
        support = data.pop("supporting_unit_ids", None)
        old_status, old_due = task.status, task.due_on
        for key, value in data.items():
            setattr(task, key, value)
        task.updated_at = ctx.now_utc()
        session.add(task)
        if support is not None:
            _set_support(session, task_id, support)
        if not reverting and (task.status != old_status or task.due_on != old_due or note):
            _add_timeline(session, TaskUpdate(
                task_id=task_id, updated_on=on or ctx.today(), note=normalize(note, "note"),
                old_status=old_status if task.status != old_status else None,
                new_status=task.status if task.status != old_status else None,
                progress=100 if task.status == TaskStatus.DONE.value and old_status != task.status else None,
                old_due_on=old_due if task.due_on != old_due else None,
                new_due_on=task.due_on if task.due_on != old_due else None,
            ))
        session.flush()
        audit.record(session, ctx, "task", task_id, AuditAction.UPDATE, before, _snapshot(session, task), note)
    return task


def add_update(
    ctx: AppContext, task_id: int, note: str, *, updated_on: dt.date | None = None,
    progress: int | None = None,
) -> TaskUpdate:
    """Record progress; a not-started task becomes 'in progress' with its first update."""
    note = normalize(note, "note")
    updated_on = updated_on or ctx.today()
    errors: dict[str, str] = {}
    if not note:
        errors["note"] = _("Hãy nhập nội dung cập nhật.")
    if progress is not None and not 0 <= progress <= 100:
        errors["progress"] = _("Tiến độ phải từ 0 đến 100%.")
    with ctx.transaction() as session:
        task = _load(session, task_id)
        if updated_on < task.assigned_on:
            errors["updated_on"] = _("Ngày cập nhật không được trước ngày giao.")
        if errors:
            raise ValidationError(errors)
        before = audit.snapshot(task)
        old_status = task.status
        if old_status == TaskStatus.NOT_STARTED.value:
            task.status = TaskStatus.IN_PROGRESS.value
            task.updated_at = ctx.now_utc()
            session.add(task)
        update = _add_timeline(session, TaskUpdate(
            task_id=task_id, updated_on=updated_on, note=note, progress=progress,
            old_status=old_status if task.status != old_status else None,
            new_status=task.status if task.status != old_status else None,
        ))
        audit.record(session, ctx, "task", task_id, AuditAction.UPDATE, before,
                     audit.snapshot(task), _("Cập nhật tiến độ: {note}").format(note=note))
    return update


def complete_task(ctx: AppContext, task_id: int, *, completed_on: dt.date, result: str = "") -> Task:
    """Mark done with its result and completion date (done late is derived from the dates)."""
    return update_task(ctx, task_id, note=result or _("Hoàn thành nhiệm vụ."), on=completed_on,
                       status=TaskStatus.DONE.value, completed_on=completed_on, result=result)


def cancel_task(ctx: AppContext, task_id: int, *, reason: str) -> Task:
    """Cancel with a reason (required)."""
    return update_task(ctx, task_id, note=reason, status=TaskStatus.CANCELLED.value,
                       cancel_reason=reason)


def reopen_task(ctx: AppContext, task_id: int, *, reason: str = "") -> Task:
    """Bring a done or cancelled task back to 'in progress' (its completion date is cleared)."""
    return update_task(ctx, task_id, note=reason or _("Mở lại nhiệm vụ."),
                       status=TaskStatus.IN_PROGRESS.value)


def reschedule_task(ctx: AppContext, task_id: int, *, new_due_on: dt.date, reason: str = "") -> Task:
    """Give a new deadline; the original stays in the timeline (old/new due date)."""
    return update_task(ctx, task_id, note=reason or _("Gia hạn nhiệm vụ."), due_on=new_due_on)


def task_updates(ctx: AppContext, task_id: int) -> list[TaskUpdate]:
    """The timeline of a task, oldest first."""
    with ctx.session() as session:
        return list(session.exec(
            select(TaskUpdate).where(TaskUpdate.task_id == task_id)
            .order_by(col(TaskUpdate.updated_on), col(TaskUpdate.id))
        ))

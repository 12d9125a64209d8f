"""Everything the task form shows about one task, read in one session.

After a change (say "Hoàn thành") the task page rebuilds its detail from this one read instead of
asking six services for their part, each in a session of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from giaoban.core.errors import NotFound
from giaoban.core.models import Organization, Task, TaskUpdate
from giaoban.core.services import directory, history, tasks
from giaoban.core.services.history import HistoryRow
from giaoban.core.services.reading import shared_reads
from giaoban.core.services.tasks_query import TaskSources, supporting_units_of, task_sources

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


@dataclass(frozen=True)
class TaskDetailData:
    """A task with its supporting units, sources, timeline and history, and the bodies to
    choose from; ``task`` is None when the task is gone (deleted meanwhile)."""

    task: Task | None
    organizations: list[Organization]
    supporting_unit_ids: list[int] = field(default_factory=list)
    sources: TaskSources = field(default_factory=TaskSources)
    timeline: list[TaskUpdate] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)


def task_detail(ctx: AppContext, task_id: int | None) -> TaskDetailData:
    """The task form's data in one read (None: only the bodies, for a new task): one session,
    not a write transaction (``ctx.joined()`` took SQLite's write lock, BEGIN IMMEDIATE, to
    read a form: it waited behind another program's write and held other writers back)."""
    with shared_reads(ctx) as one:
        organizations = directory.list_organizations(one)
        if task_id is None:
            return TaskDetailData(None, organizations)
        try:
            task = tasks.get_task(one, task_id)
        except NotFound:
            return TaskDetailData(None, organizations)
        return TaskDetailData(
            task, organizations,
            supporting_unit_ids=supporting_units_of(one, task_id),
            sources=task_sources(one, task_id),
            timeline=tasks.task_updates(one, task_id),
            history=history.history_of(one, "task", task_id),
        )

"""Write an import plan's rows: all or nothing, with the write lock held only for seconds.

The slow part of an import of tens of thousands of rows is Python's: checking each row again,
folding its search text, converting its values and building its audit event. All of it is done in
a reading session first, while other people keep saving (SQLite's WAL lets them); the write
transaction then only re-checks what may have changed meanwhile and hands SQLite the ready rows in
two ``executemany`` statements. A save made in the window during an import waits those seconds
(the busy timeout) instead of failing; a cancel or a crash before the commit leaves nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from pydantic_core import PydanticUndefined

from giaoban.core import audit, bulk
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.models import Aspiration, AuditEvent, Organization
from giaoban.core.progress import CancelledFn, ProgressFn, Steps
from giaoban.core.search import bulk_append
from giaoban.core.search_text import fill_rows
from giaoban.core.services.aspiration_import import ImportPlan, _briefing, _describe
from giaoban.core.services.aspirations import clean_aspiration
from giaoban.core.services.import_aliases import remember
from giaoban.i18n import _

if TYPE_CHECKING:
    from sqlmodel import Session

    from giaoban.core.context import AppContext

A: Any = Aspiration  # SQL expressions (mypy sees plain attribute types)
Org: Any = Organization
ASPIRATIONS: sa.Table = Aspiration.__table__  # type: ignore[attr-defined]
EVENTS: sa.Table = AuditEvent.__table__  # type: ignore[attr-defined]
EVENT_COLUMNS = [column.name for column in EVENTS.columns if column.name != "id"]


def import_aspirations(ctx: AppContext, plan: ImportPlan, *, progress: ProgressFn | None = None,
                       cancelled: CancelledFn | None = None) -> int:
    """Write the plan's valid rows (checked again), all or nothing; returns how many.

    ``cancelled()`` is asked throughout; nothing is written before the last, short step.
    """
    if not plan.rows:
        raise GiaobanError(_("Không có dòng nào nhập được."))
    steps = Steps(progress, cancelled, len(plan.rows) + max(1, len(plan.rows) // 4))
    steps.report(0)
    numbers, rows = _ready_rows(ctx, plan, steps)
    given = [row["position"] for row in rows]
    with ctx.session() as session:
        first_id, position = _numbering(session, plan)
    ready = _prepared(ctx, plan, rows, given, first_id, position)
    steps.check()
    with ctx.transaction() as session:
        _check_links_still_live(session, plan, numbers, rows)
        if _numbering(session, plan) != (first_id, position):  # someone added rows meanwhile
            first_id, position = _numbering(session, plan)
            ready = _prepared(ctx, plan, rows, given, first_id, position)
        with bulk_append(session, "aspiration", first_id):
            ready[0].run(session)
        ready[1].run(session)
        remember(session, plan.aliases, plan.value_aliases)  # mapped by hand: matched next time
        note = _note(plan)
        for row in rows:
            audit.track(session, audit.Change("aspiration", row["id"], "import", {}, {}, note))
        steps.report(steps.total)  # a last chance to stop before the commit
    return len(rows)


def _note(plan: ImportPlan) -> str:
    return _("Nhập từ tệp “{file}”").format(file=plan.path.name)


def _ready_rows(ctx: AppContext, plan: ImportPlan,
                steps: Steps) -> tuple[list[int], list[dict[str, Any]]]:
    """Each row re-checked (the directory may have changed since reading) as a complete column
    dict: defaults, folded search text and the time stamps a bulk insert does not add itself."""
    defaults = {name: info.default for name, info in Aspiration.model_fields.items()
                if name != "id" and info.default is not PydanticUndefined}
    now = ctx.now_utc()
    numbers, rows = [], []
    with ctx.session() as session:
        # kept referenced for the loop: the checks' session.get() answer from the identity map
        known = [*session.execute(sa.select(Organization)).scalars(),
                 _briefing(session, plan.briefing_id)]
        for number, values in plan.rows:
            try:
                data = clean_aspiration(session, values)
            except ValidationError as exc:
                raise GiaobanError(_("Dòng {row}: {reason} Chưa nhập dòng nào.").format(
                    row=number, reason=_describe(exc))) from exc
            rows.append({**defaults, **data, "created_at": now, "updated_at": now,
                         "deleted_at": None})
            numbers.append(number)
            steps.tick()
    del known
    fill_rows(Aspiration, rows)
    return numbers, rows


def _numbering(session: Session, plan: ImportPlan) -> tuple[int, int]:
    """The first free id and the last position used in the plan's briefing (0 without one)."""
    first_id = int(session.execute(sa.select(sa.func.max(A.id))).scalar() or 0) + 1
    position = 0
    if plan.briefing_id is not None:
        position = int(session.execute(sa.select(sa.func.max(A.position)).where(
            A.briefing_id == plan.briefing_id)).scalar() or 0)
    return first_id, position


def _prepared(ctx: AppContext, plan: ImportPlan, rows: list[dict[str, Any]], given: list[int],
              first_id: int, position: int) -> tuple[bulk.BulkInsert, bulk.BulkInsert]:
    """The rows (numbered from ``first_id``; placed after ``position`` unless the file gave a
    place) and their audit events, ready for the driver. Ids are given, not returned: RETURNING
    costs a statement per row on SQLite."""
    for offset, (row, place) in enumerate(zip(rows, given, strict=True)):
        row["id"] = first_id + offset
        row["position"] = place or position + offset + 1
    events = audit.prepare_imported(ctx, "aspiration", rows, note=_note(plan))
    for event, row in zip(events, rows, strict=True):
        event["entity_id"] = row["id"]
    dialect = ctx.db.engine.dialect
    return (bulk.prepare(dialect, ASPIRATIONS, rows),
            bulk.prepare(dialect, EVENTS, events, EVENT_COLUMNS))


def _check_links_still_live(session: Session, plan: ImportPlan, numbers: list[int],
                            rows: list[dict[str, Any]]) -> None:
    """Inside the write lock: the bodies and the briefing the rows name were not removed or
    stopped while the rows were made ready (two set queries, not one per row)."""
    bodies = {row["organization_id"] for row in rows}
    units = {row["responding_unit_id"] for row in rows} - {None}
    active = set(session.execute(sa.select(Org.id).where(Org.id.in_(bodies), Org.active.is_(True)))
                 .scalars())
    present = set(session.execute(sa.select(Org.id).where(Org.id.in_(units))).scalars())
    for number, row in zip(numbers, rows, strict=True):
        unit = row["responding_unit_id"]
        if row["organization_id"] not in active or (unit is not None and unit not in present):
            raise GiaobanError(_("Dòng {row}: {reason} Chưa nhập dòng nào.").format(
                row=number, reason=_("Cơ quan, đơn vị của dòng này vừa bị xóa hoặc ngừng hoạt "
                                     "động trong lúc nhập.")))
    if plan.briefing_id is not None:
        _briefing(session, plan.briefing_id)

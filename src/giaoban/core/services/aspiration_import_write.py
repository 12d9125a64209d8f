"""Write an import plan's rows: all or nothing, with the write lock held only for seconds.

The slow part of an import of tens of thousands of rows is Python's: checking each row again,
folding its search text, converting its values and building its audit event. All of it is done in
a reading session first, while other people keep saving (SQLite's WAL lets them); the write
transaction then only re-checks what may have changed meanwhile and hands SQLite the ready rows in
two ``executemany`` statements. A save made in the window during an import waits those seconds
(the busy timeout) instead of failing; a cancel or a crash before the commit leaves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from pydantic_core import PydanticUndefined

from giaoban.core import audit, bulk
from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.core.models import Aspiration, AuditEvent, Organization
from giaoban.core.progress import CancelledFn, ProgressFn, Steps
from giaoban.core.search import bulk_append
from giaoban.core.search_text import fill_rows
from giaoban.core.services.aspiration_import import ImportPlan, _briefing
from giaoban.core.services.aspirations import clean_aspiration
from giaoban.core.services.import_aliases import remember
from giaoban.core.services.import_convert import describe
from giaoban.i18n import _

if TYPE_CHECKING:
    from sqlmodel import Session

    from giaoban.core.context import AppContext

A: Any = Aspiration  # SQL expressions (mypy sees plain attribute types)
Org: Any = Organization
ASPIRATIONS: sa.Table = Aspiration.__table__  # type: ignore[attr-defined]
EVENTS: sa.Table = AuditEvent.__table__  # type: ignore[attr-defined]
EVENT_COLUMNS = [column.name for column in EVENTS.columns if column.name != "id"]
CHUNK = 1000  # rows made ready at a time: their dicts and audit snapshots never all exist at once


def import_aspirations(ctx: AppContext, plan: ImportPlan, *, progress: ProgressFn | None = None,
                       cancelled: CancelledFn | None = None) -> int:
    """Write the plan's valid rows (checked again), all or nothing; returns how many.

    ``cancelled()`` is asked throughout; nothing is written before the last, short step.
    """
    if not plan.rows:
        raise GiaobanError(_("Không có dòng nào nhập được."))
    steps = Steps(progress, cancelled, len(plan.rows) + max(1, len(plan.rows) // 4))
    steps.report(0)
    with ctx.session() as session:
        numbering = _numbering(session, plan)
    ready = _ready(ctx, plan, *numbering, steps)
    steps.check()
    with ctx.transaction() as session:
        latest = _numbering(session, plan, reserve=len(ready.numbers))  # a server: ids taken
        _check_links_still_live(session, plan, ready)
        if latest != numbering:  # someone added rows meanwhile
            ready = ready.renumbered(*latest)
        with bulk_append(session, "aspiration", ready.first_id):
            ready.rows.run(session)
        ready.events.run(session)
        remember(session, plan.aliases, plan.value_aliases)  # mapped by hand: matched next time
        note = _note(plan)
        for offset in range(len(ready.numbers)):
            audit.track(session, audit.Change("aspiration", ready.first_id + offset, "import", {}, {},
                                              note))
        steps.report(steps.total)  # a last chance to stop before the commit
    return len(ready.numbers)


def _note(plan: ImportPlan) -> str:
    return _("Nhập từ tệp “{file}”").format(file=plan.path.name)


@dataclass
class _Ready:
    """The plan's rows and their audit events in the driver's form, numbered from ``first_id``,
    with what the write transaction checks again (each row's spreadsheet number and links)."""

    rows: bulk.BulkInsert
    events: bulk.BulkInsert
    first_id: int
    position: int
    numbers: list[int] = field(default_factory=list)
    given: list[int] = field(default_factory=list)  # a place the file gave, or 0
    bodies: list[int] = field(default_factory=list)
    units: list[int | None] = field(default_factory=list)

    def renumbered(self, first_id: int, position: int) -> _Ready:
        """The same rows numbered from a new first id and placed after a new last position."""
        ids = range(first_id, first_id + len(self.numbers))
        places = [place or position + offset + 1 for offset, place in enumerate(self.given)]
        return _Ready(self.rows.replaced("id", ids).replaced("position", places),
                      self.events.replaced("entity_id", ids), first_id, position, self.numbers,
                      self.given, self.bodies, self.units)


def _ready(ctx: AppContext, plan: ImportPlan, first_id: int, position: int,
           steps: Steps) -> _Ready:
    """Each row as a complete column dict — defaults, folded search text, the time stamps a bulk
    insert does not add itself — converted for the driver with its audit event, a chunk at a
    time. Rows :func:`read_workbook` checked are not checked one by one again: what may change
    since (bodies, units, the briefing) is checked set-based inside the write lock. A plan made
    any other way is checked row by row here (the directory may have changed since)."""
    defaults = {name: info.default for name, info in Aspiration.model_fields.items()
                if name != "id" and info.default is not PydanticUndefined}
    now, note, dialect = ctx.now_utc(), _note(plan), ctx.db.engine.dialect
    rows, events = bulk.Preparer(dialect, ASPIRATIONS), bulk.Preparer(dialect, EVENTS, EVENT_COLUMNS)
    ready = _Ready(rows.insert(), events.insert(), first_id, position)  # filled as rows are added
    chunk: list[dict[str, Any]] = []

    def flush() -> None:
        fill_rows(Aspiration, chunk)
        rows.add(chunk)
        made = audit.prepare_imported(ctx, "aspiration", chunk, note=note)
        for event, row in zip(made, chunk, strict=True):
            event["entity_id"] = row["id"]
        events.add(made)
        chunk.clear()

    with ctx.session() as session:
        # kept referenced for the loop: the checks' session.get() answer from the identity map
        known = [*session.execute(sa.select(Organization)).scalars(),
                 _briefing(session, plan.briefing_id)]
        for offset, (number, values) in enumerate(plan.rows):
            data = values if plan.checked else _checked(session, number, values)
            row = {**defaults, **data, "created_at": now, "updated_at": now, "deleted_at": None}
            place = int(row["position"] or 0)
            row["id"] = first_id + offset
            row["position"] = place or position + offset + 1
            ready.numbers.append(number)
            ready.given.append(place)
            ready.bodies.append(row["organization_id"])
            ready.units.append(row["responding_unit_id"])
            chunk.append(row)
            if len(chunk) >= CHUNK:
                flush()
            steps.tick()
        flush()
    del known
    return ready


def _checked(session: Session, number: int, values: dict[str, Any]) -> dict[str, Any]:
    try:
        return clean_aspiration(session, values)
    except ValidationError as exc:
        raise GiaobanError(_("Dòng {row}: {reason} Chưa nhập dòng nào.").format(
            row=number, reason=describe(exc))) from exc


def _numbering(session: Session, plan: ImportPlan, reserve: int = 0) -> tuple[int, int]:
    """The first free id and the last position used in the plan's briefing (0 without one).

    ``reserve`` rows about to be written on a PostgreSQL server take their ids from the table's
    sequence (max + 1 would meet the ids ordinary inserts and other clients take from it)."""
    if reserve and session.get_bind().dialect.name == "postgresql":
        from giaoban.core.db_server import reserve_ids

        first_id = reserve_ids(session, ASPIRATIONS.name, reserve)
    else:
        first_id = int(session.execute(sa.select(sa.func.max(A.id))).scalar() or 0) + 1
    position = 0
    if plan.briefing_id is not None:
        position = int(session.execute(sa.select(sa.func.max(A.position)).where(
            A.briefing_id == plan.briefing_id)).scalar() or 0)
    return first_id, position


def _check_links_still_live(session: Session, plan: ImportPlan, ready: _Ready) -> None:
    """Inside the write lock: the bodies and the briefing the rows name were not removed or
    stopped while the rows were made ready (two set queries, not one per row)."""
    bodies = set(ready.bodies)
    units = set(ready.units) - {None}
    active = set(session.execute(sa.select(Org.id).where(Org.id.in_(bodies), Org.active.is_(True)))
                 .scalars())
    present = set(session.execute(sa.select(Org.id).where(Org.id.in_(units))).scalars())
    if bodies - active or units - present:
        for number, body, unit in zip(ready.numbers, ready.bodies, ready.units, strict=True):
            if body not in active or (unit is not None and unit not in present):
                raise GiaobanError(_("Dòng {row}: {reason} Chưa nhập dòng nào.").format(
                    row=number, reason=_("Cơ quan, đơn vị của dòng này vừa bị xóa hoặc ngừng "
                                         "hoạt động trong lúc nhập.")))
    if plan.briefing_id is not None:
        _briefing(session, plan.briefing_id)

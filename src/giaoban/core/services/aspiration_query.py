"""Reading the aspirations register: filters, sorted ids, rows fetched by page, statistics.

The register may hold 100k rows, so lists work on ids: the page asks :func:`count_aspirations`
and :func:`aspiration_page` (a LIMIT/OFFSET page of ids with the filters, the search and the sort;
:func:`aspiration_position` finds a record's row), :func:`aspiration_ids` gives every id in one
query (exports, the command line), and :func:`aspiration_rows` fetches only the rows being shown. Text columns sort in Vietnamese order: bodies, kinds, fields, statuses and localities by a
rank computed in Python with ``core.text.sort_key`` over their (few) distinct values; the content
by its folded copy (marks ignored, đ with d) — exact Vietnamese order for free text would need a
per-row key column, and dictionary order that ignores tones is what readers expect from a list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session

from giaoban.core import tables
from giaoban.core.enums import AspirationField, AspirationKind, AspirationStatus
from giaoban.core.labels import label_of
from giaoban.core.text import fold, sort_key
from giaoban.core.vietnamese_order import rank_case

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

# The tables' columns (SQLAlchemy Core on core.tables): a command line reading once pays neither
# the ORM's mapper set-up and its compile step of each statement nor building the models at all.
# Typed as Any for mypy.
A: Any = tables.aspiration.c
T: Any = tables.task.c
Org: Any = tables.organization.c

SORT_KEYS = ("raised_on", "organization", "kind", "field", "locality", "content", "status",
             "tasks", "id")
MAX_RANKED = 2000


@dataclass(frozen=True)
class AspirationFilter:
    """What the register shows: every criterion optional; ``search`` uses core.search."""

    search: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    organization_id: int | None = None
    kind: str | None = None
    field: str | None = None
    locality: str | None = None
    status: str | None = None
    statuses: tuple[str, ...] = ()
    briefing_id: int | None = None


@dataclass(frozen=True)
class AspirationRow:
    """One line of the register, with the names it shows."""

    id: int
    raised_on: dt.date
    organization_id: int
    body: str
    kind: str
    field: str
    locality: str
    people_concerned: str
    content: str
    status: str
    response: str
    response_on: dt.date | None
    responding_unit_id: int | None
    responding_unit: str
    briefing_id: int | None
    task_ids: tuple[int, ...] = ()


def _conditions(session: Session, flt: AspirationFilter, *, walk: bool = False,
                on: Any = A) -> list[Any]:
    """The WHERE of a filter. ``walk``: test ids against the search's matches (``id + 0`` keeps
    the database from driving the query by the matches) so that an index on the sort column can
    be walked in order; valid SQL everywhere, a plan hint for SQLite. ``on``: the aspiration
    columns to state it on (``core.tables``', or the model's for a query of the model)."""
    where: list[Any] = [on.deleted_at.is_(None)]
    if flt.date_from:
        where.append(on.raised_on >= flt.date_from)
    if flt.date_to:
        where.append(on.raised_on <= flt.date_to)
    if flt.organization_id is not None:
        where.append(on.organization_id == flt.organization_id)
    for column, value in ((on.kind, flt.kind), (on.field, flt.field),
                          (on.status, flt.status)):
        if value:
            where.append(column == value)
    if flt.statuses:
        where.append(on.status.in_(flt.statuses))
    if flt.locality:
        where.append(on.locality == flt.locality)
    if flt.briefing_id is not None:
        where.append(on.briefing_id == flt.briefing_id)
    if _searching(flt.search):
        tested = (on.id + 0) if walk else on.id
        where.append(sa.or_(*(tested.in_(part) for part in _match_parts(session, flt.search))))
    return where


def filtered_ids_query(session: Session, flt: AspirationFilter) -> sa.Select:
    """SELECT of the ids the filter keeps, on the model's table: its WHERE goes into the
    export's queries of the model (a clause on ``core.tables`` would name a second table)."""
    from giaoban.core.models import Aspiration

    on: Any = Aspiration.__table__.c  # type: ignore[attr-defined]
    return sa.select(on.id).where(*_conditions(session, flt, on=on))


def _sort_expression(session: Session, key: str) -> Any:
    if key == "organization":
        names = dict(session.execute(sa.select(Org.id, Org.name)).all())
        return rank_case(A.organization_id, names)
    enums = {"kind": AspirationKind, "field": AspirationField, "status": AspirationStatus}
    if key in enums:
        enum = enums[key]
        return rank_case(A[key], {m.value: label_of(enum, m.value) for m in enum})
    if key == "locality":
        values = session.execute(sa.select(A.locality).distinct().limit(MAX_RANKED + 1))
        localities = [row[0] for row in values]
        if len(localities) <= MAX_RANKED:
            return rank_case(A.locality, {v: v for v in localities})
        return A.locality
    if key == "content":
        return A.search_text
    if key == "tasks":
        return (sa.select(sa.func.count(T.id))
                .where(T.aspiration_id == A.id, T.deleted_at.is_(None))
                .scalar_subquery())
    if key == "id":
        return A.id
    return A.raised_on


def aspiration_ids(ctx: AppContext, flt: AspirationFilter | None = None, *,
                   sort: str = "raised_on", descending: bool = True) -> list[int]:
    """Ids of the live aspirations the filter keeps, in the requested order (one query)."""
    flt = flt or AspirationFilter()
    with ctx.session() as session:
        _expression, order = _ordered(session, sort, descending)
        statement = sa.select(A.id).where(*_conditions(session, flt)).order_by(*order)
        # Plain integers straight from the DB-API cursor: 100k ids in a third of the time
        # SQLAlchemy's row processing takes (what a search keystroke waits for).
        result = session.connection().execute(statement)
        try:
            return [row[0] for row in result.cursor.fetchall()]  # type: ignore[attr-defined]
        finally:
            result.close()


def count_aspirations(ctx: AppContext, flt: AspirationFilter | None = None) -> int:
    """How many live aspirations the filter keeps.

    A search and nothing else is counted in the search index alone, less the matches in the
    trash (few): five times quicker than looking up every match's row to see it is live.
    """
    flt = flt or AspirationFilter()
    with ctx.session() as session:
        parts = _match_parts(session, flt.search) if _searching(flt.search) else []
        if len(parts) in (1, 2) and flt == AspirationFilter(search=flt.search):
            return sum(int(session.connection().execute(statement).scalar_one())
                       for statement in _search_counts(parts))
        statement = sa.select(sa.func.count()).select_from(
            sa.select(A.id).where(*_conditions(session, flt)).subquery())
        return int(session.connection().execute(statement).scalar_one())


def _searching(search: str) -> bool:
    """Whether the filter's search has words to look for (the search module, ~2 ms of imports,
    loaded only then: the command line's lists without a search never need it)."""
    if not (search or "").strip():
        return False
    from giaoban.core import search as core_search

    return bool(core_search.terms(search))


def _match_parts(session: Session, search: str) -> list[Any]:
    """The search's matches as the SELECTs they are made of: the aspirations' own index and the
    owners of matching attachments. Tested one by one (``IN a OR IN b``), not as their UNION,
    the database is spared sorting every match to drop duplicates."""
    from giaoban.core import search as core_search

    matches = core_search.matching_ids(session, "aspiration", search)
    return list(matches.selects) if isinstance(matches, sa.CompoundSelect) else [matches]


def _search_counts(parts: list[Any]) -> list[Any]:
    """COUNTs that add up to the live aspirations matching: the own matches less those in the
    trash, then the attachment owners that are not among them (few: each checked alone)."""
    trashed = sa.select(A.id).where(A.deleted_at.is_not(None))
    own = parts[0].subquery()
    own_id = next(iter(own.c))
    statements = [sa.select(sa.func.count()).select_from(own).where(own_id.not_in(trashed))]
    for extra in parts[1:]:
        more = extra.subquery()
        more_id = next(iter(more.c))
        also_own = parts[0].where(next(iter(parts[0].selected_columns)) == more_id).exists()
        statements.append(sa.select(sa.func.count(sa.distinct(more_id))).select_from(more)
                          .where(more_id.not_in(trashed), ~also_own))
    return statements


INDEXED_SORTS = ("raised_on", "id")  # orders an index gives (ix_aspiration_raised_live, the key)


def _ordered(session: Session, sort: str, descending: bool) -> tuple[Any, list[Any]]:
    """The sort expression and the ORDER BY of a key (ties broken by id, same direction)."""
    expression = _sort_expression(session, sort if sort in SORT_KEYS else "raised_on")
    order = [expression.desc() if descending else expression.asc()]
    order.append(A.id.desc() if descending else A.id.asc())
    return expression, order


def aspiration_page(ctx: AppContext, flt: AspirationFilter, *, sort: str = "raised_on",
                    descending: bool = True, offset: int = 0, limit: int = 200,
                    count: int | None = None, total: int | None = None) -> list[int]:
    """One page of the ids :func:`aspiration_ids` would give (``offset``, ``limit``).

    With ``count`` (how many the filter keeps) and ``total`` (all live rows), a search that keeps
    many rows in date order walks the date index and tests each id against the matches: the
    first page of a one-letter search reads a few hundred index entries instead of looking up
    and sorting 100k rows.
    """
    walk = bool(sort in INDEXED_SORTS and count and total
                and (offset + limit) * total < count * count)
    with ctx.session() as session:
        conditions = _conditions(session, flt, walk=walk)
        _expression, order = _ordered(session, sort, descending)
        statement = (sa.select(A.id).where(*conditions).order_by(*order)
                     .offset(offset).limit(limit))
        result = session.connection().execute(statement)
        try:
            return [row[0] for row in result.cursor.fetchall()]  # type: ignore[attr-defined]
        finally:
            result.close()


def aspiration_position(ctx: AppContext, flt: AspirationFilter, record_id: int, *,
                        sort: str = "raised_on", descending: bool = True,
                        last: int | None = None) -> int | None:
    """The row of ``record_id`` in the filtered, sorted list; None if the filter hides it.

    ``last`` is the id of the last row already read: a record that sorts before it and was not
    among those rows is not in the list, which is known without counting.
    """
    with ctx.session() as session:
        expression, _order = _ordered(session, sort, descending)
        after = (lambda a, b: a < b) if descending else (lambda a, b: a > b)
        if last is not None:
            values = {int(i): v for i, v in session.execute(
                sa.select(A.id, expression).where(A.id.in_((record_id, last))))}
            if record_id not in values:
                return None  # gone
            mine, theirs = (values[record_id], record_id), (values.get(last), last)
            # Text is left to the database: its collation may not be Python's order.
            if (last in values and not isinstance(mine[0], str)
                    and not after(mine, theirs)):
                return None
        conditions = _conditions(session, flt)
        value = session.execute(
            sa.select(expression).where(A.id == record_id, *conditions)).first()
        if value is None:
            return None
        ahead = sa.tuple_(expression, A.id)
        before = ahead > (value[0], record_id) if descending else ahead < (value[0], record_id)
        statement = sa.select(sa.func.count()).select_from(A.id.table).where(*conditions, before)
        return int(session.execute(statement).scalar_one())


ROW_COLUMNS = ("id", "raised_on", "organization_id", "kind", "field", "locality",
               "people_concerned", "content", "status", "response", "response_on",
               "responding_unit_id", "briefing_id")


def aspiration_rows(ctx: AppContext, ids: list[int]) -> list[AspirationRow]:
    """The rows of these ids, in the same order, with body names and linked task ids.

    Plain columns, not ORM objects: a page of 200 rows is read in a quarter of the time, which
    is what a search keystroke waits for after its count and its page of ids.
    """
    if not ids:
        return []
    columns = [A[name] for name in ROW_COLUMNS]
    with ctx.session() as session:
        names: dict[Any, str] = dict(session.connection().execute(sa.select(Org.id, Org.name)).all())
        found: dict[int, Any] = {}
        tasks: dict[int, list[int]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.update({row[0]: row for row in session.connection().execute(
                sa.select(*columns).where(A.id.in_(chunk))).all()})  # one fetch, not 1 a row
            statement = (sa.select(T.aspiration_id, T.id)
                         .where(T.aspiration_id.in_(chunk), T.deleted_at.is_(None))
                         .order_by(T.id))
            for aspiration_id, task_id in session.connection().execute(statement).all():
                tasks.setdefault(int(aspiration_id), []).append(int(task_id))
    return [_row(found[i], names, tuple(tasks.get(i, ()))) for i in ids if i in found]


def _row(a: Any, names: dict[Any, str], task_ids: tuple[int, ...]) -> AspirationRow:
    values = dict(zip(ROW_COLUMNS, a, strict=True))
    return AspirationRow(
        body=names.get(a.organization_id, ""), responding_unit=names.get(a.responding_unit_id, ""),
        task_ids=task_ids, **values)


def list_aspirations(ctx: AppContext, flt: AspirationFilter | None = None, *,
                     sort: str = "raised_on", descending: bool = True) -> list[AspirationRow]:
    """Every row the filter keeps (for exports and the command line)."""
    return aspiration_rows(ctx, aspiration_ids(ctx, flt, sort=sort, descending=descending))


def localities(ctx: AppContext) -> list[str]:
    """Distinct localities of live aspirations, in Vietnamese order (for the filter)."""
    with ctx.session() as session:
        # DISTINCT over the locality index alone (8 ms on 100k rows, vs 400 ms with the trash
        # filter); a locality left only in the trash still being offered is harmless.
        statement = sa.select(A.locality).distinct()
        values = [row[0] for row in session.connection().execute(statement) if row[0]]
    return sorted(values, key=sort_key)


def find_locality(values: list[str], wanted: str) -> str | None:
    """The stored locality a typed name means (marks and case ignored)."""
    folded = fold(wanted)
    return next((value for value in values if fold(value) == folded), None)


@dataclass(frozen=True)
class AspirationStats:
    total: int
    by_field: list[tuple[str, int]]
    by_body: list[tuple[str, int]]
    by_status: list[tuple[str, int]]


def aspiration_stats(ctx: AppContext, flt: AspirationFilter | None = None) -> AspirationStats:
    """Counts by field, by body and by status of the filtered set (largest first)."""
    flt = flt or AspirationFilter()
    with ctx.session() as session:
        where = _conditions(session, flt)
        names = dict(session.execute(sa.select(Org.id, Org.name)).all())

        # One scan grouped by the three keys, summed in Python: a third of three GROUP BYs.
        statement = (sa.select(A.field, A.organization_id, A.status, sa.func.count())
                     .where(*where).group_by(A.field, A.organization_id, A.status))
        counts: dict[str, dict[Any, int]] = {"field": {}, "body": {}, "status": {}}
        for field_, org_id, status, n in session.connection().execute(statement):
            for key, value in (("field", field_), ("body", org_id), ("status", status)):
                counts[key][value] = counts[key].get(value, 0) + int(n)

    def ordered(items: dict[Any, int], name: Any) -> list[tuple[str, int]]:
        return sorted(((name(value), n) for value, n in items.items()),
                      key=lambda item: (-item[1], sort_key(item[0])))

    by_field = ordered(counts["field"], lambda v: label_of(AspirationField, v))
    by_body = ordered(counts["body"], lambda v: names.get(v, str(v)))
    by_status = ordered(counts["status"], lambda v: label_of(AspirationStatus, v))
    total = sum(n for _label, n in by_status)
    return AspirationStats(total, by_field, by_body, by_status)


def raised_years(ctx: AppContext) -> list[int]:
    """Years that hold live aspirations (with this year), newest first, for the period filter."""
    with ctx.session() as session:
        low, high = session.execute(sa.select(sa.func.min(A.raised_on), sa.func.max(A.raised_on))
                                    .where(A.deleted_at.is_(None))).one()
    this_year = ctx.today().year
    first = low.year if low else this_year
    last = max(high.year if high else this_year, this_year)
    return list(range(last, first - 1, -1))

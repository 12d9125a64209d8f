"""Search the way Vietnamese users expect, across briefings, aspirations and tasks.

Queries are folded exactly like the stored ``search_text`` (core.text.fold: no marks, đ→d, lower
case, NFC first, so decomposed input matches). Every word of the query must match the start of a
word of the record (typing ``duon`` already finds “đường”). On SQLite the FTS5 tables built by
migration 0002 answer and rank with bm25; on PostgreSQL its GIN index does (core/search_pg); on
other databases the folded column is searched with LIKE. This is the only module (with
core/backup) allowed SQLite-specific SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session

from giaoban.core import kinds, search_attachments, search_pg, tables
from giaoban.core.text import fold

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

TYPES: tuple[str, ...] = tuple(kind.name for kind in kinds.searchable())
# Each kind's columns (core.tables: Core, no ORM set-up); attachments have an index of their own.
TABLES: dict[str, Any] = {kind.name: tables.TABLES[kind.name].c for kind in kinds.searchable()
                          if kind.name != search_attachments.KIND}
_WORD = re.compile(r"[^\W_]+")  # the same words FTS5's unicode61 tokenizer sees
MAX_TERMS = 12


@dataclass(frozen=True)
class SearchHit:
    """One found record: its type, id, its whole main text and a score (higher is better)."""

    type: str
    id: int
    text: str
    score: float
    on: dt.date | None = None  # raised on / due on / held on: tells same-titled hits apart
    owner: tuple[str, int] | None = None  # an attachment's: the record it is attached to

    @property
    def target(self) -> tuple[str, int]:
        """The record opening the hit shows: itself, or the record an attachment is on."""
        return self.owner or (self.type, self.id)


def terms(query: str) -> list[str]:
    """The folded words of a query (at most 12; duplicates dropped, order kept)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(query or "")):
        seen.setdefault(word, None)
    return list(seen)[:MAX_TERMS]


def fts_query(words: list[str]) -> str:
    """An FTS5 MATCH expression: every word as a quoted prefix, all required."""
    return " ".join(f'"{word}"*' for word in words)


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _fts(kind: str) -> sa.TableClause:
    return sa.table(f"{kind}_fts", sa.column("rowid", sa.Integer), sa.column("search_text"))


def _table(kind: str) -> Any:
    if kind not in TABLES:
        raise ValueError(f"unknown search type {kind!r}")
    return TABLES[kind]


def matching_ids(session: Session, kind: str, query: str) -> sa.Select | sa.CompoundSelect:
    """A SELECT of the ids of ``kind`` rows matching ``query``, for ``Model.id.in_(...)``.

    A query without words matches every row. Trash filtering is left to the caller's query.
    A row is also matched by the text of the files attached to it.
    """
    table = _table(kind)
    words = terms(query)
    if not words:
        return sa.select(table.id)
    own = _own_matching_ids(session, table, kind, words)
    if kind not in search_attachments.OWNER_KINDS:
        return own
    return sa.union(own, search_attachments.owner_ids(
        session, kind, fts_query(words), _attachment_clauses(session, words)))


def _attachment_clauses(session: Session, words: list[str]) -> list[Any]:
    """The WHERE clauses on attachment_blob where FTS5 is not there."""
    if _is_postgresql(session):
        return [search_pg.match(tables.attachment_blob.c, words)]
    return _like_clauses(tables.attachment_blob.c, words)


def _own_matching_ids(session: Session, table: Any, kind: str, words: list[str]) -> sa.Select:
    if _is_sqlite(session):
        fts = _fts(kind)
        return sa.select(fts.c.rowid).where(fts.c.search_text.op("MATCH")(fts_query(words)))
    if _is_postgresql(session):
        search_pg.prefer_index(session)
        return search_pg.matching_ids(table, words)
    return sa.select(table.id).where(*_like_clauses(table, words))


def _like_clauses(table: Any, words: list[str]) -> list[Any]:
    """Word-start matching on the folded column for databases without FTS5."""
    column = table.search_text
    return [sa.or_(column.like(f"{word}%"), column.like(f"% {word}%")) for word in words]


def _text_columns(kind: str) -> list[Any]:
    """The main text first, the record's date last (``_main_text`` and ``_date`` read them)."""
    table = _table(kind)
    return [getattr(table, name) for name in kinds.kind(kind).search_columns]


def _date(row: Any) -> dt.date | None:
    value = row[-1]
    return value if isinstance(value, dt.date) else None


def _main_text(kind: str, row: Any) -> str:
    make = kinds.kind(kind).hit_text
    return make(row) if make is not None else str(row[2])


SHORT_QUERY = 3  # letters: below this, ranking tens of thousands of matches costs 200 ms


def _search_one(session: Session, kind: str, words: list[str], limit: int) -> list[SearchHit]:
    if kind == search_attachments.KIND:
        return [SearchHit(kind, hit.id, hit.text, hit.score, hit.on, hit.target)
                for hit in search_attachments.search(session, fts_query(words),
                                                     _attachment_clauses(session, words), limit)]
    table = _table(kind)
    if _is_sqlite(session):
        return [
            SearchHit(kind, int(row[0]), _main_text(kind, row), round(-float(row[1]), 6),
                      _date(row))
            for row in session.execute(_fts_statement(kind, words),
                                       {"match": fts_query(words), "limit": limit})
        ]
    if _is_postgresql(session):
        found = session.execute(search_pg.ranked(
            table, words, _text_columns(kind), limit,
            unranked=sum(len(word) for word in words) < SHORT_QUERY))
        return [SearchHit(kind, int(row[0]), _main_text(kind, row), round(float(row[1]), 6),
                          _date(row)) for row in found]
    statement = (
        sa.select(table.id, sa.literal(0.0), *_text_columns(kind))
        .where(*_like_clauses(table, words), table.deleted_at.is_(None))
        .order_by(table.id.desc())
        .limit(limit)
    )
    return [
        SearchHit(kind, int(row[0]), _main_text(kind, row), 1.0, _date(row))
        for row in session.execute(statement)
    ]


def _fts_statement(kind: str, words: list[str]) -> sa.TextualSelect:
    """The best matches of ``kind`` by its FTS5 table (``:match``, ``:limit``), as plain SQL:
    the statement is fixed, and SQLAlchemy compiling its construct took longer than SQLite
    answering it in a process that searches once (the command line). The result columns are
    typed by the table's own, so dates come back as dates."""
    fts, columns = f"{kind}_fts", _table(kind)
    if sum(len(word) for word in words) < SHORT_QUERY:
        # One or two letters match most rows: newest first, unranked, keeps typing instant.
        rank, order = "0.0", f"{fts}.rowid DESC"
    else:
        rank, order = f"bm25({fts})", f"rank, {kind}.id DESC"
    shown = kinds.kind(kind).search_columns
    return sa.text(
        f"SELECT {kind}.id, {rank} AS rank, {', '.join(f'{kind}.{name}' for name in shown)} "
        f"FROM {fts} JOIN {kind} ON {kind}.id = {fts}.rowid "
        f"WHERE {fts}.search_text MATCH :match AND {kind}.deleted_at IS NULL "
        f"ORDER BY {order} LIMIT :limit"
    ).columns(columns.id, sa.column("rank", sa.Float), *(columns[name] for name in shown))


def search(
    ctx: AppContext, query: str, *, types: tuple[str, ...] | list[str] = TYPES, limit: int = 50
) -> list[SearchHit]:
    """Records of the given types matching every word of ``query``, best first (bm25)."""
    words = terms(query)
    if not words or limit <= 0:
        return []
    hits: list[SearchHit] = []
    with ctx.session() as session:
        for kind in types:
            hits.extend(_search_one(session, kind, words, limit))
    hits.sort(key=lambda hit: (-hit.score, TYPES.index(hit.type), -hit.id))
    return hits[:limit]


@contextmanager
def bulk_load(session: Session) -> Iterator[None]:
    """Around a large insert of new rows: index them in one pass instead of row by row.

    The insert triggers are dropped for the duration and the FTS indexes rebuilt afterwards
    (~3× faster on the 100k-row demo). Same transaction: a failure rolls all of it back.
    """
    if not _is_sqlite(session):
        yield
        _catch_up(session)
        return
    for kind in TABLES:
        session.execute(sa.text(f"DROP TRIGGER IF EXISTS {kind}_fts_ai"))
    yield
    for kind in TABLES:
        fts = f"{kind}_fts"
        session.execute(sa.text(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"))
        _create_insert_trigger(session, kind)


def _catch_up(session: Session) -> None:
    """On PostgreSQL rows inserted with their own ids leave the id sequences behind."""
    if _is_postgresql(session):
        from giaoban.core.db_server import catch_up_sequences

        catch_up_sequences(session)


def _create_insert_trigger(session: Session, kind: str) -> None:
    # The same trigger migration 0002 creates (migrations stay frozen copies of their DDL).
    fts = f"{kind}_fts"
    session.execute(sa.text(
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {kind} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END"
    ))


@contextmanager
def bulk_append(session: Session, kind: str, first_id: int) -> Iterator[None]:
    """Around a bulk insert of rows numbered from ``first_id`` on into a big table: index them
    in one set-based statement (about 4× cheaper than the per-row trigger) without rebuilding
    what is already indexed. Same transaction: a failure rolls all of it back."""
    if not _is_sqlite(session):
        yield
        _catch_up(session)
        return
    fts = f"{kind}_fts"
    session.execute(sa.text(f"DROP TRIGGER IF EXISTS {fts}_ai"))
    yield
    session.execute(sa.text(f"INSERT INTO {fts}(rowid, search_text) "
                            f"SELECT id, search_text FROM {kind} WHERE id >= :first"),
                    {"first": first_id})
    _create_insert_trigger(session, kind)

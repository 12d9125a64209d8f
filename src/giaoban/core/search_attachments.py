"""Search inside attached files: the words of a blob's extracted text, named by file and owner.

A blob's folded text (core.text.fold, like every search text) is indexed once however many times
it is attached; a hit is each live attachment of a matching blob whose owner is live too, shown
as "<file name> – <owner title>" and opening the owner (a report's file opens its briefing).
On SQLite the FTS5 table of migration 0006 answers with bm25; other databases get the caller's
LIKE clauses on the folded column. Only this module and core/search.py hold this SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from giaoban.core import tables

KIND = "attachment"
OWNER_KINDS = frozenset({"briefing", "aspiration", "task"})  # whose lists search their files
FTS = "attachment_blob_fts"
_OVERFETCH = 3  # rows read per hit wanted: some belong to trashed owners and are dropped


@dataclass(frozen=True)
class AttachmentHit:
    """One live attachment whose text matched, with what to show and what it opens."""

    id: int
    text: str
    score: float
    target: tuple[str, int]
    on: dt.date | None


def _fts() -> sa.TableClause:
    return sa.table(FTS, sa.column("rowid", sa.Integer), sa.column("search_text"))


def blob_ids(session: Session, match: str, like: list[Any]) -> sa.Select:
    """A SELECT of the ids of blobs whose text matches (FTS5 ``match`` or the ``like`` clauses)."""
    if session.get_bind().dialect.name == "sqlite":
        fts = _fts()
        return sa.select(fts.c.rowid).where(fts.c.search_text.op("MATCH")(match))
    return sa.select(tables.attachment_blob.c.id).where(*like)


def owner_ids(session: Session, owner_kind: str, match: str,
              like: list[Any]) -> sa.Select | sa.CompoundSelect:
    """The ids of ``owner_kind`` records with a live attachment whose text matches (for the
    lists' search boxes: a task is found by a word in its files); a briefing by its reports'."""
    found = blob_ids(session, match, like)
    attachment, report = tables.attachment.c, tables.report.c
    live = (attachment.deleted_at.is_(None), attachment.blob_id.in_(found))
    own = sa.select(attachment.owner_id).where(attachment.owner_kind == owner_kind, *live)
    if owner_kind != "briefing":
        return own
    reports = sa.select(attachment.owner_id).where(attachment.owner_kind == "report", *live)
    return sa.union(own, sa.select(report.briefing_id).where(report.id.in_(reports)))


def search(session: Session, match: str, like: list[Any], limit: int) -> list[AttachmentHit]:
    """The best ``limit`` attachments whose text matches, each named and pointed at its owner."""
    attachment, blob = tables.attachment, tables.attachment_blob
    columns = (attachment.c.id, attachment.c.name, attachment.c.owner_kind,
               attachment.c.owner_id, attachment.c.created_at)
    statement: Any
    if session.get_bind().dialect.name == "sqlite":
        # A fixed statement as plain SQL: compiling the construct cost more than the query
        # in a process that searches once (the command line); typed by the table's columns.
        statement = sa.text(
            f"SELECT attachment.id, attachment.name, attachment.owner_kind, "
            f"attachment.owner_id, attachment.created_at, bm25({FTS}) AS rank FROM {FTS} "
            f"JOIN attachment ON attachment.blob_id = {FTS}.rowid "
            f"WHERE {FTS}.search_text MATCH :match AND attachment.deleted_at IS NULL "
            f"ORDER BY rank, attachment.id DESC LIMIT :limit"
        ).columns(*columns, sa.column("rank", sa.Float)).bindparams(
            match=match, limit=limit * _OVERFETCH)
    else:
        statement = (sa.select(*columns, sa.literal(-1.0))
                     .join(blob, blob.c.id == attachment.c.blob_id)
                     .where(*like, attachment.c.deleted_at.is_(None))
                     .order_by(attachment.c.id.desc()).limit(limit * _OVERFETCH))
    rows = session.execute(statement).all()
    if not rows:
        return []
    # The owners' ORM rows are read only when a file matched (no models set up otherwise).
    from giaoban.core.services import attachment_owners as owners

    hits: list[AttachmentHit] = []
    for row_id, name, kind, owner_id, created, rank_value in rows:
        owner = owners.live_owner(session, kind, owner_id)
        if owner is None:
            continue
        text = f"{name} – {owners.title(session, kind, owner)}"
        on = created.date() if isinstance(created, dt.datetime) else None
        hits.append(AttachmentHit(int(row_id), text, round(-float(rank_value), 6),
                                  owners.target(session, kind, owner), on))
        if len(hits) >= limit:
            break
    return hits

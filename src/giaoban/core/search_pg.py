"""Search on PostgreSQL: the same words, prefixes and order as SQLite's FTS5, from a GIN index.

``core.search`` folds the query and cuts it into words exactly as for SQLite and hands them here
when the session is on a server. The stored ``search_text`` is already folded (no marks, đ→d,
lower case); migration 0002 indexes ``to_tsvector('simple', <search_text with every run of
other characters made one space>)`` with GIN, so the words are FTS5's unicode61 words and the
'simple' configuration neither stems nor drops a word. Each query word becomes a required
prefix (``word:*``); the expression below is the index's, so the planner uses it (no LIKE scan).

Ranking: ``ts_rank`` normalized by the document's length (flag 1), the closest match to bm25's
"more of the words in a shorter text first"; ties newest first. Very short queries (under three
letters) match most rows and are not ranked, newest first, as on SQLite.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

CONFIG = "simple"
NON_WORD = "[^[:alnum:]]+"  # every run of these is one space: the words FTS5's unicode61 sees
LENGTH_NORMALIZED = 1  # ts_rank flag: divide by 1 + log(number of words)


def tsquery_text(words: list[str]) -> str:
    """``'word1:* & word2:*'``: every word a required prefix. ``words`` are folded runs of
    letters and digits (core.search.terms), so nothing in them is a tsquery operator."""
    return " & ".join(f"{word}:*" for word in words)


def _document(table: Any) -> Any:
    """The indexed expression (migration 0002, ``ix_<table>_search``), built the same way."""
    # Literals, not bound parameters: the planner matches the index by the expression's text.
    words_only = sa.func.regexp_replace(table.search_text, sa.literal_column(f"'{NON_WORD}'"),
                                        sa.literal_column("' '"), sa.literal_column("'g'"))
    return sa.func.to_tsvector(sa.literal_column(f"'{CONFIG}'::regconfig"), words_only)


def _query(words: list[str]) -> Any:
    return sa.func.to_tsquery(sa.literal_column(f"'{CONFIG}'::regconfig"),
                              sa.literal(tsquery_text(words), sa.Text))


def match(table: Any, words: list[str]) -> Any:
    """The WHERE clause: the row's words hold every query word as a prefix."""
    return _document(table).op("@@")(_query(words))


def prefer_index(session: Any) -> None:
    """Keep the planner on the GIN index for the rest of this transaction. For a short prefix
    ("d") it guesses most rows match and scans the table instead, recomputing every row's words
    (5.4 s at 100k aspirations against 0.1 s through the index): the expression's cost is unknown
    to it. ``SET LOCAL`` ends with the transaction."""
    session.execute(sa.text("SET LOCAL enable_seqscan = off"))


def matching_ids(table: Any, words: list[str]) -> sa.Select:
    """A SELECT of the ids of matching rows (trash left to the caller, as on SQLite)."""
    return sa.select(table.id).where(match(table, words))


def ranked(table: Any, words: list[str], columns: list[Any], limit: int,
           *, unranked: bool) -> sa.Select:
    """id, rank, then ``columns`` of the live matching rows, best first."""
    if unranked:
        rank: Any = sa.literal(0.0)
        order: list[Any] = [table.id.desc()]
    else:
        rank = sa.func.ts_rank(_document(table), _query(words), LENGTH_NORMALIZED)
        order = [rank.desc(), table.id.desc()]
    return (
        sa.select(table.id, rank.label("rank"), *columns)
        .where(match(table, words), table.deleted_at.is_(None))
        .order_by(*order)
        .limit(limit)
    )

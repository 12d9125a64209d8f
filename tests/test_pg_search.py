"""Search on PostgreSQL: the SQLite search tests run again on the server, and both backends
give the same hits for the same queries (marks, case, đ, NFD input, prefixes, several words)."""

from __future__ import annotations

import unicodedata

import pytest

from giaoban.core import search
from giaoban.core.demo import fill_demo
from tests.test_search import (  # collected here again, on the server (``ctx`` below)
    test_any_text_is_found_by_its_own_words,
    test_demo_bulk_rows_are_searchable,
    test_every_writer_keeps_the_index,
    test_hits_carry_the_record_date_to_tell_same_titles_apart,
    test_marks_case_d_prefix_and_ranking,
)

__all__ = [
    "test_any_text_is_found_by_its_own_words",
    "test_demo_bulk_rows_are_searchable",
    "test_every_writer_keeps_the_index",
    "test_hits_carry_the_record_date_to_tell_same_titles_apart",
    "test_marks_case_d_prefix_and_ranking",
]

QUERIES = (
    "đường", "duong", "ĐƯỜNG", unicodedata.normalize("NFD", "đường"), "duon", "đườ",
    "giai phong mat bang", "Nghĩa Hưng", "kien nghi", "bồi thường", "hoi nong dan",
    "quy III 2026", "ra soat", "nuoc sach", "x", "uong", "chinh sach nguoi co cong",
)


@pytest.fixture
def ctx(pg_ctx):
    """Every test of this module on PostgreSQL."""
    return pg_ctx


def test_same_hits_on_sqlite_and_postgresql(pg_ctx, tmp_path):
    from giaoban.core.clock import Clock
    from giaoban.core.startup import open_context
    from tests.pg_fixtures import TODAY

    lite = open_context(tmp_path / "same.db", clock=Clock.at(TODAY))
    try:
        for context in (lite, pg_ctx):
            fill_demo(context, "small")
        for query in QUERIES:
            on_sqlite = search.search(lite, query, limit=1000)
            on_server = search.search(pg_ctx, query, limit=1000)
            assert {(h.type, h.id) for h in on_server} == {(h.type, h.id) for h in on_sqlite}, query
            assert len(on_server) == len(on_sqlite)
            if query in ("đường", "x"):
                assert on_server, query  # the parity is not the empty one
        # the record that holds the words best comes first on both
        for query in ("chinh sach nguoi co cong", "giai phong mat bang"):
            assert search.search(pg_ctx, query)[0].text == search.search(lite, query)[0].text
    finally:
        lite.db.dispose()

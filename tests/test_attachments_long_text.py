"""A file whose text has too many different words for PostgreSQL's word index (a tsvector holds
at most 1 MB) is still attached and found by its words on a server, as on a SQLite file."""

from __future__ import annotations

import hashlib

import pytest

from giaoban.core.search import search
from giaoban.core.services import attachments as files
from tests.attachment_files import make_task


@pytest.fixture(params=["sqlite", "postgresql"])
def office(request, ctx):
    """A context on either backend."""
    return ctx if request.param == "sqlite" else request.getfixturevalue("pg_ctx")


def _codes(count: int) -> list[str]:
    """``count`` different made-up words (like a register of serial numbers)."""
    return [hashlib.md5(str(n).encode()).hexdigest() for n in range(count)]


def _file_hits(ctx, query: str) -> list[int]:
    return [hit.id for hit in search(ctx, query) if hit.type == "attachment"]


def test_a_file_with_too_many_different_words_is_attached_and_searchable(office, tmp_path):
    words = _codes(70_000)  # about 2.3 MB of words: over PostgreSQL's 1 MB tsvector
    source = tmp_path / "Danh sách mã.txt"
    source.write_text("Danh sách mã hồ sơ\n" + " ".join(words), encoding="utf-8")
    task = make_task(office)
    added = files.add_attachment(office, "task", task, source)
    files.extract_pending(office)
    (shown,) = files.list_attachments(office, "task", task)
    assert shown.id == added.id
    assert shown.index_state == "indexed", shown.index_label
    assert files.read_attachment(office, added.id) == source.read_bytes()
    assert _file_hits(office, words[10]) == [added.id]
    assert shown.index_label == shown.not_indexed_reason  # said: only part of its words
    assert "phần đầu" in shown.index_label
    late = words[-1]  # past what fits: not found, on either backend alike
    assert _file_hits(office, late) == []


def test_a_long_text_of_few_words_is_kept_whole(office, tmp_path):
    text = "Biên bản giao ban quý IV về đường liên xã " * 60_000  # 2.5 MB, ten different words
    source = tmp_path / "Biên bản dài.txt"
    source.write_text(text, encoding="utf-8")
    task = make_task(office)
    added = files.add_attachment(office, "task", task, source)
    files.extract_pending(office)
    (shown,) = files.list_attachments(office, "task", task)
    assert (shown.id, shown.index_state, shown.not_indexed_reason) == (added.id, "indexed", "")
    assert shown.index_label == "Tìm được trong nội dung"
    assert _file_hits(office, "lien xa") == [added.id]

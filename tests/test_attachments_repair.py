"""Attaching the right bytes again mends a damaged stored file of the same SHA-256: the stored
bytes replaced, the text read again, each file's history saying so, `giaoban check` clean — on a
SQLite file and on the PostgreSQL server."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from giaoban.core import operations
from giaoban.core.checks import check_database
from giaoban.core.errors import GiaobanError
from giaoban.core.search import search
from giaoban.core.services import attachments as files
from giaoban.core.services import trash
from giaoban.core.services.history import history_of
from tests.attachment_files import make_docx, make_task


@pytest.fixture(params=["sqlite", "postgresql"])
def office(request, ctx, db_path):
    """(context, what `giaoban check` takes) on either backend."""
    if request.param == "sqlite":
        return ctx, db_path
    return request.getfixturevalue("pg_ctx"), request.getfixturevalue("pg_url")


def _tamper(ctx, blob_id: int) -> None:
    """Flip a byte in the middle of the stored file, keeping its length (as a bad disk would)."""
    with ctx.db.engine.begin() as conn:
        data = bytearray(conn.execute(sa.text("SELECT content FROM attachment_blob WHERE id = :i"),
                                      {"i": blob_id}).scalar_one())
        data[len(data) // 2] ^= 0xFF
        conn.execute(sa.text("UPDATE attachment_blob SET content = :c, text = '', "
                             "search_text = '' WHERE id = :i"), {"c": bytes(data), "i": blob_id})


def _blob(ctx, attachment_id: int) -> tuple[int, str]:
    with ctx.db.engine.connect() as conn:
        return tuple(conn.execute(sa.text(
            "SELECT b.id, b.index_state FROM attachment a JOIN attachment_blob b "
            "ON b.id = a.blob_id WHERE a.id = :i"), {"i": attachment_id}).one())


def test_a_damaged_file_is_mended_by_attaching_the_same_bytes_again(office, tmp_path):
    ctx, target = office
    task = make_task(ctx)
    source = make_docx(tmp_path / "Biên bản.docx", "Rà soát đường liên xã Phước Hưng")
    first = files.add_attachment(ctx, "task", task, source)
    trashed = files.add_attachment(ctx, "task", task, source, name="Bản cũ.docx")
    files.remove_attachment(ctx, trashed.id)
    files.extract_pending(ctx)
    blob_id, state = _blob(ctx, first.id)
    assert state == "indexed" and _blob(ctx, trashed.id)[0] == blob_id
    _tamper(ctx, blob_id)
    with pytest.raises(GiaobanError, match="SHA-256"):
        files.read_attachment(ctx, first.id)
    assert not check_database(target).ok

    again = operations.run(ctx, files.add_attachment, "task", task, source, name="Bản ký.docx")
    assert _blob(ctx, again.value.id) == (blob_id, "pending")  # the same blob, to be read again
    for attachment_id in (first.id, again.value.id):
        assert files.read_attachment(ctx, attachment_id) == source.read_bytes()
    trash.restore_from_trash(ctx, "attachment", [trashed.id])
    assert files.read_attachment(ctx, trashed.id) == source.read_bytes()
    report = check_database(target)
    assert report.ok, report.problems
    files.extract_pending(ctx)
    assert {h.id for h in search(ctx, "phuoc hung", types=("attachment",))} == {
        first.id, trashed.id, again.value.id}

    for attachment_id in (first.id, trashed.id):  # the files that had the damaged bytes
        mended = [r for r in history_of(ctx, "attachment", attachment_id) if r.action == "update"]
        assert len(mended) == 1 and mended[0].changes == {}
        assert "“Bản ký.docx”" in mended[0].note and "SHA-256" in mended[0].note
    assert [r.action for r in history_of(ctx, "attachment", again.value.id)] == ["create"]
    assert again.undoable
    operations.undo(ctx, again.changes)  # the new file goes; the good bytes stay
    assert [a.id for a in files.list_attachments(ctx, "task", task)] == [first.id, trashed.id]
    assert files.read_attachment(ctx, first.id) == source.read_bytes()


def test_sound_bytes_attached_again_are_neither_rewritten_nor_noted(ctx, tmp_path):
    task = make_task(ctx)
    source = make_docx(tmp_path / "a.docx", "chữ")
    first = files.add_attachment(ctx, "task", task, source)
    files.extract_pending(ctx)
    files.add_attachment(ctx, "task", task, source, name="b.docx")
    assert _blob(ctx, first.id)[1] == "indexed"  # not read again
    assert [r.action for r in history_of(ctx, "attachment", first.id)] == ["create"]

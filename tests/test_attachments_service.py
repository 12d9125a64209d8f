"""Attachments stored in the database: once per content, hash-checked on every read, renamed,
marked as signed minutes, removed to the trash and back with undo, purged with their bytes."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from sqlmodel import func, select

from giaoban.core import operations
from giaoban.core.checks import check_database
from giaoban.core.errors import GiaobanError, NotFound, ValidationError
from giaoban.core.models import Attachment, AttachmentBlob, AuditEvent, Report
from giaoban.core.services import attachments as files
from giaoban.core.services import trash
from giaoban.core.services.briefings import finalize_briefing, load_briefing, save_briefing
from giaoban.core.services.settings import save_settings
from tests.attachment_files import make_docx, make_task, png_bytes
from tests.documents_fixtures import insert_sample_briefing


def _count(ctx, model) -> int:
    with ctx.session() as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_the_same_file_twice_is_stored_once_and_comes_back_byte_identical(ctx, tmp_path):
    task = make_task(ctx)
    briefing = insert_sample_briefing(ctx, status="draft")
    source = make_docx(tmp_path / "Báo cáo MTTQ.docx", "Nội dung báo cáo")
    first = files.add_attachment(ctx, "task", task, source)
    second = files.add_attachment(ctx, "briefing", briefing, source, name="Bản sao.docx")
    assert (_count(ctx, AttachmentBlob), _count(ctx, Attachment)) == (1, 2)
    assert first.sha256 == second.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert first.name == "Báo cáo MTTQ.docx" and second.name == "Bản sao.docx"
    assert first.media_type.endswith("wordprocessingml.document")
    assert [a.id for a in files.list_attachments(ctx, "task", task)] == [first.id]
    out = files.save_attachment_copy(ctx, second.id, tmp_path / "copy.docx")
    assert out.read_bytes() == source.read_bytes()
    assert files.read_attachment(ctx, first.id) == source.read_bytes()


def test_a_copy_keeps_any_bytes_even_under_a_misleading_name(ctx, tmp_path):
    task = make_task(ctx)
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(png_bytes())
    info = files.add_attachment(ctx, "task", task, fake)
    assert info.media_type == "image/png"
    copy = files.save_attachment_copy(ctx, info.id, tmp_path / "copy.pdf")
    assert copy.read_bytes() == png_bytes()


def _tamper(db_path, blob_id: int) -> None:
    conn = sqlite3.connect(db_path)
    data = bytearray(conn.execute("SELECT content FROM attachment_blob WHERE id = ?",
                                  (blob_id,)).fetchone()[0])
    data[len(data) // 2] ^= 0xFF
    conn.execute("UPDATE attachment_blob SET content = ? WHERE id = ?", (bytes(data), blob_id))
    conn.commit()
    conn.close()


def test_tampered_bytes_are_refused_and_the_check_names_the_file(ctx, db_path, tmp_path):
    task = make_task(ctx)
    info = files.add_attachment(ctx, "task", task, make_docx(tmp_path / "a.docx", "chữ"))
    assert check_database(db_path).ok
    with ctx.session() as session:
        blob_id = session.get(Attachment, info.id).blob_id
    _tamper(db_path, blob_id)
    with pytest.raises(GiaobanError, match="SHA-256"):
        files.read_attachment(ctx, info.id)
    target = tmp_path / "out.docx"
    with pytest.raises(GiaobanError, match="bị hỏng"):
        files.save_attachment_copy(ctx, info.id, target)
    assert not target.exists()
    report = check_database(db_path)
    assert not report.ok
    assert any("“a.docx”" in line and "SHA-256" in line for line in report.problems)


def test_remove_goes_to_the_trash_and_undo_brings_it_back(ctx, tmp_path):
    task = make_task(ctx)
    info = files.add_attachment(ctx, "task", task, make_docx(tmp_path / "a.docx", "x"))
    removed = operations.run(ctx, files.remove_attachment, info.id)
    assert removed.undoable and "attachment" in removed.kinds
    assert files.list_attachments(ctx, "task", task) == []
    assert [(r.entity, r.title) for r in trash.list_trash(ctx)] == [("attachment", "a.docx")]
    operations.undo(ctx, removed.changes)
    assert [a.id for a in files.list_attachments(ctx, "task", task)] == [info.id]
    with pytest.raises(NotFound):
        files.remove_attachment(ctx, 999)


def test_add_and_rename_are_undone_too(ctx, tmp_path):
    task = make_task(ctx)
    added = operations.run(ctx, files.add_attachment, "task", task,
                           make_docx(tmp_path / "a.docx", "x"))
    renamed = operations.run(ctx, files.rename_attachment, added.value.id, "  Kế hoạch.docx ")
    assert files.get_attachment(ctx, added.value.id).name == "Kế hoạch.docx"
    operations.undo(ctx, renamed.changes)
    assert files.get_attachment(ctx, added.value.id).name == "a.docx"
    operations.undo(ctx, added.changes)
    assert files.list_attachments(ctx, "task", task) == []
    operations.redo(ctx, added.changes)
    assert len(files.list_attachments(ctx, "task", task)) == 1


@pytest.mark.parametrize(("name", "field"), [("", "name"), ("   ", "name"), ("a/b.pdf", "name"),
                                             ("a\\b.pdf", "name"), ("dòng\nhai", "name"),
                                             ("nul\x00.pdf", "name"), ("x" * 256, "name")])
def test_a_bad_name_is_refused_and_nothing_changes(ctx, tmp_path, name, field):
    task = make_task(ctx)
    info = files.add_attachment(ctx, "task", task, make_docx(tmp_path / "a.docx", "x"))
    with pytest.raises(ValidationError) as caught:
        files.rename_attachment(ctx, info.id, name)
    assert field in caught.value.errors
    with pytest.raises(ValidationError):
        files.add_attachment(ctx, "task", task, tmp_path / "a.docx", name=name)
    assert [a.name for a in files.list_attachments(ctx, "task", task)] == ["a.docx"]


def test_a_file_over_the_limit_is_refused_with_nothing_stored(ctx, tmp_path):
    task = make_task(ctx)
    save_settings(ctx, {"attachment_max_mb": "1"})
    big = tmp_path / "lớn.bin"
    big.write_bytes(b"\x01" * (1024 * 1024 + 1))
    events = _count(ctx, AuditEvent)
    with pytest.raises(ValidationError) as caught:
        files.add_attachment(ctx, "task", task, big)
    assert "quá giới hạn 1 MB" in caught.value.errors["file"]
    assert (_count(ctx, AttachmentBlob), _count(ctx, Attachment)) == (0, 0)
    assert _count(ctx, AuditEvent) == events
    big.write_bytes(b"\x01" * (1024 * 1024))
    assert files.add_attachment(ctx, "task", task, big).size == 1024 * 1024
    with pytest.raises(ValidationError):
        save_settings(ctx, {"attachment_max_mb": "0"})


def test_missing_files_empty_files_and_missing_owners_are_clear_errors(ctx, tmp_path):
    task = make_task(ctx)
    with pytest.raises(GiaobanError, match="Không tìm thấy tệp"):
        files.add_attachment(ctx, "task", task, tmp_path / "không có.pdf")
    (tmp_path / "rỗng.txt").write_bytes(b"")
    with pytest.raises(ValidationError, match="rỗng"):
        files.add_attachment(ctx, "task", task, tmp_path / "rỗng.txt")
    source = make_docx(tmp_path / "a.docx", "x")
    with pytest.raises(NotFound, match="nhiệm vụ số 999"):
        files.add_attachment(ctx, "task", 999, source)
    with pytest.raises(ValidationError):
        files.add_attachment(ctx, "person", 1, source)
    trash.move_to_trash(ctx, "task", [task])
    with pytest.raises(NotFound):
        files.add_attachment(ctx, "task", task, source)
    assert _count(ctx, Attachment) == 0


def test_signed_minutes_only_on_a_finalized_briefing(ctx, tmp_path):
    briefing = insert_sample_briefing(ctx, status="draft")
    scan = tmp_path / "Biên bản đã ký.png"
    scan.write_bytes(png_bytes())
    with pytest.raises(ValidationError) as caught:
        files.add_attachment(ctx, "briefing", briefing, scan, signed_minutes=True)
    assert "chưa chốt biên bản" in caught.value.errors["signed_minutes"]
    info = files.add_attachment(ctx, "briefing", briefing, scan)
    with pytest.raises(ValidationError, match="chưa chốt"):
        files.set_signed_minutes(ctx, info.id, True)
    finalize_briefing(ctx, briefing)
    marked = operations.run(ctx, files.set_signed_minutes, info.id, True)
    assert files.get_attachment(ctx, info.id).signed_minutes
    operations.undo(ctx, marked.changes)
    assert not files.get_attachment(ctx, info.id).signed_minutes
    task = make_task(ctx)
    with pytest.raises(ValidationError, match="cuộc giao ban"):
        files.add_attachment(ctx, "task", task, scan, signed_minutes=True)


def test_purging_takes_the_bytes_only_when_nothing_uses_them(ctx, tmp_path):
    task, other = make_task(ctx), make_task(ctx, "Nhiệm vụ khác")
    source = make_docx(tmp_path / "a.docx", "x")
    one = files.add_attachment(ctx, "task", task, source)
    files.add_attachment(ctx, "task", other, source)
    files.remove_attachment(ctx, one.id)
    assert trash.purge(ctx, "attachment", [one.id]) == 1
    assert (_count(ctx, Attachment), _count(ctx, AttachmentBlob)) == (1, 1)
    trash.move_to_trash(ctx, "task", [other])
    assert trash.empty_trash(ctx) == 1  # the task: its file goes with it, then its bytes
    assert (_count(ctx, Attachment), _count(ctx, AttachmentBlob)) == (0, 0)
    with ctx.session() as session:
        purged = session.exec(select(AuditEvent).where(AuditEvent.entity == "attachment",
                                                       AuditEvent.action == "purge")).all()
    assert len(purged) == 2


def test_a_briefing_purged_takes_its_files_and_its_reports_files(ctx, tmp_path):
    briefing = insert_sample_briefing(ctx, status="draft")
    with ctx.session() as session:
        report = session.exec(select(Report).where(Report.briefing_id == briefing)).first()
    files.add_attachment(ctx, "report", report.id, make_docx(tmp_path / "r.docx", "báo cáo"))
    files.add_attachment(ctx, "briefing", briefing, make_docx(tmp_path / "b.docx", "biên bản"))
    trash.move_to_trash(ctx, "briefing", [briefing])
    with pytest.raises(NotFound):  # the report's briefing is in the trash
        files.add_attachment(ctx, "report", report.id, tmp_path / "r.docx")
    trash.empty_trash(ctx)
    assert (_count(ctx, Attachment), _count(ctx, AttachmentBlob)) == (0, 0)


def test_a_reports_files_follow_it_when_the_editor_saves_the_briefing(ctx, tmp_path):
    briefing = insert_sample_briefing(ctx, status="draft")
    with ctx.session() as session:
        mttq, farmers = session.exec(select(Report).where(Report.briefing_id == briefing)
                                     .order_by(Report.position)).all()
    on_mttq = files.add_attachment(ctx, "report", mttq.id, make_docx(tmp_path / "m.docx", "m"))
    on_farmers = files.add_attachment(ctx, "report", farmers.id,
                                      make_docx(tmp_path / "n.docx", "n"))
    draft = load_briefing(ctx, briefing)
    draft.document_number = ""  # the sample's "15" is not a minutes number the editor keeps
    draft.reports = [draft.reports[1], draft.reports[0]]  # swapped: files go with their body
    draft.reports[0].title = "Báo cáo tình hình nông dân (sửa)"
    save_briefing(ctx, draft)
    with ctx.session() as session:
        now = {r.organization_id: r.id for r in session.exec(
            select(Report).where(Report.briefing_id == briefing))}
    assert files.get_attachment(ctx, on_mttq.id).owner_id == now[mttq.organization_id]
    assert files.get_attachment(ctx, on_farmers.id).owner_id == now[farmers.organization_id]
    draft = load_briefing(ctx, briefing)
    draft.reports = [r for r in draft.reports if r.organization_id == mttq.organization_id]
    save_briefing(ctx, draft)  # the farmers' report is gone: its file stays with the briefing
    moved = files.get_attachment(ctx, on_farmers.id)
    assert (moved.owner_kind, moved.owner_id) == ("briefing", briefing)

"""A report's files moved by the briefing editor's save are in the files' history, written in the
save's own transaction (a failed save moves nothing and records nothing)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from giaoban.core.models import Report
from giaoban.core.services import attachments as files
from giaoban.core.services import briefings, directory
from giaoban.core.services.briefings import load_briefing, save_briefing
from giaoban.core.services.history import history_of
from tests.attachment_files import make_docx
from tests.documents_fixtures import insert_sample_briefing


def _reports(ctx, briefing: int) -> list[Report]:
    with ctx.session() as session:
        return list(session.exec(select(Report).where(Report.briefing_id == briefing)
                                 .order_by(Report.position)))


def _moves(ctx, attachment_id: int) -> list[tuple[str, dict, str]]:
    return [(row.user, row.changes, row.note) for row in history_of(ctx, "attachment", attachment_id)
            if row.action == "update"]


def test_files_moved_by_a_save_are_in_their_history(ctx, tmp_path):
    briefing = insert_sample_briefing(ctx, status="draft")
    mttq, farmers = _reports(ctx, briefing)
    on_mttq = files.add_attachment(ctx, "report", mttq.id, make_docx(tmp_path / "m.docx", "m"))
    on_farmers = files.add_attachment(ctx, "report", farmers.id,
                                      make_docx(tmp_path / "n.docx", "n"))
    draft = load_briefing(ctx, briefing)
    draft.document_number = ""
    draft.reports = [draft.reports[1], draft.reports[0]]  # swapped: each file follows its body
    save_briefing(ctx, draft)
    now = {r.organization_id: r.id for r in _reports(ctx, briefing)}
    assert now[mttq.organization_id] != mttq.id  # the file really moved to another report
    period = "Giao ban Quý III/2026"  # the ids in words (history.py): the report replaced, the new
    body = directory.get_organization(ctx, mttq.organization_id).name
    assert _moves(ctx, on_mttq.id) == [(ctx.user, {"owner_id": [
        "Báo cáo trước khi lưu lại", f"Báo cáo của {body} ({period})"]},
        "Theo báo cáo khi lưu biên bản")]
    draft = load_briefing(ctx, briefing)
    draft.reports = [r for r in draft.reports if r.organization_id == mttq.organization_id]
    save_briefing(ctx, draft)  # the farmers' report is dropped: its file goes to the briefing
    assert _moves(ctx, on_farmers.id)[0] == (
        ctx.user, {"owner_id": ["Báo cáo trước khi lưu lại", period]},
        "Báo cáo không còn trong biên bản: tệp ở lại với cuộc giao ban")
    kept = files.get_attachment(ctx, on_farmers.id)
    assert (kept.owner_kind, kept.owner_id) == ("briefing", briefing)


def test_a_failed_save_neither_moves_the_files_nor_records_a_move(ctx, tmp_path, monkeypatch):
    briefing = insert_sample_briefing(ctx, status="draft")
    mttq, farmers = _reports(ctx, briefing)
    on_farmers = files.add_attachment(ctx, "report", farmers.id,
                                      make_docx(tmp_path / "n.docx", "n"))
    draft = load_briefing(ctx, briefing)
    draft.document_number = ""
    draft.reports = [r for r in draft.reports if r.organization_id == mttq.organization_id]

    def broken(*_args, **_kwargs):  # after the files were moved, inside the save
        raise RuntimeError("disk gone")

    monkeypatch.setattr(briefings, "write_aspirations", broken)
    with pytest.raises(RuntimeError):
        save_briefing(ctx, draft)
    kept = files.get_attachment(ctx, on_farmers.id)
    assert (kept.owner_kind, kept.owner_id) == ("report", farmers.id)
    assert _moves(ctx, on_farmers.id) == []

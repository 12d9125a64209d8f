"""A file's history says what it belonged to in words a secretary reads ("Thuộc: Báo cáo của …"),
not "owner_id: 5 → 9": files moved between reports by the briefing editor's save, and to the
briefing when their report is dropped."""

from __future__ import annotations

import datetime as dt

import pytest

from giaoban.core.kinds import kind
from giaoban.core.services import aspirations, directory
from giaoban.core.services import attachments as files
from giaoban.core.services.briefings import load_briefing, save_briefing
from giaoban.core.services.history import history_of, list_history
from giaoban.ui.widgets.history_panel import describe_changes
from tests.attachment_files import make_docx
from tests.documents_fixtures import insert_sample_briefing
from tests.test_attachments_moves import _reports

pytestmark = pytest.mark.parametrize("ctx", ["sqlite", "postgresql"], indirect=True)


def _lines(ctx, attachment_id: int) -> list[str]:
    """The file's history as the "Lịch sử" tab shows it, oldest first."""
    return [describe_changes(row) for row in reversed(history_of(ctx, "attachment", attachment_id))]


def test_moves_between_reports_name_the_body_and_the_briefing(ctx, tmp_path):
    briefing = insert_sample_briefing(ctx, status="draft")
    first, second = _reports(ctx, briefing)
    bodies = {o.id: o.name for o in directory.list_organizations(ctx)}
    title = load_briefing(ctx, briefing)
    period = f"Giao ban Quý {['I', 'II', 'III', 'IV'][title.quarter - 1]}/{title.year}"
    on_first = files.add_attachment(ctx, "report", first.id, make_docx(tmp_path / "a.docx", "a"))
    on_second = files.add_attachment(ctx, "report", second.id,
                                     make_docx(tmp_path / "b.docx", "b"))
    moved = f"Báo cáo của {bodies[first.organization_id]} ({period})"
    created = _lines(ctx, on_first.id)  # the report it is on, by its body
    assert len(created) == 1 and created[0].startswith("Người thêm: ")  # who: the server's login
    assert created[0].endswith(f"; Tên: a.docx; Thuộc: {moved}; Biên bản đã ký: không")
    draft = load_briefing(ctx, briefing)
    draft.document_number = ""
    draft.reports = [draft.reports[1], draft.reports[0]]  # swapped: each file follows its body
    save_briefing(ctx, draft)

    lines = _lines(ctx, on_first.id)
    assert lines[-1] == f"Theo báo cáo khi lưu biên bản — Thuộc: Báo cáo trước khi lưu lại → {moved}"
    assert f"Thuộc: Báo cáo trước khi lưu lại ({period})" in lines[0]  # that one was replaced
    assert not any("owner" in line or "_id" in line for line in lines)

    draft = load_briefing(ctx, briefing)
    draft.reports = [r for r in draft.reports if r.organization_id == first.organization_id]
    save_briefing(ctx, draft)  # the second body's report is dropped: its file stays with the briefing
    last = _lines(ctx, on_second.id)[-1]
    assert last == ("Báo cáo không còn trong biên bản: tệp ở lại với cuộc giao ban — Thuộc: "
                    f"Báo cáo trước khi lưu lại → {period}")
    # the office's whole history names them the same way
    office = {row.id: describe_changes(row) for row in list_history(ctx, entity="attachment")}
    assert last in office.values() and not any("_id" in line for line in office.values())
    # the briefing's own line names the reports by their bodies, not "reports: [13, 12] → [13]"
    saved = describe_changes(history_of(ctx, "briefing", briefing)[0])
    names = [bodies[first.organization_id], bodies[second.organization_id]]
    assert f"Báo cáo: {names[1]}; {names[0]} → {names[0]}" in saved


def test_a_file_of_an_aspiration_names_it(ctx, tmp_path):
    body = directory.list_organizations(ctx)[0]
    row = aspirations.create_aspiration(
        ctx, raised_on=dt.date(2026, 11, 20), organization_id=body.id, kind="petition",
        field="infrastructure", content="Đề nghị sửa tuyến đường liên thôn Đông – Tây")
    added = files.add_attachment(ctx, "aspiration", row.id, make_docx(tmp_path / "c.docx", "c"))
    assert f"Thuộc: {kind('aspiration').noun} “Đề nghị sửa tuyến đường liên thôn Đông – Tây”" \
        in _lines(ctx, added.id)[0]

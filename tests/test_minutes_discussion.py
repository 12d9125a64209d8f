"""The minutes always hold the discussion part (ý kiến phát biểu, 16-HD/VPTW) — issue 15, item 6.

Typed notes are printed as typed; without them the part is summed up from the briefing's reports
and aspirations (counts and bodies read from the same data), and a draft asks for the speakers'
own words. Read back from real DOCX and PDF files.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from docx import Document as read_docx

from giaoban.core.services.document_data import BriefingDocumentData, load_briefing_document_data
from giaoban.documents.builders import build_minutes
from giaoban.documents.builders.minutes_discussion import ASK, BLANK
from giaoban.documents.output import render_to_file
from tests.documents_fixtures import insert_sample_briefing, make_ctx, pdf_pages, squash

HEADING = "Ý kiến phát biểu, thảo luận:"


@pytest.fixture
def data(tmp_path: Path) -> BriefingDocumentData:
    ctx = make_ctx(tmp_path)
    try:
        return load_briefing_document_data(ctx, insert_sample_briefing(ctx, status="draft"))
    finally:
        ctx.db.dispose()


def _part(data: BriefingDocumentData, path: Path) -> list[str]:
    """The paragraphs of the discussion part in the written DOCX (up to the conclusions)."""
    render_to_file(build_minutes(data), path)
    paragraphs = [p.text.strip() for p in read_docx(str(path)).paragraphs if p.text.strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.endswith(HEADING))
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("III. "))
    return paragraphs[start:end]


def test_typed_notes_are_the_discussion(data, tmp_path):
    part = _part(data, tmp_path / "notes.docx")
    # numbered after the reports and the bodies that only raised aspirations
    bodies = {r.organization_id for r in data.reports} | {a.organization_id for a in data.aspirations}
    assert part[0] == f"{len(bodies) + 1}. {HEADING}"
    assert part[1:] == [line.strip() for line in data.notes.splitlines() if line.strip()]


def test_without_notes_a_draft_sums_up_reports_and_aspirations_and_asks(data, qapp, tmp_path):
    data.notes = "  \n"
    part = _part(data, tmp_path / "draft.docx")
    intro = part[1]
    assert f"{len(data.reports)} báo cáo" in intro
    assert f"{len(data.aspirations)} ý kiến, kiến nghị của Nhân dân" in intro
    lines = [p for p in part if p.startswith("- ")]
    reporters = [r.organization for r in data.reports]
    raised_only = sorted({a.organization for a in data.aspirations} - set(reporters))
    assert [line.split(" (")[0].split(":")[0][2:] for line in lines] == reporters + raised_only
    for report in data.reports:
        line = next(x for x in lines if x.startswith(f"- {report.organization}"))
        assert f"đồng chí {report.presenter}" in line
        raised = [a for a in data.aspirations if a.organization_id == report.organization_id]
        assert f"phản ánh {len(raised)} ý kiến" in line
    assert part[-1] == ASK

    pdf = tmp_path / "draft.pdf"
    render_to_file(build_minutes(data), pdf)
    flat = squash("".join(pdf_pages(pdf)))
    # the request may run onto the next page (whose number pypdf reads in between): its first
    # sentence is enough to know it is there
    assert squash(HEADING) in flat and squash(ASK.split(". ")[0]) in flat


def test_a_finalized_minutes_keeps_the_summary_without_the_request(data, tmp_path):
    data = dataclasses.replace(data, notes="", status="finalized")
    part = _part(data, tmp_path / "final.docx")
    assert len(part) == 2 + len({r.organization_id for r in data.reports}
                                | {a.organization_id for a in data.aspirations})
    assert ASK not in part and BLANK not in part


@pytest.mark.parametrize(("status", "last"), [("draft", ASK), ("finalized", BLANK)])
def test_nothing_to_sum_up_still_leaves_the_part(data, tmp_path, status, last):
    data = dataclasses.replace(data, notes="", status=status, reports=[], aspirations=[])
    part = _part(data, tmp_path / f"{status}.docx")
    assert part == [f"1. {HEADING}", last]

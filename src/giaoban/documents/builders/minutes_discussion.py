"""The minutes' discussion part (ý kiến phát biểu, thảo luận), as Hướng dẫn 16-HD/VPTW asks.

16-HD wants every minutes to record what was said at the meeting, in order. The secretary types
the speakers' words in the briefing's notes; when none were typed the part is still printed,
summed up from what the briefing holds — each body's report and the aspirations it raised — and
a draft says plainly what is still to be written, so nothing is signed with the part missing.
"""

from __future__ import annotations

from collections import Counter

from giaoban.core.enums import AspirationField
from giaoban.core.services.document_data import AspirationInfo, BriefingDocumentData
from giaoban.documents.blocks import Block, Paragraph, Run, format_count
from giaoban.documents.builders import common

ASK = (
    "(Dự thảo: chưa ghi ý kiến phát biểu của từng đại biểu. Phần trên được tổng hợp từ các báo "
    "cáo và tâm tư, kiến nghị của Nhân dân; hãy ghi họ tên, chức vụ và nội dung phát biểu của "
    "từng đại biểu vào ô “Ghi chú” của cuộc giao ban trước khi chốt.)"
)
BLANK = "……………………………………………………"


def discussion(data: BriefingDocumentData, number: int) -> list[Block]:
    """'N. Ý kiến phát biểu, thảo luận:' then the typed notes, or a summary built from the
    reports and aspirations (a draft also asks for the speakers' own words)."""
    blocks: list[Block] = [
        Paragraph([Run(f"{number}. Ý kiến phát biểu, thảo luận:", bold=True)], keep_with_next=True)
    ]
    notes = [line for line in data.notes.splitlines() if line.strip()]
    if notes:
        return blocks + [Paragraph.of(line) for line in notes]
    summary = _summary(data)
    blocks += summary
    if data.status != "finalized":
        blocks.append(Paragraph.of(Run(ASK, italic=True)))
    elif not summary:
        blocks.append(Paragraph.of(BLANK))
    return blocks


def _fields(aspirations: list[AspirationInfo]) -> str:
    """'lĩnh vực đất đai' for one field; 'các lĩnh vực: đất đai (2 ý kiến), khác (1 ý kiến)' for
    several, most raised first and "khác" last."""
    other = common.word(common.ASPIRATION_FIELDS, AspirationField.OTHER.value)
    counts = Counter(common.word(common.ASPIRATION_FIELDS, a.field) for a in aspirations)
    if len(counts) == 1:
        return f"lĩnh vực {next(iter(counts))}"
    ranked = sorted(counts.items(), key=lambda item: (item[0] == other, -item[1]))
    return "các lĩnh vực: " + ", ".join(f"{name} ({format_count(n)} ý kiến)" for name, n in ranked)


def _summary(data: BriefingDocumentData) -> list[Block]:
    """One sentence on what was discussed, then one line per body (reports first, in order)."""
    if not data.reports and not data.aspirations:
        return []
    topics = [f"{format_count(len(data.reports))} báo cáo"] if data.reports else []
    if data.aspirations:
        topics.append(f"{format_count(len(data.aspirations))} ý kiến, kiến nghị của Nhân dân do "
                      "các cơ quan, đơn vị phản ánh")
    intro = f"Các đại biểu dự hội nghị thảo luận, làm rõ thêm nội dung {' và '.join(topics)}"
    intro += f", tập trung vào {_fields(data.aspirations)}." if data.aspirations else "."
    lines: list[tuple[str, str, str, list[AspirationInfo]]] = []  # body, presenter, report, raised
    seen: set[int | None] = set()
    for report in data.reports:
        raised = [a for a in data.aspirations if a.organization_id == report.organization_id]
        if report.organization_id in seen:
            raised = []
        seen.add(report.organization_id)
        lines.append((report.organization, report.presenter, report.title, raised))
    others: dict[int, list[AspirationInfo]] = {}
    for a in data.aspirations:
        if a.organization_id not in seen:
            others.setdefault(a.organization_id, []).append(a)
    lines += [(raised[0].organization, "", "", raised) for raised in others.values()]
    blocks: list[Block] = [Paragraph.of(intro, keep_with_next=True)]
    for i, (body, presenter, title, raised) in enumerate(lines):
        parts = [common.lower_first(title.rstrip(" ."))] if title.strip() else []
        if raised:
            parts.append(f"phản ánh {format_count(len(raised))} ý kiến về {_fields(raised)}")
        who = f"{body or 'Báo cáo'}" + (f" (đồng chí {presenter})" if presenter else "")
        what = "; ".join(parts) or "trình bày báo cáo"
        end = "." if i == len(lines) - 1 else ";"
        blocks.append(Paragraph.of(f"- {who}: {what}{end}", space_after_pt=0))
    return blocks

"""THÔNG BÁO KẾT LUẬN (symbol TB): the Standing Committee's conclusions and who does what."""

from __future__ import annotations

import datetime as dt

from giaoban.core.services.document_data import BriefingDocumentData, TaskInfo
from giaoban.core.text import document_date
from giaoban.documents.blocks import (
    Block,
    Document,
    NumberedList,
    Paragraph,
    Run,
    SignatureRow,
    format_day,
)
from giaoban.documents.builders import common
from giaoban.documents.settings import DocumentSettings


def build_notice(
    data: BriefingDocumentData,
    settings: DocumentSettings | None = None,
    *,
    number: str | int = "",
    issued_on: dt.date | None = None,
    draft: bool | None = None,
) -> Document:
    """The notice of conclusions of one briefing.

    The notice has its own number (the register's, the briefing's is the minutes'), so it prints
    blank for the office to fill in unless ``number`` is given; it is dated ``issued_on``
    (default: today). ``draft`` marks it DỰ THẢO (default: unless the briefing is finalized).
    """
    settings = settings or DocumentSettings.from_mapping(data.settings)
    status = data.status if draft is None else ("draft" if draft else "issued")
    caption = common.briefing_caption(data.kind, data.year, data.quarter, data.title)
    standing = settings.standing_committee
    blocks: list[Block] = [
        common.header(settings, settings.notice_symbol, number, issued_on or data.today),
        *common.draft_mark(settings, status),
        common.title(settings, settings.notice_title, f"Kết luận của {standing} tại hội nghị {caption}"),
        Paragraph.of(_intro(data, standing, caption)),
    ]
    by_conclusion: dict[int, list[TaskInfo]] = {}
    loose: list[TaskInfo] = []
    known = {c.id for c in data.conclusions}
    for task in data.tasks:
        if task.conclusion_id in known:
            by_conclusion.setdefault(task.conclusion_id or 0, []).append(task)
        else:
            loose.append(task)
    if data.conclusions:
        blocks.append(
            NumberedList(
                items=[[Run(c.text)] for c in data.conclusions],
                sub_items={
                    i: [_task_runs(t, settings) for t in by_conclusion.get(c.id, [])]
                    for i, c in enumerate(data.conclusions)
                    if c.id in by_conclusion
                },
            )
        )
    else:
        blocks.append(Paragraph.of("……………………………………………………"))
    if loose:
        blocks.append(Paragraph([Run("Giao nhiệm vụ cụ thể như sau:", bold=True)], keep_with_next=True))
        blocks += [Paragraph(_task_runs(t, settings)) for t in loose]
    blocks += [
        Paragraph.of(settings.notice_tracking_line),
        Paragraph.of(settings.notice_closing_line),
        SignatureRow(
            [common.signer(settings.signing_mode, settings.signer_title, settings.signer_name,
                           data.chair.name if data.chair else "")],
            recipients=common.recipients(settings, settings.recipients),
        ),
    ]
    return Document(
        setup=settings.page_setup(),
        blocks=blocks,
        title=f"Thông báo kết luận hội nghị {caption}",
        kind="notice",
    )


def _intro(data: BriefingDocumentData, standing: str, caption: str) -> str:
    when = common.upper_first(document_date(data.held_on)) if data.held_on else f"Năm {data.year}"
    where = f" tại {data.place}" if data.place else ""
    bodies = _join([r.organization for r in data.reports if r.organization])
    heard = f"{bodies} báo cáo" if bodies else "báo cáo của các cơ quan, đơn vị"
    return (
        f"{when}, {standing} tổ chức hội nghị {caption}{where}. "
        f"Sau khi nghe {heard} và ý kiến thảo luận, {standing} kết luận như sau:"
    )


def _join(names: list[str]) -> str:
    """'A, B và C' with each name once, in order."""
    unique = list(dict.fromkeys(names))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " và " + unique[-1]


def _task_runs(task: TaskInfo, settings: DocumentSettings) -> list[Run]:
    """'- Giao X chủ trì, phối hợp với Y, Z …; hoàn thành trước ngày …; báo cáo kết quả về …'"""
    support = f", phối hợp với {_join(list(task.supporting_units))}" if task.supporting_units else ""
    due = f"; hoàn thành trước ngày {format_day(task.due_on)}" if task.due_on else ""
    what = common.lower_first(task.title.rstrip(". "))
    return [
        Run("- Giao "),
        Run(task.lead_unit, bold=True),
        Run(f" chủ trì{support} {what}{due}; báo cáo kết quả về {settings.report_to}."),
    ]

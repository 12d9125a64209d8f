"""BIÊN BẢN (symbol BB): the minutes of a briefing, in the order of DOCUMENTS.md."""

from __future__ import annotations

from collections import defaultdict

from giaoban.core.services.document_data import AttendeeInfo, BriefingDocumentData
from giaoban.core.text import document_date
from giaoban.documents.blocks import (
    Align,
    Block,
    Column,
    Document,
    FieldCode,
    Heading,
    NumberedList,
    Paragraph,
    Run,
    SignatureRow,
    Signer,
    Table,
    TableRow,
    format_count,
)
from giaoban.documents.builders import common
from giaoban.documents.builders.minutes_discussion import discussion
from giaoban.documents.settings import DocumentSettings

MEMBER_ROLES = ("chair", "secretary", "member")


def build_minutes(data: BriefingDocumentData, settings: DocumentSettings | None = None) -> Document:
    """The minutes of one briefing as blocks (header, title, opening lines, sections, signatures)."""
    settings = settings or DocumentSettings.from_mapping(data.settings)
    caption = common.briefing_caption(data.kind, data.year, data.quarter, data.title)
    on = data.held_on or data.today
    blocks: list[Block] = [
        common.header(settings, settings.minutes_symbol, data.document_number, on),
        *common.draft_mark(settings, data.status),
        common.title(settings, settings.minutes_title, f"Hội nghị {caption}"),
    ]
    blocks += _opening(data, caption)
    blocks += _attendance(data.attendees)
    blocks += _proceedings(data)
    blocks += _conclusions(data, settings)
    blocks += _closing(data, settings)
    return Document(
        setup=settings.page_setup(),
        blocks=blocks,
        title=f"Biên bản hội nghị {caption}",
        kind="minutes",
    )


def _opening(data: BriefingDocumentData, caption: str) -> list[Block]:
    when = f"vào hồi {common.clock(data.start_time)}, {document_date(data.held_on)}." if (
        data.held_on
    ) else f"vào hồi {common.clock(data.start_time)}, ngày …… tháng …… năm {data.year}."
    documents = "; ".join(
        f"{r.title} ({r.organization})" if r.organization and r.title else r.title or r.organization
        for r in data.reports
    )
    return [
        common.labelled("Thời gian", when),
        common.labelled("Địa điểm", f"{data.place or '……………………'}."),
        common.labelled("Nội dung", f"{common.upper_first(caption)}."),
        common.labelled("Chủ trì", f"{common.comrade(data.chair)}."),
        common.labelled("Thư ký hội nghị", f"{common.comrade(data.secretary)}."),
        common.labelled("Tài liệu sử dụng", f"{documents or 'báo cáo của các cơ quan, đơn vị'}."),
    ]


def _who(a: AttendeeInfo, *, with_org: bool = False) -> str:
    """'Đồng chí X, title' for a person; 'Đại diện lãnh đạo <body>' for a body without a name."""
    if not a.name:
        return f"Đại diện lãnh đạo {a.organization}" if a.organization else "Đại diện (chưa ghi tên)"
    text = f"Đồng chí {a.name}, {a.title}" if a.title else f"Đồng chí {a.name}"
    return f"{text} ({a.organization})" if with_org and a.organization else text


def _person_line(a: AttendeeInfo, last: bool, *, reason: bool = False) -> Paragraph:
    text = f"- {_who(a, with_org=reason and a.role == 'invited')}"
    if reason:
        text += f" (lý do: {a.absence_reason})" if a.absence_reason else " (không rõ lý do)"
    return Paragraph.of(text + ("." if last else ";"), space_after_pt=0)


def _attendance(attendees: list[AttendeeInfo]) -> list[Block]:
    """Every attendance line the editor counts, once: members present, everyone absent (members
    and invited guests, with the reason), guests present by body. A line with only a body prints
    as that body's representative, so the counts are the editor's ("có mặt p, vắng mặt a")."""
    members = [a for a in attendees if a.role in MEMBER_ROLES]
    present = [a for a in members if a.present]
    absent = [a for a in attendees if not a.present]
    guests = [a for a in attendees if a.role == "invited" and a.present]
    blocks: list[Block] = [
        Heading("I. THÀNH PHẦN"),
        Paragraph.of(
            f"Tổng số triệu tập và mời: {format_count(len(attendees))} đồng chí; có mặt "
            f"{format_count(len(present) + len(guests))}, vắng mặt {format_count(len(absent))}."
        ),
        Paragraph(
            [Run("1. Thành viên có mặt: ", bold=True), Run(f"{format_count(len(present))} đồng chí"
                                                          + (", gồm:" if present else "."))],
            keep_with_next=True,
        ),
    ]
    blocks += [_person_line(a, i == len(present) - 1) for i, a in enumerate(present)]
    if absent:
        blocks.append(
            Paragraph(
                [Run("2. Vắng mặt: ", bold=True), Run(f"{format_count(len(absent))} đồng chí:")],
                keep_with_next=True,
            )
        )
        blocks += [_person_line(a, i == len(absent) - 1, reason=True) for i, a in enumerate(absent)]
    else:
        blocks.append(Paragraph([Run("2. Vắng mặt: ", bold=True), Run("không.")]))
    if guests:
        blocks.append(Paragraph(
            [Run("3. Khách mời: ", bold=True), Run(f"{format_count(len(guests))} đồng chí, gồm:")],
            keep_with_next=True,
        ))
        blocks += _guest_lines(guests)
    return blocks


def _guest_lines(guests: list[AttendeeInfo]) -> list[Block]:
    """Present guests grouped by body: named people, and a representative for a body-only line."""
    by_org: dict[str, list[AttendeeInfo]] = defaultdict(list)
    for guest in guests:
        by_org[guest.organization].append(guest)
    items = list(by_org.items())
    lines: list[Block] = []
    for i, (org, people) in enumerate(items):
        who = [
            f"đồng chí {p.name} ({p.title})" if p.title else f"đồng chí {p.name}"
            for p in people if p.name
        ]
        who += ["đại diện lãnh đạo"] * sum(1 for p in people if not p.name)
        end = "." if i == len(items) - 1 else ";"
        lines.append(Paragraph.of(f"- {org or 'Khách mời'}: {', '.join(who)}{end}", space_after_pt=0))
    return lines


def _aspiration_items(data: BriefingDocumentData, org_id: int) -> list[list[Run]]:
    items = []
    for a in data.aspirations:
        if a.organization_id != org_id:
            continue
        where = [f"lĩnh vực {common.word(common.ASPIRATION_FIELDS, a.field)}"]
        if a.locality:
            where.append(f"địa bàn {a.locality}")
        if a.people_concerned:
            where.append(f"liên quan: {a.people_concerned}")
        items.append(
            [
                Run(f"{common.word(common.ASPIRATION_KINDS, a.kind)}: ", italic=True),
                Run(f"{a.content.rstrip('. ')} ({'; '.join(where)})."),
            ]
        )
    return items


def _proceedings(data: BriefingDocumentData) -> list[Block]:
    blocks: list[Block] = [Heading("II. DIỄN BIẾN HỘI NGHỊ")]
    done_orgs: set[int] = set()
    number = 0
    for report in data.reports:
        number += 1
        who = f"đồng chí {report.presenter} trình bày" if report.presenter else "trình bày"
        what = f" {common.lower_first(report.title)}" if report.title else " báo cáo"
        blocks.append(
            Paragraph(
                [Run(f"{number}. {report.organization or 'Báo cáo'}", bold=True), Run(f": {who}{what}.")],
                keep_with_next=True,
            )
        )
        blocks += [Paragraph.of(line) for line in report.summary.splitlines() if line.strip()]
        if report.organization_id is not None and report.organization_id not in done_orgs:
            done_orgs.add(report.organization_id)
            blocks += _aspiration_section(data, report.organization_id, report.organization)
    others: dict[int, str] = {}
    for a in data.aspirations:
        if a.organization_id not in done_orgs:
            others.setdefault(a.organization_id, a.organization)
    for org_id, org in others.items():
        number += 1
        blocks.append(
            Paragraph(
                [Run(f"{number}. {org}", bold=True), Run(": phản ánh tâm tư, nguyện vọng của Nhân dân.")],
                keep_with_next=True,
            )
        )
        blocks += _aspiration_section(data, org_id, org)
    return blocks + discussion(data, number + 1)


def _aspiration_section(data: BriefingDocumentData, org_id: int, org: str) -> list[Block]:
    items = _aspiration_items(data, org_id)
    if not items:
        return []
    intro = Paragraph.of(
        f"Tâm tư, nguyện vọng, kiến nghị, đề xuất của Nhân dân do {org} phản ánh "
        f"({format_count(len(items))} ý kiến):",
        keep_with_next=True,
    )
    return [intro, NumberedList(items, number_format="({n})")]


def _conclusions(data: BriefingDocumentData, settings: DocumentSettings) -> list[Block]:
    blocks: list[Block] = [
        Heading("III. KẾT LUẬN CỦA CHỦ TRÌ HỘI NGHỊ"),
        Paragraph.of(
            f"Thay mặt {settings.standing_committee}, {common.comrade(data.chair)} kết luận:",
            keep_with_next=True,
        ),
    ]
    if data.conclusions:
        blocks.append(NumberedList([[Run(c.text)] for c in data.conclusions]))
    else:
        blocks.append(Paragraph.of("……………………………………………………"))
    if data.tasks:
        blocks.append(
            Paragraph([Run("Nhiệm vụ giao theo dõi thực hiện:", bold=True)], keep_with_next=True)
        )
        blocks.append(task_table(data, settings))
    return blocks


def task_table(data: BriefingDocumentData, settings: DocumentSettings) -> Table:
    """The follow-up tasks of a briefing: No., task, lead unit, supporting units, due date."""
    width = settings.page_setup().text_width_mm
    fixed = 11 + 38 + 38 + 25
    columns = [
        Column("TT", 11, Align.CENTER),
        Column("Nội dung nhiệm vụ", max(width - fixed, 30)),
        Column("Đơn vị chủ trì", 38),
        Column("Đơn vị phối hợp", 38),
        Column("Thời hạn", 25, Align.CENTER, is_date=True),
    ]
    rows = [
        TableRow([i, t.title, t.lead_unit, ", ".join(t.supporting_units), t.due_on])
        for i, t in enumerate(data.tasks, start=1)
    ]
    return Table(columns, rows, size_pt=settings.table_size_pt, name="Nhiệm vụ")


def _closing(data: BriefingDocumentData, settings: DocumentSettings) -> list[Block]:
    copies = f"{settings.minutes_copies:02d}"
    return [
        Paragraph.of(f"Hội nghị kết thúc vào hồi {common.clock(data.end_time)} cùng ngày."),
        Paragraph(
            [
                Run("Biên bản gồm "),
                Run(field=FieldCode.NUM_PAGES),
                Run(f" trang, được lập thành {copies} bản."),
            ]
        ),
        SignatureRow(
            [
                Signer(settings.minutes_secretary_title, data.secretary.name if data.secretary else ""),
                Signer(settings.minutes_chair_title, data.chair.name if data.chair else ""),
            ]
        ),
    ]

"""Blocks → the HTML subset QTextDocument understands (no Qt here; ``pdf_writer`` lays it out).

Every piece of user text goes through :func:`esc` (``html.escape``), so ``<b>``, ``&`` and quotes
print literally. Font sizes are in points. Qt is not consistent about other lengths: vertical
margins and cell padding are in document pixels (1/96 inch, which the layout scales to the paint
device), while ``text-indent`` is taken in device pixels as it is — so the builder knows both.

Pagination rules HTML cannot say are applied by ``pagination`` after a first layout. It finds
the blocks by their user state (Qt's ``-qt-user-state`` CSS property — an anchor would split the
first letter into its own text run in the PDF): every top-level paragraph has a PARAGRAPH or KEEP
(stay with what follows) state, every table row a ROW state, the signature table a SIGNATURE
state and the motto MOTTO. The builder is then called again with ``breaks``: the states before
which a new page starts (a paragraph gets ``page-break-before``; a table is split there and its
header row repeated). ``NUMPAGES_MARK`` stands for the page count until it is known.
"""

from __future__ import annotations

import html

from giaoban.documents.blocks import (
    Align,
    Document,
    DraftMark,
    HeaderBlock,
    Heading,
    NumberedList,
    PageBreak,
    PageSetup,
    Paragraph,
    Recipients,
    Run,
    SignatureRow,
    Signer,
    Table,
    Title,
    cell_text,
)
from giaoban.documents.measure import CELL_PADDING_MM, balanced_title, fitted_table

NUMPAGES_MARK = "\ue000NUMPAGES\ue001"
# Kinds of block states: state = kind * KIND + number (QTextBlock.userState is an int).
PARAGRAPH, KEEP, ROW, SIGNATURE, MOTTO = 1, 2, 3, 4, 5
KIND = 10_000_000
ROWS_PER_TABLE = 100_000
HEADER_LEFT_SHARE = 0.45
_PAGE_BREAK = (
    '<p style="page-break-before:always; margin-top:0px; margin-bottom:0px; font-size:1pt; '
    'line-height:100%"></p>'
)
QT_DOCUMENT_DPI = 96  # QTextDocument lengths are 1/96 inch, scaled to the device by Qt


def state(kind: int, number: int = 0) -> int:
    return kind * KIND + number


def kind_of(value: int) -> int:
    """The kind of a block state (0 for blocks the builder did not mark)."""
    return value // KIND if value > 0 else 0


def esc(text: str) -> str:
    """User text as literal HTML text: markup characters escaped, line breaks kept."""
    return html.escape(text, quote=True).replace("\n", "<br/>")


class HtmlBuilder:
    """Turns the blocks of one document into one HTML string for a given device resolution."""

    def __init__(
        self, setup: PageSetup, family: str, device_dpi: float, breaks: frozenset[int] = frozenset()
    ) -> None:
        self.setup = setup
        self.family = family
        self.device_dpi = device_dpi
        self.breaks = breaks
        self._counter = 0
        self._tables = 0

    def _next_state(self, keep_with_next: bool) -> int:
        self._counter += 1
        return state(KEEP if keep_with_next else PARAGRAPH, self._counter)

    def px(self, mm: float) -> int:
        """Millimetres in document pixels (margins, padding)."""
        return round(mm / 25.4 * QT_DOCUMENT_DPI)

    def device_px(self, mm: float) -> int:
        """Millimetres in device pixels (text-indent)."""
        return round(mm / 25.4 * self.device_dpi)

    def pt_px(self, pt: float) -> int:
        return round(pt / 72 * QT_DOCUMENT_DPI)

    # --- pieces -----------------------------------------------------------------------------

    def runs(self, runs: list[Run]) -> str:
        out = []
        for run in runs:
            text = NUMPAGES_MARK if run.field is not None else esc(run.text)
            if run.underline:
                text = f"<u>{text}</u>"
            if run.italic:
                text = f"<i>{text}</i>"
            if run.bold:
                text = f"<b>{text}</b>"
            out.append(text)
        return "".join(out)

    def p(
        self,
        inner: str,
        *,
        align: Align = Align.JUSTIFY,
        indent: bool = True,
        size_pt: float | None = None,
        before_pt: float = 0.0,
        after_pt: float | None = None,
        line: float | None = None,
        mark: int = 0,
        top_level: bool = False,
        keep_with_next: bool = False,
    ) -> str:
        """One paragraph; top-level ones get a numbered state and may start a new page."""
        setup = self.setup
        if top_level:
            mark = self._next_state(keep_with_next)
        after = setup.paragraph_spacing_pt if after_pt is None else after_pt
        style = [
            f"margin-top:{self.pt_px(before_pt)}px",
            f"margin-bottom:{self.pt_px(after)}px",
            f"text-indent:{self.device_px(setup.first_line_indent_mm) if indent else 0}px",
            f"line-height:{round((setup.line_spacing if line is None else line) * 100)}%",
        ]
        if size_pt is not None:
            style.append(f"font-size:{size_pt:g}pt")
        if mark:
            style.append(f"-qt-user-state:{mark}")
        if top_level and mark in self.breaks:
            style.append("page-break-before:always")
        return f'<p align="{align.value}" style="{"; ".join(style)}">{inner or "&nbsp;"}</p>'

    def tight(self, inner: str, *, align: Align = Align.CENTER, size_pt: float | None = None,
              before_pt: float = 0.0, mark: int = 0) -> str:
        """A paragraph without indent or spacing: header, signature and table lines."""
        return self.p(inner, align=align, indent=False, size_pt=size_pt, before_pt=before_pt,
                      after_pt=0, line=1.0, mark=mark)

    # --- blocks -----------------------------------------------------------------------------

    def block(self, block: object) -> str:
        return getattr(self, "_" + type(block).__name__.lower())(block)

    def _paragraph(self, b: Paragraph) -> str:
        runs = [Run(r.text, r.bold or b.bold, r.italic or b.italic, r.underline, r.field)
                for r in b.runs]
        return self.p(
            self.runs(runs),
            align=b.align,
            indent=b.indent,
            size_pt=b.size_pt,
            before_pt=b.space_before_pt or 0.0,
            after_pt=b.space_after_pt,
            top_level=True,
            keep_with_next=b.keep_with_next,
        )

    def _heading(self, b: Heading) -> str:
        return self.p(f"<b>{esc(b.text)}</b>", align=b.align, indent=b.indent,
                      before_pt=self.setup.paragraph_spacing_pt, top_level=True,
                      keep_with_next=True)

    def _title(self, b: Title) -> str:
        b = balanced_title(b, self.setup.text_width_mm)
        out = [self.p(f"<b>{esc(b.text)}</b>", align=Align.CENTER, indent=False,
                      size_pt=b.size_pt, before_pt=14, after_pt=0, line=1.0, top_level=True,
                      keep_with_next=True)]
        for i, line in enumerate(b.subtitle):
            last = i == len(b.subtitle) - 1
            out.append(self.p(f"<b>{esc(line)}</b>", align=Align.CENTER, indent=False,
                              size_pt=b.subtitle_size_pt, after_pt=14 if last else 0, line=1.15,
                              top_level=True, keep_with_next=True))
        return "".join(out)

    def _numberedlist(self, b: NumberedList) -> str:
        out = []
        for i, item in enumerate(b.items):
            subs = b.sub_items.get(i, [])
            out.append(self.p(esc(b.label(i) + " ") + self.runs(item), top_level=True,
                              keep_with_next=bool(subs)))
            out += [self.p(self.runs(sub), top_level=True) for sub in subs]
        return "".join(out)

    def _pagebreak(self, _b: PageBreak) -> str:
        return _PAGE_BREAK

    def _draftmark(self, _b: DraftMark) -> str:
        return ""  # drawn by the painter on every page (pdf_writer.draw_draft_mark)

    def _recipients(self, b: Recipients, mark: int = 0) -> str:
        lines = [self.tight(f"<b><i>{esc(b.heading)}</i></b>", align=Align.LEFT, size_pt=b.size_pt,
                            mark=mark)]
        lines += [self.tight(esc(f"- {line}"), align=Align.LEFT, size_pt=b.size_pt) for line in b.lines]
        return "".join(lines)

    def _table(self, b: Table) -> str:
        """A bordered table, split into parts (each with its header) where ``breaks`` say."""
        b = fitted_table(b)
        self._tables += 1
        total = max(b.width_mm, 1.0)
        share = min(total / self.setup.text_width_mm, 1.0) * 100
        head = "".join(
            f'<th width="{c.width_mm / total * 100:.2f}%" valign="middle">'
            f"{self.tight(f'<b>{esc(c.header)}</b>', size_pt=b.size_pt)}</th>"
            for c in b.columns
        )
        def opening(first: bool, last: bool) -> str:
            # The margin only after the last part (a margin at a page bottom would move the
            # next part one page further), the page break on the part itself (a paragraph
            # between the parts could fall onto the next page and do the same).
            style = "border-collapse:collapse; border-color:#000000; border-style:solid"
            if last:
                style += f"; margin-bottom:{self.pt_px(self.setup.paragraph_spacing_pt)}px"
            if not first:
                style += "; page-break-before:always"
            return (
                f'<table width="{share:.2f}%" align="center" border="1" cellspacing="0" '
                f'cellpadding="{self.px(CELL_PADDING_MM)}" style="{style}"><thead><tr>{head}</tr></thead>'
            )

        parts: list[list[str]] = [[]]
        index = 0
        for group, members in b.grouped():
            rows: list[tuple[bool, str, list[str]]] = []
            if group and b.group_header:
                rows.append((True, group, []))
            rows += [(False, "", [cell_text(v) for v in row.cells]) for row in members]
            for is_group, label, cells in rows:
                mark = state(ROW, self._tables * ROWS_PER_TABLE + index)
                if mark in self.breaks and index:
                    parts.append([])
                parts[-1].append(self._row(b, mark, is_group, label, cells))
                index += 1
        return "".join(
            opening(i == 0, i == len(parts) - 1) + "".join(rows_html) + "</table>"
            for i, rows_html in enumerate(parts)
        )

    def _row(self, b: Table, mark: int, is_group: bool, label: str, cells: list[str]) -> str:
        if is_group:
            inner = self.tight(f"<b>{esc(label)}</b>", align=Align.LEFT, size_pt=b.size_pt,
                               mark=mark)
            return f'<tr><td colspan="{len(b.columns)}">{inner}</td></tr>'
        tds = []
        for i, (column, text) in enumerate(zip(b.columns, cells, strict=True)):
            inner = self.tight(esc(text), align=column.align, size_pt=b.size_pt,
                               mark=mark if i == 0 else 0)
            tds.append(f'<td valign="top">{inner}</td>')
        return f"<tr>{''.join(tds)}</tr>"

    def _headerblock(self, b: HeaderBlock) -> str:
        left = f"{HEADER_LEFT_SHARE * 100:.0f}%"
        right = f"{(1 - HEADER_LEFT_SHARE) * 100:.0f}%"
        size = b.size_pt
        return (
            '<table width="100%" border="0" cellspacing="0" cellpadding="0">'
            f'<tr><td width="{left}" valign="top">'
            f"{self.tight(esc(b.superior_body), size_pt=size)}"
            f"{self.tight(f'<b>{esc(b.issuing_body)}</b>', size_pt=size)}"
            f"{self.tight(esc(b.star), size_pt=size)}</td>"
            f'<td width="{right}" valign="top">'
            f"{self.tight(f'<b>{esc(b.motto)}</b>', size_pt=b.motto_size_pt, mark=state(MOTTO))}"
            "</td></tr>"
            f'<tr><td valign="bottom">{self.tight(esc(b.number), size_pt=size, before_pt=4)}</td>'
            f'<td valign="bottom">{self.tight(f"<i>{esc(b.place_date)}</i>", size_pt=size, before_pt=4)}'
            "</td></tr></table>"
        )

    def _signer(self, s: Signer | None, mark: int) -> str:
        if s is None:
            return ""
        size = self.setup.body_size_pt
        out = []
        if s.authority:
            out.append(self.tight(f"<b>{esc(s.authority)}</b>", size_pt=size, mark=mark))
            mark = 0
        out.append(self.tight(f"<b>{esc(s.title)}</b>", size_pt=size, mark=mark))
        out += [self.tight("&nbsp;", size_pt=size) for _ in range(s.space_lines)]
        out.append(self.tight(f"<b>{esc(s.name)}</b>" if s.name else "&nbsp;", size_pt=size))
        return "".join(out)

    def _signaturerow(self, b: SignatureRow) -> str:
        signers: list[Signer | None] = list(b.signers)
        if b.recipients is not None or len(signers) == 1:
            signers = [None, *signers[:1]]
        while len(signers) < 2:
            signers.append(None)
        self._counter += 1
        keep = state(SIGNATURE, self._counter)
        right = self._signer(signers[1], keep)
        left_mark = 0 if right else keep
        if b.recipients is not None:
            left = self._recipients(b.recipients, left_mark)
        else:
            left = self._signer(signers[0], left_mark)
        space = self.pt_px(self.setup.paragraph_spacing_pt * 2)
        return (
            f'<table width="100%" border="0" cellspacing="0" cellpadding="0" '
            f'style="margin-top:{space}px">'
            f'<tr><td width="50%" valign="top">{left or "&nbsp;"}</td>'
            f'<td width="50%" valign="top">{right or "&nbsp;"}</td></tr></table>'
        )

    # --- whole document ---------------------------------------------------------------------

    def document(self, document: Document) -> str:
        body = "".join(self.block(block) for block in document.blocks)
        family = esc(self.family)
        return (
            "<html><head><meta charset='utf-8'/></head>"
            f"<body style=\"font-family:'{family}'; font-size:{self.setup.body_size_pt:g}pt\">"
            f"{body}</body></html>"
        )


def to_html(
    document: Document, family: str, device_dpi: float, breaks: frozenset[int] = frozenset()
) -> str:
    """The HTML of ``document`` for a device of ``device_dpi`` dots per inch, in ``family``,
    with a new page before each block state in ``breaks``."""
    return HtmlBuilder(document.setup, family, device_dpi, breaks).document(document)

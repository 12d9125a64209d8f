"""Render a :class:`Document` to a Word file (python-docx; no Qt).

The header is a borderless 2 × 2 table (superior/issuing body and motto on the first row, number
and place-date on the second so they share a line), tables repeat their header row on every page
(``w:tblHeader``), and page numbers appear from page 2, centred in the top margin (a different
first-page header plus a PAGE field in the default header).
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from giaoban.core.files import write_all
from giaoban.documents import docx_marks as marks
from giaoban.documents import docx_styles as st
from giaoban.documents.blocks import (
    Document,
    DraftMark,
    FieldCode,
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
    field_instruction,
    field_text,
    printable_document,
)
from giaoban.documents.measure import (
    CELL_PADDING_MM,
    balanced_title,
    fitted_table,
    row_height_pt,
)

MOTTO_SLACK_PT = 0.75  # per side: the line is 0.5 mm longer than the text, which never wraps


def _sizes(document: Document) -> st.Sizes:
    """The style sizes the builder chose, read back from the first block of each kind."""
    def first(kind: type, attribute: str, default: float) -> float:
        block = next((b for b in document.blocks if isinstance(b, kind)), None)
        return float(getattr(block, attribute)) if block is not None else default

    recipients = next(
        (b.recipients for b in document.blocks if isinstance(b, SignatureRow) and b.recipients),
        None,
    )
    return st.Sizes(
        title=first(Title, "size_pt", 15.0),
        header=first(HeaderBlock, "size_pt", 14.0),
        table=first(Table, "size_pt", 12.0),
        recipients=recipients.size_pt if recipients else first(Recipients, "size_pt", 12.0),
    )


def write_docx(document: Document, path: str | Path) -> Path:
    """Write ``document`` to ``path`` as .docx and return the path.

    Every byte is written and checked (``core.files.write_all``); ``render_to_file`` calls this
    on a temporary file it checks again (the zip reads back) and renames into place.
    """
    path = Path(path)
    write_all(path, docx_bytes(document))
    return path


def docx_bytes(document: Document) -> bytes:
    """``document`` as a .docx file, in memory (control characters left out)."""
    document = printable_document(document)
    doc = docx.Document()
    st.install_styles(doc, document.setup, _sizes(document))
    _page(doc, document.setup)
    marks.set_properties(doc, document)
    body = doc.element.body
    for existing in list(body.iterchildren(qn("w:p"))):
        body.remove(existing)
    writer = _Writer(doc, document.setup)
    for block in document.blocks:
        writer.block(block)
    if document.is_draft:
        marks.mark_every_page(doc, document.setup, document.draft_text, document.setup.font_family)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page(doc: DocxDocument, setup: PageSetup) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if setup.landscape else WD_ORIENT.PORTRAIT
    section.page_width = Mm(setup.page_width_mm)
    section.page_height = Mm(setup.page_height_mm)
    section.top_margin = Mm(setup.margin_top_mm)
    section.bottom_margin = Mm(setup.margin_bottom_mm)
    section.left_margin = Mm(setup.margin_left_mm)
    section.right_margin = Mm(setup.margin_right_mm)
    section.header_distance = Mm(max(setup.margin_top_mm / 2 - 3, 3))
    section.footer_distance = Mm(max(setup.margin_bottom_mm / 2 - 3, 3))
    section.different_first_page_header_footer = setup.page_numbers_from > 1
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = doc.styles[st.PAGE_NUMBER]
    st.add_field(paragraph, field_instruction(FieldCode.PAGE), field_text(FieldCode.PAGE, 2))
    section.first_page_header.is_linked_to_previous = False


class _Writer:
    """Appends blocks to the body of a python-docx document."""

    def __init__(self, doc: DocxDocument, setup: PageSetup) -> None:
        self.doc = doc
        self.setup = setup

    def block(self, block: object) -> None:
        handler = getattr(self, "_" + type(block).__name__.lower())
        handler(block)

    # --- text -------------------------------------------------------------------------------

    def _runs(self, paragraph: DocxParagraph, runs: list[Run], *, size_pt: float | None = None) -> None:
        for run in runs:
            if run.field is not None:
                st.add_field(paragraph, field_instruction(run.field), field_text(run.field, 1))
                continue
            for i, line in enumerate(run.text.split("\n")):
                if i:
                    paragraph.add_run().add_break()
                r = paragraph.add_run(line)
                r.bold = run.bold or None
                r.italic = run.italic or None
                r.underline = run.underline or None
                if size_pt is not None:
                    r.font.size = Pt(size_pt)

    def _para(self, style: str, text: str | list[Run] = "",
              container: _Cell | None = None) -> DocxParagraph:
        target = container if container is not None else self.doc
        paragraph = target.add_paragraph()
        st.apply_style(paragraph, style)
        self._runs(paragraph, [Run(text)] if isinstance(text, str) else text)
        return paragraph

    def _paragraph(self, block: Paragraph) -> None:
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        if block.align != Paragraph.__dataclass_fields__["align"].default:
            fmt.alignment = st.ALIGN[block.align]
        if not block.indent:
            fmt.first_line_indent = Mm(0)
        if block.space_before_pt is not None:
            fmt.space_before = Pt(block.space_before_pt)
        if block.space_after_pt is not None:
            fmt.space_after = Pt(block.space_after_pt)
        if block.keep_with_next:
            fmt.keep_with_next = True
        runs = [Run(r.text, r.bold or block.bold, r.italic or block.italic, r.underline, r.field)
                for r in block.runs]
        self._runs(paragraph, runs, size_pt=block.size_pt)

    def _heading(self, block: Heading) -> None:
        paragraph = self._para(st.HEADING, block.text)
        paragraph.paragraph_format.alignment = st.ALIGN[block.align]

    def _title(self, block: Title) -> None:
        block = balanced_title(block, self.setup.text_width_mm)
        self._para(st.TITLE, block.text)
        for line in block.subtitle:
            self._para(st.SUBTITLE, line)

    def _numberedlist(self, block: NumberedList) -> None:
        for i, item in enumerate(block.items):
            self._para(st.LIST, [Run(block.label(i) + " "), *item])
            for sub in block.sub_items.get(i, []):
                self._para(st.LIST, sub)

    def _pagebreak(self, _block: PageBreak) -> None:
        self.doc.add_page_break()

    def _draftmark(self, _block: DraftMark) -> None:
        """Nothing in the text: the marks go in every page's header (``docx_marks``)."""

    def _recipients(self, block: Recipients, container: _Cell | None = None) -> None:
        heading = self._para(st.RECIPIENTS, [Run(block.heading, bold=True, italic=True)], container)
        heading.runs[0].font.size = Pt(block.size_pt)
        for line in block.lines:
            paragraph = self._para(st.RECIPIENTS, f"- {line}", container)
            paragraph.runs[0].font.size = Pt(block.size_pt)

    # --- tables -----------------------------------------------------------------------------

    def _table(self, block: Table) -> None:
        """A table whose header repeats, group rows kept with the row below, rows that never
        split unless taller than most of a page (Word would cut such a row off)."""
        block = fitted_table(block)
        columns = block.columns
        widths = [c.width_mm for c in columns]
        page_pt = (self.setup.page_height_mm - self.setup.margin_top_mm
                   - self.setup.margin_bottom_mm) * 72 / 25.4
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        st.fixed_widths(table, widths)
        st.cell_margins(table, CELL_PADDING_MM)
        header = table.rows[0]
        _repeat_header(header._tr)
        for cell, column in zip(header.cells, columns, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _fill(cell, self.doc, st.TABLE_HEADER, column.header)
        for group, rows in block.grouped():
            if group and block.group_header:
                row = table.add_row()
                _cant_split(row._tr)
                merged = row.cells[0].merge(row.cells[-1])
                # Word keeps a row whose paragraph is "keep with next" with the row below.
                _fill(merged, self.doc, st.TABLE, group, bold=True).paragraph_format.keep_with_next = True
            for data in rows:
                row = table.add_row()
                texts = [cell_text(value) for value in data.cells]
                if row_height_pt(texts, widths, block.size_pt) < page_pt * 0.8:
                    _cant_split(row._tr)
                for cell, column, text in zip(row.cells, columns, texts, strict=True):
                    paragraph = _fill(cell, self.doc, st.TABLE, text)
                    paragraph.paragraph_format.alignment = st.ALIGN[column.align]
        st.apply_style(self.doc.add_paragraph(), st.TABLE)

    # --- header and signatures --------------------------------------------------------------

    def _headerblock(self, block: HeaderBlock) -> None:
        width = self.setup.text_width_mm
        left = min(width * 0.44, 80.0)
        table = self.doc.add_table(rows=2, cols=2)
        st.borderless(table)
        st.fixed_widths(table, [left, width - left])
        top_left, top_right = table.rows[0].cells
        bottom_left, bottom_right = table.rows[1].cells
        _fill(top_left, self.doc, st.HEADER, block.superior_body)
        self._para(st.HEADER, [Run(block.issuing_body, bold=True)], top_left)
        self._para(st.HEADER, block.star, top_left)
        motto = _fill(top_right, self.doc, st.HEADER, block.motto, bold=True)
        motto.runs[0].font.size = Pt(block.motto_size_pt)
        text_pt = st.bold_caps_width_pt(block.motto, block.motto_size_pt)
        column_pt = (width - left) * 72 / 25.4
        # The rule is the paragraph's bottom border: indent the paragraph so the border is as
        # long as the text (Times New Roman's widths, which Liberation Serif and Tinos share),
        # with a hair of room so the text never wraps (the cells of a borderless table have
        # no side margins, see docx_styles.borderless).
        side = max((column_pt - text_pt) / 2 - MOTTO_SLACK_PT, 0)
        motto.paragraph_format.left_indent = Pt(side)
        motto.paragraph_format.right_indent = Pt(side)
        st.set_borders(motto._p.get_or_add_pPr(), "w:pBdr", ("bottom",), "single", 8)
        _fill(bottom_left, self.doc, st.HEADER, block.number)
        place = _fill(bottom_right, self.doc, st.HEADER, block.place_date, italic=True)
        place.paragraph_format.space_before = Pt(6)
        bottom_left.paragraphs[0].paragraph_format.space_before = Pt(6)

    def _signaturerow(self, block: SignatureRow) -> None:
        width = self.setup.text_width_mm
        self._keep_last_row_with_signatures()
        table = self.doc.add_table(rows=1, cols=2)
        st.borderless(table)
        st.fixed_widths(table, [width / 2, width / 2])
        left, right = table.rows[0].cells
        _cant_split(table.rows[0]._tr)
        signers: list[Signer | None] = list(block.signers)
        if block.recipients is not None or len(signers) == 1:
            signers = [None, *signers[:1]]
        if block.recipients is not None:
            left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
            self._recipients(block.recipients, left)
        for cell, signer in zip((left, right), signers, strict=False):
            if signer is not None:
                self._signer(cell, signer)

    def _keep_last_row_with_signatures(self) -> None:
        """What comes just before the signatures is kept with them — the last two paragraphs,
        or a table's last row and the line after it — so they never stand alone on the last
        page (the PDF's pagination does the same)."""
        paragraphs = self.doc.element.body.findall(qn("w:p"))
        if not paragraphs:
            return
        spacer = paragraphs[-1]
        previous = spacer.getprevious()
        if previous is not None and previous.tag == qn("w:tbl"):
            kept = [*previous.findall(qn("w:tr"))[-1].iter(qn("w:p")), spacer]
        else:
            kept = paragraphs[-2:]
        for p in kept:
            DocxParagraph(p, self.doc._body).paragraph_format.keep_with_next = True

    def _signer(self, cell: _Cell, signer: Signer) -> None:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        if signer.authority:
            self._para(st.SIGNATURE, signer.authority, cell)
        self._para(st.SIGNATURE, signer.title, cell)
        for _ in range(signer.space_lines):
            self._para(st.SIGNATURE, "", cell)
        self._para(st.SIGNATURE, signer.name, cell)


def _fill(cell: _Cell, doc: DocxDocument, style: str, text: str, *, bold: bool = False,
          italic: bool = False) -> DocxParagraph:
    """Put one paragraph of ``text`` in the cell's first (empty) paragraph."""
    paragraph = cell.paragraphs[0]
    st.apply_style(paragraph, style)
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    return paragraph


def _repeat_header(tr: CT_Row) -> None:
    """Mark a row as a header row Word repeats at the top of every page."""
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(node)


def _cant_split(tr: CT_Row) -> None:
    node = OxmlElement("w:cantSplit")
    node.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(node)

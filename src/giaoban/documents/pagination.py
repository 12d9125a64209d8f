"""Lay a document out in pages with QTextDocument, then fix what Qt's pagination gets wrong.

QTextDocument paginates by itself (``setPageSize``) and repeats table header rows, but it splits a
table row across two pages, lets a heading end a page alone and may split the signature block.
After a layout, :func:`lay_out` walks the blocks in order and, at the first problem:

* a block that must stay with the next one (heading, title, a conclusion with its tasks) and ends
  a page alone → it (and the chain before it) starts the next page (fixed in place);
* the signature table split across pages → the paragraph before it starts the next page, so
  the signatures never stand alone (in place);
* a table row split across pages, moved to the next page by Qt (which then stretches the row
  above down to the page bottom), or a group row left alone at the bottom → the table is split
  there into two tables, the second on a new page with the header again (the HTML is rebuilt
  with that break, then laid out again).

Every fix is recorded as a block state in ``breaks``, so a rebuild keeps the earlier ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from giaoban.core.errors import GiaobanError
from giaoban.documents import rich_text as rt
from giaoban.documents.blocks import Document, FieldCode, field_text
from giaoban.documents.fonts import pick_font_family

MAX_REBUILDS = 60
KEEP_MAX_SHARE = 0.3  # a keep-with-next chain taller than this share of a page is not moved


@dataclass
class Layout:
    """A document laid out for one paint device: the text document and the page geometry."""

    text: QTextDocument
    family: str
    dpi_x: float
    dpi_y: float
    margins: tuple[float, float, float, float]  # left, top, right, bottom in device pixels
    page: QSizeF  # text area of one page in device pixels
    breaks: set[int] = field(default_factory=set)
    rebuilds: int = 0

    @property
    def page_count(self) -> int:
        return self.text.pageCount()

    def top(self, block: QTextBlock) -> float:
        """Where the block's text starts: its first line (a block whose first line did not fit
        keeps its box on the previous page and has the line pushed down to the next)."""
        top = self.rect(block).top()
        if block.layout().lineCount():
            top += block.layout().lineAt(0).y()
        return top

    def page_of(self, block: QTextBlock) -> int:
        return int((self.top(block) + self.dpi_y / 300) // self.page.height())

    def last_line_page(self, block: QTextBlock) -> int:
        """The page of the block's last line (a paragraph may run over a page boundary)."""
        lines = block.layout().lineCount()
        if not lines:
            return self.page_of(block)
        top = self.rect(block).top() + block.layout().lineAt(lines - 1).y()
        return int((top + self.dpi_y / 300) // self.page.height())

    def rect(self, block: QTextBlock) -> QRectF:
        return self.text.documentLayout().blockBoundingRect(block)

    def at_page_top(self, block: QTextBlock) -> bool:
        offset = self.top(block) - self.page_of(block) * self.page.height()
        return offset < self.page.height() * 0.02


def lay_out(document: Document, device: QPagedPaintDevice) -> Layout:
    """Build, paginate and fix the QTextDocument of ``document`` for ``device``."""
    if QGuiApplication.instance() is None:
        raise GiaobanError("Cần khởi tạo ứng dụng Qt trước khi in hoặc xuất PDF.")
    setup = document.setup
    family = pick_font_family(setup.font_family, tuple(setup.font_fallbacks))
    dpi_x, dpi_y = float(device.logicalDpiX()), float(device.logicalDpiY())
    margins = (
        setup.margin_left_mm * dpi_x / 25.4,
        setup.margin_top_mm * dpi_y / 25.4,
        setup.margin_right_mm * dpi_x / 25.4,
        setup.margin_bottom_mm * dpi_y / 25.4,
    )
    page = QSizeF(device.width() - margins[0] - margins[2], device.height() - margins[1] - margins[3])
    if page.width() < dpi_x or page.height() < dpi_y:  # less than an inch of text area
        raise GiaobanError("Khổ giấy quá nhỏ so với lề văn bản, không in được.")
    layout = Layout(QTextDocument(), family, dpi_x, dpi_y, margins, page)
    while True:
        layout.text = _build(document, device, layout)
        if not _fix_pages(layout) or layout.rebuilds >= MAX_REBUILDS:
            break
        layout.rebuilds += 1
    marks = _mark_page_count(layout)
    _split_blocks_across_pages(layout)
    _write_page_count(layout, marks)
    return layout


def _build(document: Document, device: QPagedPaintDevice, layout: Layout) -> QTextDocument:
    text = QTextDocument()
    text.documentLayout().setPaintDevice(device)
    text.setDocumentMargin(0)
    font = QFont(layout.family)
    font.setPointSizeF(document.setup.body_size_pt)
    text.setDefaultFont(font)
    text.setHtml(rt.to_html(document, layout.family, layout.dpi_x, frozenset(layout.breaks)))
    text.setPageSize(layout.page)
    return text


def _kind(block: QTextBlock) -> int:
    return rt.kind_of(block.userState())


def _is_paragraph(block: QTextBlock) -> bool:
    """A top-level paragraph of the builder (one that may start a page)."""
    return _kind(block) in (rt.PARAGRAPH, rt.KEEP)


def _break_before(layout: Layout, block: QTextBlock) -> None:
    """Start a new page at a top-level paragraph, and remember it for rebuilds.

    Qt's incremental relayout after a format change can leave the block that follows a table
    with an empty layout (it then vanishes from the page), so everything from here on is
    marked dirty and laid out again.
    """
    layout.breaks.add(block.userState())
    fmt = QTextBlockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).mergeBlockFormat(fmt)
    text = layout.text
    text.markContentsDirty(block.position(), text.characterCount() - block.position())


def _fix_pages(layout: Layout) -> bool:
    """Walk the blocks in order fixing problems in place; True when a rebuild is needed."""
    block = layout.text.begin()
    while block.isValid():
        kind = _kind(block)
        if kind == rt.KEEP:
            _keep_with_next(layout, block)
        elif kind == rt.SIGNATURE and (row_break := _keep_signature(layout, block)):
            layout.breaks.add(row_break)
            return True
        elif kind == rt.ROW and block.userState() % rt.ROWS_PER_TABLE == 0:
            _keep_first_row(layout, block)
        elif kind == rt.ROW and (row_break := _row_break(layout, block)):
            layout.breaks.add(row_break)
            return True
        block = block.next()
    return False


def _keep_with_next(layout: Layout, block: QTextBlock) -> None:
    """A block that must stay with the next one and whose last line ends a page alone moves
    to the next page with the chain of such blocks before it — unless that would leave a big
    gap: a long paragraph (a conclusion of many lines) stays, and only its end is apart from
    what follows, as in Word (where it may split)."""
    nxt = block.next()
    if not nxt.isValid() or layout.page_of(nxt) <= layout.last_line_page(block):
        return
    start, prev = block, block.previous()
    while (
        prev.isValid()
        and _kind(prev) == rt.KEEP
        and layout.page_of(prev) == layout.page_of(block)
    ):
        start, prev = prev, prev.previous()
    moved = layout.rect(block).bottom() - layout.top(start)
    if not layout.at_page_top(start) and moved < layout.page.height() * KEEP_MAX_SHARE:
        _break_before(layout, start)


def _previous_paragraph(layout: Layout, position: int) -> QTextBlock | None:
    block = layout.text.findBlock(position).previous()
    while block.isValid() and not _is_paragraph(block):
        block = block.previous()
    return block if block.isValid() else None


def _keep_signature(layout: Layout, block: QTextBlock) -> int:
    """Signatures split over two pages go to the next page with what comes just before them:
    the paragraph before (moved in place), or the last row of a table before (returned: the
    state the table's new part starts at, with its group row if it heads that row)."""
    table = QTextCursor(block).currentTable()
    if table is None:
        return 0
    first = layout.text.findBlock(table.firstPosition())
    last = layout.text.findBlock(table.lastPosition())
    if layout.page_of(first) == layout.page_of(last):
        return 0
    before = first.previous()
    while before.isValid() and _kind(before) == 0 and QTextCursor(before).currentTable() is None:
        before = before.previous()  # the empty block Qt puts between two tables
    if before.isValid() and QTextCursor(before).currentTable() is not None:
        while before.isValid() and _kind(before) != rt.ROW:
            before = before.previous()
        if not before.isValid() or before.userState() in layout.breaks:
            return 0
        row_table = QTextCursor(before).currentTable()
        row = row_table.cellAt(QTextCursor(before)).row() if row_table is not None else 0
        if row_table is not None and row > row_table.format().headerRowCount() \
                and _is_group_row(row_table, row - 1):
            return before.userState() - 1 if row - 1 > row_table.format().headerRowCount() else 0
        return before.userState() if row > 1 else 0
    paragraph = _previous_paragraph(layout, table.firstPosition())
    if paragraph is not None and not layout.at_page_top(paragraph):
        _break_before(layout, paragraph)
    return 0


def _keep_first_row(layout: Layout, block: QTextBlock) -> None:
    """A table whose first row would be split moves to the next page with its lead-in line."""
    cursor = QTextCursor(block)
    table = cursor.currentTable()
    if table is None:
        return
    height = layout.page.height()
    top, bottom = _row_bounds(layout, table, table.cellAt(cursor).row())
    if bottom - top < height * 0.9 and int(top // height) != int((bottom - 1) // height):
        before = _previous_paragraph(layout, table.firstPosition())
        if before is not None and not layout.at_page_top(before):
            _break_before(layout, before)


def _row_bounds(layout: Layout, table: QTextTable, row: int) -> tuple[float, float]:
    top, bottom = float("inf"), float("-inf")
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        top = min(top, layout.top(layout.text.findBlock(cell.firstPosition())))
        bottom = max(bottom, layout.rect(layout.text.findBlock(cell.lastPosition())).bottom())
    return top, bottom


def _row_break(layout: Layout, block: QTextBlock) -> int:
    """The state of the row a new table part must start at, or 0.

    A row split over two pages, a row Qt moved down (stretching the one above to the page
    bottom) or a group row left alone at the bottom starts a new part on the next page; a
    group row goes along with the first row of its group. The first row of a part is left
    alone: Qt already moves a table whose first row does not fit.
    """
    cursor = QTextCursor(block)
    table = cursor.currentTable()
    if table is None:
        return 0
    row = table.cellAt(cursor).row()
    first = table.format().headerRowCount()
    if row <= first:
        return 0
    height = layout.page.height()
    top, bottom = _row_bounds(layout, table, row)
    previous_top, _ = _row_bounds(layout, table, row - 1)
    split = bottom - top < height * 0.9 and int(top // height) != int((bottom - 1) // height)
    moved = int(previous_top // height) < int(top // height)
    alone = _is_group_row(table, row) and row + 1 < table.rows() and (
        int(_row_bounds(layout, table, row + 1)[0] // height) > int(top // height))
    if not (split or moved or alone):
        return 0
    if _is_group_row(table, row - 1) and row - 1 > first:
        return block.userState() - 1  # the group heading moves with its first row
    return block.userState()


def _is_group_row(table: QTextTable, row: int) -> bool:
    return table.cellAt(row, 0).columnSpan() == table.columns()


def first_line_tops(layout: Layout) -> dict[int, float]:
    """For each page, where the lines that belong to it may start being chosen for drawing.

    A line's box includes its line spacing, which may reach past the page boundary; the lines
    of page k are then chosen from just below the furthest such overhang, so that no line is
    drawn (even clipped away) on two pages.
    """
    height = layout.page.height()
    tops: dict[int, float] = {}
    document_layout = layout.text.documentLayout()
    block = layout.text.begin()
    slack = layout.dpi_y / 300  # Qt rounds positions; a line 0.002 px above a page is on it
    while block.isValid():
        text_layout = block.layout()
        origin = document_layout.blockBoundingRect(block).top()
        fmt = block.blockFormat()
        factor = 1.0
        if fmt.lineHeightType() == QTextBlockFormat.LineHeightTypes.ProportionalHeight.value:
            factor = max(fmt.lineHeight() / 100, 1.0)
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            top = origin + line.y()
            bottom = top + line.height() * factor + slack
            page = int((top + slack) // height)
            if bottom > (page + 1) * height:
                tops[page + 1] = max(tops.get(page + 1, 0.0), bottom + 1)
        block = block.next()
    return tops


def _mark_page_count(layout: Layout) -> list[int]:
    """Turn each page-count mark into '00' (``field_text`` of 0), so the lines have their final
    width (figures are tabular); returns where they are, for :func:`_write_page_count`."""
    text = layout.text
    positions: list[int] = []
    placeholder = field_text(FieldCode.NUM_PAGES, 0)
    cursor = text.find(rt.NUMPAGES_MARK)
    while not cursor.isNull():
        cursor.insertText(placeholder)
        positions.append(cursor.position() - len(placeholder))
        cursor = text.find(rt.NUMPAGES_MARK, cursor)
    if positions:
        text.markContentsDirty(positions[0], text.characterCount() - positions[0])
    return positions


def _write_page_count(layout: Layout, positions: list[int]) -> None:
    """Write the number of pages ('03') over the '00' placeholders."""
    if not positions:
        return
    text = layout.text
    count = field_text(FieldCode.NUM_PAGES, layout.page_count)
    width = len(field_text(FieldCode.NUM_PAGES, 0))
    for position in reversed(positions):  # from the end: a longer count moves what follows
        cursor = QTextCursor(text)
        cursor.setPosition(position)
        cursor.setPosition(position + width, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(count)
    text.markContentsDirty(positions[0], text.characterCount() - positions[0])


def _line_page(layout: Layout, origin: float, block: QTextBlock, index: int) -> int:
    slack = layout.dpi_y / 300
    return int((origin + block.layout().lineAt(index).y() + slack) // layout.page.height())


@dataclass
class _Cut:
    """Where a paragraph is cut at a page boundary, planned on the finished layout."""

    position: int  # document position of the first character of the next page's part
    drop_space: bool  # the space the line broke at, now at the end of the first part
    after: QTextBlockFormat  # format of the new paragraph
    justify: tuple[int, int, float] | None  # (start, length, word spacing) of the last line


def _split_blocks_across_pages(layout: Layout) -> None:
    """Cut every top-level paragraph that runs over a page boundary into one per page.

    Qt draws, on each page, the last line of a paragraph that lies above the page (clipped
    away, but still written in the PDF's text layer), so a paragraph split by the page would
    have that line twice in copied or extracted text. One paragraph per page avoids it; each
    continuation starts without indent and the line before each cut stays justified (its word
    spacing is widened to fill the line). The cuts are planned on the laid-out document, then
    applied from the end in one edit, so Qt lays the document out once more, not once per cut.
    """
    document_layout = layout.text.documentLayout()
    cuts: list[_Cut] = []
    block = layout.text.begin()
    while block.isValid():
        lines = block.layout().lineCount()
        if lines > 1 and QTextCursor(block).currentTable() is None:
            origin = document_layout.blockBoundingRect(block).top()
            pages = [_line_page(layout, origin, block, i) for i in range(lines)]
            breaks = [i for i in range(1, lines) if pages[i] != pages[i - 1]]
            cuts += [_plan_cut(block, i, last=i == breaks[-1]) for i in breaks]
        block = block.next()
    if not cuts:
        return
    cursor = QTextCursor(layout.text)
    cursor.beginEditBlock()
    for cut in reversed(cuts):
        if cut.justify is not None:
            start, length, spacing = cut.justify
            cursor.setPosition(start)
            cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            spaced = QTextCharFormat()
            spaced.setFontWordSpacing(spacing)
            cursor.mergeCharFormat(spaced)
        cursor.setPosition(cut.position)
        if cut.drop_space:
            cursor.deletePreviousChar()
        # The first part ends the page: a bottom margin there would push the next part down.
        no_margin = QTextBlockFormat()
        no_margin.setBottomMargin(0)
        cursor.mergeBlockFormat(no_margin)
        cursor.insertBlock(cut.after, cursor.charFormat())
    cursor.endEditBlock()


def _plan_cut(block: QTextBlock, index: int, *, last: bool) -> _Cut:
    text_layout = block.layout()
    offset = text_layout.lineAt(index).textStart()
    fmt = block.blockFormat()
    after = QTextBlockFormat(fmt)
    after.setTextIndent(0)
    after.setTopMargin(0)
    after.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
    if not last:
        after.setBottomMargin(0)
    justify = None
    if fmt.alignment() & Qt.AlignmentFlag.AlignJustify:
        line = text_layout.lineAt(index - 1)
        words = block.text()[line.textStart() : line.textStart() + line.textLength()].rstrip()
        spaces = words.count(" ")
        extra = line.width() - line.naturalTextWidth() - 2 * spaces - 2
        if spaces and extra > 0:
            justify = (block.position() + line.textStart(), len(words), extra / spaces)
    drop_space = block.text()[offset - 1 : offset] == " "
    return _Cut(block.position() + offset, drop_space, after, justify)

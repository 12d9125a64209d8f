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

Every fix is recorded as an anchor id in ``breaks``, so a rebuild keeps the earlier ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QSizeF
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from giaoban.core.errors import GiaobanError
from giaoban.documents import rich_text as rt
from giaoban.documents.blocks import Document
from giaoban.documents.fonts import pick_font_family

MAX_REBUILDS = 60


@dataclass
class Layout:
    """A document laid out for one paint device: the text document and the page geometry."""

    text: QTextDocument
    family: str
    dpi_x: float
    dpi_y: float
    margins: tuple[float, float, float, float]  # left, top, right, bottom in device pixels
    page: QSizeF  # text area of one page in device pixels
    breaks: set[str] = field(default_factory=set)
    rebuilds: int = 0

    @property
    def page_count(self) -> int:
        return self.text.pageCount()

    def page_of(self, block: QTextBlock) -> int:
        return int(self.rect(block).top() // self.page.height())

    def rect(self, block: QTextBlock):  # type: ignore[no-untyped-def]
        return self.text.documentLayout().blockBoundingRect(block)

    def at_page_top(self, block: QTextBlock) -> bool:
        offset = self.rect(block).top() - self.page_of(block) * self.page.height()
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
    layout = Layout(QTextDocument(), family, dpi_x, dpi_y, margins, page)
    while True:
        layout.text = _build(document, device, layout)
        if not _fix_pages(layout) or layout.rebuilds >= MAX_REBUILDS:
            break
        layout.rebuilds += 1
    _fill_page_count(layout)
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


def _anchors(block: QTextBlock) -> list[str]:
    """Anchor names on the first fragment of a block (where the builder puts them)."""
    it = block.begin()
    return [] if it.atEnd() else list(it.fragment().charFormat().anchorNames())


def _own_id(block: QTextBlock) -> str:
    return next(
        (n for n in _anchors(block) if n.startswith((rt.PARAGRAPH_PREFIX, rt.KEEP_WITH_NEXT_PREFIX))),
        "",
    )


def _break_before(layout: Layout, block: QTextBlock) -> None:
    """Start a new page at a top-level paragraph, and remember it for rebuilds.

    Qt's incremental relayout after a format change can leave the block that follows a table
    with an empty layout (it then vanishes from the page), so everything from here on is
    marked dirty and laid out again.
    """
    layout.breaks.add(_own_id(block))
    fmt = QTextBlockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreak_AlwaysBefore)
    QTextCursor(block).mergeBlockFormat(fmt)
    text = layout.text
    text.markContentsDirty(block.position(), text.characterCount() - block.position())


def _fix_pages(layout: Layout) -> bool:
    """Walk the blocks in order fixing problems in place; True when a rebuild is needed."""
    block = layout.text.begin()
    while block.isValid():
        for name in _anchors(block):
            if name.startswith(rt.KEEP_WITH_NEXT_PREFIX):
                _keep_with_next(layout, block)
            elif name.startswith(rt.SIGNATURE_PREFIX):
                _keep_signature(layout, block)
            elif name.startswith(rt.ROW_PREFIX) and name.endswith("-0"):
                _keep_first_row(layout, block)
            elif name.startswith(rt.ROW_PREFIX) and _row_needs_break(layout, block):
                layout.breaks.add(name)
                return True
        block = block.next()
    return False


def _keep_with_next(layout: Layout, block: QTextBlock) -> None:
    nxt = block.next()
    if not nxt.isValid() or layout.page_of(nxt) <= layout.page_of(block):
        return
    start, prev = block, block.previous()
    while (
        prev.isValid()
        and _own_id(prev).startswith(rt.KEEP_WITH_NEXT_PREFIX)
        and layout.page_of(prev) == layout.page_of(block)
    ):
        start, prev = prev, prev.previous()
    if not layout.at_page_top(start):
        _break_before(layout, start)


def _previous_paragraph(layout: Layout, position: int) -> QTextBlock | None:
    block = layout.text.findBlock(position).previous()
    while block.isValid() and not _own_id(block):
        block = block.previous()
    return block if block.isValid() else None


def _keep_signature(layout: Layout, block: QTextBlock) -> None:
    table = QTextCursor(block).currentTable()
    if table is None:
        return
    first = layout.text.findBlock(table.firstPosition())
    last = layout.text.findBlock(table.lastPosition())
    if layout.page_of(first) == layout.page_of(last):
        return
    before = _previous_paragraph(layout, table.firstPosition())
    if before is not None and not layout.at_page_top(before):
        _break_before(layout, before)


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
        top = min(top, layout.rect(layout.text.findBlock(cell.firstPosition())).top())
        bottom = max(bottom, layout.rect(layout.text.findBlock(cell.lastPosition())).bottom())
    return top, bottom


def _row_needs_break(layout: Layout, block: QTextBlock) -> bool:
    """A row split over two pages, or a group row alone at a page bottom, not at a part start."""
    cursor = QTextCursor(block)
    table = cursor.currentTable()
    if table is None:
        return False
    row = table.cellAt(cursor).row()
    if row <= table.format().headerRowCount():
        return False  # the first row of a (part of a) table: Qt moves the table itself
    height = layout.page.height()
    top, bottom = _row_bounds(layout, table, row)
    if bottom - top < height * 0.9 and int(top // height) != int((bottom - 1) // height):
        return True
    previous_top, _ = _row_bounds(layout, table, row - 1)
    if int(previous_top // height) < int(top // height):
        return True  # Qt moved this row down and stretched the one above to the page bottom
    if table.cellAt(row, 0).columnSpan() == table.columns() and row + 1 < table.rows():
        next_top, _ = _row_bounds(layout, table, row + 1)
        return int(next_top // height) > int(top // height)
    return False


def _fill_page_count(layout: Layout) -> None:
    """Replace the page-count marks with the number of pages ('03').

    Each mark first becomes '00' so the lines have their final width (figures are tabular),
    then the pages are counted and the digits written over in place.
    """
    text = layout.text
    positions: list[int] = []
    cursor = text.find(rt.NUMPAGES_MARK)
    while not cursor.isNull():
        cursor.insertText("00")
        positions.append(cursor.position() - 2)
        cursor = text.find(rt.NUMPAGES_MARK, cursor)
    if not positions:
        return
    text.markContentsDirty(positions[0], text.characterCount() - positions[0])
    count = f"{layout.page_count:02d}"
    for position in positions:
        cursor = QTextCursor(text)
        cursor.setPosition(position)
        cursor.setPosition(position + 2, QTextCursor.KeepAnchor)
        cursor.insertText(count)
    text.markContentsDirty(positions[0], text.characterCount() - positions[0])

"""Render a :class:`Document` to PDF, a printer or a print preview (QtGui; no widgets).

The blocks become HTML (``rich_text``), laid out by a QTextDocument paginated to the text area of
an A4 page; then each page is painted with a QPainter so the page number (from page 2, centred in
the top margin), the line under the motto and the DỰ THẢO mark can be drawn around the text. The
same :func:`render` serves the PDF file, the printer and the preview, so all three agree.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
)

from giaoban.core.errors import GiaobanError
from giaoban.core.files import pdf_complete, write_all
from giaoban.documents import rich_text
from giaoban.documents.blocks import Document, FieldCode, field_text, printable_document
from giaoban.documents.pagination import Layout, first_line_tops, lay_out
from giaoban.i18n import _

PDF_RESOLUTION = 1200
_app_keepalive: list[QGuiApplication] = []


def ensure_gui_application() -> QGuiApplication:
    """The running Q(Gui)Application, or a new offscreen-safe QGuiApplication for the CLI."""
    running = QGuiApplication.instance()  # typed as QCoreApplication by the stubs
    if isinstance(running, QGuiApplication):
        return running
    if running is not None:
        raise RuntimeError("PDF output needs a QGuiApplication, not a bare QCoreApplication")
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication(["giaoban"])
    _app_keepalive.append(app)
    return app


def page_layout(document: Document) -> QPageLayout:
    """A4 in the document's orientation with zero margins: we place everything ourselves."""
    orientation = (QPageLayout.Orientation.Landscape if document.setup.landscape
                   else QPageLayout.Orientation.Portrait)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0))


def _marked(layout: Layout, state: int) -> QTextBlock | None:
    """The first block the builder marked with ``state``."""
    block = layout.text.begin()
    while block.isValid():
        if block.userState() == state:
            return block
        block = block.next()
    return None


# --- painting -------------------------------------------------------------------------------

def render(document: Document, device: QPagedPaintDevice, layout: Layout | None = None) -> int:
    """Paint every page of ``document`` on ``device`` (PDF writer or printer); returns pages.

    Control characters an older database may hold are left out (``printable_document``).
    """
    document = printable_document(document)
    layout = layout or lay_out(document, device)
    left, top, _right, _bottom = layout.margins
    width, height = layout.page.width(), layout.page.height()
    bleed = layout.dpi_x / 25.4  # table borders may stand a hair outside the text area
    starts = first_line_tops(layout)
    painter = QPainter()
    if not painter.begin(device):
        raise GiaobanError(_("Không mở được thiết bị in hoặc tệp PDF để ghi."))
    try:
        for index in range(layout.page_count):
            if index and not device.newPage():
                raise GiaobanError(_("Không tạo được trang mới khi in."))
            if document.is_draft:
                _draw_watermark(painter, layout, device, document.draft_text)
            painter.save()
            painter.translate(left, top - index * height)
            page = QRectF(-2 * bleed, index * height, width + 4 * bleed, height)
            painter.setClipRect(page)
            # Qt draws every line whose box (with its line spacing) touches the clip; the
            # spacing of a page's last line may reach into the next page, and the line would
            # be written there too — invisible, but in the text layer (copy, search, pdftotext).
            # So lines are chosen with a stricter rectangle than the one that clips the ink.
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette.setColor(QPalette.ColorRole.Text, QColor("black"))
            first = max(starts.get(index, 0.0), index * height + 1)
            context.clip = QRectF(page.x(), first, page.width(), (index + 1) * height - 1 - first)
            layout.text.documentLayout().draw(painter, context)
            painter.restore()
            if index == 0:
                _draw_motto_rule(painter, layout)
            if document.is_draft:
                _draw_draft_box(painter, layout, device, document.draft_text)
            if index + 1 >= document.setup.page_numbers_from:
                _draw_page_number(painter, layout, index + 1, document.setup.body_size_pt)
    finally:
        painter.end()
    return layout.page_count


def _font(layout: Layout, size_pt: float, *, bold: bool = False) -> QFont:
    font = QFont(layout.family)
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    return font


def _draw_page_number(painter: QPainter, layout: Layout, number: int, size_pt: float) -> None:
    left, top, _r, _b = layout.margins
    painter.setFont(_font(layout, size_pt))
    painter.setPen(QColor("black"))
    painter.drawText(QRectF(left, 0, layout.page.width(), top), Qt.AlignmentFlag.AlignCenter,
                     field_text(FieldCode.PAGE, number))


def _draw_motto_rule(painter: QPainter, layout: Layout) -> None:
    """A solid line under the motto, as long as the text (DOCUMENTS.md, header block)."""
    block = _marked(layout, rich_text.state(rich_text.MOTTO))
    if block is None or block.layout().lineCount() == 0:
        return
    rect = layout.text.documentLayout().blockBoundingRect(block)
    line = block.layout().lineAt(0)
    natural = line.naturalTextWidth()
    x = layout.margins[0] + rect.x() + (rect.width() - natural) / 2
    y = layout.margins[1] + rect.y() + line.y() + line.height() + layout.dpi_y / 25.4 * 0.6
    pen = QPen(QColor("black"))
    pen.setWidthF(layout.dpi_y / 72 * 0.8)
    painter.setPen(pen)
    painter.drawLine(QPointF(x, y), QPointF(x + natural, y))


def _draw_draft_box(painter: QPainter, layout: Layout, device: QPagedPaintDevice, text: str) -> None:
    """A bordered 'DỰ THẢO' box in the top margin of every page, on the right (as in Word)."""
    painter.setFont(_font(layout, 12, bold=True))
    metrics = painter.fontMetrics()
    pad = layout.dpi_x / 25.4 * 2
    box_w = metrics.horizontalAdvance(text) + 2 * pad
    box_h = metrics.height() + pad
    right = device.width() - layout.margins[2]
    box = QRectF(right - box_w, (layout.margins[1] - box_h) / 2, box_w, box_h)
    pen = QPen(QColor("black"))
    pen.setWidthF(layout.dpi_y / 72 * 1.0)
    painter.setPen(pen)
    painter.drawRect(box)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def _draw_watermark(painter: QPainter, layout: Layout, device: QPagedPaintDevice, text: str) -> None:
    """A light diagonal 'DỰ THẢO' drawn as outlines (not text, so copying the text skips it)."""
    font = QFont(layout.family)
    font.setBold(True)
    font.setPixelSize(round(80 * layout.dpi_y / 72))  # a path has no device: size in pixels
    path = QPainterPath()
    path.addText(0, 0, font, text)
    bounds = path.boundingRect()
    painter.save()
    painter.translate(device.width() / 2, device.height() / 2)
    painter.rotate(-math.degrees(math.atan2(device.height(), device.width())))
    painter.translate(-bounds.center())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 28))
    painter.drawPath(path)
    painter.restore()


# --- entry points ---------------------------------------------------------------------------

def pdf_bytes(document: Document) -> bytes:
    """``document`` as an A4 PDF with embedded fonts, rendered in memory.

    In memory, so that what reaches the disk is written and checked by our own code
    (``core.files.write_all``): QPdfWriter writing to a file says nothing when the disk is full
    and leaves a truncated PDF. The result is checked to end with its ``%%EOF`` marker.
    """
    ensure_gui_application()
    document = printable_document(document)
    buffer = QBuffer()
    if not buffer.open(QIODevice.OpenModeFlag.WriteOnly):
        raise GiaobanError(_("Không tạo được tệp PDF trong bộ nhớ."))
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(document))
    writer.setTitle(document.title)
    writer.setCreator("giaoban")
    render(document, writer)
    del writer  # the painter has ended: the PDF's trailer is written
    data = bytes(buffer.data().data())
    buffer.close()
    if not pdf_complete(data):
        raise GiaobanError(_("Không tạo được tệp PDF: nội dung không trọn vẹn."))
    return data


def write_pdf(document: Document, path: str | Path) -> Path:
    """Write ``document`` to ``path`` as an A4 PDF with embedded fonts; returns the path.

    Every byte is written and checked (``core.files.write_all``); ``render_to_file`` calls this
    on a temporary file it checks again (``%%EOF``) and renames into place.
    """
    path = Path(path)
    write_all(path, pdf_bytes(document))
    return path


def configure_printer(printer: QPagedPaintDevice, document: Document) -> None:
    """A4, the document's orientation, full page (we draw the margins ourselves)."""
    printer.setPageLayout(page_layout(document))
    if hasattr(printer, "setFullPage"):
        printer.setFullPage(True)
    if hasattr(printer, "setDocName"):
        printer.setDocName(document.title)


def print_document(document: Document, printer: QPagedPaintDevice) -> int:
    """Print ``document`` on a QPrinter (also what the preview dialog paints); returns pages."""
    configure_printer(printer, document)
    return render(document, printer)

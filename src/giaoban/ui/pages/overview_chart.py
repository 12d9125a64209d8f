"""Bar chart of the tasks assigned in each quarter and how many of them are done, drawn with
QPainter (no QtCharts).

"Done" has the page's one meaning (``core.services.overview``): of the quarter's tasks, those
done by today, so the bar of the chosen quarter is the unit table's "Đúng hạn" + "Chậm".
Assigned bars are solid, done bars are hatched, and every bar carries its number, so the chart
reads the same in black and white. Axis labels are "Quý III" over "2026".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from giaoban.core.services.overview import QuarterFigures
from giaoban.core.text import roman_quarter
from giaoban.i18n import _, format_number, format_quarter

ASSIGNED = QColor("#2f6db5")
COMPLETED = QColor("#2e7d32")


def _box(painter: QPainter, box: QRectF, colour: QColor, hatched: bool, text_colour: QColor) -> None:
    """A bar or a legend key: filled, outlined darker, hatched for "completed" (reads in black
    and white too); leaves the pen on the text colour for the label that follows."""
    painter.setPen(QPen(colour.darker(130)))
    painter.setBrush(QBrush(colour))
    painter.drawRect(box)
    if hatched:  # the pattern inside the outline just drawn, not antialiased: a pattern is
        # whole pixels anyway, and antialiasing it took 2.4 ms of a 3 ms paint of the chart
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor("white"), Qt.BrushStyle.BDiagPattern))
        painter.drawRect(box)
        painter.restore()
    painter.setPen(text_colour)


class QuarterChart(QWidget):
    """Grouped bars: the tasks assigned in each of eight quarters and those of them done."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quarters: list[QuarterFigures] = []
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Biểu đồ nhiệm vụ được giao và hoàn thành theo quý"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def sizeHint(self) -> QSize:
        return QSize(460, 220)

    def set_quarters(self, quarters: Sequence[QuarterFigures]) -> None:
        self.quarters = list(quarters)
        summary = "; ".join(
            _("{period}: giao {a}, đã hoàn thành {c}").format(
                period=format_quarter(q.year, q.quarter), a=q.assigned, c=q.completed)
            for q in self.quarters
        )
        if self.empty():
            summary = _("Chưa có nhiệm vụ nào được giao trong các quý này.")
        self.setToolTip(summary)
        self.setAccessibleDescription(summary)
        self.update()

    def empty(self) -> bool:
        """No quarter with a task assigned or completed: the chart says so instead of an axis."""
        return not any(q.assigned or q.completed for q in self.quarters)

    def axis_labels(self) -> list[str]:
        """The labels under the bars ("Quý III/2026")."""
        return [format_quarter(q.year, q.quarter) for q in self.quarters]

    def figure_layout(self) -> tuple[int, bool]:
        """The y axis's width, as wide as its largest figure ("3.700", never a clipped "700"),
        and whether the bars' figures stand upright: level when two fit side by side over a
        pair of bars, upright when thousands would run into the neighbouring bar's figure."""
        metrics = self.fontMetrics()
        top = max([1, *(max(q.assigned, q.completed) for q in self.quarters)])
        widest = metrics.horizontalAdvance(format_number(top)) + 2
        axis = max(24, widest + 2)
        slot = (self.width() - 16 - axis - 4) / max(1, len(self.quarters))
        return axis, widest > slot / 2 - 2

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = self.fontMetrics()
        line = metrics.height()
        rect = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        legend_h = line + 6
        self._legend(painter, rect, text_colour)
        top = max([1, *(max(q.assigned, q.completed) for q in self.quarters)])
        top_text = format_number(top)
        axis, upright = self.figure_layout()
        room = metrics.horizontalAdvance(top_text) + 6 if upright else line
        plot = rect.adjusted(axis + 4, legend_h + room, 0, -(2 * line + 6))
        if self.empty():
            painter.setPen(text_colour)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.accessibleDescription())
            painter.end()
            return
        if plot.height() < 20:
            painter.end()
            return
        axis_pen = QPen(text_colour)
        axis_pen.setWidthF(1)
        painter.setPen(axis_pen)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawText(QRectF(rect.left(), plot.top() - line / 2, axis, line),
                         Qt.AlignmentFlag.AlignRight, top_text)
        painter.drawText(QRectF(rect.left(), plot.bottom() - line / 2, axis, line),
                         Qt.AlignmentFlag.AlignRight, "0")
        slot = plot.width() / len(self.quarters)
        bar = max(4.0, min(22.0, slot * 0.32))
        for index, q in enumerate(self.quarters):
            centre = plot.left() + slot * (index + 0.5)
            for offset, value, colour, hatched in (
                (-bar - 1, q.assigned, ASSIGNED, False), (1, q.completed, COMPLETED, True),
            ):
                height = plot.height() * value / top
                box = QRectF(centre + offset, plot.bottom() - height, bar, height)
                _box(painter, box, colour, hatched, text_colour)
                _figure(painter, box, format_number(value), line, upright)
            label = QRectF(centre - slot / 2, plot.bottom() + 3, slot, line)
            whole = format_quarter(q.year, q.quarter)
            if metrics.horizontalAdvance(whole) <= slot - 4:  # "Quý III/2026" on one line
                painter.drawText(label, Qt.AlignmentFlag.AlignCenter, whole)
                continue
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter,
                             _("Quý {roman}").format(roman=roman_quarter(q.quarter)))
            painter.drawText(label.translated(0, line), Qt.AlignmentFlag.AlignCenter, str(q.year))
        painter.end()

    def _legend(self, painter: QPainter, rect: QRectF, text_colour: QColor) -> None:
        metrics = self.fontMetrics()
        x = rect.left() + 28
        for text, colour, hatched in ((_("Được giao"), ASSIGNED, False),
                                      (_("Đã hoàn thành"), COMPLETED, True)):
            _box(painter, QRectF(x, rect.top() + 3, 14, 12), colour, hatched, text_colour)
            painter.drawText(QRectF(x + 18, rect.top(), 200, metrics.height() + 4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += 18 + metrics.horizontalAdvance(text) + 24



def _figure(painter: QPainter, box: QRectF, figure: str, line: float, upright: bool) -> None:
    """A bar's figure just over it: level, or upright (read bottom to top) in the bar's width."""
    if not upright:
        wide = painter.fontMetrics().horizontalAdvance(figure) + 2
        painter.drawText(QRectF(box.center().x() - wide / 2, box.top() - line, wide, line),
                         Qt.AlignmentFlag.AlignCenter, figure)
        return
    painter.save()
    painter.translate(box.center().x(), box.top() - 2)
    painter.rotate(-90)
    painter.drawText(QRectF(0, -line / 2, painter.fontMetrics().horizontalAdvance(figure) + 2,
                            line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     figure)
    painter.restore()

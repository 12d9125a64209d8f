"""Ctrl+F: one search box across briefings, aspirations and tasks (non-modal, stays open).

Results come from core.search (marks, case and đ ignored; prefixes match; best first). Enter or a
double-click opens the record: the window switches area and the page selects it (pages that have
``select_record(id)``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from giaoban.core.errors import GiaobanError
from giaoban.core.kinds import area_of, label_of_kind, searchable
from giaoban.core.kinds import kind as record_kind
from giaoban.core.oneline import one_line
from giaoban.core.search import SearchHit, search
from giaoban.i18n import _, format_number
from giaoban.ui.dialogs.window_dialog import window_dialog
from giaoban.ui.models.base import Column, RowTableModel
from giaoban.ui.widgets.attachments import AttachmentsPanel
from giaoban.ui.widgets.page import fit_to_screen, make_table

LIMIT = 100


class HitModel(RowTableModel[SearchHit]):
    COLUMNS = (
        Column(lambda: _("Loại"), lambda h: label_of_kind(h.type), width=16),
        Column(lambda: _("Số"), lambda h: h.target[1], width=6,  # a file: its record's number
               align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
               tooltip=lambda h: _("Số của {record} có tệp này").format(
                   record=record_kind(h.target[0]).noun) if h.owner else str(h.id)),
        Column(lambda: _("Ngày"), lambda h: h.on, width=10,
               tooltip=lambda h: _("Ngày phản ánh, hạn hoàn thành hoặc ngày họp")),
        Column(lambda: _("Nội dung"), lambda h: one_line(h.text, 200), tooltip=lambda h: h.text,
               width=70),
    )


class GlobalSearchDialog(QDialog):
    """Search box + results; debounced as the user types."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.ctx = window.ctx
        self.setWindowTitle(_("Tìm kiếm"))
        self.setModal(False)
        self.box = QLineEdit(self)
        self.box.setPlaceholderText(_(
            "Tìm trong giao ban, tâm tư – kiến nghị, nhiệm vụ, tệp đính kèm (không cần dấu)"))
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName(_("Ô tìm kiếm chung"))
        self.model = HitModel(self)
        self.view = make_table(self, _("Kết quả tìm kiếm"))
        self.view.setSortingEnabled(False)
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.count = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.run)
        self.box.textChanged.connect(lambda _text: self.timer.start())
        self.box.installEventFilter(self)
        self.view.installEventFilter(self)
        metrics = self.view.fontMetrics()
        header = self.view.horizontalHeader()
        header.resizeSection(0, max(metrics.horizontalAdvance(k.label) for k in searchable()) + 24)
        header.resizeSection(1, metrics.horizontalAdvance("000000") + 16)
        fit_to_screen(self, 820, 480)  # once built: its combos may shrink

    def run(self) -> None:
        """Search now (also called by tests instead of waiting for the timer)."""
        self.timer.stop()
        text = self.box.text()
        try:
            hits = search(self.ctx, text, limit=LIMIT)
        except GiaobanError as exc:
            self.count.setText(str(exc))
            return
        self.model.set_rows(hits)
        if hits:
            self.view.selectRow(0)
        if not text.strip():
            self.count.setText("")
        elif not hits:
            self.count.setText(_("Không tìm thấy kết quả nào."))
        else:
            self.count.setText(_("{n} kết quả, phù hợp nhất ở trên. Enter để mở.").format(
                n=format_number(len(hits))))

    def open_row(self, row: int) -> bool:
        """Switch to the record's area and select it there."""
        if not 0 <= row < self.model.rowCount():
            return False
        hit = self.model.row_at(row)
        kind, record_id = getattr(hit, "target", (hit.type, hit.id))  # a file: its record
        page = self.window_.show_area(area_of(kind))
        if hasattr(page, "select_record"):
            page.select_record(record_id)
        if hit.type == "attachment":  # and the file selected in the record's "Tệp đính kèm"
            reveal_attachment(page, hit.id)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.timer.isActive():
                    self.run()
                index = self.view.currentIndex()
                self.open_row(index.row() if index.isValid() else 0)
                return True
            if watched is self.box and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.view.setFocus()
                return False
        return super().eventFilter(watched, event)


def reveal_attachment(page: QWidget, attachment_id: int) -> bool:
    """Show a file in whichever panel of ``page`` lists it: its tab brought forward and its row
    selected (global search opening a hit found inside a file)."""
    for panel in page.findChildren(AttachmentsPanel):
        if not panel.owners:
            continue
        panel.reload(now=True)
        row = panel.model.row_of(attachment_id)
        if row < 0:
            continue
        child: QWidget = panel
        parent = child.parentWidget()
        while parent is not None and child is not page:
            if isinstance(parent, QStackedWidget):
                tabs = parent.parentWidget()
                if isinstance(tabs, QTabWidget):
                    tabs.setCurrentWidget(child)
                else:
                    parent.setCurrentWidget(child)
            child, parent = parent, parent.parentWidget()
        panel.view.selectRow(row)
        panel.view.setFocus()
        return True
    return False


def open_global_search(window: Any) -> GlobalSearchDialog:
    """Show (or bring back) the window's search dialog, with the box focused."""
    dialog = window_dialog(window, "_global_search", GlobalSearchDialog,
                           lambda: GlobalSearchDialog(window))
    dialog.box.setFocus()
    dialog.box.selectAll()
    return dialog


__all__ = ["GlobalSearchDialog", "open_global_search"]

"""Print preview for the GUI: a non-blocking QPrintPreviewDialog with "Lưu PDF…" / "Lưu Word…".

The preview paints with the same :func:`~giaoban.documents.pdf_writer.render` as the PDF file,
so what the user sees is what is printed and saved. The dialog is opened with ``open()`` (never
``exec()``) and deletes itself when closed. :func:`replace_document` shows another document in
an open preview (the same one, once numbered and dated); printing and saving follow it.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar, QWidget

from giaoban.core.errors import GiaobanError
from giaoban.documents.blocks import Document
from giaoban.documents.output import render_to_file
from giaoban.documents.pdf_writer import configure_printer, render
from giaoban.i18n import _

__all__ = ["open_print_preview", "render_preview", "render_to_file", "replace_document",
           "safe_file_name", "shown_document"]

_open_previews: dict[QPrintPreviewDialog, QPrinter] = {}
_documents: dict[QPrintPreviewDialog, Document] = {}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_name(name: str) -> str:
    """A file name without characters Windows or Linux refuse; never empty."""
    cleaned = _UNSAFE.sub(" ", name).strip(" .")
    return re.sub(r"\s+", " ", cleaned)[:120] or "van-ban"


def render_preview(document: Document, printer: QPrinter) -> None:
    """The slot for ``QPrintPreviewDialog.paintRequested``: paint ``document`` on ``printer``."""
    render(document, printer)


def _default_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def save_document_as(parent: QWidget, document: Document, suggested_name: str, suffix: str) -> Path | None:
    """Ask where to save (PDF or Word) and write the file; None if the user cancelled."""
    kinds = {".pdf": _("Tệp PDF (*.pdf)"), ".docx": _("Tài liệu Word (*.docx)")}
    title = _("Lưu PDF") if suffix == ".pdf" else _("Lưu Word")
    start = _default_folder() / f"{safe_file_name(suggested_name)}{suffix}"
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(start), kinds[suffix])
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    try:
        return render_to_file(document, path)
    except GiaobanError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None


def open_print_preview(parent: QWidget | None, document: Document, suggested_name: str) -> QPrintPreviewDialog:
    """Show a non-modal print preview of ``document``; returns the (already open) dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    configure_printer(printer, document)
    printer.setDocName(suggested_name)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(_("Xem trước khi in – {name}").format(name=suggested_name))
    # The dialog does not own its printer, and a dialog without a parent would be collected
    # once the caller drops it: keep both alive until the dialog is closed.
    _open_previews[dialog] = printer
    _documents[dialog] = document

    def forget(_result: int) -> None:
        _open_previews.pop(dialog, None)
        _documents.pop(dialog, None)

    dialog.finished.connect(forget)
    dialog.paintRequested.connect(lambda target: render_preview(shown_document(dialog), target))
    toolbar = dialog.findChild(QToolBar)
    save_pdf = QAction(_("Lưu PDF…"), dialog)
    save_pdf.setObjectName("savePdfAction")
    save_pdf.triggered.connect(
        lambda: save_document_as(dialog, shown_document(dialog), suggested_name, ".pdf"))
    save_docx = QAction(_("Lưu Word…"), dialog)
    save_docx.setObjectName("saveDocxAction")
    save_docx.triggered.connect(
        lambda: save_document_as(dialog, shown_document(dialog), suggested_name, ".docx")
    )
    if toolbar is not None:
        toolbar.addSeparator()
        toolbar.addAction(save_pdf)
        toolbar.addAction(save_docx)
    else:  # pragma: no cover - Qt always has a toolbar; keep the actions reachable anyway
        dialog.addAction(save_pdf)
        dialog.addAction(save_docx)
    dialog.open()
    return dialog


def shown_document(dialog: QPrintPreviewDialog) -> Document:
    """The document an open preview shows, prints and saves."""
    return _documents[dialog]


def replace_document(dialog: QPrintPreviewDialog, document: Document) -> None:
    """Show ``document`` instead (the same paper once numbered and dated) and repaint."""
    _documents[dialog] = document
    widget = dialog.findChild(QPrintPreviewWidget)
    if widget is not None:
        widget.updatePreview()

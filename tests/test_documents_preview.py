"""The print preview the GUI opens: non-blocking, painted by the PDF renderer, with
"Lưu PDF…" and "Lưu Word…" actions that write the same document."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox, QToolBar

from giaoban.core.clock import Clock
from giaoban.core.services.document_data import load_briefing_document_data
from giaoban.documents.builders import build_minutes
from giaoban.documents.preview import open_print_preview, render_preview, safe_file_name
from tests.documents_fixtures import CHAIR, TODAY, insert_sample_briefing, pdf_pages, squash


@pytest.fixture
def minutes(ctx, qapp):
    ctx.clock = Clock.at(TODAY)
    return build_minutes(load_briefing_document_data(ctx, insert_sample_briefing(ctx)))


@pytest.fixture
def preview(qtbot, minutes):
    dialog = open_print_preview(None, minutes, "Biên bản: giao ban quý III/2026")
    qtbot.waitExposed(dialog)
    yield dialog
    if dialog.isVisible():
        dialog.close()


def _action(dialog, name):
    action = dialog.findChild(QAction, name)
    assert action is not None
    return action


def test_preview_opens_without_blocking_and_offers_saving(preview):
    assert preview.isVisible()
    assert "Biên bản" in preview.windowTitle()
    toolbar = preview.findChild(QToolBar)
    texts = [a.text() for a in toolbar.actions()]
    assert "Lưu PDF…" in texts and "Lưu Word…" in texts


def test_save_actions_write_the_document(preview, tmp_path, monkeypatch):
    answers = iter([str(tmp_path / "bien-ban"), str(tmp_path / "bien-ban.docx")])
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (next(answers), "")
    )
    _action(preview, "savePdfAction").trigger()
    _action(preview, "saveDocxAction").trigger()
    assert squash(CHAIR[0]) in squash("".join(pdf_pages(tmp_path / "bien-ban.pdf")))
    assert docx.Document(str(tmp_path / "bien-ban.docx")).tables[0].cell(1, 0).text == "Số 15-BB/TU"


def test_cancel_and_errors(preview, tmp_path, monkeypatch):
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: ("", ""))
    _action(preview, "savePdfAction").trigger()  # cancelled: nothing happens
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[-1]))
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(tmp_path / "missing" / "x.docx"), ""),
    )
    _action(preview, "saveDocxAction").trigger()
    assert warnings and "không tồn tại" in warnings[0]


def test_render_preview_paints_on_a_printer(minutes, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "p.pdf"))
    printer.setFullPage(True)
    render_preview(minutes, printer)
    assert squash("BIÊN BẢN") in squash(pdf_pages(tmp_path / "p.pdf")[0])


def test_safe_file_name():
    assert safe_file_name('Biên bản: "quý III/2026"?') == "Biên bản quý III 2026"
    assert safe_file_name("///") == "van-ban"

"""The GUI of the register: the notice's preview takes a number and a date typed before printing,
and Settings show each document's signer and reporting body in a dialog that fits 1024×600."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QScrollArea

from giaoban.core.clock import Clock
from giaoban.core.services import document_register
from giaoban.core.services import settings as settings_service
from giaoban.core.services.briefings import finalize_briefing
from giaoban.documents.blocks import HeaderBlock
from giaoban.documents.preview import shown_document
from giaoban.ui.dialogs.renumber import RenumberDialog
from giaoban.ui.pages.briefing_editor import documents
from giaoban.ui.widgets.issue_bar import IssueBar
from tests.documents_fixtures import TODAY, insert_sample_briefing
from tests.qt_helpers import type_text, wait_exposed


def _header(dialog) -> HeaderBlock:
    return next(b for b in shown_document(dialog).blocks if isinstance(b, HeaderBlock))


def _finalized(ctx) -> int:
    ctx.clock = Clock.at(TODAY)
    bid = insert_sample_briefing(ctx, status="draft")
    finalize_briefing(ctx, bid)
    return bid


def test_the_notice_preview_issues_the_typed_number_and_date(window, qtbot, ctx):
    bid = _finalized(ctx)
    dialog = documents.preview(window, ctx, bid, "notice")
    wait_exposed(qtbot, dialog)
    bar = dialog.findChild(IssueBar)
    assert bar is not None and bar.number.placeholderText() == "01-TB/TU"
    assert _header(dialog).number.replace("\u00a0", "") == "Số -TB/TU"
    type_text(bar.number, "16")
    bar.date.selectAll()
    type_text(bar.date, "05/10/2026")
    qtbot.mouseClick(bar.findChild(QPushButton, "issueButton"), Qt.MouseButton.LeftButton)
    entry = document_register.issued_for_briefing(ctx, bid, "notice")
    assert entry is not None and (entry.label, entry.issued_on) == ("16-TB/TU",
                                                                    dt.date(2026, 10, 5))
    header = _header(dialog)
    assert (header.number, header.place_date) == ("Số 16-TB/TU",
                                                  "Ninh Bình, ngày 05 tháng 10 năm 2026")
    assert bar.status.text() == "Đã cấp số 16-TB/TU, ngày 05/10/2026"
    assert window.undo_stack.canUndo()  # an operation like any other
    window.undo_stack.undo()
    assert document_register.issued_for_briefing(ctx, bid, "notice") is None
    dialog.close()
    again = documents.preview(window, ctx, bid, "notice")
    assert again.findChild(IssueBar) is not None
    again.close()


def test_a_taken_number_is_refused_and_nothing_is_issued(window, qtbot, ctx, monkeypatch):
    bid = _finalized(ctx)
    document_register.issue_notice(ctx, insert_sample_briefing(ctx), None)  # legacy: finalized
    errors = []
    monkeypatch.setattr("giaoban.ui.operations.OperationRunner._show_error",
                        lambda self, text: errors.append(text))
    dialog = documents.preview(window, ctx, bid, "notice")
    bar = dialog.findChild(IssueBar)
    type_text(bar.number, "1")
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert errors and "01-TB/TU" in errors[0]
    assert document_register.issued_for_briefing(ctx, bid, "notice") is None
    dialog.close()


def test_an_issued_notice_previews_as_issued_and_is_corrected_with_a_reason(window, qtbot, ctx):
    bid = _finalized(ctx)
    document_register.issue_notice(ctx, bid, "7", dt.date(2026, 10, 1))
    dialog = documents.preview(window, ctx, bid, "notice")
    bar = dialog.findChild(IssueBar)
    assert bar.number.isHidden() and bar.button.isHidden()
    assert bar.status.text() == "Đã cấp số 07-TB/TU, ngày 01/10/2026"
    assert _header(dialog).number == "Số 07-TB/TU"
    qtbot.mouseClick(bar.correct_button, Qt.MouseButton.LeftButton)
    fix = bar.findChild(RenumberDialog)
    wait_exposed(qtbot, fix)
    fix.number.selectAll()
    type_text(fix.number, "8")
    qtbot.mouseClick(fix.save_button, Qt.MouseButton.LeftButton)
    assert fix.isVisible() and fix.errors.message("reason")  # no reason: nothing changed
    assert document_register.issued_for_briefing(ctx, bid, "notice").number == 7
    type_text(fix.reason, "Trùng số với sổ giấy")
    qtbot.mouseClick(fix.save_button, Qt.MouseButton.LeftButton)
    assert not fix.isVisible()
    assert document_register.issued_for_briefing(ctx, bid, "notice").number == 8
    assert _header(dialog).number == "Số 08-TB/TU"
    assert bar.status.text() == "Đã cấp số 08-TB/TU, ngày 01/10/2026"
    dialog.close()


def test_finalized_minutes_preview_shows_their_number(window, qtbot, ctx):
    bid = _finalized(ctx)
    dialog = documents.preview(window, ctx, bid, "minutes")
    assert dialog.findChild(IssueBar).status.text() == "Đã cấp số 15-BB/TU, ngày 25/09/2026"
    dialog.close()


def test_settings_show_signers_per_document_and_fit_a_small_screen(window, qtbot, ctx):
    from giaoban.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_exposed(qtbot, dialog)
    scroll = dialog.findChild(QScrollArea, "settingsScroll")
    assert scroll is not None and scroll.widget().isAncestorOf(dialog.editors["report_signer_name"])
    room = dialog.screen().availableGeometry().height()
    assert dialog.frameGeometry().height() <= max(room, 600)
    assert dialog.editors["report_body"].text() == "Văn phòng Tỉnh ủy"
    assert dialog.editors["report_signing_mode"].text() == "T/L BAN THƯỜNG VỤ"
    type_text(dialog.editors["report_signer_name"], "Trương Văn Chánh")
    dialog.yearly.setFocus()
    qtbot.keyClick(dialog.yearly, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = settings_service.get_settings(ctx)
    assert stored["report_signer_name"] == "Trương Văn Chánh"
    assert stored["numbering_yearly"] == "0"


def test_settings_refuse_a_symbol_with_a_slash(window, qtbot, ctx, monkeypatch):
    from giaoban.ui.dialogs import ask
    from giaoban.ui.dialogs.settings import SettingsDialog

    monkeypatch.setattr(ask, "ask_save_changes", lambda *a: ask.Choice.DISCARD)

    dialog = SettingsDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.editors["symbol_notice"]
    editor.selectAll()
    type_text(editor, "TB/X")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert settings_service.get_setting(ctx, "symbol_notice") == "TB"
    assert "Ký hiệu" in dialog.errors.message("symbol_notice")

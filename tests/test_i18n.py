"""Translations: Vietnamese by default, English on request, Qt's own buttons in Vietnamese."""

from PySide6.QtWidgets import QDialogButtonBox

from giaoban.i18n import _, format_number, format_quarter, install_qt_translator, set_language


def test_english_catalog_translates_and_vietnamese_is_the_source():
    assert _("Tổng quan") == "Tổng quan"
    set_language("en")
    assert _("Tổng quan") == "Overview"
    assert _("một câu chưa dịch") == "một câu chưa dịch"  # falls back to Vietnamese, never blank
    set_language("vi")


def test_numbers_and_quarters():
    assert format_number(1204) == "1.204"
    assert format_quarter(2026, 3) == "Quý III/2026"


def test_qt_standard_buttons_speak_vietnamese(qapp):
    set_language("vi")
    translator = install_qt_translator(qapp)
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
        texts = {b.text().replace("&", "") for b in box.buttons()}
        assert texts == {"Hủy", "Lưu"}
    finally:
        qapp.removeTranslator(translator)


def test_qt_bridge_leaves_unknown_qt_strings_alone(qapp):
    from PySide6.QtCore import QCoreApplication

    set_language("vi")
    translator = install_qt_translator(qapp)
    try:
        assert QCoreApplication.translate("QPrintPreviewDialog", "Fit width") == "Vừa chiều rộng"
        assert QCoreApplication.translate("SomeQtClass", "Page %1 of %2") == "Page %1 of %2"
    finally:
        qapp.removeTranslator(translator)

"""QA: Qt's own words (calendar month and day names) follow the program's language, not the
computer's — offices often run an English Windows with Vietnamese typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QCalendarWidget

from giaoban.ui.app import apply_qt_locale


@pytest.fixture
def english_computer():
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(QLocale.system())


def test_calendar_speaks_vietnamese_on_an_english_computer(qapp, english_computer):
    apply_qt_locale("vi")
    calendar = QCalendarWidget()
    assert calendar.locale().language() == QLocale.Language.Vietnamese
    assert "11" in calendar.locale().monthName(11) and "November" not in calendar.locale().monthName(11)
    assert calendar.locale().dayName(1, QLocale.FormatType.ShortFormat) != "Mon"
    apply_qt_locale("en")
    assert QLocale().language() == QLocale.Language.English


def test_no_menu_shortcut_reads_as_an_english_word(window):
    """The platform's Preferences key is the "Settings" media key on Linux: the Vietnamese File
    menu showed "Settings" beside "Cài đặt…" (issue 13). Every shortcut is keys, not words."""
    from PySide6.QtGui import QKeySequence

    texts = {}
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if shown:
                texts[action.text().replace("&", "")] = shown
    assert texts["Cài đặt…"] == "Ctrl+,"
    assert not [t for t in texts.values() if t.isalpha() and len(t) > 3], texts

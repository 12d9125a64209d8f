"""Dates in widgets, one way everywhere: the date field, QDate ↔ date, time stamps.

:class:`DateField` is the program's one date field. It keeps what is typed and reads it as a
person means it: ``25/11/2026``, ``25-11-2026``, ``25112026``, ``25/11`` or ``2511`` (this year),
``5/2/27``, a pasted ``2026-11-25`` or "ngày 25 tháng 11 năm 2026". Up/Down change the part under
the cursor, Alt+Down or F4 (or the calendar button) opens a calendar. A text that is not a date, or
a date before 1945 or after 2100, is shown as wrong and read as no date — never as another date.
An empty field stays empty until something is typed or chosen.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from giaoban.core.errors import ValidationError
from giaoban.core.text import fold
from giaoban.i18n import _
from giaoban.ui.icons import icon
from giaoban.ui.widgets.typed import InputProblem, ParsedField

FIRST_YEAR, LAST_YEAR = 1945, 2100

_WORDS = re.compile(r"\b(ngay|thang|nam)\b")
_SHAPE = re.compile(r"\d+(?:[/.\-\s]+\d+){0,2}")


def parse_date(text: str, year: int | None) -> dt.date | None:
    """The date a person meant by ``text`` (None for an empty text); ``year`` completes a short
    one ("25/11"). Raises InputProblem with the reason, in Vietnamese, for anything else."""
    cleaned = _WORDS.sub(" ", fold(text)).strip(" ,")
    if not cleaned:
        return None
    if not _SHAPE.fullmatch(cleaned):
        raise InputProblem(_not_a_date(text))
    parts = re.findall(r"\d+", cleaned)
    if len(parts) == 1:  # digits only: ddmmyyyy, ddmmyy or ddmm
        digits = parts[0]
        if len(digits) not in (4, 6, 8):
            raise InputProblem(_not_a_date(text))
        parts = [digits[:2], digits[2:4]] + ([digits[4:]] if len(digits) > 4 else [])
    if len(parts) == 3 and len(parts[0]) == 4:  # 2026-11-25 (pasted from elsewhere)
        parts = [parts[2], parts[1], parts[0]]
    if len(parts) == 2:
        if year is None:
            raise InputProblem(_("Hãy gõ cả năm, ví dụ 25/11/2026."))
        parts.append(str(year))
    day, month, year_text = parts
    if len(day) > 2 or len(month) > 2 or len(year_text) not in (2, 4):
        raise InputProblem(_not_a_date(text))
    full_year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    try:
        value = dt.date(full_year, int(month), int(day))
    except ValueError:
        raise InputProblem(_not_a_date(text)) from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InputProblem(_("Ngày phải trong khoảng từ năm {first} đến năm {last}.").format(
            first=FIRST_YEAR, last=LAST_YEAR))
    return value


def _not_a_date(text: str) -> str:
    return _("“{text}” không phải là một ngày. Hãy gõ ngày/tháng/năm, ví dụ 25/11/2026.").format(
        text=text.strip())


def shift_date(value: dt.date, part: int, step: int) -> dt.date:
    """``value`` moved by ``step`` days (part 0), months (1) or years (2); the day is kept within
    the month (31/01 + 1 month = 28/02)."""
    if part == 0:
        return value + dt.timedelta(days=step)
    months = value.year * 12 + value.month - 1 + (step if part == 1 else 12 * step)
    year, month = divmod(months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(value.day, last))


class DateField(ParsedField):
    """The date field: see the module's description. ``value()`` is a date or None."""

    dateChanged = Signal(QDate)  # as QDateEdit's: an invalid QDate when emptied

    def __init__(self, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] | None = None, empty_text: str = "",
                 year: Callable[[], int] | None = None) -> None:
        super().__init__(parent)
        self._today, self._year = today, year
        self._year_hint: int | None = None
        self.setPlaceholderText(empty_text or _("ngày/tháng/năm"))
        self.calendar_action = self.addAction(icon("calendar"),
                                              QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip(_("Chọn trên lịch (Alt+↓)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.calendar: QCalendarWidget | None = None
        sample = self.fontMetrics().horizontalAdvance("00/00/00000")
        self.setMinimumWidth(sample + self.fontMetrics().height() * 2 + 16)

    def parse(self, text: str) -> dt.date | None:
        return parse_date(text, self._default_year())

    def format(self, value: dt.date) -> str:
        return value.strftime("%d/%m/%Y")

    def _default_year(self) -> int | None:
        """The year of "25/11": the field's own (``year``), else today's from the context, else
        the year the field last showed."""
        if self._year is not None:
            return self._year()
        return self._today().year if self._today is not None else self._year_hint

    def _emit(self, value: Any) -> None:
        if value is not None:
            self._year_hint = value.year
        super()._emit(value)
        self.dateChanged.emit(to_qdate(value) if value is not None else QDate())

    # --- QDateEdit's interface, for callers written against it ---------------------------------
    def date(self) -> QDate:
        """The date as a QDate; an invalid QDate while the field is empty or wrong."""
        return to_qdate(self._value) if self._value is not None else QDate()

    def setDate(self, value: QDate) -> None:
        self.set_value(to_date(value) if value.isValid() else None)

    def set_value(self, value: Any) -> None:
        if value is not None:
            self._year_hint = value.year
        super().set_value(value)

    # --- keys: Up/Down on the part under the cursor, Alt+Down/F4 for the calendar ---------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods == Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and mods == Qt.KeyboardModifier.NoModifier:
            self.step(1 if key == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)

    def _part_at(self, position: int) -> int:
        """0 day, 1 month, 2 year: the part of the text the cursor is in."""
        text = self.text()
        if re.fullmatch(r"\s*\d+\s*", text):
            return 0 if position <= 2 else 1 if position <= 4 else 2
        return min(2, len(re.findall(r"\D+", text[:position].lstrip())))

    def step(self, step: int) -> None:
        """Up (+1) / Down (-1): change the day, month or year under the cursor."""
        if self.isReadOnly() or self._problem:
            return
        part = self._part_at(self.cursorPosition())
        base = self._value
        if base is None:
            if self._today is None:
                return
            base, step = self._today(), 0  # the first Up/Down on an empty field shows today
        moved = shift_date(base, part, step)
        if not FIRST_YEAR <= moved.year <= LAST_YEAR:
            return
        self.set_value(moved)
        start, length = ((0, 2), (3, 2), (6, 4))[part]
        self.setSelection(start, length)

    def open_calendar(self) -> None:
        """A month calendar under the field; a click or Enter takes the day, Esc closes it."""
        if self.isReadOnly() or not self.isEnabled():
            return
        popup = QCalendarWidget(self)
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        popup.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        popup.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))
        start = self._value or (self._today() if self._today is not None else None)
        if start is not None:
            popup.setSelectedDate(to_qdate(start))
        popup.clicked.connect(lambda day: self._picked(popup, day))
        popup.activated.connect(lambda day: self._picked(popup, day))
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar = popup
        popup.show()
        popup.setFocus()

    def _picked(self, popup: QCalendarWidget, day: QDate) -> None:
        popup.close()
        self.calendar = None
        self.set_value(to_date(day))
        self.setFocus()


def to_qdate(value: dt.date) -> QDate:
    """A Python date as a QDate."""
    return QDate(value.year, value.month, value.day)


def to_date(value: QDate | DateField) -> dt.date:
    """The Python date of a QDate, or of a date field's value (a ValidationError, keyed by the
    field's name, when it is empty or its text is not a date)."""
    if isinstance(value, DateField):
        day = value.value()
        if day is None:
            raise ValidationError({value.field_name: _("Hãy nhập ngày, ví dụ 25/11/2026.")})
        return day  # type: ignore[no-any-return]
    return dt.date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget | None, value: dt.date | None = None, *, empty_text: str = "",
              today: Callable[[], dt.date] | None = None,
              year: Callable[[], int] | None = None) -> DateField:
    """The date field (see :class:`DateField`); ``today`` (the context's) completes "25/11" with
    this year unless ``year`` gives the field's own, and starts the calendar and Up/Down."""
    edit = DateField(parent, today=today, empty_text=empty_text, year=year)
    if value is not None:
        edit.set_value(value)
    return edit


def set_date(edit: DateField, value: dt.date | None) -> None:
    """Show a date; None empties the field."""
    edit.set_value(value)


def format_moment(moment: dt.datetime, *, seconds: bool = False) -> str:
    """A stored moment on screen in local time: 'dd/mm/yyyy HH:MM' (with ':SS' if asked).

    Moments are stored in UTC; SQLite hands them back without a zone, so a naive one is UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")

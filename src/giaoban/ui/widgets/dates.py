"""Dates in widgets, one way everywhere: QDate ↔ date, the dd/MM/yyyy date field, time stamps.

A date field shows dd/MM/yyyy with a calendar popup. One that may stay empty sits on ``NO_DATE``
(its minimum) and shows a text such as "(chưa chọn)" there; ``date_or_none`` reads it back.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

DISPLAY_FORMAT = "dd/MM/yyyy"
NO_DATE = QDate(1900, 1, 1)


def to_qdate(value: dt.date) -> QDate:
    """A Python date as a QDate."""
    return QDate(value.year, value.month, value.day)


def to_date(value: QDate | QDateEdit) -> dt.date:
    """The Python date of a QDate, or of a date field's current value."""
    if isinstance(value, QDateEdit):
        value = value.date()
    return dt.date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget | None, value: dt.date | None = None, *,
              empty_text: str = "") -> QDateEdit:
    """A dd/MM/yyyy date field with a calendar popup; with ``empty_text`` it can be empty."""
    edit = QDateEdit(parent)
    edit.setDisplayFormat(DISPLAY_FORMAT)
    edit.setCalendarPopup(True)
    if empty_text:
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(empty_text)
    if value is not None:
        set_date(edit, value)
    return edit


def set_date(edit: QDateEdit, value: dt.date | None) -> None:
    """Show a date; None empties a field made with ``empty_text``."""
    edit.setDate(to_qdate(value) if value is not None else NO_DATE)


def date_or_none(edit: QDateEdit) -> dt.date | None:
    """The field's date, None while an emptiable field is empty."""
    return None if edit.date() == NO_DATE else to_date(edit)


def format_moment(moment: dt.datetime, *, seconds: bool = False) -> str:
    """A stored moment on screen in local time: 'dd/mm/yyyy HH:MM' (with ':SS' if asked).

    Moments are stored in UTC; SQLite hands them back without a zone, so a naive one is UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")

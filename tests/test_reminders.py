"""Reminders: counts from core, a banner where there is no tray, switchable in settings."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QSystemTrayIcon

from giaoban.core.clock import Clock
from giaoban.core.services import directory, settings, tasks
from giaoban.core.services.overview import reminder
from giaoban.ui import reminders

D = dt.date


def _tasks(ctx):
    lead = directory.list_organizations(ctx)[0].id
    for due in (D(2026, 11, 10), D(2026, 11, 28), D(2026, 12, 3), D(2027, 1, 30)):
        tasks.create_task(ctx, title=f"Hạn {due}", lead_unit_id=lead, assigned_on=D(2026, 10, 1),
                          due_on=due)


def test_reminder_counts(ctx):
    _tasks(ctx)
    first = reminder(ctx)
    assert (first.overdue, first.newly_overdue, first.due_soon) == (2, 0, 1)
    later = reminder(ctx, since=D(2026, 11, 25))  # told on 25/11: only 28/11 fell due since
    assert (later.overdue, later.newly_overdue) == (2, 1)
    assert later.message() == (
        "2 nhiệm vụ quá hạn (1 nhiệm vụ mới quá hạn); 1 nhiệm vụ đến hạn trong 7 ngày tới.")


def test_banner_without_tray_once_a_day(window, qtbot, ctx, monkeypatch):
    _tasks(ctx)
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    rem = reminders.Reminders(window)
    found = rem.check()
    assert found is not None and found.overdue == 2
    banner = window.page("overview").banner
    assert banner.isVisibleTo(window.page("overview"))
    assert "2 nhiệm vụ quá hạn" in banner.text()
    banner.hide()
    assert rem.check() is None  # already told today
    assert not banner.isVisibleTo(window.page("overview"))
    ctx.clock = Clock.at(D(2026, 11, 30))  # the next day: told again
    assert rem.check() is not None


def test_switched_off_in_settings(window, qtbot, ctx, monkeypatch):
    _tasks(ctx)
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    settings.save_settings(ctx, {"reminders_enabled": "0"})
    rem = reminders.Reminders(window)
    assert rem.check() is None
    assert not window.page("overview").banner.isVisibleTo(window.page("overview"))


def test_settings_dialog_has_the_switch(window, qtbot, ctx):
    from giaoban.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.reminders.isChecked()
    dialog.reminders.setChecked(False)
    dialog.accept()
    assert settings.get_setting(ctx, "reminders_enabled") == "0"

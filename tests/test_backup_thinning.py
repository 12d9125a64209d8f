"""Backup thinning: a pure function of backup names/moments and a pinned today."""

from __future__ import annotations

import datetime as dt

from giaoban.core.backup import backups_to_delete, parse_backup_name, prune_backups

TODAY = dt.date(2026, 11, 29)


def _daily(days: int, *, per_day: int = 1, today: dt.date = TODAY) -> list[tuple[str, dt.datetime]]:
    items = []
    for age in range(days):
        day = today - dt.timedelta(days=age)
        for n in range(per_day):
            when = dt.datetime.combine(day, dt.time(8 + n, 0))
            items.append((f"g-{when:%Y%m%d-%H%M%S}-startup.db", when))
    return items


def test_names_are_parsed_and_foreign_files_ignored():
    assert parse_backup_name("giaoban-20261129-081500-pre-restore.db") == (
        dt.datetime(2026, 11, 29, 8, 15), "pre-restore")
    assert parse_backup_name("giaoban-20261129-081500-manual-2.db") == (
        dt.datetime(2026, 11, 29, 8, 15), "manual")
    assert parse_backup_name("giaoban-20261129-081500-manual.db.part") is None
    assert parse_backup_name("notes.txt") is None
    assert parse_backup_name("x-20261399-081500-manual.db") is None


def test_two_years_of_daily_backups_thin_to_daily_weekly_monthly():
    items = _daily(730, per_day=3)
    doomed = set(backups_to_delete(items, TODAY))
    kept = {name: when for name, when in items if name not in doomed}
    # all of today
    assert sum(1 for w in kept.values() if w.date() == TODAY) == 3
    # the newest of each of the last 7 days
    for age in range(1, 7):
        day = TODAY - dt.timedelta(days=age)
        newest = max(w for w in (w for _n, w in items) if w.date() == day)
        assert newest in kept.values()
    # every ISO week of the last 5 weeks and every month of the last 12 has a backup
    for age in range(35):
        day = TODAY - dt.timedelta(days=age)
        week = day.isocalendar()[:2]
        assert any(w.isocalendar()[:2] == week for w in kept.values()), day
    months = {(w.year, w.month) for w in kept.values()}
    for back in range(12):
        index = TODAY.year * 12 + TODAY.month - 1 - back
        assert (index // 12, index % 12 + 1) in months
    # nothing older than 12 months survives, and the total stays small
    assert min(kept.values()).date() >= dt.date(2025, 12, 1)
    assert len(kept) <= 3 + 6 + 5 + 12
    # thinning again the same day removes nothing more (it never undoes itself)
    assert backups_to_delete(list(kept.items()), TODAY) == []


def test_thinning_day_after_day_stays_bounded_and_keeps_the_newest():
    kept: dict[str, dt.datetime] = {}
    day = dt.date(2025, 1, 1)
    while day <= TODAY:
        when = dt.datetime.combine(day, dt.time(9))
        kept[f"g-{when:%Y%m%d-%H%M%S}-startup.db"] = when
        for name in backups_to_delete(list(kept.items()), day):
            del kept[name]
        assert max(kept.values()).date() == day
        assert len(kept) <= 1 + 6 + 5 + 12
        day += dt.timedelta(days=1)
    months = {(w.year, w.month) for w in kept.values()}
    assert len(months) == 12


def test_single_old_backup_is_never_deleted_and_future_dates_are_kept():
    old = [("g-20200101-000000-manual.db", dt.datetime(2020, 1, 1))]
    assert backups_to_delete(old, TODAY) == []
    future = [("g-20270101-000000-manual.db", dt.datetime(2027, 1, 1)), *old]
    assert backups_to_delete(future, TODAY) == ["g-20200101-000000-manual.db"]
    assert backups_to_delete([], TODAY) == []


def test_prune_deletes_only_backup_files(tmp_path):
    for name, _when in _daily(60):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "README.txt").write_text("keep me")
    (tmp_path / "g-20200101-000000-manual.db.part").write_bytes(b"x")
    deleted = prune_backups(tmp_path, TODAY)
    assert deleted and all(not p.exists() for p in deleted)
    assert (tmp_path / "README.txt").exists()
    assert (tmp_path / "g-20200101-000000-manual.db.part").exists()
    left = [p for p in tmp_path.iterdir() if p.name.startswith("g-") and p.suffix == ".db"]
    assert 7 + 4 <= len(left) <= 7 + 5 + 3

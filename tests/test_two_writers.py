"""Two writers on one database: the second waits its turn instead of failing, and when it waits
too long it says so plainly with nothing half-written. One writer per FILE, by any path."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import pytest

from giaoban.cli import main
from giaoban.core import db as db_module
from giaoban.core import file_hold
from giaoban.core.errors import DatabaseBusy
from giaoban.core.services import directory, tasks


def _hold_write_lock(path, seconds: float, started: threading.Event) -> None:
    """Another program: takes the write lock, writes, keeps it ``seconds``, then commits."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO setting(key, value) VALUES ('other_program', 'x')")
        started.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
    finally:
        conn.close()


@pytest.mark.timeout(60)
def test_a_save_during_another_programs_write_waits_and_succeeds(ctx):
    """Before, a save that had read first failed at once with "database is locked" (its read
    transaction could not be upgraded); now it waits for the other writer and goes through."""
    org = directory.create_organization(ctx, name="Hội Khuyến học tỉnh")
    started = threading.Event()
    other = threading.Thread(target=_hold_write_lock, args=(ctx.db.path, 1.0, started))
    other.start()
    assert started.wait(10)
    begun = time.monotonic()  # a timing, not a clock: how long the save waited
    directory.update_organization(ctx, org.id, name="Hội Khuyến học")
    waited = time.monotonic() - begun
    other.join()
    assert waited >= 0.5  # it waited for the other program's commit…
    assert directory.get_organization(ctx, org.id).name == "Hội Khuyến học"  # …and saved


@pytest.mark.timeout(60)
def test_a_writer_that_waits_too_long_says_so_and_changes_nothing(ctx, monkeypatch):
    lead = directory.list_organizations(ctx)[0].id
    task = tasks.create_task(ctx, title="Việc đang làm", lead_unit_id=lead,
                             assigned_on=__import__("datetime").date(2026, 11, 1))
    ctx.db.dispose()
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300)
    ctx.db.engine = db_module.sqlite_engine(ctx.db.path)  # reconnect with the short wait
    started = threading.Event()
    other = threading.Thread(target=_hold_write_lock, args=(ctx.db.path, 3.0, started))
    other.start()
    assert started.wait(10)
    with pytest.raises(DatabaseBusy, match="Đang có người khác ghi dữ liệu"):
        tasks.complete_task(ctx, task.id, completed_on=__import__("datetime").date(2026, 11, 20))
    other.join()
    assert tasks.get_task(ctx, task.id).status == "not_started"  # nothing half-done
    assert tasks.task_updates(ctx, task.id) == []


def test_one_file_through_two_paths_is_held_once(tmp_path, ctx):
    path = ctx.db.path
    link = tmp_path / "duong-dan-khac.db"
    os.link(path, link)
    symlink = tmp_path / "loi-tat.db"
    symlink.symlink_to(path)
    assert file_hold.identity(path) == file_hold.identity(link) == file_hold.identity(symlink)
    with file_hold.hold(path):
        assert file_hold.is_held(link) and file_hold.is_held(symlink)
        with pytest.raises(file_hold.FileHeld, match="đang được một chương trình giaoban khác"):
            file_hold.hold(link)
    assert not file_hold.is_held(link)  # released when the first program ends


def test_a_writing_command_refuses_while_the_file_is_held(tmp_path, ctx, capsys):
    ctx.db.dispose()
    link = tmp_path / "ban-lien-ket.db"
    os.link(ctx.db.path, link)
    with file_hold.hold(ctx.db.path):  # a window is open on the file
        assert main(["demo", "--db", str(link)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "đang được một chương trình giaoban khác ghi" in err[0]
        assert main(["tasks", "--db", str(link)]) == 0  # reading is fine meanwhile
    capsys.readouterr()
    assert main(["demo", "--db", str(link)]) == 0  # and the command runs once it is free


def test_the_gui_guard_has_one_name_for_every_path_to_a_file(tmp_path, ctx):
    from giaoban.ui.instance import server_name

    link = tmp_path / "lien-ket-cung.db"
    os.link(ctx.db.path, link)
    other = tmp_path / "khac.db"
    other.write_bytes(b"")
    assert server_name(ctx.db.path) == server_name(link)
    assert server_name(ctx.db.path) != server_name(other)


@pytest.mark.timeout(60)
def test_a_writer_that_must_wait_is_told_once_and_then_saves(ctx):
    """The window says "Đang chờ…" while a save waits for another program (core: on_wait)."""
    from dataclasses import replace

    org = directory.create_organization(ctx, name="Hội Người cao tuổi tỉnh")
    told = []
    waiting = replace(ctx, on_wait=lambda: told.append("waiting"))
    directory.update_organization(waiting, org.id, name="Hội Người cao tuổi")
    assert told == []  # nobody else writing: nothing to say
    started = threading.Event()
    other = threading.Thread(target=_hold_write_lock, args=(ctx.db.path, 1.5, started))
    other.start()
    assert started.wait(10)
    directory.update_organization(waiting, org.id, name="Hội NCT tỉnh")
    other.join()
    assert told == ["waiting"]
    assert directory.get_organization(ctx, org.id).name == "Hội NCT tỉnh"


@pytest.mark.timeout(60)
def test_the_window_shows_that_a_save_waits(window, ctx, monkeypatch):
    from giaoban.ui.operations import runner_for

    shown = []
    monkeypatch.setattr(window.statusBar(), "showMessage", lambda text, *a: shown.append(text))
    started = threading.Event()
    other = threading.Thread(target=_hold_write_lock, args=(ctx.db.path, 1.5, started))
    other.start()
    assert started.wait(10)
    result = runner_for(window, ctx).perform("Thêm người", directory.create_person,
                                             full_name="Trần Văn Chờ")
    other.join()
    assert result is not None and any("Đang chờ một chương trình khác" in t for t in shown)
    assert [p.full_name for p in directory.list_people(ctx)] == ["Trần Văn Chờ"]

"""A reading command runs with Python's cyclic collector paused (commands.pause_collector) and
leaves it as it found it: on, nothing set aside."""

from __future__ import annotations

import gc

import pytest

from giaoban import cli


@pytest.mark.parametrize("argv", [
    ["tasks", "--overdue", "--json"], ["search", "ra soat"], ["briefings"],
    ["aspirations", "--period", "2026"], ["aspirations", "--body", "khong co co quan nay"],
])
def test_a_reading_command_gives_the_collector_back(demo_ctx, argv, monkeypatch, capsys):
    from giaoban.core import db

    seen: list[tuple[bool, int]] = []
    opened = db.open_database

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return opened(*args, **kwargs)

    monkeypatch.setattr(db, "open_database", watched)
    cli.main(["--db", str(demo_ctx.db.path), *argv])
    capsys.readouterr()
    assert seen == [(False, 0)]  # paused while opening, nothing set aside
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_failed_or_other_command_leaves_the_collector_alone(tmp_path, capsys):
    assert cli.main(["--db", str(tmp_path / "khong-co.db"), "tasks"]) != 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:  # off before: off after, nothing frozen
        assert cli.main(["--db", str(tmp_path / "khong-co.db"), "search", "x"]) != 0
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()
    capsys.readouterr()

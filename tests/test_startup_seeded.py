"""Opening a file that already holds its first-start content writes nothing to find that out:
the read-only inspection sees the seed's mark, so no write transaction is begun (issue 18)."""

from __future__ import annotations

import sqlite3

import pytest

from giaoban.core import seed
from giaoban.core.file_check import inspect_file
from giaoban.core.startup import open_context


def test_a_seeded_file_is_opened_without_seeding_again(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    open_context(path).db.dispose()
    state = inspect_file(path)
    assert state.seeded

    def no_seed(_ctx):
        raise AssertionError("seed_defaults ran on a file that says it is seeded")

    monkeypatch.setattr(seed, "seed_defaults", no_seed)
    ctx = open_context(path, inspected=state)
    ctx.db.dispose()


@pytest.mark.parametrize("inspected", [True, False])
def test_a_file_without_the_mark_is_still_seeded(tmp_path, inspected):
    path = tmp_path / "office.db"
    open_context(path).db.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM setting WHERE key = 'seeded'")
    conn.close()
    state = inspect_file(path)
    assert not state.seeded
    ctx = open_context(path, inspected=state if inspected else None)
    ctx.db.dispose()
    assert inspect_file(path).seeded

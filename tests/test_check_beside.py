"""The GUI's health check of a file starts before the database libraries are imported, so the
long integrity check of a large file runs while they load; what it finds is still said."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from giaoban.core.errors import DatabaseCorrupt, NotAGiaobanDatabase
from giaoban.core.startup import open_context

SCRIPT = textwrap.dedent("""
    import sys, threading
    from pathlib import Path
    started = []
    original = threading.Thread.start
    def start(self):
        started.append((self.name, "sqlalchemy" in sys.modules))
        original(self)
    threading.Thread.start = start
    from giaoban.ui.actions import opening
    state = opening._check_beside(Path(sys.argv[1]), None)
    print(started, state.revision is not None, "sqlalchemy" in sys.modules)
""")


@pytest.mark.timeout(60)
def test_the_check_starts_before_the_database_libraries_load(tmp_path):
    path = tmp_path / "office.db"
    open_context(path).db.dispose()
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], capture_output=True,
                          text=True, timeout=50)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[('giaoban-health-check',", "False)]", "True", "True"]


def test_a_damaged_file_is_still_refused(tmp_path):
    from giaoban.ui.actions import opening

    path = tmp_path / "office.db"
    open_context(path).db.dispose()
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page + 8:3 * page + 200] = b"\xff" * 192  # a b-tree page's cells, scrambled
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt):
        opening._check_beside(path, None)


def test_a_file_that_is_not_a_database_is_named_so(tmp_path):
    from giaoban.ui.actions import opening

    path = tmp_path / "notes.db"
    path.write_text("Biên bản giao ban quý IV", encoding="utf-8")
    with pytest.raises(NotAGiaobanDatabase):
        opening._check_beside(path, None)

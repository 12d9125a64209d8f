"""The benchmark suite's machinery works end to end on the small demo data (no timing asserted).

``python -m bench --size small --runs 1`` builds and caches its database, runs every case (child
processes through the start-up hook, the pages in process, the documents) and writes a results
file and a table. What is checked is that every case produced a figure or said plainly that its
feature is missing, that each figure has its floor, and that the files are what the README shows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench import dataset
from bench.runner import CASES

ROOT = Path(__file__).resolve().parent.parent


def _server_url() -> str:
    """A bench database of this test's own on the test server (dropped after), or, without the
    test server, an address nobody answers: the server lines then say "not available"."""
    test_url = os.environ.get("GIAOBAN_TEST_PG_URL")
    if not test_url:
        return "postgresql://nobody@127.0.0.1:1/none"
    from sqlalchemy.engine import make_url

    name = f"giaoban_bench_smoke_{os.getpid()}"
    return make_url(test_url).set(database=name).render_as_string(hide_password=False)


def _drop(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(database="postgres", drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}_small" WITH (FORCE)')


@pytest.mark.timeout(480)  # a busy shared machine: 4 minutes seen with the server's copy
def test_bench_runs_every_case_on_small_data_and_writes_results(tmp_path: Path) -> None:
    server = _server_url()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GIAOBAN_BENCH_PG_URL=server)
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--size", "small", "--runs", "1",
         "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "out")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=460,
    )
    if os.environ.get("GIAOBAN_TEST_PG_URL"):
        _drop(server)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    payload = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert payload["size"] == "small"
    assert payload["machine"]["nproc"] >= 1 and payload["machine"]["qt"]
    results = payload["results"]
    names = " | ".join(r["name"] for r in results)
    for expected in ("start-up", "peak RSS", "search keystroke", "overdue", "open a briefing",
                     "minutes of the long briefing to PDF", "DOCX", "giaoban demo --size small"):
        assert expected in names, f"{expected!r} missing from {names}"
    served = [r for r in results if r["name"].startswith("server: ")]
    if os.environ.get("GIAOBAN_TEST_PG_URL"):  # the same screens on the server, with floors
        assert {"search keystroke", "overdue", "open a briefing", "overview page"} <= {
            key for key in ("search keystroke", "overdue", "open a briefing", "overview page")
            if any(key in r["name"] for r in served)}, names
    else:
        assert [r["status"] for r in results if r["name"] == "on the PostgreSQL server"] == [
            "not available"]
    for r in results:
        assert r["status"] in ("pass", "FAIL", "—", "not available"), r
        if r["status"] != "not available":
            assert r["runs"] >= 1 and r["median"] > 0 and r["floor"] > 0, r
            assert r["ratio"] == pytest.approx(r["median"] / r["floor"])
            assert r["floor_name"], r
    table = (tmp_path / "out" / "RESULTS.md").read_text(encoding="utf-8")
    assert "| Case | Median | Runs | Floor | Ratio | Budget | Result |" in table
    assert "Machine: " in table and "PySide6" in table
    assert len([line for line in table.splitlines() if line.startswith("| ")]) == len(results) + 1
    assert (tmp_path / "cache" / "small.db").exists()


def test_cache_is_reused_until_the_data_code_changes(tmp_path: Path, monkeypatch) -> None:
    builds: list[str] = []

    def fake_build(db_path: Path, size: str) -> dict:
        builds.append(size)
        db_path.write_bytes(b"")
        return {"demo_s": 1.0, "built_at": "now", "big_briefing_id": 1, "long_briefing_id": 2}

    monkeypatch.setattr(dataset, "build", fake_build)
    first = dataset.load(tmp_path, "small")
    second = dataset.load(tmp_path, "small")
    assert (first.rebuilt, second.rebuilt, builds) == (True, False, ["small"])
    monkeypatch.setattr(dataset, "KEY_FILES", (*dataset.KEY_FILES, "core/models.py"))
    assert dataset.load(tmp_path, "small").rebuilt and builds == ["small", "small"]
    assert dataset.load(tmp_path, "small", fresh=True).rebuilt


def test_every_case_module_names_itself() -> None:
    import importlib

    for name in CASES:
        module = importlib.import_module(f"bench.cases.{name}")
        assert module.TITLE and callable(module.run)

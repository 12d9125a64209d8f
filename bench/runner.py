"""Run the cases in order, print each figure as it comes, write results.json and RESULTS.md."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import tempfile
import traceback
from functools import cached_property
from pathlib import Path
from typing import Any

from bench import machine
from bench.dataset import ROOT, Dataset, load, working_copy
from bench.report import markdown, row_line
from bench.timing import NotAvailable, Result

CASES = ("startup", "cli", "search", "overview", "tasks", "briefing", "minutes", "bulk", "demo",
         "server")
DEFAULT_RUNS = 7


class Bench:
    """What a case gets: the dataset, a working copy of it, a context, a Qt application."""

    def __init__(self, dataset: Dataset, workdir: Path, runs: int) -> None:
        self.dataset = dataset
        self.workdir = workdir
        self.runs = runs
        self.db_path = working_copy(dataset, workdir)

    @cached_property
    def ctx(self) -> Any:
        from giaoban.core.startup import open_context

        return open_context(self.db_path)

    @cached_property
    def app(self) -> Any:
        from giaoban.ui.app import create_application

        return create_application()

    def window(self) -> Any:
        """A new main window on the working copy, shown (offscreen) and settled."""
        return open_window(self.app, self.ctx)

    def close(self) -> None:
        if "ctx" in self.__dict__:
            self.ctx.db.dispose()


def open_window(app: Any, ctx: Any) -> Any:
    """A new main window on ``ctx``, shown (offscreen) and settled: what each timed case of a
    screen starts from, on the working copy or on the server (``app``: the QApplication, made
    before any widget)."""
    from giaoban.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    app.processEvents()
    return window


def sandbox_environment(folder: Path) -> None:
    """Headless Qt and a private config/data folder: the bench never touches the user's."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    os.environ["XDG_DATA_HOME"] = str(folder / "data")


def run_case(name: str, bench: Bench) -> list[Result]:
    """One case module's results; a missing feature or a crash becomes a reported row."""
    module = importlib.import_module(f"bench.cases.{name}")
    try:
        return list(module.run(bench))
    except NotAvailable as exc:
        return [Result(name=module.TITLE, status="not available", note=str(exc))]
    except Exception as exc:  # report it and go on: one broken case must not hide the others
        traceback.print_exc()
        return [Result(name=module.TITLE, status="error", note=f"{type(exc).__name__}: {exc}")]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--size", choices=["large", "small"], default="large",
                        help="demo data set to measure on (small: for the smoke test)")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs per figure")
    parser.add_argument("--only", nargs="*", choices=CASES, help="run only these cases")
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached database")
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / "cache")
    parser.add_argument("--out", type=Path, default=ROOT / "bench",
                        help="folder for results.json and RESULTS.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="giaoban-bench-") as tmp:
        sandbox_environment(Path(tmp))
        dataset = load(args.cache, args.size, fresh=args.fresh)
        bench = Bench(dataset, Path(tmp), max(1, args.runs))
        info = machine.describe()
        info["bytecode_compiled"] = machine.compile_program()
        info["load_start"] = machine.load()
        print(f"bench: {args.size} data set {dataset.path} ({machine.one_line(info)})", flush=True)
        results: list[Result] = []
        try:
            for name in args.only or CASES:
                for result in run_case(name, bench):
                    print(row_line(result), flush=True)
                    results.append(result)
        finally:
            bench.close()
        info["load_end"] = machine.load()
    args.out.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    payload = {"when": when, "size": args.size, "runs": args.runs, "machine": info,
               "dataset": {"path": str(dataset.path), "built_at": dataset.built_at},
               "results": [r.to_json() for r in results]}
    (args.out / "results.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    table = markdown(results, info, when, args.size)
    (args.out / "RESULTS.md").write_text(table, encoding="utf-8")
    print("\n" + table)
    return 1 if any(r.status == "error" for r in results) else 0

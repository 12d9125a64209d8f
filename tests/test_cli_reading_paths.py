"""The faster reading paths of the command line (issue 18) give the same answers as the general
ones: a long task list read with its filter as a subquery, on SQLite and on the server; the JSON
of a list of records written without json's pure-Python pretty printer; a subcommand's run
importing only its own module, with the same help and the same mistakes."""

from __future__ import annotations

import json
from enum import StrEnum

import pytest

from giaoban.cli import COMMANDS
from giaoban.commands import print_json
from giaoban.core.services import tasks_query
from giaoban.core.services.tasks_query import TaskFilter, list_tasks, task_ids, task_rows

FILTERS = [
    TaskFilter(),
    TaskFilter(overdue_only=True),
    TaskFilter(statuses=("done",)),
    TaskFilter(query="kiểm tra"),
    TaskFilter(due_within=60),
]


@pytest.mark.parametrize("ctx", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("sort", ["deadline", "title", "lead_unit", "briefing"])
@pytest.mark.parametrize("filt", FILTERS, ids=["all", "overdue", "done", "query", "due-within"])
def test_a_long_list_reads_the_same_rows_through_its_filter(demo_ctx, monkeypatch, filt, sort):
    """More ids than one chunk: rows come from the filter as a subquery, in the list's order."""
    expected = task_rows(demo_ctx, task_ids(demo_ctx, filt, sort=sort))
    assert list_tasks(demo_ctx, filt, sort=sort) == expected  # one chunk: the ids themselves
    monkeypatch.setattr(tasks_query, "CHUNK", 3)
    assert len(expected) > 3, "the demo must give a list longer than the patched chunk"
    assert list_tasks(demo_ctx, filt, sort=sort) == expected


class Kind(StrEnum):
    TASK = "task"


@pytest.mark.parametrize("data", [
    [{"100%": "50% %s %(x)s", "b": ["%d", 7]}, {"b": [], "100%": ""}],  # % in keys and values
    [{"a": 1}, {"b": 2}, {"a": 3}, {}],  # records with different keys
    [{"kind": Kind.TASK}],  # a str subclass: json itself
    [{"a": [1.5]}], [{"a": [[1]]}], [{"n": 2**70, "t": True, "f": False, "z": None}],
])
def test_the_quick_json_writer_agrees_with_json(data, capsys):
    print_json(data)
    assert capsys.readouterr().out == json.dumps(data, ensure_ascii=False, indent=2,
                                                 default=str) + "\n"


def _names_registered(module_name: str) -> list[str]:
    """The subcommands a command module adds to a parser of its own."""
    import argparse
    from importlib import import_module

    subparsers = argparse.ArgumentParser().add_subparsers()
    import_module(f"giaoban.commands.{module_name}").register(
        subparsers, argparse.ArgumentParser(add_help=False))
    return list(subparsers.choices)


def test_the_table_of_subcommands_names_what_each_module_registers():
    from giaoban.cli import build_parser

    for module_name, names in COMMANDS:
        assert _names_registered(module_name) == list(names), module_name
    listed = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert list(listed) == [name for _module, names in COMMANDS for name in names]


def _help_of(argv: list[str], *, only: str | None, capsys: pytest.CaptureFixture[str]) -> str:
    from giaoban.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser(only=only).parse_args(argv)
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.mark.parametrize("name", [name for _module, names in COMMANDS for name in names])
def test_a_subcommand_built_alone_reads_its_help_and_mistakes_as_before(name, capsys):
    """`giaoban X --help` and a usage mistake of X say the same with only X's module loaded."""
    for argv in ([name, "--help"], [name, "--khong-co"], ["--lang", "en", name, "--help"]):
        assert _help_of(argv, only=name, capsys=capsys) == _help_of(argv, only=None,
                                                                    capsys=capsys)


@pytest.mark.parametrize(("argv", "loaded"), [
    (["--db", "x.db", "tasks", "--help"], ["tasks"]),
    (["--d", "search", "tasks", "--help"], ["tasks"]),  # --d is argparse's short form of --db
    (["--lang=en", "minutes", "--help"], ["documents"]),
    (["--help", "tasks"], "all"), (["nothing-such"], "all"), (["--", "tasks"], "all"),
])
def test_a_command_line_imports_only_the_module_of_its_subcommand(argv, loaded):
    import subprocess
    import sys

    code = ("import sys\nfrom giaoban import cli\ntry:\n    cli.main(sys.argv[1:])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules "
            "if m.startswith('giaoban.commands.')))\n")
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                            timeout=120)
    modules = json.loads(result.stdout.strip().splitlines()[-1].replace("'", '"'))
    helpers = {"arguments", "failures"}  # shared by the command modules and the runner
    expected = sorted(module for module, _names in COMMANDS) if loaded == "all" else loaded
    assert sorted(set(modules) - helpers) == sorted(expected)


def test_search_by_its_fixed_statement_ranks_trims_and_dates_as_before(demo_ctx):
    """The FTS5 statement written as plain SQL: long queries ranked (bm25, ties newest first),
    one or two letters newest first unranked, trashed rows left out, dates typed as dates."""
    import datetime as dt

    from giaoban.core import search
    from giaoban.core.services.trash import move_to_trash

    ranked = search.search(demo_ctx, "duong", types=("aspiration",), limit=200)
    assert len(ranked) > 3
    assert [(-h.score, -h.id) for h in ranked] == sorted((-h.score, -h.id) for h in ranked)
    assert len({h.score for h in ranked}) > 1 and all(isinstance(h.on, dt.date) for h in ranked)
    short = search.search(demo_ctx, "d", types=("aspiration",), limit=5)
    assert [h.id for h in short] == sorted((h.id for h in short), reverse=True)
    assert len(short) == 5 and {h.score for h in short} == {0.0}
    move_to_trash(demo_ctx, "aspiration", [ranked[0].id])
    assert ranked[0].id not in [h.id for h in search.search(demo_ctx, "duong",
                                                              types=("aspiration",), limit=200)]
    for kind in ("briefing", "task"):
        hits = search.search(demo_ctx, "quy" if kind == "briefing" else "ra soat", types=(kind,))
        assert hits and all(isinstance(h.on, dt.date) for h in hits), kind

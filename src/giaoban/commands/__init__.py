"""One module per subcommand: ``register(subparsers, common)`` adds it and sets ``handler``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from giaoban.core.context import AppContext
from giaoban.core.errors import GiaobanError
from giaoban.core.file_hold import hold
from giaoban.core.startup import open_context

# Subcommands that write: they hold the database file while they run, so they never write beside
# an open window (or another writing command) on the same file, by whatever path.
WRITING = frozenset({"import", "demo"})


def context_from(args: Any, *, create: bool = True) -> AppContext:
    """Open the database named by ``--db`` (or the default one) for a command; a writing
    command first makes sure no other giaoban program writes to that file."""
    ctx = open_context(getattr(args, "db", None), create=create)
    if getattr(args, "command", None) in WRITING and ctx.db.path is not None:
        try:
            ctx.db.hold = hold(ctx.db.path)  # released by ctx.db.dispose()
        except GiaobanError:
            ctx.db.dispose()
            raise
    return ctx


def print_json(data: Any) -> None:
    """Stable JSON on stdout: UTF-8, ISO dates (callers pass plain values)."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: Iterable[Iterable[Any]]) -> None:
    """A plain aligned text table for people reading a terminal."""
    body = [["" if cell is None else str(cell) for cell in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for row in body:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())

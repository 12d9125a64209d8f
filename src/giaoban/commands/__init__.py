"""One module per subcommand: ``register(subparsers, common)`` adds it and sets ``handler``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from giaoban.core.context import AppContext
from giaoban.core.startup import open_context


def context_from(args: Any, *, create: bool = True) -> AppContext:
    """Open the database named by ``--db`` (or the default one) for a command."""
    return open_context(getattr(args, "db", None), create=create)


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

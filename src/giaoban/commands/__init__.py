"""One module per subcommand: ``register(subparsers, common)`` adds it and sets ``handler``.

A command module imports at its top only what building the command line needs (argparse, i18n,
enums…); the database libraries and the services are imported by the handler that runs, so
``giaoban --help`` and every other subcommand do not pay for them.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from giaoban.core.errors import GiaobanError

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

# Subcommands that write: they hold the database file while they run, so they never write beside
# an open window (or another writing command) on the same file, by whatever path.
WRITING = frozenset({"import", "demo"})
# Subcommands that only read: on an up-to-date file they write nothing at all (see _reading).
READING = frozenset({"search", "tasks", "briefings", "aspirations"})


_paused: list[bool] = []  # the collector was on when pause_collector turned it off


def pause_collector() -> None:
    """Python's cyclic collector off for a reading command (until :func:`end_collector_pause`):
    its imports make objects by the hundred thousand, none of them garbage, and its rows are
    plain values freed as soon as they are written; the collector's passes over them were ~30 ms
    of the command (as at the GUI's start, ui/app.py, until the first page is populated)."""
    if gc.isenabled():
        gc.disable()
        _paused.append(True)


def end_collector_pause() -> None:
    """At the end of a command: the collector back on if :func:`pause_collector` turned it off.
    What is left (the imports' objects) goes to its oldest generation first, as the passes the
    pause skipped would have left it (``freeze`` then ``unfreeze``): the next young pass does not
    walk all of it (~20 ms), and the process ends as any other does."""
    if _paused:
        _paused.clear()
        if gc.get_freeze_count() == 0:  # nobody else's frozen objects to let go
            gc.freeze()
            gc.unfreeze()
        gc.enable()


def context_from(args: Any, *, create: bool = True) -> AppContext:
    """Open the database named by ``--db`` (or the default one) for a command; a writing
    command first makes sure no other giaoban program writes to that file."""
    from giaoban.core.file_hold import hold
    from giaoban.core.startup import open_context

    if getattr(args, "command", None) in READING:
        reading = _reading(getattr(args, "db", None))
        if reading is not None:
            return reading
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
    text = _records_json(data)
    if text is None:
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(text + "\n")


_encode = json.encoder.encode_basestring  # the C string encoder json.dumps uses
json_strings = _encode  # a str as json.dumps(ensure_ascii=False) writes it
_BOOLS = {True: "true", False: "false"}
# How json.dumps writes each plain type (exact types: a subclass goes to json itself).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _encode, int: int.__repr__, bool: _BOOLS.__getitem__, type(None): lambda _v: "null"}


def _json_list(values: list[Any]) -> str:
    """A list of scalars inside a record, indented as json.dumps(indent=2) does."""
    if not values:
        return "[]"
    return "[\n      " + ",\n      ".join([_SCALARS[type(v)](v) for v in values]) + "\n    ]"


_VALUES: dict[type, Callable[[Any], str]] = {**_SCALARS, list: _json_list}


def _records_json(data: Any) -> str | None:
    """A list of flat records (scalars, lists of scalars) written exactly as
    ``json.dumps(data, ensure_ascii=False, indent=2)`` writes it, but without the pure-Python
    pretty printer (3,700 tasks took half a second there): each set of keys becomes one
    ``%``-template, filled with the values as json writes them. None for any other shape."""
    if not isinstance(data, list) or not all(type(item) is dict for item in data):
        return None
    if not data:
        return "[]"
    templates: dict[tuple[Any, ...], str] = {}
    records = []
    try:
        for item in data:
            keys = tuple(item)
            template = templates.get(keys)
            if template is None:
                if not all(type(key) is str for key in keys):
                    return None
                template = templates[keys] = json_record_template(keys)
            records.append(template % tuple([_VALUES[type(v)](v) for v in item.values()]))
    except KeyError:  # a value of another type (a float, a date, a nested dict…)
        return None
    return "[\n" + ",\n".join(records) + "\n]"


def json_record_template(keys: tuple[str, ...]) -> str:
    """The ``%``-template of one record with these keys, one ``%s`` per value (written as json
    writes it), laid out as ``json.dumps(indent=2)`` lays out a record of a list."""
    return "  {\n" + ",\n".join(
        f"    {_encode(key).replace('%', '%%')}: %s" for key in keys) + "\n  }" if keys else "  {}"


def print_table(headers: list[str], rows: Iterable[Iterable[Any]]) -> None:
    """A plain aligned text table for people reading a terminal."""
    body = [["" if cell is None else str(cell) for cell in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for row in body:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _reading(db: str | None) -> AppContext | None:
    """The context of a reading command on an up-to-date SQLite file, opened without writing.

    Nothing is migrated or seeded, so the page-by-page integrity check (a read of the whole file,
    a second on a large one) is left to SQLite, which reports a damaged page the command reads;
    the header, owner, revision (a newer program's file is refused) and schema are still checked.
    None: open it the usual way (a file to create or migrate is checked in full first).
    """
    from giaoban.core import migrations
    from giaoban.core.context import AppContext
    from giaoban.core.db import file_of, inspect_file, open_database
    from giaoban.core.startup import default_database_path

    target = file_of(db) if db else default_database_path()
    if not isinstance(target, Path) or not target.is_file():
        return None
    state = inspect_file(target, integrity=False)
    if state.empty_schema or migrations.needs_upgrade(state.revision):
        return None
    # startup.open_context(…, seed=False) without importing the seeding (it builds the models,
    # ~60 ms, for nothing here): a file on disk, nothing created, nobody to log in.
    return AppContext(db=open_database(target, create=False, inspected=state))

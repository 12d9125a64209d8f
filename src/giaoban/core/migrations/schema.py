"""What a schema revision must contain, read from the real migrations, and a file's differences.

The reference for a revision is made the only trustworthy way: an empty in-memory database is
migrated to that revision by the shipped migrations (no file is written, so nothing is left behind
by a crash), and its schema is described by :func:`describe`: every table with its columns,
foreign keys, keys and CHECK constraints, every index, trigger and view, every FTS5 table (its
``CREATE VIRTUAL TABLE`` text) and the names of its shadow tables. A file's own description must
then be equal; :func:`differences` says in a few words where it is not.

Migrating costs about a second (and loading Alembic), so a reference is kept in memory and in the
user's cache folder, under a key made of the migration files' bytes and the SQLite and SQLAlchemy
versions: opening an up-to-date file reads one small JSON file. A freshly created database file
is itself such a migration of an empty file; :func:`remember` stores its description for the head.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from giaoban.i18n import _

HERE = Path(__file__).resolve().parent
APP_NAME = "giaoban"
FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
MAX_SHOWN = 4

Schema = dict[str, Any]
_memory: dict[str, Schema] = {}


# --- describing a schema -------------------------------------------------------------------------


def _normal(sql: str | None) -> str:
    """SQL text with insignificant spacing and identifier quotes removed, for comparison."""
    text = re.sub(r"\s+", " ", (sql or "").replace('"', "").replace("`", "")).strip()
    return re.sub(r"\s*([(),])\s*", r"\1", text)


def _checks(sql: str) -> list[str]:
    """The CHECK (...) clauses of a CREATE TABLE, each normalized; quotes and nesting respected."""
    found = []
    for match in re.finditer(r"\bCHECK\s*\(", sql, re.I):
        depth, quote, start = 0, "", match.end() - 1
        for index in range(start, len(sql)):
            char = sql[index]
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    found.append(_normal(sql[start:index + 1]))
                    break
    return sorted(found)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table(conn: sqlite3.Connection, name: str, sql: str) -> dict[str, Any]:
    table = _quoted(name)
    columns = {
        row[1]: [str(row[2]).upper(), row[3], row[4], row[5]]
        for row in conn.execute(f"PRAGMA table_info({table})")
    }
    foreign = sorted(
        [str(value) for value in row[2:7]]
        for row in conn.execute(f"PRAGMA foreign_key_list({table})")
    )
    keys = []
    for row in conn.execute(f"PRAGMA index_list({table})"):
        if row[3] != "c":  # UNIQUE / PRIMARY KEY constraints; created indexes are listed apart
            cols = [str(c[2]) for c in conn.execute(f"PRAGMA index_info({_quoted(row[1])})")]
            keys.append([str(row[3]), str(row[2]), *cols])
    return {"columns": columns, "foreign_keys": foreign, "keys": sorted(keys),
            "checks": _checks(sql)}


def describe(conn: sqlite3.Connection) -> Schema:
    """The schema of an open SQLite database, as plain JSON-able values (see the module doc)."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name"
    ).fetchall()
    virtual = {name: _normal(sql) for kind, name, _t, sql in rows
               if kind == "table" and (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
    shadows = {v + suffix for v in virtual for suffix in FTS_SHADOWS}
    schema: Schema = {"tables": {}, "virtual": virtual, "shadow": [], "indexes": {},
                      "triggers": {}, "views": {}}
    for kind, name, table, sql in rows:
        if kind == "table" and name in virtual:
            continue
        if kind == "table" and name in shadows:
            schema["shadow"].append(name)
        elif kind == "table":
            schema["tables"][name] = _table(conn, name, sql or "")
        elif kind == "index" and sql:
            schema["indexes"][name] = [table, _normal(sql)]
        elif kind == "trigger":
            schema["triggers"][name] = [table, _normal(sql)]
        elif kind == "view":
            schema["views"][name] = _normal(sql)
    return schema


# --- comparing -----------------------------------------------------------------------------------


def _compare(found: dict[str, Any], wanted: dict[str, Any], what: str, out: list[str]) -> None:
    for name in sorted(wanted.keys() - found.keys()):
        out.append(_("thiếu {what} {name}").format(what=what, name=name))
    for name in sorted(found.keys() - wanted.keys()):
        out.append(_("thừa {what} {name}").format(what=what, name=name))
    for name in sorted(found.keys() & wanted.keys()):
        if found[name] != wanted[name]:
            out.append(_("{what} {name} khác với lược đồ").format(what=what, name=name))


def _shadow_of(name: str, virtual: set[str]) -> bool:
    return any(name == v + suffix for v in virtual for suffix in FTS_SHADOWS)


def differences(found: Schema, wanted: Schema) -> list[str]:
    """How ``found`` departs from ``wanted``, one short phrase per difference (empty: equal)."""
    out: list[str] = []
    tables_found, tables_wanted = found["tables"], wanted["tables"]
    _compare({n: True for n in tables_found}, {n: True for n in tables_wanted}, _("bảng"), out)
    for name in sorted(tables_found.keys() & tables_wanted.keys()):
        mine, theirs = tables_found[name], tables_wanted[name]
        _compare({f"{name}.{c}": v for c, v in mine["columns"].items()},
                 {f"{name}.{c}": v for c, v in theirs["columns"].items()}, _("cột"), out)
        for part, label in (("foreign_keys", _("khóa ngoại")), ("keys", _("khóa")),
                            ("checks", _("ràng buộc CHECK"))):
            if mine[part] != theirs[part]:
                out.append(_("{what} của bảng {name} khác với lược đồ").format(
                    what=label, name=name))
    _compare(found["virtual"], wanted["virtual"], _("bảng tìm kiếm"), out)
    both = found["virtual"].keys() & wanted["virtual"].keys()  # a missing one is said once
    _compare({n: True for n in found["shadow"] if _shadow_of(n, both)},
             {n: True for n in wanted["shadow"] if _shadow_of(n, both)},
             _("bảng phụ của tìm kiếm"), out)
    _compare(found["indexes"], wanted["indexes"], _("chỉ mục"), out)
    _compare(found["triggers"], wanted["triggers"], _("trigger"), out)
    _compare(found["views"], wanted["views"], _("view"), out)
    return out


def summary(problems: list[str]) -> str:
    """The first few differences in one line, and how many more there are."""
    shown = "; ".join(problems[:MAX_SHOWN])
    if len(problems) > MAX_SHOWN:
        shown += "; " + _("và {n} khác biệt khác").format(n=len(problems) - MAX_SHOWN)
    return shown


# --- the reference of a revision -----------------------------------------------------------------


@cache
def _key() -> str:
    """What a reference depends on: the migration files and the libraries that run them."""
    digest = hashlib.sha256()
    for path in [*sorted((HERE / "versions").glob("*.py")), HERE / "env.py"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"{sqlite3.sqlite_version} {_sqlalchemy_version()}".encode())
    return digest.hexdigest()[:20]


def _sqlalchemy_version() -> str:
    """SQLAlchemy's version, read from its package file without importing it: the GUI checks a
    file on a thread while the main thread is importing SQLAlchemy (core/file_check.py)."""
    import importlib.util

    spec = importlib.util.find_spec("sqlalchemy")
    try:
        source = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
    except OSError:
        source = ""
    found = re.search(r"^__version__\s*=\s*[\"']([^\"']+)", source, re.MULTILINE)
    if found:
        return found.group(1)
    import sqlalchemy  # a frozen or unusual install: ask the module itself

    return str(sqlalchemy.__version__)


def _cache_file(revision: str) -> Path:
    import platformdirs

    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", revision)
    return platformdirs.user_cache_path(APP_NAME) / f"schema-{safe}-{_key()}.json"


def _load(revision: str) -> Schema | None:
    try:
        data = json.loads(_cache_file(revision).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("revision") != revision:
        return None
    schema = data.get("schema")
    return schema if isinstance(schema, dict) else None


def _store(revision: str, schema: Schema) -> None:
    """Keep a reference for the next start; a cache folder we cannot write only costs time."""
    target = _cache_file(revision)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".schema-", suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"revision": revision, "schema": schema}, handle)
        os.replace(tmp, target)
    except OSError:
        return


def build(revision: str) -> Schema:
    """Migrate an empty in-memory database to ``revision`` and describe it (loads Alembic)."""
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from giaoban.core.migrations import alembic_config

    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
        raw = engine.raw_connection()
        try:
            return describe(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
    finally:
        engine.dispose()


def reference(revision: str) -> Schema:
    """The schema a file at ``revision`` must have: from memory, the cache, or :func:`build`."""
    schema = _memory.get(revision) or _load(revision)
    if schema is None:
        schema = build(revision)
        _store(revision, schema)
    _memory[revision] = schema
    return schema


def remember(revision: str, conn: sqlite3.Connection) -> None:
    """Keep the schema of a file just made by migrating an empty file as ``revision``'s reference."""
    if revision in _memory or _load(revision) is not None:
        return
    schema = describe(conn)
    _memory[revision] = schema
    _store(revision, schema)


def problems_of(conn: sqlite3.Connection, revision: str) -> list[str]:
    """How the open database departs from what ``revision`` must contain (empty: it matches)."""
    return differences(describe(conn), reference(revision))

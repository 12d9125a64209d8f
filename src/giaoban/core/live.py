"""Live changes on a PostgreSQL server: every committed write tells the other programs (NOTIFY),
and a program listens (LISTEN) to refresh what it shows without F5 (issue 17 item 4).

Out: the audit notes each change on the session (core/audit.py); the first note on a server
session hooks the session's commit, which sends ONE ``pg_notify`` for the whole transaction —
an import of 50,000 rows is one message. It is sent inside the transaction, so PostgreSQL
delivers it only when the transaction commits, never after a rollback. The payload is small
JSON: the kinds, a few ids per kind, the actions, the server's session user and the sending
program's origin (so a program skips its own messages: its pages were refreshed by the
operation itself).

In: :class:`Listener` holds a connection of its own (psycopg 3, autocommit, ``LISTEN``); its
``fileno()`` goes into the GUI's event loop and :meth:`Listener.drain` reads what arrived
without waiting. No Qt here (ui/live_refresh.py wires it to the window).

On SQLite nothing of this runs: one program writes the file at a time.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy import text as sa_text
from sqlalchemy.engine import Engine

from giaoban.core.changes import CHANGES_KEY, Change

if TYPE_CHECKING:
    import psycopg
    from sqlmodel import Session

CHANNEL = "giaoban_changes"
IDS_PER_KIND = 50  # more than that in one transaction (an import): the kind alone, "ids": null
_HOOKED = "giaoban.live.hooked"
_PROCESS = uuid.uuid4().hex[:12]
_NOTIFY = sa_text(
    "SELECT pg_notify(:channel, (CAST(:payload AS jsonb) || jsonb_build_object("
    "'user', session_user::text, 'pid', pg_backend_pid()))::text)")


def origin_of(engine: Engine) -> str:
    """This program's name for one open database (its engine): messages it sent carry it."""
    return f"{_PROCESS}-{os.getpid()}-{id(engine)}"


def connect(engine: Engine, purpose: str) -> psycopg.Connection[Any]:
    """A connection of its own (not the pool's) on the engine's server, autocommit, named
    ``purpose`` in ``pg_stat_activity`` (ASCII, at most 63 characters). Its parameters are the
    ones the engine's own connections get (host, login, password, TLS mode)."""
    import psycopg

    from giaoban.core.db_server import CONNECT_TIMEOUT_S

    _args, params = engine.dialect.create_connect_args(engine.url)
    params = {key: value for key, value in params.items() if key != "context"}
    params.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    return psycopg.connect(autocommit=True, application_name=purpose[:63], **params)


def masked(exc: BaseException, engine: Engine) -> str:
    """The driver's message on one line, the password (if it appears) replaced by ``***``."""
    from giaoban.core.db_server import mask

    return mask(" ".join(str(exc).split()), engine.url)


def is_server(engine: Engine) -> bool:
    """True when the engine is on PostgreSQL (the only backend with live changes)."""
    return engine.dialect.name == "postgresql"


# --- out ----------------------------------------------------------------------------------------


def hook(session: Session) -> None:
    """Send one message when this session's transaction commits (called by the audit for every
    change it notes; only the first call on a server session does anything)."""
    if session.info.get(_HOOKED):
        return
    session.info[_HOOKED] = True
    if not is_server(session.get_bind()):  # type: ignore[arg-type]
        return
    event.listen(session, "before_commit", _send)


def _send(session: Session) -> None:
    changes: list[Change] = session.info.get(CHANGES_KEY, [])
    if not changes:
        return
    connection = session.connection()
    session.execute(_NOTIFY, {"channel": CHANNEL,
                              "payload": payload(changes, origin_of(connection.engine))})


def payload(changes: Iterable[Change], origin: str) -> str:
    """The message of one transaction: kinds, up to :data:`IDS_PER_KIND` ids of each (None when
    there were more), the actions, and who sent it (always well under NOTIFY's 8000 bytes)."""
    ids: dict[str, list[int] | None] = {}
    actions: set[str] = set()
    for change in changes:
        actions.add(change.action)
        known = ids.setdefault(change.kind, [])
        if known is None or change.id is None:
            continue
        if change.id not in known:
            known.append(change.id)
            if len(known) > IDS_PER_KIND:
                ids[change.kind] = None
    return json.dumps({"origin": origin, "kinds": sorted(ids), "ids": ids,
                       "actions": sorted(actions)}, ensure_ascii=True, separators=(",", ":"))


def notify_whole(connection: Any, action: str) -> None:
    """One message for a whole-database write the audit does not note row by row (a copy onto
    the server): every kind, no ids. ``connection`` is SQLAlchemy's, inside the write's
    transaction (sent on its commit); nothing on SQLite."""
    from giaoban.core.kinds import KINDS

    if not is_server(connection.engine):
        return
    changes = [Change(kind, None, action) for kind in KINDS]
    connection.execute(_NOTIFY, {"channel": CHANNEL,
                                 "payload": payload(changes, origin_of(connection.engine))})


# --- in -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One transaction another program committed: what it changed and who did it."""

    kinds: frozenset[str]
    ids: dict[str, list[int] | None] = field(default_factory=dict)
    actions: frozenset[str] = frozenset()
    user: str = ""
    origin: str = ""

    def changes(self) -> tuple[Change, ...]:
        """As the changes of an operation (so a window refreshes them the way it does its own)."""
        found: list[Change] = []
        for kind in sorted(self.kinds):
            named: list[int | None] = list(self.ids.get(kind) or [])
            ids = named or [None]  # a kind without ids (too many): the kind alone
            action = next(iter(self.actions), "update")
            found.extend(Change(kind, record_id, action) for record_id in ids)
        return tuple(found)


def parse(text: str) -> Message | None:
    """A message from its payload; None for one that is not ours (another program's NOTIFY)."""
    try:
        data = json.loads(text)
        kinds = frozenset(str(kind) for kind in data["kinds"])
    except (ValueError, KeyError, TypeError):
        return None
    ids = data.get("ids") if isinstance(data.get("ids"), dict) else {}
    return Message(kinds, ids, frozenset(map(str, data.get("actions", ()))),
                   str(data.get("user", "")), str(data.get("origin", "")))


class Listener:
    """Listens on :data:`CHANNEL` on a connection of its own; skips the messages its own
    program (``origin``) sent. Call :meth:`drain` when :meth:`fileno` is readable."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.origin = origin_of(engine)
        self.conn: psycopg.Connection[Any] | None = None

    def start(self) -> None:
        """Connect and listen (raises psycopg.OperationalError when the server is away)."""
        self.close()
        conn = connect(self.engine, "giaoban-listen")
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except Exception:
            conn.close()
            raise
        self.conn = conn

    def fileno(self) -> int:
        assert self.conn is not None
        return self.conn.fileno()

    def drain(self) -> list[Message]:
        """What arrived (without waiting); raises psycopg.OperationalError when the connection
        is lost (the caller reconnects)."""
        if self.conn is None:
            return []
        found = []
        for note in self.conn.notifies(timeout=0):
            message = parse(note.payload) if note.channel == CHANNEL else None
            if message is not None and message.origin != self.origin:
                found.append(message)
        return found

    def close(self) -> None:
        """Stop listening (closing the connection ends the LISTEN)."""
        if self.conn is not None:
            conn, self.conn = self.conn, None
            with contextlib.suppress(Exception):  # already broken: nothing to close
                conn.close()

"""One person edits a briefing at a time on a server (issue 17 item 4): an advisory lock.

Opening a briefing in the editor takes ``pg_try_advisory_lock(LOCK_CLASS, briefing_id)`` on a
connection of its own, held as long as the editor shows that briefing. The lock lives in the
server and dies with that connection — a program that crashes or loses its network lets go by
itself, nothing is left to clean up. Whoever else opens the briefing is told who holds it and
since when: the login from ``pg_locks`` joined with ``pg_stat_activity``, the time from the
holder's connection name (``giaoban-edit <UTC time>``; ``backend_start`` is hidden from other
logins). On SQLite one program holds the whole file: the lock is always ours.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from giaoban.core import live
from giaoban.core.errors import DatabaseError
from giaoban.i18n import _

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy.engine import Engine

LOCK_CLASS = 0x6762  # "gb": the first key of every briefing lock (the second is its id)
_PREFIX = "giaoban-edit "
_STAMP = "%Y-%m-%dT%H:%M:%SZ"
_HOLDER = (
    "SELECT a.usename, a.application_name, a.backend_start FROM pg_locks l "
    "JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "AND l.classid::bigint = %s AND l.objid::bigint = %s AND a.pid <> pg_backend_pid() LIMIT 1")


@dataclass(frozen=True)
class Holder:
    """Who edits a briefing (their server login) and since when (UTC; None if not known)."""

    user: str
    since: dt.datetime | None


def since_of(application_name: str, backend_start: dt.datetime | None) -> dt.datetime | None:
    """When the holder took the lock: stamped in its connection name, else its connection's
    start (visible only to the same login or an admin)."""
    if application_name.startswith(_PREFIX):
        try:
            stamp = dt.datetime.strptime(application_name[len(_PREFIX):], _STAMP)
        except ValueError:
            pass
        else:
            return stamp.replace(tzinfo=dt.UTC)
    return backend_start.astimezone(dt.UTC) if backend_start is not None else None


class EditLock:
    """The editor's lock on the briefing it shows: :meth:`take` when showing one, :meth:`release`
    when leaving it, :meth:`close` when the editor goes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.held: int | None = None
        self._conn: psycopg.Connection[Any] | None = None

    def take(self, briefing_id: int, now_utc: dt.datetime) -> Holder | None:
        """Edit ``briefing_id``: None when it is ours (already, or now), else who holds it.
        Any other briefing held is let go first."""
        if not live.is_server(self.engine) or self.held == briefing_id:
            return None
        self.release()
        import psycopg

        name = _PREFIX + now_utc.astimezone(dt.UTC).strftime(_STAMP)
        try:
            if self._conn is None or self._conn.closed:
                self._conn = live.connect(self.engine, name)
            else:
                self._conn.execute("SELECT set_config('application_name', %s, false)", (name,))
            got = self._conn.execute("SELECT pg_try_advisory_lock(%s, %s)",
                                     (LOCK_CLASS, briefing_id)).fetchone()
            if got is not None and got[0]:
                self.held = briefing_id
                return None
            found = self._conn.execute(_HOLDER, (LOCK_CLASS, briefing_id)).fetchone()
        except psycopg.Error as exc:
            self.close()
            raise DatabaseError(_("Không giữ được quyền sửa biên bản trên máy chủ: {reason}")
                                .format(reason=live.masked(exc, self.engine))) from None
        if found is None:  # let go between the two questions: ask again next time
            return Holder("", None)
        return Holder(found[0] or "", since_of(found[1] or "", found[2]))

    def release(self) -> None:
        """Let the briefing go (leaving it, or showing another)."""
        if self.held is None:
            return
        held, self.held = self.held, None
        if self._conn is not None and not self._conn.closed:
            try:
                self._conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_CLASS, held))
            except Exception:  # the connection is gone, and the lock with it
                self.close()

    def close(self) -> None:
        """Close the connection: whatever it held is free."""
        self.held = None
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):  # already broken
                conn.close()

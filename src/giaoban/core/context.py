"""The explicit context every service takes: which database, who is working, what time it is."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlmodel import Session

from giaoban.core.clock import SYSTEM_CLOCK, Clock
from giaoban.core.db import Database

# Columns stamped with the context's clock when a new row is flushed without them.
_STAMPED = ("created_at", "updated_at", "at")


def current_user() -> str:
    """The OS user name, recorded in the audit history."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class AppContext:
    """Services receive this instead of reaching for globals, so tests can use a temporary file."""

    db: Database
    user: str = field(default_factory=current_user)
    clock: Clock = SYSTEM_CLOCK

    def now(self) -> dt.datetime:
        """This moment (zone-aware) by the context's clock."""
        return self.clock.now()

    def now_utc(self) -> dt.datetime:
        """This moment in UTC, as timestamps are stored."""
        return self.clock.now_utc()

    def today(self) -> dt.date:
        """Today by the context's clock: overdue counts, default dates, document dates."""
        return self.clock.today()

    def session(self) -> Session:
        """A session whose new rows get their timestamps from this context's clock."""
        session = Session(self.db.engine, expire_on_commit=False)
        event.listen(session, "before_flush", self._stamp_new_rows)
        return session

    def _stamp_new_rows(self, session: Session, _context: object, _instances: object) -> None:
        now: dt.datetime | None = None
        for row in session.new:
            for name in _STAMPED:
                if hasattr(row, name) and getattr(row, name) is None:
                    now = now or self.now_utc()
                    setattr(row, name, now)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole at the end, rolled back whole on any error."""
        with self.session() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

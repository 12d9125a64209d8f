"""The explicit context every service takes: which database, who is working, what day it is."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlmodel import Session

from giaoban.core.db import Database


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
    today: Callable[[], dt.date] = dt.date.today

    def session(self) -> Session:
        return Session(self.db.engine, expire_on_commit=False)

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

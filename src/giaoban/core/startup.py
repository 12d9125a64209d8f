"""Open a database for a session of work, the same way for the GUI and the command line."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from giaoban.core.clock import SYSTEM_CLOCK, Clock
from giaoban.core.context import AppContext
from giaoban.core.db import FileState, open_database
from giaoban.core.seed import seed_defaults

APP_NAME = "giaoban"


def default_database_path() -> Path:
    """One SQLite file under the user's data folder (platformdirs)."""
    return platformdirs.user_data_path(APP_NAME) / "giaoban.db"


def open_context(
    target: str | Path | None = None,
    *,
    create: bool = True,
    inspected: FileState | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> AppContext:
    """Open (create, migrate, seed) the database and return the context services take.

    ``clock`` is the context's clock from the start, so a backup before an upgrade and the seeded
    rows already carry its time.
    """
    default = target is None
    db = open_database(
        target if target is not None else default_database_path(),
        create=create,
        create_parents=default,
        inspected=inspected,
        clock=clock,
    )
    ctx = AppContext(db=db, clock=clock)
    seed_defaults(ctx)
    return ctx

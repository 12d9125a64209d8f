"""Open a database for a session of work, the same way for the GUI and the command line."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from giaoban.core.context import AppContext
from giaoban.core.db import FileState, open_database
from giaoban.core.seed import seed_defaults

APP_NAME = "giaoban"


def default_database_path() -> Path:
    """One SQLite file under the user's data folder (platformdirs)."""
    return platformdirs.user_data_path(APP_NAME) / "giaoban.db"


def open_context(
    target: str | Path | None = None, *, create: bool = True, inspected: FileState | None = None
) -> AppContext:
    """Open (create, migrate, seed) the database and return the context services take."""
    default = target is None
    db = open_database(
        target if target is not None else default_database_path(),
        create=create,
        create_parents=default,
        inspected=inspected,
    )
    ctx = AppContext(db=db)
    seed_defaults(ctx)
    return ctx

"""Open a database for a session of work, the same way for the GUI and the command line.

Importing this module costs nothing: the database libraries are imported by :func:`open_context`
when it runs, so the GUI can put its window on screen and ``giaoban --help`` can answer first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from giaoban.core.clock import SYSTEM_CLOCK, Clock

if TYPE_CHECKING:
    from giaoban.core.context import AppContext
    from giaoban.core.db import FileState

APP_NAME = "giaoban"


def default_database_path() -> Path:
    """One SQLite file under the user's data folder (platformdirs)."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME) / "giaoban.db"


def open_context(
    target: str | Path | None = None,
    *,
    create: bool = True,
    inspected: FileState | None = None,
    clock: Clock = SYSTEM_CLOCK,
    seed: bool = True,
) -> AppContext:
    """Open (create, migrate, seed) the database and return the context services take.

    ``clock`` is the context's clock from the start, so a backup before an upgrade and the seeded
    rows already carry its time. ``seed=False`` (read-only commands on an up-to-date file) writes
    nothing at all; neither does a file whose ``inspected`` state says it is seeded already (the
    GUI's every start after the first: no write transaction just to find the mark).
    """
    from giaoban.core.context import AppContext
    from giaoban.core.db import open_database
    from giaoban.core.seed import seed_defaults

    default = target is None
    db = open_database(
        target if target is not None else default_database_path(),
        create=create,
        create_parents=default,
        inspected=inspected,
        clock=clock,
    )
    ctx = AppContext(db=db, clock=clock)
    if db.path is None and db.engine.dialect.name == "postgresql":  # not the computer's user
        from giaoban.core.server_login import session_login

        ctx.user = session_login(db.engine)
    if seed and not (inspected is not None and inspected.seeded and not db.created):
        seed_defaults(ctx)
    return ctx

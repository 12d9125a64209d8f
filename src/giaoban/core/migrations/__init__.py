"""Alembic migrations shipped inside the package and run at start-up.

``upgrade`` brings a database to the program's schema; ``refuse_if_too_new`` stops before a file
written by a newer program is touched.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from alembic.config import Config
from alembic.script import ScriptDirectory

from giaoban.core.errors import DatabaseTooNew
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.db import Database

HERE = Path(__file__).resolve().parent


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    """The schema revision this program writes."""
    revision = _script().get_current_head()
    assert revision is not None
    return revision


def known_revisions() -> set[str]:
    return {rev.revision for rev in _script().walk_revisions()}


def needs_upgrade(revision: str | None) -> bool:
    return revision != head()


def refuse_if_too_new(revision: str | None, where: object) -> None:
    """Raise when the file carries a revision this program does not know (a newer program's)."""
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNew(
            _(
                "Tệp dữ liệu “{where}” được tạo bởi phiên bản giaoban mới hơn (lược đồ {rev}). "
                "Hãy cập nhật chương trình; tệp không bị thay đổi."
            ).format(where=where, rev=revision)
        )


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database) -> None:
    """Run every pending migration in one go and mark the file as a giaoban database."""
    from alembic import command

    revision = current_revision(db)
    refuse_if_too_new(revision, db.display_name)
    if revision == head():
        return
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    if db.engine.dialect.name == "sqlite":
        from giaoban.core.db import APPLICATION_ID

        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")

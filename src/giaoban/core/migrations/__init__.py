"""Alembic migrations shipped inside the package and run at start-up.

``upgrade`` brings a database to the program's schema; ``refuse_if_too_new`` stops before a file
written by a newer program is touched. ``core.db`` calls these (backing the file up first and
marking it as ours after); this package never imports ``core.db``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from giaoban.core.errors import DatabaseTooNew
from giaoban.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent
_REVISION = re.compile(r'^revision(?::\s*str)?\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision(?::[^=]+)?=\s*(?:["\']([^"\']+)["\']|None)', re.M)


class Migratable(Protocol):
    """What migrating needs of a ``core.db.Database``: its engine and a name for messages."""

    @property
    def engine(self) -> Engine: ...

    @property
    def display_name(self) -> str: ...


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


@cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@cache
def _revision_graph() -> dict[str, str | None]:
    """{revision: down_revision} read from the version files' headers.

    Opening an up-to-date database only needs to know the head, and importing Alembic's runtime
    to learn it costs a fifth of a second at every start; a test checks this agrees with Alembic.
    """
    graph: dict[str, str | None] = {}
    for path in sorted((HERE / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision and down:
            graph[revision.group(1)] = down.group(1)
    return graph


def head() -> str:
    """The schema revision this program writes."""
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    assert len(heads) == 1, f"the migrations must have one head, found {sorted(heads)}"
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_revision_graph())


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


def current_revision(db: Migratable) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Migratable, revision: str | None = None, *, revision_known: bool = False) -> bool:
    """Run every pending migration in one go; True when there were any.

    With ``revision_known`` the caller's read-only inspection just read ``revision``; otherwise
    the file is asked.
    """
    if not revision_known:
        revision = current_revision(db)
    refuse_if_too_new(revision, db.display_name)
    if revision == head():
        return False
    from alembic import command

    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return True

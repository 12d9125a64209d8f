"""Open a giaoban database on a PostgreSQL server (a shared office): the engine and its checks.

``core.db.open_database`` hands every ``postgresql://`` URL here. The driver is psycopg 3 (a
plain ``postgresql://`` means ``postgresql+psycopg://`` whatever SQLAlchemy's default). The
password never leaves this module in words: every message shows the URL with ``***`` and any
text from the driver is passed through :func:`mask` first.

A client never migrates a server. The schema is made and upgraded by an admin with
``giaoban server init`` (commands/server.py); a client whose program is older or newer than the
server's schema says so and does not open it, so it cannot write rows the other version reads
wrongly. Errors the server raises are turned into our messages in ONE place, the engine's
``handle_error`` hook: a missing right (SQLSTATE 42501) becomes :class:`PermissionRefused`
("Tài khoản … không có quyền …"), a failed connection a :class:`DatabaseError` without the
password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_plus

from sqlalchemy import create_engine, event
from sqlalchemy import text as sa_text
from sqlalchemy.engine import URL, Engine, make_url

from giaoban.core import migrations
from giaoban.core.errors import DatabaseError, DatabaseTooNew, PermissionRefused
from giaoban.i18n import _

DRIVER = "postgresql+psycopg"
INSUFFICIENT_PRIVILEGE = "42501"
CONNECT_TIMEOUT_S = 10
_REFUSED_OBJECT = re.compile(r'(?:table|relation|sequence|schema|function)\s+"?([\w.]+)"?')


def is_server_url(target: str) -> bool:
    """True for a URL this module opens (PostgreSQL, any driver spelling)."""
    return target.split("://", 1)[0].split("+", 1)[0].lower() in ("postgresql", "postgres")


def server_url(target: str | URL) -> URL:
    """The URL with psycopg 3 as its driver (``postgres://`` and ``postgresql://`` alike)."""
    url = make_url(target) if isinstance(target, str) else target
    return url.set(drivername=DRIVER)


def shown(url: str | URL) -> str:
    """The URL as it may be shown or logged: the password replaced by ``***``."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except Exception:  # not parseable: show only its scheme
        return str(url).split("://", 1)[0] + "://…"
    return parsed.render_as_string(hide_password=True)


def mask(text: str, url: str | URL | None) -> str:
    """``text`` with the URL's password (as typed and URL-encoded) replaced by ``***``."""
    if url is None:
        return text
    try:
        password = (make_url(url) if isinstance(url, str) else url).password
    except Exception:
        password = None
    if not password:
        return text
    for form in {str(password), quote(str(password), safe=""), quote_plus(str(password))}:
        text = text.replace(form, "***")
    return text


def _refusal(user: str, orig: BaseException) -> PermissionRefused:
    """The Vietnamese refusal for a right the login role lacks; names the record kind."""
    from giaoban.core.kinds import label_of_kind

    found = _REFUSED_OBJECT.search(str(orig))
    name = found.group(1).rsplit(".", 1)[-1] if found else ""
    what = label_of_kind(name) if name else _("dữ liệu này")
    return PermissionRefused(_(
        "Tài khoản “{user}” không có quyền thay đổi “{what}” trên máy chủ; chưa có gì thay đổi. "
        "Nếu công việc cần, hãy nhờ quản trị viên cấp quyền."
    ).format(user=user, what=what))


def _connect_failure(url: URL, orig: BaseException) -> DatabaseError:
    reason = mask(" ".join(str(orig).split()), url)
    lowered = reason.lower()
    where = f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return DatabaseError(_(
            "Máy chủ {where} không chấp nhận đăng nhập “{user}”: sai tên đăng nhập hoặc mật khẩu."
        ).format(where=where, user=url.username or ""))
    if "does not exist" in lowered and "database" in lowered:
        return DatabaseError(_("Trên máy chủ {where} không có cơ sở dữ liệu “{name}”.").format(
            where=where, name=url.database or ""))
    if any(word in lowered for word in ("refused", "timeout", "timed out", "translate host",
                                        "name or service")):
        return DatabaseError(_(
            "Không kết nối được máy chủ cơ sở dữ liệu {where}: máy chủ không trả lời (chưa chạy, "
            "sai địa chỉ hoặc cổng, hoặc tường lửa chặn). Chi tiết: {reason}"
        ).format(where=where, reason=reason))
    return DatabaseError(_("Không kết nối được máy chủ cơ sở dữ liệu {where}: {reason}").format(
        where=where, reason=reason))


def mirror_partial_indexes() -> None:
    """Give each partial index of the models its condition on PostgreSQL too.

    ``core.models`` names only ``sqlite_where`` (so a process on a file never imports the
    PostgreSQL dialect); here, in a process that talks to a server, the same condition becomes
    ``postgresql_where``, so the models' schema (autogenerate, ``create_all``) is the one the
    migrations build on a server. Idempotent."""
    from sqlmodel import SQLModel

    import giaoban.core.models  # noqa: F401  (the tables are declared on import)

    for table in SQLModel.metadata.tables.values():
        for index in table.indexes:
            where = index.dialect_options["sqlite"]["where"]
            if where is not None and index.dialect_options["postgresql"]["where"] is None:
                index.dialect_options["postgresql"]["where"] = where


def server_engine(target: str | URL) -> Engine:
    """An engine on the server (psycopg 3) whose errors come out as our messages; the models'
    partial indexes are made partial on PostgreSQL too (:func:`mirror_partial_indexes`)."""
    mirror_partial_indexes()
    url = server_url(target)
    engine = create_engine(url, pool_pre_ping=True, connect_args={
        "application_name": "giaoban", "connect_timeout": CONNECT_TIMEOUT_S})

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        orig = context.original_exception
        if getattr(orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
            raise _refusal(url.username or "", orig) from None
        if context.is_pre_ping:
            return
        if context.connection is None and context.statement is None:  # connecting failed
            raise _connect_failure(url, orig) from None

    return engine


def command_url(url: URL) -> str:
    """The URL to type in a suggested command: the usual scheme, no password at all."""
    bare = url._replace(drivername="postgresql", password=None)  # .set() ignores None
    return bare.render_as_string(hide_password=False)


def refuse_other_schema(revision: str | None, url: URL) -> None:
    """Refuse a server without our schema, or at a revision other than this program's."""
    where = f"{url.host or 'localhost'}/{url.database or ''}"
    if revision is None:
        raise DatabaseError(_(
            "Cơ sở dữ liệu {where} trên máy chủ chưa được khởi tạo cho giaoban. Quản trị viên hãy "
            "chạy: giaoban server init --db {url}"
        ).format(where=where, url=command_url(url)))
    if revision not in migrations.known_revisions():
        raise DatabaseTooNew(_(
            "Cơ sở dữ liệu {where} trên máy chủ đã được nâng lên lược đồ {rev} bởi phiên bản "
            "giaoban mới hơn. Hãy cập nhật chương trình này; chưa có gì được ghi."
        ).format(where=where, rev=revision))
    if migrations.needs_upgrade(revision):
        raise DatabaseTooNew(_(
            "Cơ sở dữ liệu {where} trên máy chủ còn ở lược đồ {rev}, chương trình này cần {head}. "
            "Quản trị viên hãy nâng cấp bằng: giaoban server init --db {url}; chưa có gì được ghi."
        ).format(where=where, rev=revision, head=migrations.head(), url=command_url(url)))


@dataclass
class _Server:
    """What migrations need to ask a server its revision: the engine and a name."""

    engine: Engine

    @property
    def display_name(self) -> str:
        return self.engine.url.database or ""


def open_engine(target: str, *, check_schema: bool = True) -> Engine:
    """An engine on the server, refused unless its schema is this program's (``core.db``
    wraps it in its ``Database``). ``check_schema=False`` is for ``server init``, which
    migrates it itself."""
    url = server_url(target)
    engine = server_engine(url)
    if check_schema:
        try:
            refuse_other_schema(migrations.current_revision(_Server(engine)), url)
        except Exception:
            engine.dispose()
            raise
    return engine


def catch_up_sequences(session: Any) -> None:
    """After rows were inserted with ids of their own (the demo, a bulk import), move each
    table's id sequence past its largest id, so the next ordinary insert does not collide."""
    from sqlmodel import SQLModel

    for table in SQLModel.metadata.sorted_tables:
        if "id" not in table.c:
            continue
        sequence = session.execute(sa_text("SELECT pg_get_serial_sequence(:t, 'id')"),
                                   {"t": table.name}).scalar()
        if not sequence:
            continue
        session.execute(sa_text(
            f"SELECT setval('{sequence}', m) FROM (SELECT max(id) AS m FROM {table.name}) AS x "
            f"WHERE m > (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence})"))


def reserve_ids(session: Any, table: str, count: int) -> int:
    """The first of ``count`` consecutive ids taken from ``table``'s id sequence, for a bulk
    insert that numbers its rows itself (the spreadsheet import). The table is locked against
    other writers until the transaction ends (readers go on), so neither an ordinary insert nor
    another import takes an id in between; ids already used past the sequence are skipped."""
    session.execute(sa_text(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE"))
    sequence = session.execute(sa_text("SELECT pg_get_serial_sequence(:t, 'id')"),
                               {"t": table}).scalar()
    last = session.execute(sa_text(
        f"SELECT setval(CAST(:s AS regclass), GREATEST(nextval(CAST(:s AS regclass)), "
        f"(SELECT COALESCE(max(id), 0) + 1 FROM {table})) + :n - 1)"),
        {"s": sequence, "n": count}).scalar()
    return int(last) - count + 1


def set_history_login_trigger(connection: Any, *, enabled: bool) -> None:
    """Switch the trigger that writes the session's login into each history line on or off,
    inside the caller's transaction (a rollback switches it back). Off only while a whole
    office is copied (core.office_copy), so the copied lines keep the names they had; only the
    table's owner (who ran ``server init``) may."""
    verb = "ENABLE" if enabled else "DISABLE"
    connection.exec_driver_sql(f"ALTER TABLE audit_event {verb} TRIGGER audit_event_user")

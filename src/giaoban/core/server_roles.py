"""Set up a PostgreSQL server for an office: schema, the three giaoban roles and their rights.

``giaoban server init`` (commands/server.py) calls :func:`init_server` as the server's admin
login; ``giaoban server grant`` calls :func:`grant_login`. Rights are PostgreSQL's own GRANTs,
so a client that tries a write its role lacks is refused by the server whatever its buttons
show (core/db_server turns the refusal into "Tài khoản … không có quyền …"):

- ``giaoban_admin``: everything, owns the tables (so its members run the migrations), the
  directory, settings, restore;
- ``giaoban_secretary``: reads everything, writes briefings, aspirations, tasks, documents,
  attachments (not the directory, the settings or the schema);
- ``giaoban_leader``: reads everything, adds progress updates to tasks (which may move a
  not-started task to "in progress": the task's status and update time, and only that move —
  a trigger, :data:`LEADER_TASK_GUARD`), nothing else.

Every role may add audit events, but never set their ``user`` (migration 0001's trigger writes
the session user) nor change or delete them. Init is idempotent: run again after an upgrade, it
migrates, hands new tables to ``giaoban_admin`` and grants the rights afresh.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.engine import Connection

from giaoban.core.db import Database
from giaoban.core.errors import ValidationError
from giaoban.i18n import _

ROLES = {"admin": "giaoban_admin", "secretary": "giaoban_secretary", "leader": "giaoban_leader"}
SECRETARY_WRITES = ("briefing", "attendance", "report", "aspiration", "conclusion", "task",
                    "task_support", "task_update", "issued_document", "attachment_blob",
                    "attachment")
LEADER_INSERTS = ("task_update",)
LEADER_TASK_COLUMNS = ("status", "updated_at", "version")  # the row version goes with it
AUDIT = "audit_event"
_LOGIN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _raw(conn: Connection) -> Any:
    """The psycopg connection under SQLAlchemy's."""
    return conn.connection.dbapi_connection


def _quote(conn: Connection, name: str) -> str:
    """An identifier quoted by the server's own rules (psycopg's sql.Identifier)."""
    from psycopg import sql

    return sql.Identifier(name).as_string(_raw(conn))


def _literal(conn: Connection, value: str) -> str:
    from psycopg import sql

    return sql.Literal(value).as_string(_raw(conn))


def _verifier(conn: Connection, login: str, password: str) -> str:
    """The password as the server stores it (SCRAM, computed here by libpq), quoted: the
    password itself is never sent in a statement, so it is in no server log or error."""
    verifier = _raw(conn).pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return _literal(conn, verifier.decode("ascii"))


def _tables(conn: Connection) -> list[str]:
    rows = conn.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in rows]


def _sequences(conn: Connection) -> list[str]:
    rows = conn.exec_driver_sql(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1")
    return [row[0] for row in rows]


def _role_exists(conn: Connection, name: str) -> bool:
    found = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": name})
    return found.first() is not None


def create_roles(conn: Connection) -> None:
    """The three group roles (no login of their own), and the admin login made a member."""
    for role in ROLES.values():
        if not _role_exists(conn, role):
            conn.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")
    member = conn.exec_driver_sql("SELECT pg_has_role(session_user, 'giaoban_admin', 'MEMBER')")
    if not member.scalar():
        conn.exec_driver_sql(f"GRANT giaoban_admin TO {_quote(conn, _session_user(conn))}")


def _session_user(conn: Connection) -> str:
    return str(conn.exec_driver_sql("SELECT session_user").scalar())


def grant_rights(conn: Connection) -> None:
    """Ownership to giaoban_admin and each role's rights, afresh (see the module doc)."""
    admin, secretary, leader = ROLES["admin"], ROLES["secretary"], ROLES["leader"]
    database = _quote(conn, str(conn.exec_driver_sql("SELECT current_database()").scalar()))
    for table in _tables(conn):
        conn.exec_driver_sql(f"ALTER TABLE {_quote(conn, table)} OWNER TO {admin}")
    for sequence in _sequences(conn):
        conn.exec_driver_sql(f"ALTER SEQUENCE {_quote(conn, sequence)} OWNER TO {admin}")
    conn.exec_driver_sql("ALTER FUNCTION giaoban_audit_user() OWNER TO giaoban_admin")
    conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {database} TO {admin}, {secretary}, {leader}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {admin}, {secretary}, {leader}")
    conn.exec_driver_sql(f"GRANT CREATE ON SCHEMA public TO {admin}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {secretary}, {leader}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {secretary}, {leader}")
    conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {secretary}, {leader}")
    present = set(_tables(conn))
    writes = [t for t in SECRETARY_WRITES if t in present]
    if writes:
        conn.exec_driver_sql(
            f"GRANT INSERT, UPDATE, DELETE ON {', '.join(writes)} TO {secretary}")
    conn.exec_driver_sql(f"GRANT INSERT ON {', '.join(LEADER_INSERTS)} TO {leader}")
    conn.exec_driver_sql(f"GRANT UPDATE ({', '.join(LEADER_TASK_COLUMNS)}) ON task TO {leader}")
    conn.exec_driver_sql(f"GRANT INSERT ON {AUDIT} TO {secretary}, {leader}")
    conn.exec_driver_sql(
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {secretary}")
    for table in (*LEADER_INSERTS, AUDIT):
        serial = conn.exec_driver_sql("SELECT pg_get_serial_sequence(%(t)s, 'id')",
                                      {"t": table}).scalar()
        if serial:
            conn.exec_driver_sql(f"GRANT USAGE ON SEQUENCE {serial} TO {leader}")


# A leader's right to UPDATE task(status, updated_at, version) is for one move only: the first
# progress update of a not-started task makes it "in progress". The rule depends on the row, so it is a
# trigger (raising the same SQLSTATE as a missing GRANT, so the client says the same refusal).
LEADER_TASK_GUARD = (
    "CREATE OR REPLACE FUNCTION giaoban_leader_task_guard() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN "
    "IF pg_has_role(session_user, 'giaoban_secretary', 'MEMBER') "
    "OR pg_has_role(session_user, 'giaoban_admin', 'MEMBER') "
    "OR NOT pg_has_role(session_user, 'giaoban_leader', 'MEMBER') "
    "OR (OLD.status = 'not_started' AND NEW.status = 'in_progress') THEN RETURN NEW; END IF; "
    "RAISE EXCEPTION 'permission denied for table task' USING ERRCODE = '42501'; END $$",
    "DROP TRIGGER IF EXISTS task_leader_guard ON task",
    "CREATE TRIGGER task_leader_guard BEFORE UPDATE OF status, updated_at, version ON task "
    "FOR EACH ROW EXECUTE FUNCTION giaoban_leader_task_guard()",
    "ALTER FUNCTION giaoban_leader_task_guard() OWNER TO giaoban_admin",
)


def _open(url: str) -> Database:
    """The server as its admin sees it: no schema check (init makes or upgrades it)."""
    from giaoban.core.db_server import open_engine

    return Database(engine=open_engine(url, check_schema=False))


def init_server(url: str) -> str:
    """Roles, schema (migrated to this program's head), seeded defaults and rights; the
    revision the server is at afterwards. Run as the server's admin login."""
    from giaoban.core import migrations
    from giaoban.core.context import AppContext
    from giaoban.core.seed import seed_defaults

    db = _open(url)
    try:
        with db.engine.begin() as conn:
            create_roles(conn)
        migrations.upgrade(db)
        seed_defaults(AppContext(db=db))
        with db.engine.begin() as conn:
            grant_rights(conn)
            for statement in LEADER_TASK_GUARD:
                conn.exec_driver_sql(statement)
        return str(migrations.current_revision(db))
    finally:
        db.dispose()


def check_login(name: str) -> str:
    """A login name PostgreSQL takes unquoted: lower-case letters, digits, ``_``."""
    if not _LOGIN.match(name or ""):
        raise ValidationError({"login": _(
            "Tên đăng nhập “{name}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu "
            "gạch dưới, bắt đầu bằng chữ (tối đa 63 ký tự)."
        ).format(name=name)})
    if name in ROLES.values():
        raise ValidationError({"login": _(
            "“{name}” là tên một vai trò của giaoban, không dùng làm tên đăng nhập.").format(
                name=name)})
    return name


def login_exists(url: str, login: str) -> bool:

    db = _open(url)
    try:
        with db.engine.connect() as conn:
            return _role_exists(conn, login)
    finally:
        db.dispose()


def grant_login(url: str, login: str, role: str, password: str | None) -> bool:
    """Give ``login`` (created if missing, with ``password``) exactly one giaoban role; True
    when the login was created. A new login needs a password."""

    check_login(login)
    if role not in ROLES:
        raise ValidationError({"role": _("Vai trò phải là admin, secretary hoặc leader.")})
    db = _open(url)
    try:
        with db.engine.begin() as conn:
            quoted = _quote(conn, login)
            created = not _role_exists(conn, login)
            if created and not password:
                raise ValidationError({"password": _(
                    "Tài khoản mới cần một mật khẩu.")})
            if created:
                conn.exec_driver_sql(
                    f"CREATE ROLE {quoted} LOGIN PASSWORD {_verifier(conn, login, str(password))}")
            elif password:
                conn.exec_driver_sql(
                    f"ALTER ROLE {quoted} PASSWORD {_verifier(conn, login, password)}")
            for other in ROLES.values():
                conn.exec_driver_sql(f"REVOKE {other} FROM {quoted}")
            conn.exec_driver_sql(f"GRANT {ROLES[role]} TO {quoted}")
        return created
    finally:
        db.dispose()


"""Logging in to an office's PostgreSQL server: the fields a person types, the URL built from
them, the password kept in the system keyring, and a quick test of the connection.

No Qt here, so the connect dialog (ui/dialogs/server_connect.py) and the start-up with
``--db postgresql://…`` share it and it is tested alone. The password lives only in memory,
in the URL handed to the engine, and — when the person asks — in the system keyring
(Windows Credential Manager, Secret Service) through the ``keyring`` package. A keyring that is
missing or fails (a bare Linux has no Secret Service) is never an error: the password is then
asked each time, and the caller shows :data:`KEYRING_NOTE`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from giaoban.core.errors import DatabaseError
from giaoban.i18n import _

KEYRING_SERVICE = "giaoban"
DEFAULT_PORT = 5432
PROBE_TIMEOUT_S = 5
SSL_MODES = ("disable", "prefer", "require", "verify-full")
"""libpq's ``sslmode`` values the dialog offers (their labels are the dialog's)."""
_NO_PASSWORD = ("no password supplied", "password authentication failed")


def keyring_note() -> str:
    """One line shown when the keyring cannot be used (never a traceback)."""
    return _("Không dùng được kho mật khẩu của hệ thống; mật khẩu sẽ được hỏi mỗi lần kết nối.")


class PasswordNeeded(DatabaseError):
    """The server asks for a password the URL (and PGPASSWORD, ~/.pgpass) did not give, or
    refused the one given: the caller asks the person for it."""


@dataclass(frozen=True)
class ServerLogin:
    """Where and as whom to connect: everything but the password (which is never stored here)."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    sslmode: str = "prefer"

    @property
    def key(self) -> str:
        """The keyring's name of this login's password: ``user@host:port/db``."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    @property
    def shown(self) -> str:
        """How the login is named on screen: ``user@host/db`` (the port when not the usual)."""
        port = "" if self.port == DEFAULT_PORT else f":{self.port}"
        return f"{self.user}@{self.host}{port}/{self.database}"

    def url(self, password: str | None = None) -> str:
        """The ``postgresql://`` URL (password URL-encoded when given; sslmode as a query)."""
        from sqlalchemy.engine import URL

        query = {} if self.sslmode == "prefer" else {"sslmode": self.sslmode}
        url = URL.create("postgresql", username=self.user, password=password or None,
                         host=self.host, port=self.port, database=self.database, query=query)
        return url.render_as_string(hide_password=False)

    @classmethod
    def from_url(cls, text: str) -> tuple[ServerLogin, str | None]:
        """The login a ``postgresql://`` URL names, and the password it carries (or None)."""
        from sqlalchemy.engine import make_url

        url = make_url(text)
        sslmode = str(url.query.get("sslmode", "prefer"))
        login = cls(host=url.host or "localhost", database=url.database or "",
                    user=url.username or "", port=url.port or DEFAULT_PORT,
                    sslmode=sslmode if sslmode in SSL_MODES else "prefer")
        return login, url.password if url.password else None


def clean(host: str, port: str, database: str, user: str, sslmode: str) -> ServerLogin:
    """The login from the dialog's fields; ValidationError naming each empty or bad field."""
    from giaoban.core.errors import ValidationError

    errors: dict[str, str] = {}
    host, database, user = host.strip(), database.strip(), user.strip()
    if not host:
        errors["host"] = _("Hãy nhập địa chỉ máy chủ.")
    if not database:
        errors["database"] = _("Hãy nhập tên cơ sở dữ liệu.")
    if not user:
        errors["user"] = _("Hãy nhập tên đăng nhập.")
    number = int(port.strip()) if port.strip().isdigit() else 0
    if not 1 <= number <= 65535:
        errors["port"] = _("Cổng là một số từ 1 đến 65535.")
    if sslmode not in SSL_MODES:
        errors["sslmode"] = _("Hãy chọn chế độ mã hóa kết nối.")
    if errors:
        raise ValidationError(errors)
    return ServerLogin(host=host, database=database, user=user, port=number, sslmode=sslmode)


def _keyring() -> Any:
    import keyring

    return keyring


def saved_password(login: ServerLogin) -> tuple[str | None, str | None]:
    """The password kept in the keyring for this login, and a note when the keyring failed."""
    try:
        return _keyring().get_password(KEYRING_SERVICE, login.key), None
    except Exception:  # any backend's failure (no Secret Service, a locked store, D-Bus…)
        return None, keyring_note()


def remember_password(login: ServerLogin, password: str) -> str | None:
    """Keep the password in the keyring; a note (not an error) when that is not possible."""
    try:
        _keyring().set_password(KEYRING_SERVICE, login.key, password)
    except Exception:
        return keyring_note()
    return None


def forget_password(login: ServerLogin) -> None:
    """Drop this login's password from the keyring (nothing there, or no keyring: fine)."""
    with contextlib.suppress(Exception):
        _keyring().delete_password(KEYRING_SERVICE, login.key)


def probe(url: str) -> None:
    """Connect once with a short timeout and hang up: the server is there and takes the login.

    :class:`PasswordNeeded` when it wants a password it was not given (or refused the one
    given); any other failure as core.db_server's message — never with the password."""
    import psycopg
    from sqlalchemy.engine import make_url

    from giaoban.core import db_server

    parsed = make_url(url)
    given: dict[str, Any] = {
        "host": parsed.host, "port": parsed.port, "dbname": parsed.database,
        "user": parsed.username, "password": parsed.password,
        **{key: str(value) for key, value in parsed.query.items()}}
    given = {key: value for key, value in given.items() if value is not None}
    try:  # as keywords: a URL string would need a space in the password %-encoded
        psycopg.connect(connect_timeout=PROBE_TIMEOUT_S, application_name="giaoban",
                        **given).close()
    except psycopg.Error as exc:
        failure = db_server._connect_failure(parsed, exc)
        if any(words in str(exc).lower() for words in _NO_PASSWORD):
            raise PasswordNeeded(str(failure)) from None
        raise failure from None


def session_login(engine: Any) -> str:
    """The login the server knows this program's connections by (its ``session_user``): the
    name a context on a server works as, the one the server writes into the history."""
    import sqlalchemy as sa

    with engine.connect() as connection:
        return str(connection.execute(sa.select(sa.func.session_user())).scalar())


def with_password(url: str, password: str) -> str:
    """The URL with this password in it (for the engine only: never shown, never stored)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(password=password).render_as_string(hide_password=False)


AskPassword = Callable[[ServerLogin, "str | None"], "tuple[str, bool] | None"]
"""Asks the person for the password: (login, why it is asked again or None) → (password,
keep it in the keyring) or None when they gave up."""


def resolve_url(target: str, ask: AskPassword) -> str | None:
    """The URL to open for ``--db postgresql://…``: as given when it carries a password or the
    server takes it without one (PGPASSWORD, ~/.pgpass, trust), else with the keyring's
    password, else with one asked through ``ask`` until the server takes it. None: given up.
    Failures other than the password's are raised (core.db_server's message)."""
    login, given = ServerLogin.from_url(target)
    if given:
        return target
    saved, _note = saved_password(login)
    candidates = ([with_password(target, saved)] if saved else []) + [target]
    why: str | None = None
    for url in candidates:
        try:
            probe(url)
            return url
        except PasswordNeeded as exc:
            if url is not target:  # the keyring's password is out of date: say so
                why = str(exc)
    while True:
        answer = ask(login, why)
        if answer is None:
            return None
        password, keep = answer
        url = with_password(target, password)
        try:
            probe(url)
        except PasswordNeeded as exc:
            why = str(exc)
            continue
        if keep:
            remember_password(login, password)
        return url

"""core.server_login: the login's URL, the keyring (kept, forgotten, failing), the quick probe
and the start-up's password resolution against the real local PostgreSQL."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError
from sqlalchemy.engine import make_url

from giaoban.core import server_login
from giaoban.core.errors import DatabaseError, ValidationError
from giaoban.core.server_login import PasswordNeeded, ServerLogin


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict: what the program keeps there can be read back."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("not there")


class BrokenKeyring(KeyringBackend):
    """A keyring that fails at everything, like a desktop without Secret Service."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("no Secret Service on this bus")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("no Secret Service on this bus")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("no Secret Service on this bus")


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def broken_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def no_libpq_password(monkeypatch, tmp_path):
    """Neither PGPASSWORD nor ~/.pgpass can answer for the password."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def test_url_carries_every_field_and_an_odd_password_back():
    login = ServerLogin(host="may-chu.local", database="giaoban", user="lan", port=5433,
                        sslmode="verify-full")
    url = login.url("p@ss/w:rd?&% Mật")
    again, password = ServerLogin.from_url(url)
    assert again == login and password == "p@ss/w:rd?&% Mật"
    assert login.key == "lan@may-chu.local:5433/giaoban"
    assert login.shown == "lan@may-chu.local:5433/giaoban"
    assert ServerLogin(host="h", database="d", user="u").shown == "u@h/d"
    assert ServerLogin.from_url(ServerLogin(host="h", database="d", user="u").url()) == (
        ServerLogin(host="h", database="d", user="u"), None)


def test_clean_names_each_bad_field():
    with pytest.raises(ValidationError) as refused:
        server_login.clean(" ", "70000", "", "", "sometimes")
    assert set(refused.value.errors) == {"host", "port", "database", "user", "sslmode"}
    login = server_login.clean(" 10.0.0.5 ", "5432", "giaoban ", " lan", "require")
    assert login == ServerLogin(host="10.0.0.5", database="giaoban", user="lan",
                                sslmode="require")


def test_keyring_keeps_and_forgets_the_password(memory_keyring):
    login = ServerLogin(host="h", database="d", user="u")
    assert server_login.saved_password(login) == (None, None)
    assert server_login.remember_password(login, "bí mật") is None
    assert memory_keyring.store == {("giaoban", "u@h:5432/d"): "bí mật"}
    assert server_login.saved_password(login) == ("bí mật", None)
    server_login.forget_password(login)
    assert memory_keyring.store == {}
    server_login.forget_password(login)  # nothing there: no error


def test_a_failing_keyring_is_a_note_not_an_error(broken_keyring):
    login = ServerLogin(host="h", database="d", user="u")
    saved, note = server_login.saved_password(login)
    assert saved is None and note == server_login.keyring_note()
    assert server_login.remember_password(login, "x") == server_login.keyring_note()
    server_login.forget_password(login)


def test_probe_tells_a_missing_or_wrong_password_from_a_server_away(pg_login,
                                                                    no_libpq_password):
    url = pg_login("secretary", "Đúng-mật-khẩu 7")
    server_login.probe(url)  # takes it
    login, _password = ServerLogin.from_url(url)
    for wrong in (login.url(), login.url("Sai-mật-khẩu 9")):
        with pytest.raises(PasswordNeeded) as refused:
            server_login.probe(wrong)
        assert "sai tên đăng nhập hoặc mật khẩu" in str(refused.value)
        assert "Sai-mật-khẩu" not in str(refused.value)
    away = ServerLogin(host="127.0.0.1", database="d", user="u", port=1).url("Bí-mật 5")
    with pytest.raises(DatabaseError) as failed:
        server_login.probe(away)
    assert not isinstance(failed.value, PasswordNeeded)
    assert "không trả lời" in str(failed.value) and "Bí-mật" not in str(failed.value)


def test_start_asks_until_the_server_takes_the_password_and_keeps_it(
        pg_login, no_libpq_password, memory_keyring):
    url = pg_login("leader", "Lãnh-đạo 2026")
    login, _password = ServerLogin.from_url(url)
    bare = login.url()
    answers = [("sai", False), ("Lãnh-đạo 2026", True)]
    asked: list[str | None] = []

    def ask(who: ServerLogin, why: str | None):
        assert who == login
        asked.append(why)
        return answers.pop(0)

    resolved = server_login.resolve_url(bare, ask)
    assert resolved is not None and make_url(resolved).password == "Lãnh-đạo 2026"
    assert asked[0] is None and "sai tên đăng nhập hoặc mật khẩu" in str(asked[1])
    assert memory_keyring.store == {("giaoban", login.key): "Lãnh-đạo 2026"}
    # next start: the keyring answers, nothing is asked
    assert server_login.resolve_url(bare, lambda *a: pytest.fail("asked again")) == resolved
    # a stale password in the keyring: asked again, saying why; giving up opens nothing
    memory_keyring.store[("giaoban", login.key)] = "cũ"
    whys: list[str | None] = []
    assert server_login.resolve_url(bare, lambda who, why: whys.append(why)) is None
    assert whys and "sai tên đăng nhập" in str(whys[0])


def test_start_uses_pgpassword_without_asking(pg_login, monkeypatch, tmp_path, broken_keyring):
    url = pg_login("secretary", "Từ-biến-môi-trường 1")
    login, _password = ServerLogin.from_url(url)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setenv("PGPASSWORD", "Từ-biến-môi-trường 1")
    bare = login.url()
    assert server_login.resolve_url(bare, lambda *a: pytest.fail("asked")) == bare

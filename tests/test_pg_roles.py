"""PostgreSQL rights: each login does what its role allows, the server names who did it."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from giaoban.core.clock import Clock
from giaoban.core.errors import PermissionRefused
from giaoban.core.services import tasks
from giaoban.core.startup import open_context
from tests.pg_fixtures import TODAY


def _task(ctx) -> int:
    """A not-started task made by the secretary-to-be (the superuser here)."""
    from giaoban.core.models import Organization

    with ctx.session() as session:
        unit = session.execute(sa.select(Organization.id).limit(1)).scalar_one()
    task = tasks.create_task(ctx, title="Khảo sát đường liên xã", lead_unit_id=unit,
                             assigned_on=TODAY, due_on=TODAY.replace(day=30))
    assert task.id is not None
    return task.id


def _open(url: str):
    context = open_context(url, clock=Clock.at(TODAY))
    context.user = "tên-giả-mạo"  # what a client would put in the audit: the server ignores it
    return context


def _rows(ctx, sql: str):
    with ctx.session() as session:
        return session.execute(sa.text(sql)).all()


def test_leader_adds_progress_but_cannot_change_a_task(pg_ctx, pg_login):
    task_id = _task(pg_ctx)
    leader = _open(pg_login("leader"))
    try:
        tasks.add_update(leader, task_id, "Đã khảo sát xong hai xã", progress=40)
        before = _rows(pg_ctx, "SELECT title, status, due_on FROM task")
        history = _rows(pg_ctx, "SELECT count(*) FROM audit_event")
        with pytest.raises(PermissionRefused) as refused:
            tasks.update_task(leader, task_id, title="Đổi tên nhiệm vụ")
        message = str(refused.value)
        assert message.startswith("Tài khoản “giaoban_t_leader_")
        assert "không có quyền" in message and "Nhiệm vụ" in message
        assert _rows(pg_ctx, "SELECT title, status, due_on FROM task") == before
        assert _rows(pg_ctx, "SELECT count(*) FROM audit_event") == history
        with pytest.raises(PermissionRefused):
            tasks.create_task(leader, title="Việc mới", lead_unit_id=1, assigned_on=TODAY,
                              due_on=TODAY)
        assert _rows(pg_ctx, "SELECT count(*) FROM task") == [(1,)]
        with pytest.raises(PermissionRefused), leader.db.engine.begin() as conn:
            # the column right is for "not started → in progress" only, not for closing it
            conn.execute(sa.text("UPDATE task SET status = 'done'"))
    finally:
        leader.db.dispose()
    assert _rows(pg_ctx, "SELECT status FROM task") == [("in_progress",)]


def test_audit_user_is_the_server_session_user(pg_ctx, pg_login):
    task_id = _task(pg_ctx)
    secretary_url, leader_url = pg_login("secretary"), pg_login("leader")
    secretary, leader = _open(secretary_url), _open(leader_url)
    try:
        tasks.update_task(secretary, task_id, title="Khảo sát đường liên xã (bổ sung)")
        tasks.add_update(leader, task_id, "Lãnh đạo đã xem")
        with secretary.db.engine.begin() as conn:  # a client writing the audit by hand
            conn.execute(sa.text(
                "INSERT INTO audit_event (at, \"user\", entity, entity_id, action, changes, note) "
                "VALUES (now(), 'giam_doc', 'task', :id, 'update', '{}', 'giả mạo')"),
                {"id": task_id})
    finally:
        secretary.db.dispose()
        leader.db.dispose()
    users = [row[0] for row in _rows(
        pg_ctx, "SELECT \"user\" FROM audit_event WHERE entity = 'task' ORDER BY id")]
    secretary_login = secretary_url.split("://", 1)[1].split(":", 1)[0]
    leader_login = leader_url.split("://", 1)[1].split(":", 1)[0]
    assert users == ["giaoban_test", secretary_login, leader_login, secretary_login]
    assert "tên-giả-mạo" not in users and "giam_doc" not in users
    stored = _rows(pg_ctx, "SELECT changes || note FROM audit_event UNION ALL "
                           "SELECT key || value FROM setting")
    assert not any("Mật-khẩu 1!" in text for (text,) in stored)  # the logins' password


def test_secretary_cannot_change_settings_or_the_schema(pg_ctx, pg_login):
    from giaoban.core.services import settings

    secretary = _open(pg_login("secretary"))
    try:
        with pytest.raises(PermissionRefused):
            settings.save_settings(secretary, {"place": "Hà Nội"})
        with pytest.raises(PermissionRefused), secretary.db.engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE intruder (id int)"))
    finally:
        secretary.db.dispose()


def test_server_init_and_grant_on_the_command_line(pg_server, pg_fresh_url, capsys, monkeypatch):
    import io

    from sqlalchemy.engine import make_url

    from giaoban import cli

    assert cli.main(["server", "init", "--db", pg_fresh_url]) == 0
    out = capsys.readouterr().out
    assert "giaoban_leader" in out and "giaoban-ci-only" not in out
    login = f"giaoban_t_cli_{os.getpid()}"
    monkeypatch.setattr("sys.stdin", io.StringIO("Mật khẩu mới\n"))
    try:
        assert cli.main(["server", "grant", login, "--role", "leader", "--password-stdin",
                         "--db", pg_fresh_url]) == 0
        assert "Đã tạo tài khoản" in capsys.readouterr().out
        url = make_url(pg_fresh_url).set(username=login, password="Mật khẩu mới")
        leader_url = url.render_as_string(hide_password=False)
        assert cli.main(["tasks", "--db", leader_url]) == 0  # it reads
        capsys.readouterr()
        assert cli.main(["server", "init", "--db", leader_url]) == 1  # only admins migrate
        err = capsys.readouterr().err
        assert "không có quyền" in err and "Mật khẩu mới" not in err
        assert cli.main(["server", "grant", "Bad Name", "--role", "leader", "--password-stdin",
                         "--db", pg_fresh_url]) == 1
        assert "không hợp lệ" in capsys.readouterr().err
    finally:
        pg_server.admin.execute(f"DROP ROLE IF EXISTS {login}")

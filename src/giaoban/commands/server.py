"""giaoban server init|grant: set up a PostgreSQL server for a shared office (README).

``init`` is run by the server's admin login: the schema (migrations), the three roles and their
rights (core/server_roles). ``grant LOGIN --role secretary|leader|admin`` gives a person's login
one role, creating the login (with a password asked twice, or read from stdin) if needed.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from giaoban.core.errors import GiaobanError, ValidationError
from giaoban.i18n import _


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "server", parents=[common],
        help=_("thiết lập máy chủ PostgreSQL dùng chung (khởi tạo, cấp quyền)"))
    actions = parser.add_subparsers(dest="server_action", metavar=_("VIỆC"), required=True)
    init = actions.add_parser(
        "init", parents=[common],
        help=_("tạo hoặc nâng cấp lược đồ và các vai trò giaoban trên máy chủ (quản trị viên)"))
    init.set_defaults(handler=run_init)
    grant = actions.add_parser(
        "grant", parents=[common], help=_("cấp một vai trò cho một tài khoản đăng nhập"))
    grant.add_argument("login", metavar=_("TÀI_KHOẢN"), help=_("tên đăng nhập trên máy chủ"))
    grant.add_argument("--role", required=True, choices=("secretary", "leader", "admin"),
                       help=_("vai trò: secretary (chuyên viên), leader (lãnh đạo), admin"))
    grant.add_argument("--password-stdin", action="store_true",
                       help=_("đọc mật khẩu từ dòng đầu của đầu vào chuẩn thay vì hỏi"))
    grant.set_defaults(handler=run_grant)


def _server_url(args: argparse.Namespace) -> str:
    from giaoban.core.db_server import is_server_url

    target = getattr(args, "db", None)
    if not target or not is_server_url(str(target)):
        raise GiaobanError(_(
            "Lệnh này cần địa chỉ máy chủ PostgreSQL: --db postgresql://TÀI_KHOẢN@MÁY_CHỦ/giaoban"))
    return str(target)


def run_init(args: argparse.Namespace) -> int:
    from giaoban.core.db_server import command_url, server_url
    from giaoban.core.server_roles import init_server

    url = _server_url(args)
    revision = init_server(url)
    print(_("Máy chủ {url} đã sẵn sàng: lược đồ {rev}, các vai trò giaoban_admin, "
            "giaoban_secretary, giaoban_leader.").format(
                url=command_url(server_url(url)), rev=revision))
    return 0


def _password(args: argparse.Namespace, needed: bool) -> str | None:
    """The new login's password: stdin's first line, or asked twice on the terminal."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not needed:
        return None
    else:
        password = getpass.getpass(_("Mật khẩu cho {login}: ").format(login=args.login))
        again = getpass.getpass(_("Nhập lại mật khẩu: "))
        if password != again:
            raise ValidationError({"password": _("Hai lần nhập mật khẩu không khớp.")})
    if not password:
        raise ValidationError({"password": _("Mật khẩu không được để trống.")})
    return password


def run_grant(args: argparse.Namespace) -> int:
    from giaoban.core.server_roles import check_login, grant_login, login_exists

    url = _server_url(args)
    check_login(args.login)
    password = _password(args, needed=not login_exists(url, args.login))
    created = grant_login(url, args.login, args.role, password)
    message = (_("Đã tạo tài khoản “{login}” với vai trò {role}.") if created
               else _("Tài khoản “{login}” nay có vai trò {role}."))
    print(message.format(login=args.login, role=args.role))
    return 0

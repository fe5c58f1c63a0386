"""``gongkai users add|list|remove|password``: the accounts of a shared server.

Run on the server by whoever runs gongkai there (it needs the data directory, which is the
administration).  A password is never an argument — it would stay in the shell history and
show in the process list — but asked for twice without echo, or read from the first line
of standard input with ``--password-stdin`` for scripts.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from assistant.bootstrap import bootstrap
from assistant.cli import EXIT_OK, action_on_one, actions_of, print_listing
from assistant.errors import GongkaiError
from assistant.store.users import MIN_PASSWORD_LENGTH, Account, Role


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "users",
        help="管理共用服务器的账户（编写人、审核人、管理员）",
        description="添加、列出、删除账户或修改密码。一旦有了账户，网页界面须登录后使用；没有账户时无需登录。",
    )
    actions = actions_of(parser)
    add = actions.add_parser(
        "add",
        help="添加账户",
        description="添加账户。编写人须写明机关（--agency），"
        "审核人须写明地区（--region，用 gongkai region add 保存的地区）。",
    )
    add.add_argument("name", metavar="用户名")
    add.add_argument("--role", required=True, choices=[role.value for role in Role], metavar="角色")
    add.add_argument("--agency", metavar="机关", help="编写人所在机关，如 青川县清溪镇人民政府")
    add.add_argument("--region", metavar="地区", help="审核人审核的地区，如 青川县")
    add.add_argument(
        "--identity",
        metavar="统一身份",
        help="单位统一身份认证给出的用户名（与用户名不同时），见 README“单点登录”",
    )
    passwords = add.add_mutually_exclusive_group()
    _password_stdin(passwords)
    passwords.add_argument(
        "--no-password", action="store_true", help="不设密码：只能通过单位统一身份认证登录"
    )
    add.set_defaults(run=run_add)
    actions.add_parser("list", help="列出账户").set_defaults(run=run_list)
    action_on_one(actions, "remove", run_remove, metavar="用户名", help="删除账户（不删除其保存的任何内容）")
    _password_stdin(action_on_one(actions, "password", run_password, metavar="用户名", help="修改账户的密码"))


def _password_stdin(parser: Any) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="从标准输入的第一行读取密码（供脚本使用），不再询问"
    )


def read_password(args: argparse.Namespace) -> str:
    """The new password: the first line of stdin, or typed twice without echo."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass(f"密码（至少 {MIN_PASSWORD_LENGTH} 位）：")
    if getpass.getpass("再输入一次：") != password:
        raise GongkaiError("两次输入的密码不一致，账户未保存。")
    return password


def run_add(args: argparse.Namespace) -> int:
    store = bootstrap().store()
    role = Role(args.role)
    password = None if args.no_password else read_password(args)
    account = store.users.add(
        args.name, role, password=password, agency=args.agency, region=args.region, identity=args.identity
    )
    print(f"已添加：{account.label}")
    if account.region is not None and account.region not in {r.name for r in store.regions.all()}:
        print(
            f"注意：地区“{account.region}”尚未保存，保存前该审核人看不到任何工作区"
            f"（gongkai region add {account.region} --list 名单.xlsx）。"
        )
    return EXIT_OK


def _listed(account: Account) -> str:
    sign_in = [] if account.has_password else ["仅统一身份认证"]
    if account.identity:
        sign_in.append(f"统一身份 {account.identity}")
    return account.label + (f"\t{'，'.join(sign_in)}" if sign_in else "")


def run_list(args: argparse.Namespace) -> int:
    return print_listing(
        [_listed(account) for account in bootstrap().store().users.all()],
        "还没有账户：网页界面无需登录。用 gongkai users add 用户名 --role 管理员 添加第一个账户。",
    )


def run_remove(args: argparse.Namespace) -> int:
    store = bootstrap().store()
    store.users.remove(args.name)
    left = store.users.all()
    print(f"已删除用户“{args.name}”。")
    if not left:
        print("已没有任何账户：网页界面不再需要登录，所有人可查看和修改全部内容。")
    elif not any(account.role is Role.ADMIN for account in left):
        print("注意：已没有管理员，网页上无人能修改设置。")
    return EXIT_OK


def run_password(args: argparse.Namespace) -> int:
    store = bootstrap().store()
    store.users.get(args.name)
    store.users.set_password(args.name, read_password(args))
    print(f"已修改用户“{args.name}”的密码。")
    return EXIT_OK

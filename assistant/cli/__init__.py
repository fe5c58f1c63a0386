"""The ``gongkai`` command line.  Each module of this package that defines ``register``
adds one sub-command, so a feature brings its command with it.

Exit codes: 0 success (no rule error), 1 rule errors found, 2 an input could not be read
or the command could not run (also when the output pipe closes early, as under ``| head``).
Users see Chinese messages, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from assistant import __version__
from assistant.errors import GongkaiError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def exit_codes(findings: str) -> str:
    """The sentence of a checking command's help that says what its exit status means,
    ``findings`` saying what status 1 stands for in that command."""
    return f"退出码：{EXIT_OK} 无错误，{EXIT_FINDINGS} {findings}，{EXIT_UNREADABLE} 有文件无法读取。"


def actions_of(parser: argparse.ArgumentParser) -> Any:
    """The actions of a command that has them as sub-commands (``gongkai region
    add|list|show|delete``); named without one, the command prints its help."""

    def print_help(args: argparse.Namespace) -> int:
        parser.print_help()
        return EXIT_OK

    parser.set_defaults(run=print_help)
    return parser.add_subparsers(dest="action", metavar="操作")


def action_on_one(actions: Any, name: str, run: Any, *, metavar: str, help: str) -> Any:
    """An action on one saved thing, named after it: ``gongkai region show 青川县``."""
    parser = actions.add_parser(name, help=help)
    parser.add_argument("name", metavar=metavar)
    parser.set_defaults(run=run)
    return parser


def print_listing(lines: Sequence[str], when_empty: str) -> int:
    """What a listing command prints: a line for each saved thing, or how to save the first."""
    print("\n".join(lines) if lines else when_empty)
    return EXIT_OK


# argparse's own wording (Python 3.11+), after "argument X: " where it names one.
_USAGE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"\1 不是可用的选项，可选：\2"),
    (r"expected one argument", "后面需要一个值"),
    (r"expected at least one argument", "后面至少需要一个值"),
    (r"invalid int value: (.*)", r"\1 不是整数"),
    (r"invalid \w+ value: (.*)", r"\1 不是有效的值"),
    (r"ambiguous option: (.*) could match (.*)", r"选项 \1 不明确，可能是：\2"),
    (r"not allowed with argument (.*)", r"不能与 \1 同时使用"),
    (r"ignored explicit argument (.*)", r"不接受值 \1"),
)


def usage_error_in_chinese(message: str) -> str:
    """argparse's English error message in Chinese; one it does not know is kept as it is."""
    named = re.fullmatch(r"argument (.+?): (.*)", message, flags=re.DOTALL)
    where, rest = (f"参数 {named.group(1)} ", named.group(2)) if named else ("", message)
    for pattern, replacement in _USAGE_ERRORS:
        if re.fullmatch(pattern, rest, flags=re.DOTALL):
            return where + re.sub(pattern, replacement, rest, flags=re.DOTALL)
    return message


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse speaking Chinese: usage, section titles, -h and error messages.

    Every user of gongkai reads Chinese; a mistyped option must not answer in English.
    Sub-command parsers are made from the same class, so they speak Chinese too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"{self.prog}：错误：{usage_error_in_chinese(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="gongkai", description="政府信息公开工作年度报告助手")
    parser.add_argument(
        "--version", action="version", version=f"gongkai {__version__}", help="显示版本号并退出"
    )
    commands = parser.add_subparsers(dest="command", metavar="命令")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return EXIT_OK
    try:
        code: int = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
    except BrokenPipeError:
        # The reader stopped early (`gongkai check --json DIR | head`): no traceback, and
        # stdout pointed at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_UNREADABLE
    except GongkaiError as error:
        print(f"错误：{error.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_UNREADABLE
    return code

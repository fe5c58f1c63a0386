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
import sys
from collections.abc import Sequence

from assistant import __version__
from assistant.errors import GongkaiError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai", description="政府信息公开工作年度报告助手")
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
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

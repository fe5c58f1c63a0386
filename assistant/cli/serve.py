"""``gongkai serve``: the web assistant, started from any directory.

Streamlit runs the app's entry point (``ui/app.py`` of a checkout, or the copy inside an
installed package) with the project's ``.streamlit/config.toml``; address and port come from
the options, and usage statistics, development mode and the browser launch are switched off
on the command line as well, so that they stay off whatever configuration is found.  The first
start indexes the sample corpus when the index is still empty.
"""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
from types import FrameType

from assistant.cli import EXIT_OK
from assistant.errors import GongkaiError
from assistant.resources import app_root


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "serve",
        help="启动网页界面",
        description="启动网页界面；首次启动（检索索引为空）时先索引示例语料。按 Ctrl+C 停止。",
    )
    parser.add_argument(
        "--address",
        default="127.0.0.1",
        help="监听地址（默认 127.0.0.1，只有本机能访问；让内网同事访问时用 0.0.0.0）",
    )
    parser.add_argument("--port", type=int, default=8501, help="端口（默认 8501）")
    parser.set_defaults(run=run)


def streamlit_command(address: str, port: int) -> list[str]:
    """The command line that runs the app with Streamlit in this interpreter."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_root() / "ui" / "app.py"),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
    ]


def _check_port_is_free(address: str, port: int) -> None:
    """Streamlit would say it in English after the corpus was indexed; say it first."""
    try:
        with socket.create_server((address, port)):
            pass
    except OSError as error:
        raise GongkaiError(
            f"无法在 {address}:{port} 启动网页界面（{error.strerror or error}）："
            "端口可能已被占用，请用 --port 换一个端口，或检查 --address 是否为本机地址。"
        ) from error


def run(args: argparse.Namespace) -> int:
    _check_port_is_free(args.address, args.port)
    root = app_root()
    first_start = subprocess.run(
        [sys.executable, "-m", "assistant", "index", "--if-empty", str(root / "corpus")], check=False
    )
    if first_start.returncode != 0:
        print("注意：示例语料未能索引，网页界面照常启动；可稍后在“语料库”页添加文件。", file=sys.stderr)
    host = "localhost" if args.address in ("127.0.0.1", "0.0.0.0") else args.address
    print(f"网页界面：http://{host}:{args.port}（按 Ctrl+C 停止）", flush=True)
    # The working directory is where Streamlit looks for .streamlit/config.toml.
    with subprocess.Popen(streamlit_command(args.address, args.port), cwd=root) as server:

        def stop(_signal: int, _frame: FrameType | None) -> None:
            server.terminate()

        # A service manager stops gongkai with SIGTERM; the server must not outlive it.
        signal.signal(signal.SIGTERM, stop)
        try:
            server.wait()
        except KeyboardInterrupt:
            # Ctrl+C reached Streamlit too, which shuts down by itself.
            server.wait()
            return EXIT_OK
    return EXIT_OK if server.returncode in (0, -signal.SIGTERM) else server.returncode

"""``gongkai serve``: the web assistant, started with its settings from code, from any directory.

What keeps a deployment closed and offline is passed to Streamlit as command-line flags —
the address it listens on (this machine only unless ``--address`` says otherwise), usage
statistics off, no file watcher or development mode, the readers' upload limit, CORS and
XSRF protection on — because flags win over a ``.streamlit/config.toml`` in whatever
directory the command is started from, and over ``STREAMLIT_*`` variables.  On a wildcard
address the URL to show is given too (``browser.serverAddress``), since otherwise Streamlit
looks the machine's public address up on the internet to print it.  The app is the one
beside a checkout, or the copy an installed package carries (:func:`assistant.settings.app_root`).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from assistant.bootstrap import Services, bootstrap
from assistant.errors import GongkaiError
from assistant.readers import MAX_BYTES
from assistant.settings import app_root

APP = app_root() / "ui" / "app.py"
SAMPLE_CORPUS = app_root() / "corpus"
# Where Streamlit's process finds the gongkai package: the checkout, or site-packages.
PACKAGE_PARENT = Path(__file__).resolve().parents[2]
DEFAULT_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8501
_WILDCARDS = ("0.0.0.0", "::", "")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "serve",
        help="启动网页界面（默认只允许本机访问）",
        description="启动网页界面。默认只监听本机（127.0.0.1）；在单位内网提供服务时用 --address 指定地址。"
        "首次启动且检索索引为空时，先索引示例语料。",
    )
    parser.add_argument(
        "--address",
        default=DEFAULT_ADDRESS,
        metavar="地址",
        help=f"监听的地址（默认 {DEFAULT_ADDRESS}，仅本机；内网服务可写本机内网 IP 或 0.0.0.0）",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, metavar="端口", help=f"端口（默认 {DEFAULT_PORT}）"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=SAMPLE_CORPUS,
        metavar="目录",
        help="检索索引为空时先索引的文件夹（默认为示例语料 corpus/）",
    )
    parser.add_argument("--no-index", action="store_true", help="启动前不索引任何文件")
    parser.set_defaults(run=run)


def streamlit_command(address: str, port: int) -> list[str]:
    """The Streamlit command line with every setting that matters given as a flag."""
    options = {
        "server.address": address,
        "server.port": str(port),
        "server.headless": "true",
        "server.fileWatcherType": "none",
        "server.runOnSave": "false",
        "server.maxUploadSize": str(MAX_BYTES // 1024 // 1024),
        "server.enableCORS": "true",
        "server.enableXsrfProtection": "true",
        "global.developmentMode": "false",
        "browser.gatherUsageStats": "false",
        "client.toolbarMode": "minimal",
        "theme.base": "light",
    }
    if address in _WILDCARDS:
        options["browser.serverAddress"] = socket.gethostname()
    flags = [part for name, value in options.items() for part in (f"--{name}", value)]
    return [sys.executable, "-m", "streamlit", "run", str(APP), *flags]


def index_on_first_start(services: Services, corpus: Path) -> None:
    """Index ``corpus`` when there is no index yet, so that search and drafting examples
    work on a fresh installation.  A local index is known to exist without opening it
    (which would add seconds to every start); a Chroma server is asked for its count."""
    settings = services.settings
    if not corpus.is_dir():
        return
    if settings.chroma_url is None and (settings.data_dir / "index").is_dir():
        return
    index = services.index()
    if index.count():
        return
    print(f"首次启动：正在索引 {corpus} ……", flush=True)
    summary = index.index([corpus])
    print(f"已索引 {len(summary.added)} 个文件，共 {index.count()} 个片段。", flush=True)
    for message in summary.failed:
        print(f"未能索引：{message}", flush=True)


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
    if not APP.is_file():
        raise GongkaiError(f"找不到网页界面 {APP}，请从 gongkai 的源代码目录安装（pip install -e .）。")
    if not 0 < args.port < 65536:
        raise GongkaiError(f"端口 {args.port} 无效，应在 1–65535 之间。")
    _check_port_is_free(args.address, args.port)
    services = bootstrap()
    if not args.no_index:
        index_on_first_start(services, args.corpus)
    env = {
        **os.environ,
        # Streamlit runs in a process of its own: it finds gongkai where this one does, and
        # works on the data directory resolved here, wherever it was started from.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH")])),
        "GONGKAI_DATA_DIR": str(services.settings.data_dir.resolve()),
        "ANONYMIZED_TELEMETRY": "False",
    }
    shown = socket.gethostname() if args.address in _WILDCARDS else args.address
    host = f"[{shown}]" if ":" in shown else shown
    print(f"网页界面：http://{host}:{args.port}（按 Ctrl+C 停止）", flush=True)
    server = subprocess.Popen(streamlit_command(args.address, args.port), env=env)
    stopping: list[int] = []

    def stop(number: int, _: Any) -> None:
        # A service manager stops this process: Streamlit stops with it instead of running on.
        stopping.append(number)
        server.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        code = server.wait()
        return 0 if stopping else code
    except KeyboardInterrupt:
        # Ctrl+C reached Streamlit too (the same process group); give it time to stop.
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        print("已停止。", file=sys.stderr)
        return 0

"""Install an unpacked bundle and use it, inside a network namespace with no way out.

Run by tests/test_bundle.py as ``unshare -rn python offline_install.py BUNDLE WORK REPORT PYTHON``;
prints one JSON object: what each step returned and how long it took.  Only the loopback
interface exists in the namespace, and it starts down: it is brought up for the server.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
APP_TEST = """
import sys
from streamlit.testing.v1 import AppTest
import assistant.settings
app = AppTest.from_file(str(assistant.settings.app_root() / "ui" / "app.py"), default_timeout=120).run()
print("exceptions:", [e.value for e in app.exception])
print("title:", [t.value for t in app.title] + [m.value for m in app.markdown][:3])
sys.exit(1 if app.exception else 0)
"""


def loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(probe, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | IFF_UP, b""))


def outside_reachable() -> str | None:
    """The error of a connection to a public address, or None if it went through."""
    try:
        socket.create_connection(("1.1.1.1", 443), timeout=5).close()
    except OSError as error:
        return str(error)
    return None


def step(results: dict[str, Any], name: str, command: list[str], **options: Any) -> None:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, **options)
    results[name] = {
        "code": done.returncode,
        "seconds": round(time.perf_counter() - started, 1),
        "output": (done.stdout + done.stderr)[-4000:],
    }


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8", "replace")


def serve(results: dict[str, Any], gongkai: Path, cwd: Path, environment: dict[str, str]) -> None:
    """Start ``gongkai serve`` from an unrelated directory and wait for its health check and page."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    started = time.perf_counter()
    log = cwd / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(gongkai), "serve", "--port", str(port)],
            cwd=cwd,
            env=environment,
            stdout=output,
            stderr=output,
        )
        health = page = None
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    health = get(f"http://127.0.0.1:{port}/_stcore/health")
                    page = get(f"http://127.0.0.1:{port}/")
                    break
                except OSError:
                    time.sleep(0.5)
            ready = time.perf_counter() - started
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                stopped = server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                stopped = None
    results["serve"] = {
        "seconds_to_page": round(ready, 1),
        "health": health,
        "page_status": page[0] if page else None,
        "page_has_root": bool(page and 'id="root"' in page[1]),
        "exit_after_sigterm": stopped,
        "log": log.read_text(encoding="utf-8", errors="replace")[-4000:],
    }


def main() -> int:
    bundle, work, report = (Path(argument) for argument in sys.argv[1:4])
    loopback_up()
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PIP_CONFIG_FILE": os.devnull,  # this machine's pip.conf names wheel folders of its own
        "GONGKAI_DATA_DIR": str(work / "data"),
        "PYTHON": sys.argv[4],
    }
    results: dict[str, Any] = {"outside": outside_reachable()}
    # --no-compile leaves bytecode to the first import: the same wheels, a minute less on two cores.
    step(results, "install", ["sh", str(bundle / "install.sh"), "--no-compile"], env=environment, cwd=home)
    if results["install"]["code"] == 0:
        gongkai = bundle / ".venv" / "bin" / "gongkai"
        step(results, "check", [str(gongkai), "check", str(report)], env=environment, cwd=home)
        serve(results, gongkai, home, environment)
        step(results, "search", [str(gongkai), "search", "第三十六条", "-k", "1"], env=environment, cwd=home)
        python = bundle / ".venv" / "bin" / "python"
        step(results, "app", [str(python), "-c", APP_TEST], env=environment, cwd=home)
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

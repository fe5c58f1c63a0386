"""The Streamlit app as a real server process, for browser tests and the start-up benchmark."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@contextmanager
def running_app(data_dir: Path, *, index_corpus: bool = True) -> Iterator[RunningApp]:
    """The Streamlit app started as ``make run`` starts it (``gongkai serve``, the sample
    corpus indexed first, here before the clock starts), on a free loopback port with its
    own data directory; stopped on exit."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir), "ANONYMIZED_TELEMETRY": "False"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    if index_corpus:
        subprocess.run(
            [sys.executable, "-m", "assistant", "index", "corpus"],
            cwd=root,
            env=env,
            check=False,
            capture_output=True,
            timeout=300,
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--no-index"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    app = RunningApp(f"http://127.0.0.1:{port}", process, started)
    try:
        app.wait_until_serving()
        yield app
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class RunningApp:
    url: str
    process: subprocess.Popen[bytes]
    started: float
    serving_after: float = 0.0

    def wait_until_serving(self, timeout: float = 60) -> None:
        """Block until the server answers its health check (``serving_after`` s after start)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read().decode(errors="replace") if self.process.stdout else ""
                raise RuntimeError(f"streamlit exited early:\n{output}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        self.serving_after = time.perf_counter() - self.started
                        return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"streamlit did not answer at {self.url} within {timeout} s")

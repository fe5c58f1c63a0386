"""`gongkai serve` started from another directory in a namespace without network: it indexes
the corpus on first start, listens on 127.0.0.1 only and tries no outbound connection."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from assistant import settings
from assistant.cli import main
from assistant.cli.serve import streamlit_command

pytestmark = pytest.mark.server

# Loaded by every Python process of the server (sitecustomize on PYTHONPATH): each outward
# connection or name lookup, the way Python makes them, is written to the log.
AUDIT = """
import os, sys

LOG = os.environ["GONGKAI_NETWORK_LOG"]
LOCAL = {None, "", "localhost", "127.0.0.1", "::1", "0.0.0.0", b"localhost", b"127.0.0.1"}

def _note(text):
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {text}\\n")

def _audit(event, args):
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not str(address[0]).startswith("127.") and address[0] != "::1":
            _note(f"connect {address!r}")
    elif event == "socket.getaddrinfo" and args[0] not in LOCAL:
        _note(f"lookup {args[0]!r}")

sys.addaudithook(_audit)
"""
# Run inside the namespace: bring loopback up, start the server, ask it, stop it, report.
DRIVER = """
import json, os, signal, subprocess, sys, time, urllib.request

port, cwd = sys.argv[1], sys.argv[2]
server = subprocess.Popen(
    [sys.executable, "-m", "assistant", "serve", "--port", port, "--corpus", sys.argv[3]],
    cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
)
health, deadline = "", time.monotonic() + 240
while time.monotonic() < deadline and server.poll() is None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
            health = answer.read().decode()
            break
    except OSError:
        time.sleep(0.2)
listening = set()
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    for line in open(table).read().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == int(port):
            listening.add(address)
server.send_signal(signal.SIGTERM)
output = server.communicate(timeout=30)[0]
result = {"health": health, "listening": sorted(listening), "code": server.returncode}
print(json.dumps({**result, "output": output}))
"""


def network_namespaces_work() -> bool:
    if not shutil.which("unshare") or not shutil.which("ip"):
        return False
    probe = subprocess.run(["unshare", "-rn", "ip", "link", "set", "lo", "up"], capture_output=True)
    return probe.returncode == 0


class TestServeCommand:
    def test_the_settings_that_keep_it_closed_are_flags(self) -> None:
        """Address, port, statistics, watcher, upload limit: all on the command line."""
        command = streamlit_command("127.0.0.1", 8600)
        flags = dict(zip(command[5::2], command[6::2], strict=True))
        assert flags["--server.address"] == "127.0.0.1" and flags["--server.port"] == "8600"
        assert flags["--browser.gatherUsageStats"] == "false"
        assert flags["--server.fileWatcherType"] == "none" and flags["--global.developmentMode"] == "false"
        assert flags["--server.maxUploadSize"] == "50" and flags["--server.headless"] == "true"
        assert "--browser.serverAddress" not in flags

    def test_on_every_interface_the_url_shown_is_given_so_nothing_is_looked_up(self) -> None:
        """With 0.0.0.0 Streamlit would ask an internet service for the public address to print."""
        command = streamlit_command("0.0.0.0", 8600)
        assert command[command.index("--browser.serverAddress") + 1] == socket.gethostname()

    @pytest.mark.skipif(not network_namespaces_work(), reason="unshare -rn is not available here")
    def test_from_another_directory_without_network_it_indexes_listens_locally_and_calls_no_one(
        self, tmp_path: Path
    ) -> None:
        """A config.toml in the current directory asking for 0.0.0.0 and statistics is overruled."""
        elsewhere = tmp_path / "elsewhere"
        (elsewhere / ".streamlit").mkdir(parents=True)
        (elsewhere / ".streamlit" / "config.toml").write_text(
            '[server]\naddress = "0.0.0.0"\nport = 9999\n[browser]\ngatherUsageStats = true\n',
            encoding="utf-8",
        )
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "条例.md").write_text(
            "# 某某条例\n\n第一条 为了规范工作，制定本条例。\n\n第二条 适用范围。\n"
        )
        audit = tmp_path / "audit"
        audit.mkdir()
        (audit / "sitecustomize.py").write_text(AUDIT, encoding="utf-8")
        log = tmp_path / "network.log"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(audit), str(ROOT)]),
            "GONGKAI_DATA_DIR": str(tmp_path / "data"),
            "GONGKAI_NETWORK_LOG": str(log),
        }
        env.pop("ANONYMIZED_TELEMETRY", None)  # serve must turn Chroma's telemetry off itself
        script = f"ip link set lo up && exec {sys.executable} -c '{DRIVER}' 8611 {elsewhere} {corpus}"
        finished = subprocess.run(
            ["unshare", "-rn", "sh", "-c", script], env=env, capture_output=True, text=True, timeout=300
        )
        assert finished.returncode == 0, finished.stderr
        result = json.loads(finished.stdout.strip().splitlines()[-1])
        assert result["health"] == "ok", result["output"]
        assert result["listening"] == ["0100007F"], result  # 127.0.0.1, and nothing else
        assert (
            "首次启动：正在索引" in result["output"] and "网页界面：http://127.0.0.1:8611" in result["output"]
        )
        assert result["code"] == 0
        assert not log.exists() or log.read_text(encoding="utf-8") == ""
        # The log does catch an attempt: the same hook in the same namespace sees this one.
        probe = (
            "import contextlib, socket\n"
            "with contextlib.suppress(OSError): socket.getaddrinfo('example.com', 1)"
        )
        subprocess.run(["unshare", "-rn", sys.executable, "-c", probe], env=env, timeout=60, check=True)
        assert "lookup 'example.com'" in log.read_text(encoding="utf-8")

    def test_a_port_in_use_is_said_in_chinese_before_anything_starts(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A taken port ends the command with exit code 2 and a Chinese message naming it."""
        with socket.create_server(("127.0.0.1", 0)) as taken:
            port = taken.getsockname()[1]
            assert main(["serve", "--port", str(port), "--no-index"]) == 2
        assert f"127.0.0.1:{port}" in capsys.readouterr().err


class TestAppFolders:
    def test_a_checkout_finds_its_folders_at_the_top(self) -> None:
        """In the checkout, ui/, prompts/ and corpus/ are the ones beside the package."""
        assert settings.app_root() == ROOT

    def test_an_installed_package_finds_the_copies_it_carries(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Installed from the wheel, the folders inside the package are used."""
        (tmp_path / "_app" / "ui").mkdir(parents=True)
        monkeypatch.setattr(settings, "_PACKAGE", tmp_path)
        assert settings.app_root() == tmp_path / "_app"

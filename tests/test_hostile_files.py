"""Hostile files end in a Chinese message within 10 s and under 1 GB, on the command line,
through the web upload path and on a real server that keeps serving other sessions."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from hostile_files import HOSTILE, PeakMemory, spanning_docx

from assistant.errors import UnreadableInput
from assistant.readers import read_report
from assistant.retrieval.documents import load_document
from assistant.service.inputs import load
from assistant.service.uploads import save_if_readable
from tests.app_server import RunningApp, running_app

SECONDS = 10
GIGABYTE = 1024**3
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every hostile file, written once for the module."""
    folder = tmp_path_factory.mktemp("hostile")
    return {key: make(folder / name) for key, (name, make) in HOSTILE.items()}


def loader(path: Path) -> object:
    """What 对比上年 and 数据录入 read an upload with (a figures file as the command line reads it)."""
    return load(path) if path.suffix == ".yaml" else read_report(path)


def corpus_loader(path: Path) -> object:
    """What 语料库 reads an upload with: its text, then the report in it."""
    return load_document(path, None)


class TestHostileFilesOnTheCommandLine:
    @pytest.mark.parametrize("key", list(HOSTILE))
    def test_a_hostile_file_is_refused_in_chinese_quickly_and_in_bounded_memory(
        self, hostile: dict[str, Path], key: str, tmp_path: Path
    ) -> None:
        """`gongkai check` names the file in a Chinese message (exit 2) within 10 s, the whole
        process tree (command, fork server, reading child) under 1 GB resident."""
        path = hostile[key]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "check", str(path)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        with PeakMemory(process.pid) as memory:
            out, err = process.communicate(timeout=60)
        elapsed = time.perf_counter() - started
        assert process.returncode == 2, out + err
        assert f"{path}：" in err and err.startswith(("错误：", "无法读取：")), err
        assert "Traceback" not in err + out
        assert elapsed < SECONDS, f"{key} took {elapsed:.1f} s"
        assert memory.peak < GIGABYTE, f"{key} reached {memory.peak / 2**20:.0f} MB"


class TestHostileFilesUploaded:
    @pytest.mark.parametrize(
        ("key", "read"),
        [(key, loader) for key in HOSTILE]
        + [(key, corpus_loader) for key in HOSTILE if not key.endswith("yaml")],
    )
    def test_a_hostile_upload_is_refused_and_nothing_is_saved(
        self, hostile: dict[str, Path], key: str, read: Callable[[Path], object], tmp_path: Path
    ) -> None:
        """The pages' upload path refuses it under the upload's own name, the reading children
        under 1 GB; this process lives on."""
        path = hostile[key]
        folder = tmp_path / "uploads"
        started = time.perf_counter()
        with (
            PeakMemory(os.getpid(), descendants_only=True) as memory,
            pytest.raises(UnreadableInput) as refused,
        ):
            save_if_readable(folder, path.name, path.read_bytes(), read)
        elapsed = time.perf_counter() - started
        assert refused.value.message.startswith(f"{path.name}："), refused.value.message
        assert list(folder.iterdir()) == []
        assert elapsed < SECONDS, f"{key} took {elapsed:.1f} s"
        assert memory.peak < GIGABYTE, f"{key} reached {memory.peak / 2**20:.0f} MB"

    def test_the_messages_say_what_stopped_the_reading(self, hostile: dict[str, Path]) -> None:
        """A crash in the reader and a grid too large are told in the issue's words."""
        messages = {}
        for key in ("inflating_pdf", "spanning_docx", "spanning_html", "alias_bomb_yaml"):
            with pytest.raises(UnreadableInput) as refused:
                loader(hostile[key])
            messages[key] = refused.value.message
        assert "文件结构异常或过于复杂，已停止读取" in messages["inflating_pdf"]
        assert "超过 20000 格" in messages["spanning_docx"]
        assert "超过 20000 格" in messages["spanning_html"]
        assert "不支持 YAML 锚点" in messages["alias_bomb_yaml"]

    def test_a_row_skipping_a_hundred_million_columns_is_refused(self, tmp_path: Path) -> None:
        """``gridBefore`` is counted against the grid like ``gridSpan``."""
        path = spanning_docx(tmp_path / "前置列.docx", element="gridBefore")
        with pytest.raises(UnreadableInput, match="超过 20000 格"):
            read_report(path)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    with running_app(tmp_path_factory.mktemp("hostile-server"), index_corpus=False) as running:
        yield running


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
class TestTheServerSurvives:
    def test_another_session_is_served_after_the_worst_files_are_uploaded(
        self, app: RunningApp, hostile: dict[str, Path]
    ) -> None:
        """Uploaded on 对比上年, each file gives its message; a second browser session then works."""
        from playwright.sync_api import expect, sync_playwright
        from test_browser import settle

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            attacker = browser.new_page(locale="zh-CN")
            attacker.set_default_timeout(30_000)
            attacker.goto(app.url)
            sidebar = attacker.locator('[data-testid="stSidebar"]')
            sidebar.get_by_label("机关名称").fill("青川县清溪镇人民政府")
            sidebar.get_by_role("button", name="新建或打开").click()
            attacker.locator('[data-testid="stSidebarNav"]').get_by_text("对比上年", exact=True).click()
            for key in ("inflating_pdf", "ruled_pdf", "spanning_docx"):
                name = hostile[key].name
                attacker.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                    str(hostile[key])
                )
                # The button is pressed once the upload has arrived (the chip shows its name).
                expect(attacker.locator('[data-testid="stFileChipName"]')).to_have_text(name)
                settle(attacker)
                attacker.get_by_role("button", name="设为上年年报").click()
                expect(attacker.locator('[data-testid="stAlert"]').first).to_contain_text(name)
            assert app.process.poll() is None
            colleague = browser.new_page(locale="zh-CN")
            colleague.goto(app.url)
            expect(colleague.locator('[data-testid="stSidebar"]')).to_contain_text("当前年报")
            browser.close()
        with urllib.request.urlopen(f"{app.url}/_stcore/health", timeout=5) as answer:
            assert answer.read() == b"ok"

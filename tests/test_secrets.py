"""Keys stay with the endpoint they were saved for, and the data directory is its owner's alone."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from test_openai_endpoint import ChatCompletions

from assistant.bootstrap import bootstrap
from assistant.service.office import Office
from assistant.service.uploads import save_if_readable
from assistant.settings import Settings
from assistant.store import Store

pytestmark = pytest.mark.server
SECRET = "sk-secret-0123456789"


class Completions(ChatCompletions):
    """An OpenAI-compatible endpoint that answers 连接正常 and notes the key it was sent."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        server: Endpoint = self.server  # type: ignore[assignment]
        server.keys.append(self.headers.get("Authorization", ""))
        self._json("连接正常", "m")


class Endpoint(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Completions)
        self.keys: list[str] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}/v1"


@contextmanager
def endpoint() -> Iterator[Endpoint]:
    server = Endpoint()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def page_saves(data_dir: Path, **choices: object) -> None:
    """What the 设置 page does on 保存设置: the form's fields (the key only when typed)."""
    settings = Settings.from_env({"GONGKAI_DATA_DIR": str(data_dir)})
    form = {
        "llm_provider": settings.llm_provider,
        "llm_base_url": settings.llm_base_url,
        "llm_model": settings.llm_model,
    }
    settings.save_choices({**form, **choices})


def save_key(data_dir: Path, url: str) -> None:
    """The administrator configures the office's model with its key."""
    page_saves(data_dir, llm_provider="openai", llm_base_url=url, llm_model="m", llm_api_key=SECRET)


def press_test_connection(data_dir: Path) -> tuple[bool, str]:
    """The 设置 page's 测试连接 after a restart."""
    return Office(bootstrap(Settings.from_env({"GONGKAI_DATA_DIR": str(data_dir)}))).test_chat_model()


class TestTheKeyStaysWithItsEndpoint:
    def test_changing_only_the_endpoint_does_not_send_the_saved_key_to_the_new_host(
        self, tmp_path: Path
    ) -> None:
        """The attack of the issue: a new endpoint, 测试连接 — the new host never sees the key."""
        with endpoint() as office, endpoint() as stranger:
            save_key(tmp_path, office.url)
            assert press_test_connection(tmp_path)[0]
            page_saves(tmp_path, llm_base_url=stranger.url)
            ok, _ = press_test_connection(tmp_path)
        assert ok and office.keys == [f"Bearer {SECRET}"]
        assert stranger.keys and all(SECRET not in key for key in stranger.keys)
        assert SECRET not in (tmp_path / "settings.json").read_text(encoding="utf-8")

    def test_a_change_of_model_keeps_the_key(self, tmp_path: Path) -> None:
        """Only the endpoint (provider and address) unbinds the key."""
        with endpoint() as office:
            save_key(tmp_path, office.url)
            page_saves(tmp_path, llm_model="m2")
            press_test_connection(tmp_path)
        assert office.keys == [f"Bearer {SECRET}"]

    def test_a_new_key_typed_with_the_new_endpoint_is_used_there(self, tmp_path: Path) -> None:
        """Moving to another service with its own key works as before."""
        with endpoint() as other:
            save_key(tmp_path, "http://10.0.0.8/v1")
            page_saves(tmp_path, llm_base_url=other.url, llm_api_key="sk-other")
            press_test_connection(tmp_path)
        assert other.keys == ["Bearer sk-other"]

    def test_an_environment_endpoint_unlike_the_saved_one_drops_the_saved_key(self, tmp_path: Path) -> None:
        """A key saved for one address is not sent to another set by GONGKAI_LLM_BASE_URL."""
        save_key(tmp_path, "http://10.0.0.8/v1")
        env = {"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_LLM_BASE_URL": "http://elsewhere.example/v1"}
        assert Settings.from_env(env).llm_api_key is None
        assert Settings.from_env({"GONGKAI_DATA_DIR": str(tmp_path)}).llm_api_key is not None

    def test_a_key_saved_by_an_older_version_stays_bound_to_the_endpoint_beside_it(
        self, tmp_path: Path
    ) -> None:
        """A settings.json without the binding keeps working for its own endpoint only."""
        saved = {
            "llm_provider": "openai",
            "llm_base_url": "http://10.0.0.8/v1",
            "llm_model": "m",
            "llm_api_key": SECRET,
        }
        (tmp_path / "settings.json").write_text(json.dumps(saved), encoding="utf-8")
        assert Settings.from_env({"GONGKAI_DATA_DIR": str(tmp_path)}).llm_api_key is not None
        page_saves(tmp_path, llm_base_url="http://stranger.example/v1")
        assert Settings.from_env({"GONGKAI_DATA_DIR": str(tmp_path)}).llm_api_key is None

    def test_a_key_from_the_environment_fixes_its_endpoint(self, tmp_path: Path) -> None:
        """With GONGKAI_LLM_API_KEY set, the page cannot move the endpoint it goes to."""
        env = {"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_LLM_API_KEY": SECRET}
        settings = Settings.from_env(env)
        assert {"llm_provider", "llm_base_url"} <= settings.env_overridden(env)
        (tmp_path / "settings.json").write_text(json.dumps({"llm_base_url": "http://stranger.example/v1"}))
        assert Settings.from_env(env).llm_base_url is None


class TestPrivateFiles:
    def test_the_data_directory_and_settings_are_private_whatever_the_umask(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Created 0700 and 0600 from the start, even under umask 000; nothing is chmod-ed after."""

        def no_chmod(*_: object) -> None:
            raise AssertionError("chmod after creation")

        monkeypatch.setattr(os, "chmod", no_chmod)
        monkeypatch.setattr(Path, "chmod", no_chmod)
        data_dir = tmp_path / "gongkai"
        with umask(0):
            services = bootstrap(Settings(data_dir=data_dir))
            path = services.settings.save_choices({"llm_api_key": SECRET})
        assert data_dir.stat().st_mode & 0o777 == 0o700
        assert path.stat().st_mode & 0o777 == 0o600

    def test_settings_are_replaced_whole_or_not_at_all(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A write that fails before the rename leaves the old file and no temporary file."""
        settings = Settings(data_dir=tmp_path)
        settings.save_choices({"llm_model": "old"})

        def fail(*_: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(os, "replace", fail)
        with pytest.raises(OSError):
            settings.save_choices({"llm_model": "new"})
        assert json.loads((tmp_path / "settings.json").read_text())["llm_model"] == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]

    def test_the_workspace_database_and_its_journal_are_private(self, tmp_path: Path) -> None:
        """workspaces.sqlite3 and the -wal/-shm files SQLite adds are 0600."""
        with umask(0):
            store = Store.in_data_dir(tmp_path / "data")
            reader = sqlite3.connect(store.database.path)  # keeps the -wal and -shm files in place
            try:
                reader.execute("SELECT count(*) FROM sqlite_master").fetchall()
                store.workspaces.open("青川县清溪镇人民政府", 2024)
                folder = store.database.path.parent
                files = sorted(p for p in folder.iterdir() if p.name.startswith("workspaces"))
                modes = {p.name: p.stat().st_mode & 0o777 for p in files}
            finally:
                reader.close()
        assert modes == {
            "workspaces.sqlite3": 0o600,
            "workspaces.sqlite3-shm": 0o600,
            "workspaces.sqlite3-wal": 0o600,
        }
        assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700

    def test_an_upload_is_private(self, tmp_path: Path) -> None:
        """An uploaded report is saved 0600 in a 0700 folder."""
        with umask(0):
            target, _ = save_if_readable(tmp_path / "uploads", "上年.txt", "正文".encode(), lambda path: None)
        assert target.stat().st_mode & 0o777 == 0o600
        assert target.parent.stat().st_mode & 0o777 == 0o700

    def test_a_data_directory_left_open_by_an_older_version_is_narrowed(self, tmp_path: Path) -> None:
        """An existing 0755 data directory becomes 0700 when gongkai starts."""
        data_dir = tmp_path / "gongkai"
        data_dir.mkdir(mode=0o755)
        data_dir.chmod(0o755)
        bootstrap(Settings(data_dir=data_dir))
        assert data_dir.stat().st_mode & 0o777 == 0o700

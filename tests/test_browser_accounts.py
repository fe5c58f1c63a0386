"""Accounts in a real browser: Debian's chromium against ``gongkai serve`` with accounts made on
the command line — the sign-in page, a writer kept to their own town and away from 设置, and a
trusted proxy's header signing an administrator in.  Screenshots go to ``artifacts/``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.app_server import RunningApp, running_app
from tests.test_browser import ARTIFACTS, CHROMIUM, ROOT, settle, shot

QINGXI = "青川县清溪镇人民政府"
MUYU = "青川县木鱼镇人民政府"
PASSWORD = "清溪-2024-secret"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]


def gongkai(data_dir: Path, *args: str, stdin: str = "") -> None:
    subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env={"GONGKAI_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
        timeout=120,
    )


def county(data_dir: Path) -> Path:
    """Two towns' workspaces, a writer of 清溪镇 and an administrator, made as an operator would."""
    from assistant.bootstrap import bootstrap
    from assistant.domain.region import Member, Region
    from assistant.settings import Settings

    store = bootstrap(Settings(data_dir=data_dir)).store()
    for agency in (QINGXI, MUYU):
        workspace = store.workspaces.open(agency, 2024, level="乡镇", is_people_government=True)
        store.parts.save(workspace.id, "五", f"{agency}的问题。", base_version=0)
    gongkai(
        data_dir,
        "users",
        "add",
        "王芳",
        "--role",
        "编写人",
        "--agency",
        QINGXI,
        "--password-stdin",
        stdin=PASSWORD,
    )
    gongkai(data_dir, "users", "add", "admin", "--role", "管理员", "--no-password")
    store.regions.save(Region(name="青川县", members=[Member(name=QINGXI), Member(name=MUYU)]))
    gongkai(
        data_dir,
        "users",
        "add",
        "李审",
        "--role",
        "审核人",
        "--region",
        "青川县",
        "--password-stdin",
        stdin=PASSWORD,
    )
    return data_dir


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    expect.set_options(timeout=30_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        yield launched
        launched.close()


def new_page(browser: Browser, headers: dict[str, str] | None = None) -> Page:
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, locale="zh-CN", extra_http_headers=headers or {}
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


@pytest.fixture
def app(tmp_path: Path) -> Iterator[RunningApp]:
    with running_app(county(tmp_path / "data"), index_corpus=False) as running:
        yield running


@pytest.fixture
def proxied_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningApp]:
    monkeypatch.setenv("GONGKAI_TRUSTED_USER_HEADER", "X-Remote-User")
    with running_app(county(tmp_path / "data"), index_corpus=False) as running:
        yield running


def sign_in(page: Page, name: str, password: str) -> None:
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    settle(page)


class TestAccountsInTheBrowser:
    def test_a_writer_signs_in_sees_only_their_town_and_cannot_open_the_settings(
        self, app: RunningApp, browser: Browser
    ) -> None:
        """Wrong password refused; right one in; one town in the picker; /settings shows no settings."""
        page = new_page(browser)
        page.goto(app.url)
        settle(page)
        expect(page.get_by_role("button", name="登录", exact=True)).to_be_visible()
        expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
        shot(page, "accounts-01-sign-in")
        sign_in(page, "王芳", "not-the-password")
        expect(page.get_by_text("用户名或密码不正确")).to_be_visible()
        sign_in(page, "王芳", PASSWORD)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_contain_text(f"已登录：王芳（编写人，{QINGXI}）")
        expect(sidebar).not_to_contain_text("设置")
        sidebar.locator('[data-testid="stSelectbox"]').first.click()
        options = page.get_by_role("option")
        expect(options).to_have_count(1)
        expect(options.first).to_have_text(f"{QINGXI} · 2024年")
        page.keyboard.press("Escape")
        shot(page, "accounts-02-writer")
        # A new page load is a new session: signed in again, the address still opens no settings.
        page.goto(f"{app.url}/settings")
        settle(page)
        sign_in(page, "王芳", PASSWORD)
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("已登录：王芳")
        expect(page.get_by_text("大语言模型")).to_have_count(0)
        expect(page.get_by_role("button", name="测试连接")).to_have_count(0)
        shot(page, "accounts-03-no-settings")

    def test_a_reviewer_reads_the_report_and_leaves_a_comment(
        self, app: RunningApp, browser: Browser
    ) -> None:
        """The report reads as text with no chat input; the comment appears under 审核意见."""
        page = new_page(browser)
        page.goto(app.url)
        settle(page)
        sign_in(page, "李审", PASSWORD)
        expect(page.get_by_text("您是审核人")).to_be_visible()
        expect(page.locator('[data-testid="stChatInput"]')).to_have_count(0)
        expect(page.locator(".doc-text").filter(has_text="的问题。").first).to_be_visible()
        page.get_by_text("审核意见（0）").click()
        page.get_by_label("意见").fill("第五部分写得过于笼统，请补充具体问题。")
        page.get_by_role("button", name="提交意见").click()
        settle(page)
        expect(page.get_by_text("审核意见（1）")).to_be_visible()
        expect(page.get_by_text("第五部分写得过于笼统，请补充具体问题。")).to_be_visible()
        shot(page, "accounts-05-reviewer")

    def test_the_trusted_proxy_header_signs_in_without_a_password(
        self, proxied_app: RunningApp, browser: Browser
    ) -> None:
        """X-Remote-User: admin opens the app as the administrator, with 设置; a name without an
        account gets the Chinese refusal."""
        page = new_page(browser, {"X-Remote-User": "admin"})
        page.goto(proxied_app.url)
        settle(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_contain_text("已登录：admin（管理员）")
        expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text("设置")
        shot(page, "accounts-04-proxy-header")
        stranger = new_page(browser, {"X-Remote-User": "intruder"})
        stranger.goto(proxied_app.url)
        settle(stranger)
        expect(stranger.get_by_text("尚未开通本系统的账户")).to_be_visible()

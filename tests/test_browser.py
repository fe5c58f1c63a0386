"""The assistant in a real browser: Debian's chromium against the app started as ``make run``
starts it.  Screenshots of each step go to ``artifacts/`` (not committed)."""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from assistant.domain.report import Agency, AgencyLevel, Narrative, Report
from tests.app_server import RunningApp, running_app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "browser"
AGENCY = "青川县清溪镇人民政府"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    with running_app(tmp_path_factory.mktemp("browser-data")) as running:
        yield running


@pytest.fixture(scope="module")
def page(app: RunningApp) -> Iterator[Page]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        context = browser.new_context(
            viewport={"width": 1500, "height": 1000}, accept_downloads=True, locale="zh-CN"
        )
        page = context.new_page()
        page.set_default_timeout(60_000)
        yield page
        browser.close()


def settle(page: Page) -> None:
    """Wait until Streamlit has finished its rerun (the running indicator is gone)."""
    page.wait_for_timeout(400)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
    page.wait_for_timeout(300)


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def go(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    settle(page)


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the select box labelled ``label``.  The box is scrolled to first: the
    list closes when the page scrolls, as a click's own scrolling would right after it opens."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def part_editor(page: Page) -> Locator:
    """The 文稿 editor beside the chat."""
    return page.locator('[data-testid="stTextArea"] textarea').first


def grid_cell(editor: Locator, row: str, column: int) -> Locator:
    """A cell of a data grid through its accessibility table (the grid itself is a canvas):
    ``column`` counts from the row label, which is column 0."""
    return (
        editor.locator('tr[role="row"]')
        .filter(has=editor.page.locator('td[role="gridcell"]', has_text=re.compile(f"^{re.escape(row)}$")))
        .locator('td[role="gridcell"]')
        .nth(column)
    )


def findings(page: Page) -> Locator:
    """The 检查结果 column beside the grids."""
    return page.locator('[data-testid="stColumn"]').filter(has_text="检查结果").last


def last_year_docx(tmp_path: Path) -> Path:
    """Last year's report as a .docx, written by our own exporter."""
    from assistant.domain.totals import complete
    from assistant.writers import write_report

    report = Report(
        agency=Agency(name=AGENCY, level=AgencyLevel.TOWN, is_people_government=True),
        year=2023,
        figures=complete({"t2.penalty.decisions": 1, "t3.new.natural": 1, "t3.disclosed.natural": 1}),
        narrative=Narrative(
            overview="2023年，本镇认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。",
            problems="一是公开内容不够全面。下一步将加强业务培训。",
            other_matters="本年度未收取信息处理费。",
        ),
    )
    return write_report(report, tmp_path / "清溪镇2023年报.docx")


class TestInTheBrowser:
    def test_a_staff_member_drafts_checks_compares_exports_and_finds_the_work_after_a_reload(
        self, app: RunningApp, page: Page, tmp_path: Path
    ) -> None:
        """Paste figures, stream a draft, fix a cell, compare, download, reload: all in chromium."""
        p = page
        p.goto(app.url)
        settle(p)

        # A new workspace from the sidebar.
        sidebar = p.locator('[data-testid="stSidebar"]')
        sidebar.get_by_label("机关名称").fill(AGENCY)
        sidebar.get_by_label("报告年度").fill("2024")
        sidebar.get_by_role("button", name="新建或打开").click()
        settle(p)
        shot(p, "01-workspace")

        # Paste figures: two requests received, none answered yet → R1.
        go(p, "数据录入")
        p.get_by_text("粘贴数据").click()
        p.get_by_label("从 Excel/WPS 复制表二、表三或表四粘贴到这里，也可以直接输入文字").fill(
            "行政处罚3件；新收申请2件，其中自然人2件"
        )
        p.get_by_role("button", name="读取并写入").click()
        settle(p)
        expect(p.get_by_text("行政处罚·本年处理决定数量 3", exact=False).first).to_be_visible()
        expect(findings(p)).to_contain_text("R1")
        shot(p, "02-figures-pasted")

        # Ask for the 总体情况 draft and watch it arrive in pieces.
        go(p, "对话起草")
        box = p.locator('[data-testid="stChatInput"] textarea')
        box.fill("起草总体情况")
        box.press("Enter")
        messages = p.locator('[data-testid="stChatMessage"]')
        lengths: set[int] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if messages.count() >= 2:
                text = messages.last.inner_text()
                if "起草总体情况" not in text:
                    lengths.add(len(text))
                if "（五）监督保障" in text:
                    break
            p.wait_for_timeout(50)
        assert len(lengths) >= 3, f"the draft did not stream: {sorted(lengths)}"
        settle(p)
        shot(p, "03-draft-streamed")
        p.get_by_role("button", name="写入工作区").last.click()
        settle(p)
        expect(messages.last).to_contain_text("已写入工作区")
        choose(p, "部分", "（四）政府信息公开平台建设")
        drafted = part_editor(p).input_value()
        assert drafted.strip(), "the drafted part is not in the 文稿 editor"

        # Fix a cell in table 3: 予以公开 by 自然人 = 2 makes R1 disappear.
        go(p, "数据录入")
        p.get_by_role("tab", name="表三").click()
        p.wait_for_timeout(500)
        editor = p.locator('[data-testid="stDataFrame"]').filter(visible=True).first
        # The grid is a canvas: select 自然人 of the first row (right of the 218-px label
        # column), move down to （一）予以公开 and type over it.
        editor.click(position={"x": 218 + 30, "y": 52})
        p.wait_for_timeout(300)
        p.keyboard.press("ArrowDown")
        p.keyboard.press("ArrowDown")
        p.keyboard.type("2")
        p.wait_for_timeout(300)
        p.keyboard.press("Enter")
        settle(p)
        shot(p, "04-cell-fixed")
        expect(findings(p)).not_to_contain_text("R1")

        # Open the comparison with last year's report uploaded.
        go(p, "对比上年")
        p.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            str(last_year_docx(tmp_path))
        )
        settle(p)
        p.get_by_role("button", name="设为上年年报").click()
        settle(p)
        expect(p.locator('[data-testid="stMetric"]').first).to_contain_text("数据变化项")
        shot(p, "05-comparison")

        # Download the .docx (warnings confirmed explicitly).
        go(p, "导出")
        confirm = p.get_by_text("我已逐条核对以上提醒，确认仍然导出")
        if confirm.count():
            confirm.click()
            settle(p)
        with p.expect_download() as download_info:
            p.get_by_role("button", name="下载 Word 文档（.docx）").click()
        target = ARTIFACTS / "report.docx"
        download_info.value.save_as(target)
        with zipfile.ZipFile(target) as docx:
            assert "青川县清溪镇人民政府" in docx.read("word/document.xml").decode()
        shot(p, "06-export")

        # Reload: the chat, the draft and the figures are still there.
        p.reload()
        settle(p)
        go(p, "对话起草")
        conversation = p.locator('[data-testid="stChatMessage"]')
        expect(conversation.nth(1)).to_have_text(re.compile("起草总体情况"))
        expect(conversation.nth(2)).to_contain_text("（五）监督保障")
        expect(conversation.nth(2)).to_contain_text("已写入工作区")
        choose(p, "部分", "（四）政府信息公开平台建设")
        expect(part_editor(p)).to_have_value(drafted)
        go(p, "数据录入")
        expect(findings(p)).to_contain_text("检查结果")
        expect(findings(p)).not_to_contain_text("R1")
        p.get_by_role("tab", name="表三").click()
        p.wait_for_timeout(500)
        table3 = p.locator('[data-testid="stDataFrame"]').filter(visible=True).first
        expect(grid_cell(table3, "（一）予以公开", 1)).to_have_text("2")
        shot(p, "07-after-reload")

        # A page's own address opens it inside the app's navigation.
        p.goto(f"{app.url}/compare")
        settle(p)
        expect(p.locator('[data-testid="stSidebarNav"]')).to_contain_text("对比上年")
        expect(p.locator('[data-testid="stMetric"]').first).to_contain_text("数据变化项")

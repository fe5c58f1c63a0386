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
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from assistant.domain.report import Agency, AgencyLevel, Narrative, Report
from tests.app_server import RunningApp, running_app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "browser"
AGENCY = "青川县清溪镇人民政府"
PLATFORMS = "一（四）政府信息公开平台建设"

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


def place_editor(page: Page, label: str) -> Locator:
    """The document view's editor of one place (序言, 一（四）政府信息公开平台建设 …)."""
    return page.locator(f'textarea[aria-label="{label}"]')


def editor_status(page: Page, label: str) -> Locator:
    """The 未保存 / 正在保存… / 已保存 line under an editor."""
    return page.locator(f'.editor:has([aria-label="{label}"]) .status')


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
        drafted = place_editor(p, PLATFORMS).input_value()
        assert drafted.strip(), "the drafted part is not in the document view"

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
        expect(place_editor(p, PLATFORMS)).to_have_value(drafted)
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


LEAVING = (
    "() => { const e = new Event('beforeunload', {cancelable: true});"
    " window.dispatchEvent(e); return e.defaultPrevented; }"
)
"""Whether leaving the page now would be held up by the browser's unsaved-changes warning."""


def open_workspace(page: Page, app: RunningApp, agency: str, year: int) -> None:
    """Open (or create) a workspace from the sidebar, on a fresh load of the app."""
    page.goto(app.url)
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    # With workspaces saved the 新建年报 form is folded away under the workspace picker.
    folded = sidebar.locator('[data-testid="stExpander"] details')
    if folded.get_attribute("open") is None:
        folded.locator("summary").click()
    expect(sidebar.get_by_label("机关名称")).to_be_visible()
    sidebar.get_by_label("机关名称").fill(agency)
    sidebar.get_by_label("报告年度").fill(str(year))
    sidebar.get_by_role("button", name="新建或打开").click()
    settle(page)


def ask(page: Page, message: str) -> Locator:
    """Send a chat message and wait for its whole answer; returns the answer."""
    messages = page.locator('[data-testid="stChatMessage"]')
    before = messages.count()
    box = page.locator('[data-testid="stChatInput"] textarea')
    box.fill(message)
    box.press("Enter")
    expect(messages).to_have_count(before + 2, timeout=60_000)
    answer = messages.nth(before + 1)
    expect(answer).not_to_contain_text(re.compile("▌|正在处理|排队中"), timeout=60_000)
    settle(page)
    return messages.nth(before + 1)


def shoot(page: Page, name: str, widths: tuple[int, ...] = (1280, 1920)) -> None:
    """The page at each width, as tall as its content, into artifacts/browser/pages/."""
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    for width in widths:
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_timeout(500)
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": width, "height": max(1000, min(int(height), 6000))})
        page.wait_for_timeout(700)
        page.screenshot(path=str(folder / f"{name}-{width}.png"))
    page.set_viewport_size({"width": 1500, "height": 1000})


PAGES = (
    ("对话起草", "chat"),
    ("数据录入", "figures"),
    ("对比上年", "compare"),
    ("审核一份年报", "review"),
    ("语料库", "corpus"),
    ("导出", "export"),
    ("设置", "settings"),
)


class TestTheDocumentView:
    def test_text_typed_in_a_part_survives_a_reload_and_an_earlier_version_comes_back(
        self, app: RunningApp, page: Page
    ) -> None:
        """Typed, saved without a click, there after a reload; version 1 restored; leaving unsaved asks."""
        p = page
        open_workspace(p, app, AGENCY, 2024)
        preamble = place_editor(p, "序言")
        preamble.fill("本报告依据《中华人民共和国政府信息公开条例》编制。")
        expect(editor_status(p, "序言")).to_contain_text("已保存")
        p.reload()
        settle(p)
        expect(place_editor(p, "序言")).to_have_value("本报告依据《中华人民共和国政府信息公开条例》编制。")

        place_editor(p, "序言").fill("第二稿序言。")
        expect(editor_status(p, "序言")).to_contain_text("第 2 版")
        p.get_by_role("button", name="版本").first.click()
        p.get_by_role("button", name="恢复此版本").first.click()
        settle(p)
        expect(place_editor(p, "序言")).to_have_value("本报告依据《中华人民共和国政府信息公开条例》编制。")
        expect(editor_status(p, "序言")).to_contain_text("第 3 版")
        shot(p, "10-document-restored")

        # Typed and not yet saved: leaving the page now is held up by the browser's warning.
        place_editor(p, "六、其他需要报告的事项").click()
        p.keyboard.type("本年度")
        assert p.evaluate(LEAVING), "no warning before leaving with unsaved text"
        expect(editor_status(p, "六、其他需要报告的事项")).to_contain_text("已保存")
        assert not p.evaluate(LEAVING), "a warning although everything is saved"

    def test_the_exported_report_ends_with_the_signature_entered(self, app: RunningApp, page: Page) -> None:
        """落款 agency and 成文日期 typed in the document are the last two paragraphs of the .docx."""
        p = page
        open_workspace(p, app, AGENCY, 2024)
        p.locator('input[aria-label="成文日期"]').fill("2025-01-20")
        expect(editor_status(p, "成文日期")).to_contain_text("已保存")
        go(p, "导出")
        expect(p.get_by_text("文稿完成情况")).to_be_visible()
        expect(p.get_by_text("2025年1月20日")).to_be_visible()
        confirm = p.get_by_text("我已逐条核对以上提醒，确认仍然导出")
        if confirm.count():
            confirm.click()
            settle(p)
        download = p.get_by_role("button", name="下载 Word 文档（.docx）")
        expect(download).to_be_enabled()
        with p.expect_download() as download_info:
            download.click()
        target = ARTIFACTS / "report-signed.docx"
        download_info.value.save_as(target)
        with zipfile.ZipFile(target) as docx:
            body = docx.read("word/document.xml").decode()
        paragraphs = [
            "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", paragraph))
            for paragraph in re.findall(r"<w:p[ >].*?</w:p>", body, flags=re.S)
        ]
        texts = [text for text in paragraphs if text.strip() and not text.startswith("—")]
        assert texts[-2:] == [AGENCY, "2025年1月20日"]


class TestTheChat:
    def test_an_answer_being_produced_appears_after_a_reload(self, app: RunningApp, page: Page) -> None:
        """起草全文, reload while it streams: the whole draft is there after it, saved with one click."""
        p = page
        open_workspace(p, app, AGENCY, 2024)
        box = p.locator('[data-testid="stChatInput"] textarea')
        box.fill("起草全文")
        box.press("Enter")
        expect(p.locator('[data-testid="stChatMessage"]').last).to_contain_text("▌", timeout=20_000)
        p.reload()
        settle(p)
        answer = p.locator('[data-testid="stChatMessage"]').last
        expect(answer).to_contain_text("六、其他需要报告的事项", timeout=60_000)
        expect(answer).not_to_contain_text("▌")
        shot(p, "11-answer-after-reload")
        answer.get_by_role("button", name="写入工作区").click()
        settle(p)
        expect(p.locator('[data-testid="stChatMessage"]').last).to_contain_text("已写入工作区")
        expect(place_editor(p, "六、其他需要报告的事项")).not_to_have_value("")

    def test_typed_facts_become_notes_and_a_revision_request_revises_the_part(
        self, app: RunningApp, page: Page
    ) -> None:
        """Facts confirmed as 工作要点; 写得更具体 adds them to 平台建设; again, it says what it needs."""
        p = page
        open_workspace(p, app, AGENCY, 2024)
        answer = ask(p, "今年新开了抖音号，网站更新信息120条")
        expect(answer).to_contain_text("已记入工作要点")
        expect(answer).to_contain_text("一（四）政府信息公开平台建设")
        expect(answer).not_to_contain_text("备注")
        expect(answer.get_by_role("button", name="撤销")).to_be_visible()
        answer = ask(p, "把平台建设写得更具体一些")
        expect(answer).to_contain_text("已补充工作要点中的事实")
        answer.get_by_role("button", name="写入工作区").click()
        settle(p)
        expect(place_editor(p, PLATFORMS)).to_have_value(re.compile("抖音号"))
        answer = ask(p, "把平台建设部分改得具体一些")
        expect(answer).to_contain_text("工作要点中没有本部分尚未写入的事实")
        expect(answer).not_to_contain_text("第三十七条")
        shot(p, "12-facts-and-revision")

    def test_last_year_in_a_2024_workspace_finds_the_2023_report_first(
        self, app: RunningApp, page: Page
    ) -> None:
        """ "去年平台建设怎么写的" while writing 2024 quotes the 2023 report before any other."""
        p = page
        open_workspace(p, app, AGENCY, 2024)
        answer = ask(p, "去年平台建设怎么写的？")
        said = answer.inner_text()
        cited = re.findall(r"qingxi-(\d{4})", said)
        assert cited and cited[0] == "2023", said


class TestTheComparePage:
    def test_another_agencys_report_as_last_year_is_warned_as_the_cli_words_it(
        self, app: RunningApp, page: Page, tmp_path: Path
    ) -> None:
        """A 平潭 2023 report given as a town's last year: the page shows the CLI's 注意 line."""
        from assistant.domain.rules.carry_over import last_year_mismatch
        from assistant.domain.totals import complete
        from assistant.writers import write_report

        p = page
        town = "青川县白石镇人民政府"
        open_workspace(p, app, town, 2024)
        other = Report(agency=Agency(name="平潭综合实验区管委会"), year=2023, figures=complete({}))
        path = write_report(other, tmp_path / "平潭2023.docx")
        go(p, "对比上年")
        p.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
        settle(p)
        p.get_by_role("button", name="设为上年年报").click()
        settle(p)
        this = Report(agency=Agency(name=town), year=2024)
        expected = last_year_mismatch(this, other)
        assert expected is not None
        alerts = p.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]')
        expect(alerts.filter(has_text="注意：").first).to_have_text(f"注意：{expected}")
        shot(p, "13-compare-other-agency")


class TestEveryPage:
    def test_every_page_is_drawn_at_1280_and_1920_px(
        self, app: RunningApp, page: Page, tmp_path: Path
    ) -> None:
        """Screenshots of each page of the 清溪镇 2024 workspace, and of table 三, the trend chart's
        tooltip, a review and a refused image upload, wide and narrow, for a person to look at."""
        from assistant.writers import write_report

        p = page
        open_workspace(p, app, AGENCY, 2024)
        for title, slug in PAGES:
            go(p, title)
            shoot(p, f"qingxi-2024-{slug}")

        go(p, "数据录入")
        p.get_by_role("tab", name="表三").click()
        shoot(p, "qingxi-2024-figures-table3")
        p.get_by_text("从文档导入", exact=True).click()
        p.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
            files=[{"name": "扫描件.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n"}]
        )
        settle(p)
        p.get_by_role("button", name="导入").click()
        settle(p)
        expect(p.get_by_text("扫描件.png：不支持的文件格式“.png”")).to_be_visible()
        shoot(p, "qingxi-2024-figures-image-refused", (1280,))

        go(p, "对比上年")
        p.get_by_role("tab", name="年度趋势").click()
        chart = p.locator('[data-testid="stVegaLiteChart"]').first
        expect(chart).to_be_visible()
        p.wait_for_timeout(800)
        box = chart.bounding_box()
        assert box is not None
        # Find a point of the chart by moving over it until its tooltip shows.
        spots = [
            (box["x"] + box["width"] * fx / 40, box["y"] + box["height"] * fy / 30)
            for fy in range(2, 22)
            for fx in range(2, 39)
        ]
        for x, y in spots:
            p.mouse.move(x, y)
            if p.locator("#vg-tooltip-element.visible").count():
                break
        shoot(p, "qingxi-2024-compare-chart", (1280,))
        tooltip = p.locator("#vg-tooltip-element")
        if tooltip.count():
            assert "index" not in tooltip.inner_text() and "value" not in tooltip.inner_text()

        this = Report(
            agency=Agency(name=AGENCY, level=AgencyLevel.TOWN, is_people_government=True),
            year=2024,
            figures={"t3.new.natural": 2},
        )
        go(p, "审核一份年报")
        uploads = p.locator('[data-testid="stFileUploaderDropzoneInput"]')
        uploads.nth(0).set_input_files(str(write_report(this, tmp_path / "清溪镇2024.docx")))
        uploads.nth(1).set_input_files(str(last_year_docx(tmp_path)))
        settle(p)
        p.get_by_role("button", name="开始审核").click()
        settle(p)
        expect(p.get_by_text("与 2023 年度年报对比")).to_be_visible()
        shoot(p, "review-qingxi-2024")
        assert len(list((ARTIFACTS / "pages").glob("qingxi-2024-*.png"))) >= 2 * len(PAGES)


def zip_folder(folder: Path, target: Path) -> Path:
    """A folder zipped as an office sends it: its files under the folder's name."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for path in sorted(folder.rglob("*")):
            package.write(path, f"{folder.name}/{path.relative_to(folder)}")
    return target


def pick(page: Page, label: str, option: str) -> None:
    """Choose ``option`` in the select box labelled ``label`` (opened again if a rerun closed it)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        box.click()
        try:
            choice.click(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    settle(page)


class TestTheRegionPage:
    def test_a_zipped_county_is_reviewed_and_an_agencys_memo_and_the_sum_are_downloaded(
        self, app: RunningApp, page: Page, tmp_path: Path
    ) -> None:
        """The county's folders as zips and its list: the table, one agency, its memo, the 汇总."""
        import docx
        from openpyxl import load_workbook
        from region_reports import YEAR, expected_sum, write_region

        county = write_region(tmp_path / "county")
        p = page
        p.goto(app.url)
        settle(p)
        go(p, "区域审核")
        uploads = p.locator('[data-testid="stFileUploaderDropzoneInput"]')
        uploads.nth(0).set_input_files(str(zip_folder(county["this_year"], tmp_path / "青川县2024.zip")))
        uploads.nth(1).set_input_files(str(zip_folder(county["last_year"], tmp_path / "青川县2023.zip")))
        uploads.nth(2).set_input_files(str(county["csv"].rename(tmp_path / "青川县.csv")))
        settle(p)
        p.get_by_label("审核年度").fill(str(YEAR))
        p.get_by_role("button", name="开始审核").click()
        settle(p)

        expect(p.get_by_text("未报送 1 个：青川县乔庄镇人民政府")).to_be_visible()
        expect(
            p.get_by_text("无法读取：2024/损坏的文件.docx：不是有效的 .docx 文件", exact=False)
        ).to_be_visible()
        table = p.locator('[data-testid="stDataFrame"]').filter(visible=True).first
        expect(grid_cell(table, "青川县白石乡人民政府", 9)).to_have_text("R1")
        expect(grid_cell(table, "青川县木鱼镇人民政府", 6)).to_have_text("逾期")
        shoot(p, "region-qingchuan-2024")
        pick(p, "按规则筛选", "R6 上年结转与上年报告不衔接（1 份）")
        expect(table.locator('td[role="gridcell"]', has_text="青川县清溪镇人民政府")).to_have_count(1)
        expect(table.locator('td[role="gridcell"]', has_text="青川县白石乡人民政府")).to_have_count(0)

        p.get_by_role("tab", name="问题统计").click()
        chart = p.locator('[data-testid="stVegaLiteChart"]').filter(visible=True).first
        expect(chart).to_be_visible()
        shoot(p, "region-qingchuan-2024-rules", (1280,))
        # The first bar's tooltip, found by moving along it: its fields are in Chinese.
        p.set_viewport_size({"width": 1280, "height": 1000})
        chart.scroll_into_view_if_needed()
        p.wait_for_timeout(800)
        box = chart.bounding_box()
        assert box is not None
        tooltip = p.locator("#vg-tooltip-element.visible")
        for fx in range(5, 20):
            p.mouse.move(box["x"] + box["width"] * fx / 20, box["y"] + 18)
            if tooltip.count():
                break
        p.screenshot(path=str(ARTIFACTS / "pages" / "region-qingchuan-2024-tooltip-1280.png"))
        expect(tooltip).to_contain_text("涉及报告（份）")
        p.set_viewport_size({"width": 1500, "height": 1000})

        p.get_by_role("tab", name="机关详情").click()
        pick(p, "机关", "青川县白石乡人民政府")
        expect(p.get_by_text("对照的上年报告：2023/白石乡.txt")).to_be_visible()
        expect(p.locator('[data-testid="stAlert"]').filter(has_text="R1").first).to_be_visible()
        remarks = p.get_by_label("审核人意见（写入该机关的审核意见）")
        remarks.fill("请于三日内改正后重新报送。")
        remarks.press("Control+Enter")
        settle(p)
        shoot(p, "region-qingchuan-2024-agency", (1280,))
        with p.expect_download() as memo_download:
            p.get_by_role("button", name="下载该机关的审核意见（.docx）").click()
        memo_download.value.save_as(ARTIFACTS / "region-memo.docx")
        memo = docx.Document(str(ARTIFACTS / "region-memo.docx"))
        text = "\n".join(paragraph.text for paragraph in memo.paragraphs)
        assert "关于青川县白石乡人民政府2024年政府信息公开工作年度报告的审核意见" in text
        assert "R1" in text and "请于三日内改正后重新报送。" in text

        with p.expect_download() as sum_download:
            p.get_by_role("button", name="下载汇总表（.xlsx）").click()
        sum_download.value.save_as(ARTIFACTS / "region-sum.xlsx")
        workbook = load_workbook(ARTIFACTS / "region-sum.xlsx")
        assert workbook["表三"]["J4"].value == expected_sum("t3.new.total")

        p.get_by_role("tab", name="汇总数据").click()
        p.get_by_label("查看某一单元格来自哪些机关").fill("危及三安全一稳定")
        p.get_by_label("查看某一单元格来自哪些机关").press("Enter")
        settle(p)
        expect(p.get_by_text("（2 个机关）", exact=False)).to_be_visible()
        p.get_by_role("button", name="用汇总数字建立本级年报的工作区").click()
        settle(p)
        expect(p.get_by_text("汇总数字已写入工作区", exact=False)).to_be_visible()
        shoot(p, "region-qingchuan-2024-sum")

"""The comparison as one self-contained HTML page, and that page in a real Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from town_reports import copied_2023, report_2022, rewritten_2023

from assistant.domain.comparison import SeriesLine, compare
from assistant.domain.report import Narrative
from assistant.render.comparison_html import render_comparison_html, series_panel

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _page() -> str:
    history = rewritten_2023()
    history.year = 2021
    return render_comparison_html(compare(copied_2023(), report_2022(), [history]))


class TestComparisonPage:
    def test_the_page_needs_nothing_from_outside(self) -> None:
        """No script, no external stylesheet, image or font: it opens offline."""
        page = _page()
        assert "<script" not in page
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
        assert "<style>" in page and "<svg" in page

    def test_the_page_is_chinese_and_shows_every_section(self) -> None:
        """Headings for the chart, carry-over, stale copy, reuse, figures, sentences and the diff."""
        page = _page()
        assert "<html lang='zh-CN'>" in page
        for heading in ("年度趋势", "上下年衔接", "疑似沿用上年内容", "各部分重复率", "数字对比", "逐段对比"):
            assert heading in page

    def test_changed_characters_are_marked(self) -> None:
        """A renumbered paragraph shows last year's number deleted and this year's inserted."""
        assert "<del>4</del><ins>6</ins>" in _page()

    def test_report_text_is_escaped(self) -> None:
        """Markup typed into a report is shown as text, never run."""
        last = report_2022()
        this = copied_2023()
        this.narrative = Narrative(problems="<b>加粗</b>的问题描述，用于检查转义是否生效。")
        page = render_comparison_html(compare(this, last))
        assert "&lt;b&gt;加粗&lt;/b&gt;" in page and "<b>加粗</b>" not in page

    def test_a_figure_no_year_states_gets_a_note_instead_of_a_line(self) -> None:
        """A panel without values says so rather than drawing a line at zero."""
        panel = series_panel(SeriesLine(key="t4.review.total", label="行政复议", values={2022: None}))
        assert "各年均未填报" in panel and "<polyline" not in panel


@pytest.mark.browser
class TestComparisonPageInChromium:
    def test_the_page_opens_in_headless_chromium_without_errors(self, tmp_path: Path) -> None:
        """Chromium loads the file with no console error or page error; a screenshot is kept."""
        if not CHROMIUM.exists():
            pytest.skip("/usr/bin/chromium is not installed")
        sync_api = pytest.importorskip("playwright.sync_api")
        html = tmp_path / "compare.html"
        html.write_text(_page(), encoding="utf-8")
        artifacts = ROOT / "artifacts"
        artifacts.mkdir(exist_ok=True)
        errors: list[str] = []
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on(
                "console", lambda message: errors.append(message.text) if message.type == "error" else None
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(html.as_uri())
            heading = page.locator("h1").inner_text()
            panels = page.locator("svg").count()
            page.screenshot(path=str(artifacts / "compare.png"), full_page=True)
            browser.close()
        assert errors == []
        assert "青川县清溪镇人民政府" in heading
        assert panels == 8

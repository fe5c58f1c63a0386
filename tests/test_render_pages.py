"""What the pages draw through the presenters: the official tables as they print, the trend
chart in Chinese, paragraphs without stray links, the paragraph diff's place names."""

from __future__ import annotations

import re

from assistant.domain.comparison import SeriesLine, compare
from assistant.domain.report import Narrative, Part, Report
from assistant.domain.totals import complete
from assistant.render.charts import first_shown, trend_rows, trend_spec
from assistant.render.comparison_html import paragraph_diff_html, paragraphs_html
from assistant.render.document import tables_html


class TestDocumentTables:
    def test_table_three_prints_its_merged_header_and_the_figures_with_totals(self) -> None:
        """The 申请人情况 header spans the seven columns; a row's 总计 is derived and printed."""
        report = Report(year=2024, figures=complete({"t3.new.natural": 2, "t3.new.business": 1}))
        table = tables_html(report)[Part.REQUEST_TABLE]
        assert "<td class='heading' colspan='7'>申请人情况</td>" in table
        assert "<td class='heading' rowspan='2'>总计</td>" in table
        row = re.search(r"一、本年新收政府信息公开申请数量</td>(.*?)</tr>", table)
        assert row is not None
        assert re.findall(r">(\d+)<", row.group(1)) == ["2", "1", "0", "0", "0", "0", "3"]

    def test_each_table_stands_under_its_part(self) -> None:
        """Tables 二, 三 and 四 come keyed by their parts."""
        assert list(tables_html(Report(year=2024))) == [
            Part.PROACTIVE_TABLE,
            Part.REQUEST_TABLE,
            Part.REVIEW_TABLE,
        ]


class TestTrendChart:
    def test_the_tooltip_and_axes_speak_chinese(self) -> None:
        """Fields 年度/项目/件数 (not index/value/color), and the y axis keeps room for its labels."""
        spec = trend_spec()
        encoding = spec["encoding"]
        assert isinstance(encoding, dict)
        assert [t["title"] for t in encoding["tooltip"]] == ["年度", "项目", "件数"]
        assert encoding["y"]["axis"]["minExtent"] >= 40
        lines = [SeriesLine(key="t3.new.total", label="新收申请", values={2023: 4, 2024: None})]
        assert trend_rows(lines, ["新收申请"]) == [{"年度": "2023年", "项目": "新收申请", "件数": 4}]

    def test_the_chart_starts_with_the_lines_that_do_not_flatten_the_others(self) -> None:
        """Counts in the thousands are left out of the first view."""
        lines = [
            SeriesLine(key="a", label="新收申请", values={2023: 4}),
            SeriesLine(key="b", label="行政许可", values={2023: 12000}),
        ]
        assert first_shown(lines) == ["新收申请"]


class TestComparisonParts:
    def test_a_web_address_stays_plain_text(self) -> None:
        """No link is made of www.… and the Chinese words after it."""
        shown = paragraphs_html("详见www.qingchuan.gov.cn公开专栏。", set())
        assert "<a" not in shown and "www.qingchuan.gov.cn公开专栏" in shown

    def test_the_preamble_is_named_as_such_in_the_paragraph_diff(self) -> None:
        """A changed preamble reads “序言 · 有改动”, never “第序言部分”."""
        this = Report(year=2024, narrative=Narrative(preamble="本报告依据条例编制，统计期限为2024年全年。"))
        last = Report(year=2023, narrative=Narrative(preamble="本报告依据条例编制，统计期限为2023年全年。"))
        shown = paragraph_diff_html(compare(this, last).paragraph_diff)
        assert "序言 · " in shown and "第序言部分" not in shown

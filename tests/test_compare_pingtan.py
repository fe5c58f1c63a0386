"""Acceptance on real reports: Pingtan 2021 → 2022 → 2023 read by the markdown reader."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assistant.domain.comparison import Comparison, compare
from assistant.domain.report import Report
from assistant.readers import read_report

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(
        importlib.util.find_spec("assistant.readers.markdown") is None,
        reason="the markdown reader is not on this branch yet",
    ),
]


def _pingtan(shared: Path, year: int) -> Report:
    return read_report(shared / "data" / f"report-pingtan-{year}.md")


@pytest.fixture(scope="module")
def comparisons() -> dict[int, Comparison]:
    """2022 against 2021 and 2023 against 2022, with the earlier years in the chart."""
    from conftest import SHARED

    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is not present")
    reports = {year: _pingtan(SHARED, year) for year in (2021, 2022, 2023)}
    return {
        2022: compare(reports[2022], reports[2021]),
        2023: compare(reports[2023], reports[2022], [reports[2021]]),
    }


class TestPingtanAcrossThreeYears:
    def test_the_carry_overs_connect(self, comparisons: dict[int, Comparison]) -> None:
        """Each year's 上年结转 equals the year before's 结转下年度: the chain raises no R6."""
        for comparison in comparisons.values():
            assert [f for f in comparison.carry_over if f.rule == "R6"] == []

    def test_reuse_is_measured_for_every_narrative_part(self, comparisons: dict[int, Comparison]) -> None:
        """Part 一 with its sub-parts, part 五 and part 六 each have a reuse share."""
        for comparison in comparisons.values():
            titles = [section.title for section in comparison.section_reuse]
            assert "五、存在的主要问题及改进情况" in titles
            assert "六、其他需要报告的事项" in titles
            assert all(0.0 <= section.reuse <= 1.0 for section in comparison.section_reuse)

    def test_the_figures_are_compared_cell_by_cell(self, comparisons: dict[int, Comparison]) -> None:
        """2023 against 2022: new requests 74 → 81."""
        cell = next(c for c in comparisons[2023].cells if c.key == "t3.new.total")
        assert (cell.last, cell.this, cell.change) == (74, 81, 7)

    def test_sentences_identical_across_the_years_are_listed(
        self, comparisons: dict[int, Comparison]
    ) -> None:
        """A sentence 2023 took over word for word from 2022 is listed."""
        assert "一是做好规范性文件公开。" in comparisons[2023].identical_sentences

    def test_the_chart_spans_all_three_years(self, comparisons: dict[int, Comparison]) -> None:
        """The history file puts 2021 on the chart beside 2022 and 2023."""
        new = next(line for line in comparisons[2023].series if line.key == "t3.new.total")
        assert new.values == {2021: 70, 2022: 74, 2023: 81}

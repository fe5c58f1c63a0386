"""Round trip: the .docx reader gives back the figures and part texts an export wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.agency import infer_agency
from assistant.domain.layout import ReportFormat
from assistant.domain.report import Report
from assistant.domain.totals import complete
from assistant.writers import write_report

pytest.importorskip("assistant.readers.docx", reason="the .docx reader has not landed yet")
pytest.importorskip("assistant.readers.flat_text", reason="the text reader has not landed yet")

from assistant.readers import read_report

FIXTURE = Path(__file__).parent / "fixtures" / "qingxi-town-2025.json"


def qingxi() -> Report:
    return Report.model_validate_json(FIXTURE.read_text(encoding="utf-8"))


def round_trip(report: Report, tmp_path: Path) -> Report:
    return read_report(write_report(report, tmp_path / "导出.docx"))


def assert_same_report(original: Report, read_back: Report) -> None:
    assert read_back.figures == complete(original.figures, original.format)
    assert read_back.narrative.model_dump() == original.narrative.model_dump()
    assert read_back.agency.name == original.agency.name
    assert read_back.year == original.year
    assert read_back.published == original.published


class TestRoundTrip:
    def test_the_fixture_comes_back_with_its_figures_and_part_texts(self, tmp_path: Path) -> None:
        """A synthetic town report: every figure, every part and sub-part, signature and date."""
        assert_same_report(qingxi(), round_trip(qingxi(), tmp_path))

    def test_a_2019_trial_format_report_comes_back_in_its_format(self, tmp_path: Path) -> None:
        """Trial-format tables (政府集中采购, a negative change, one （六）其他处理 row) survive the trip."""
        figures = {
            "t2.rules.made": 1,
            "t2.normative.published": 3,
            "t2.penalty.change": -18,
            "t2.procurement.items": 395,
            "t2.procurement.amount_yuan": 73802895.9,
            "t3.new.natural": 4,
            "t3.disclosed.natural": 3,
            "t3.other_handling.natural": 1,
            "t4.review.upheld": 1,
        }
        report = qingxi().model_copy(update={"format": ReportFormat.F2019, "year": 2020, "figures": figures})
        read_back = round_trip(report, tmp_path)
        assert read_back.format is ReportFormat.F2019
        assert_same_report(report, read_back)

    def test_a_signer_without_a_usual_ending_and_a_title_broken_before_the_year_come_back(
        self, tmp_path: Path
    ) -> None:
        """An agency such as 青川县清溪综合实验区: the two-line title and the signature come back whole."""
        zone = "青川县清溪综合实验区"
        report = qingxi().model_copy(
            update={"agency": infer_agency(zone), "title": f"{zone}2025年度政府信息公开工作年度报告"}
        )
        read_back = round_trip(report, tmp_path)
        assert read_back.title == report.title
        assert_same_report(report, read_back)

    @pytest.mark.shared
    def test_the_seed_comes_back_with_its_figures_and_narrative(self, shared: Path, tmp_path: Path) -> None:
        """The seed read from its text, exported and read again, is the same report."""
        seed = read_report(shared / "seed" / "jiegu-town-2023.txt")
        assert_same_report(seed, round_trip(seed, tmp_path))


SHARED_REPORTS = (
    "data/report-huaian-szf-2024.pdf",
    "data/report-pingtan-2019.md",
    "data/report-pingtan-2020.md",
    "data/report-pingtan-2021.md",
    "data/report-pingtan-2022.md",
    "data/report-pingtan-2023.md",
    "data/report-shanghai-szfbgt-2019.md",
    "data/raw/pingtan-2023.html",
    "data/raw/shuyang-fgj-2023.html",
)


class TestRoundTripOfRealReports:
    @pytest.mark.shared
    @pytest.mark.parametrize("name", SHARED_REPORTS)
    def test_a_real_report_comes_back_with_its_figures_parts_and_signature(
        self, shared: Path, tmp_path: Path, name: str
    ) -> None:
        """Every published report in ../shared, exported and read again: same format, figures,
        parts 一 to 六, title, agency and date (平潭综合实验区 signs without 政府/局/委)."""
        original = read_report(shared / name)
        read_back = round_trip(original, tmp_path)
        assert read_back.format is original.format
        assert read_back.title == original.title
        assert_same_report(original, read_back)

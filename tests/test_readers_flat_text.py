"""The flattened text layout: the seed and a synthetic report of our own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from report_samples import AGENCY, expected_figures, write_flat_text

from assistant.domain.report import AgencyLevel, Part, SubPart
from assistant.readers import read_report


class TestFlatTextReader:
    def test_a_synthetic_flat_report_gives_every_cell(self, tmp_path: Path) -> None:
        """Every cell of a flattened report is read, stated totals included."""
        report = read_report(write_flat_text(tmp_path / "清溪镇2024.txt"))
        assert report.figures == expected_figures()

    def test_a_gb18030_file_reads_the_same(self, tmp_path: Path) -> None:
        """A text saved in GB18030 (as older Windows tools do) reads like UTF-8."""
        report = read_report(write_flat_text(tmp_path / "清溪镇2024.txt", encoding="gb18030"))
        assert report.figures == expected_figures()
        assert report.agency.name == AGENCY

    def test_the_signature_gives_agency_level_and_date(self, tmp_path: Path) -> None:
        """The agency and date come from the signature; a town government is 乡镇 level."""
        report = read_report(write_flat_text(tmp_path / "清溪镇2024.txt"))
        assert (report.agency.name, report.agency.level, report.agency.is_people_government) == (
            AGENCY,
            AgencyLevel.TOWN,
            True,
        )
        assert (report.year, report.published) == (2024, date(2025, 1, 20))

    def test_the_narrative_is_split_into_parts_and_subparts(self, tmp_path: Path) -> None:
        """Each of the five sub-parts of part 一 and parts 五 and 六 hold their own text."""
        narrative = read_report(write_flat_text(tmp_path / "清溪镇2024.txt")).narrative
        assert narrative.overview.startswith("2024年，清溪镇")
        assert set(narrative.subparts) == set(SubPart)
        assert narrative.subparts[SubPart.REQUESTS] == "全年收到政府信息公开申请5件，上年结转1件。"
        assert narrative.part_text(Part.OTHER_MATTERS) == "本年度清溪镇未收取信息处理费。"
        assert "改进措施" in narrative.problems


@pytest.mark.shared
class TestTheSeed:
    def test_the_seed_is_read_fully(self, shared: Path) -> None:
        """Every cell of the seed is 0 except the three penalty decisions."""
        report = read_report(shared / "seed" / "jiegu-town-2023.txt")
        assert len(report.figures) == 200
        assert {k: v for k, v in report.figures.items() if v} == {"t2.penalty.decisions": 3}

    def test_the_seed_metadata_is_read(self, shared: Path) -> None:
        """节固镇人民政府, a town people's government, 2023, signed 2024-01-18."""
        report = read_report(shared / "seed" / "jiegu-town-2023.txt")
        assert report.agency.name == "节固镇人民政府"
        assert report.agency.level is AgencyLevel.TOWN and report.agency.is_people_government
        assert (report.year, report.published) == (2023, date(2024, 1, 18))
        assert report.title == "节固镇2023年政府信息公开工作年度报告"

    def test_the_seed_narrative_has_every_part(self, shared: Path) -> None:
        """Parts 一, 五, 六 and all five sub-parts are found; the enumeration stays intact."""
        narrative = read_report(shared / "seed" / "jiegu-town-2023.txt").narrative
        assert "全县" in narrative.overview
        assert set(narrative.subparts) == set(SubPart)
        assert "共69条（其中，工作动态54条" in narrative.subparts[SubPart.PROACTIVE]
        assert narrative.problems and "信息处理费" in narrative.other_matters
        assert narrative.preamble.startswith("根据《中华人民共和国政府信息公开条例》")

"""The agency's earlier reports found in the index join the year-over-year chart."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from assistant.domain.report import Agency, Report
from assistant.errors import UnreadableInput
from assistant.retrieval.index import IndexedDocument
from assistant.service.history import earlier_reports

AGENCY = "青川县清溪镇人民政府"


def indexed(
    tmp_path: Path, name: str, year: int, agency: str = AGENCY, kind: str = "report"
) -> IndexedDocument:
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    return IndexedDocument(source=str(path), kind=kind, agency=agency, year=year)


def read_as_report(path: Path) -> Report:
    if "broken" in path.name:
        raise UnreadableInput(f"{path.name}：无法读取。")
    year = int(path.stem[-4:])
    return Report(agency=Agency(name=AGENCY), year=year, figures={"t3.new.natural": year - 2000})


class TestEarlierReports:
    def test_only_the_agencys_reports_of_earlier_years_are_taken_oldest_first(self, tmp_path: Path) -> None:
        """Regulations, other agencies and this or later years stay out of the chart."""
        documents = [
            indexed(tmp_path, "q-2022", 2022),
            indexed(tmp_path, "q-2021", 2021),
            indexed(tmp_path, "q-2024", 2024),
            indexed(tmp_path, "other-2022", 2022, agency="示例市某局"),
            indexed(tmp_path, "law-2019", 2019, kind="regulation"),
        ]
        found = earlier_reports(documents, AGENCY, 2024, read_as_report)
        assert [report.year for report in found] == [2021, 2022]

    def test_a_moved_or_unreadable_file_is_left_out(self, tmp_path: Path) -> None:
        """The chart is a help: a file gone or broken since indexing is skipped, not an error."""
        gone = IndexedDocument(source=str(tmp_path / "gone-2020"), kind="report", agency=AGENCY, year=2020)
        documents = [gone, indexed(tmp_path, "broken-2021", 2021), indexed(tmp_path, "q-2022", 2022)]
        assert [r.year for r in earlier_reports(documents, AGENCY, 2024, read_as_report)] == [2022]


class TestCompareFromTheIndex:
    def test_compare_from_index_charts_the_years_found_in_the_index(self, tmp_path: Path) -> None:
        """A 2025 draft against the sample corpus's 2024 report charts 2023 too, found in the index."""
        indexing = subprocess.run(
            [sys.executable, "-m", "assistant", "index", "corpus/reports"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert indexing.returncode == 0, indexing.stderr
        draft = tmp_path / "qingxi-2025.yaml"
        draft.write_text(
            f"agency: {AGENCY}\nyear: 2025\nlevel: 乡镇\nt3.new.natural: 5\nt3.disclosed.natural: 5\n",
            encoding="utf-8",
        )
        last = "corpus/reports/qingxi-2024.md"
        result = subprocess.run(
            [sys.executable, "-m", "assistant", "compare", str(draft), last, "--json", "--from-index"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode in (0, 1), result.stderr
        series = json.loads(result.stdout)["series"]
        years = {int(year) for line in series for year in line["values"]}
        assert years == {2023, 2024, 2025}

"""What the checker finds in the real reports once the readers have read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.findings import Severity
from assistant.domain.rules import check
from assistant.readers import read_report

# The only errors the published documents really contain (DOMAIN.md, MANIFEST.tsv):
# Pingtan 2020's （七）总计 against its detail rows, in the 自然人 and 总计 columns, and
# Shanghai 2019's narrative against its table 3.
EXPECTED_ERRORS: dict[str, list[tuple[str, dict[str, int | float]]]] = {
    "seed/jiegu-town-2023.txt": [],
    "data/report-huaian-szf-2024.pdf": [],
    "data/report-pingtan-2019.md": [],
    "data/report-pingtan-2020.md": [
        ("R2", {"t3.results_total.natural": 20}),
        ("R2", {"t3.results_total.total": 21}),
    ],
    "data/report-pingtan-2021.md": [],
    "data/report-pingtan-2022.md": [],
    "data/report-pingtan-2023.md": [],
    "data/report-shanghai-szfbgt-2019.md": [("R7", {}), ("R7", {})],
    "data/raw/pingtan-2023.html": [],
    "data/raw/shuyang-fgj-2023.html": [],
    "data/template-annual-report-format-2021.docx": [],
}


@pytest.mark.shared
class TestRealReportsThroughTheChecker:
    @pytest.mark.parametrize("relative", sorted(EXPECTED_ERRORS))
    def test_only_the_real_errors_are_flagged(self, shared: Path, relative: str) -> None:
        """Each shared document gets exactly its known rule errors, and no other."""
        findings = check(read_report(shared / relative))
        errors = [finding for finding in findings if finding.severity is Severity.ERROR]
        expected = EXPECTED_ERRORS[relative]
        assert [finding.rule for finding in errors] == [rule for rule, _ in expected]
        for finding, (_, cells) in zip(errors, expected, strict=True):
            assert cells.items() <= finding.cells.items()

    def test_pingtan_2020_detail_rows_add_up_to_27_not_21(self, shared: Path) -> None:
        """The R2 error names 21 stated against 27 derived in the 总计 column."""
        findings = check(read_report(shared / "data" / "report-pingtan-2020.md"))
        total = next(f for f in findings if f.rule == "R2" and "t3.results_total.total" in f.cells)
        assert (total.found, total.expected) == (21, 27)

    def test_shanghai_narrative_contradictions_are_quoted(self, shared: Path) -> None:
        """Both R7 errors quote the sentences stating 258 and 265 against 275 and 337."""
        findings = check(read_report(shared / "data" / "report-shanghai-szfbgt-2019.md"))
        pairs = sorted((f.found, f.expected) for f in findings if f.rule == "R7")
        assert pairs == [(258, 275), (265, 337)]
        assert all(f.quote and f.part == "一" for f in findings if f.rule == "R7")

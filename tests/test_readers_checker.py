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
    # 林业局 says 未收到法人或其他组织…申请 while natural persons applied: no R7 (one group).
    "data/raw/putian-ptslyj-2022.html": [],
    "data/raw/putian-ptslyj-2023.html": [],
    "data/raw/putian-ptslyj-2024.html": [],
    "data/raw/putian-ptslyj-2025.html": [],
    # Its published R8: 33条, whose parts read as “N条，其中A x条、…” sum to 37.
    "data/raw/putian-pthyyyyj-2024.html": [("R8", {})],
    "data/raw/putian-ptsjj-2024.html": [],
    "data/raw/putian-ptsslj-2021.html": [],
    "data/raw/putian-ptsslj-2025.html": [],
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


# Every warning the real documents get, and why it is right (DOMAIN.md's W rules).
EXPLAINED_WARNINGS: dict[str, dict[str, str]] = {
    "seed/jiegu-town-2023.txt": {
        "W4": "a town report speaks of 全县 and of 平乡, another place",
        "W7": "a people's government, yet its （五）监督保障 says nothing of 考核、评议、责任追究",
    },
    "data/report-huaian-szf-2024.pdf": {
        "W7": "its （五） lists inspections and training but not 考核、评议、责任追究",
        "W9": "part 一 runs to about 1,300 characters",
    },
    "data/report-pingtan-2019.md": {"W9": "part 一 runs to about 3,800 characters"},
    "data/report-pingtan-2020.md": {"W9": "part 一 runs to about 4,100 characters"},
    "data/report-pingtan-2021.md": {"W9": "part 一 runs to about 1,550 characters"},
    "data/report-pingtan-2022.md": {"W9": "part 一 runs to about 2,000 characters"},
    "data/report-pingtan-2023.md": {"W9": "part 一 runs to about 1,500 characters"},
    "data/report-shanghai-szfbgt-2019.md": {"W9": "part 一 runs to about 4,050 characters"},
    "data/raw/pingtan-2023.html": {"W9": "part 一 runs to about 1,450 characters"},
    "data/raw/shuyang-fgj-2023.html": {},
    "data/raw/putian-ptslyj-2022.html": {},
    "data/raw/putian-ptslyj-2023.html": {},
    "data/raw/putian-ptslyj-2024.html": {},
    "data/raw/putian-ptslyj-2025.html": {},
    "data/raw/putian-pthyyyyj-2024.html": {},
    "data/raw/putian-ptsjj-2024.html": {},
    "data/raw/putian-ptsslj-2021.html": {"W9": "part 一 runs to about 1,480 characters"},
    "data/raw/putian-ptsslj-2025.html": {
        "W2": "part 五 opens 2024年，我局政务公开…工作取得较好成效 in the 2025 report (a stale year)",
    },
    "data/template-annual-report-format-2021.docx": {"W7": "the empty template has no narrative yet"},
}


@pytest.mark.shared
class TestRealReportWarnings:
    @pytest.mark.parametrize("relative", sorted(EXPLAINED_WARNINGS))
    def test_every_warning_on_a_real_report_is_one_we_can_explain(self, shared: Path, relative: str) -> None:
        """A real report gets exactly the warnings listed (with their reason) above, no others."""
        findings = check(read_report(shared / relative))
        warnings = {finding.rule for finding in findings if finding.severity is Severity.WARNING}
        assert warnings == set(EXPLAINED_WARNINGS[relative])


# The 林业局's four consecutive years, each checked against the year before (R6, W1, W2, W3).
EXPLAINED_CARRY_OVER_WARNINGS: dict[int, dict[str, str]] = {
    2023: {},
    2024: {"W3": "一（二） repeats 2023's sentence (收到公民…申请2条，均按时办结；未收到法人…) at 92 %"},
    2025: {
        "W3": "the opening of 一 is 2024's at 86 %, and 一（二） repeats its sentence at 54 %",
    },
}


@pytest.mark.shared
class TestRealReportsAcrossYears:
    @pytest.mark.parametrize("year", sorted(EXPLAINED_CARRY_OVER_WARNINGS))
    def test_each_year_against_the_year_before_gives_only_explained_warnings(
        self, shared: Path, year: int
    ) -> None:
        """Carry-over and in-force counts connect (no R6, no W1); the format's preamble raises no W3."""
        raw = shared / "data" / "raw"
        this, last = (read_report(raw / f"putian-ptslyj-{y}.html") for y in (year, year - 1))
        findings = check(this, last)
        assert [f for f in findings if f.severity is Severity.ERROR] == []
        assert {f.rule for f in findings} == set(EXPLAINED_CARRY_OVER_WARNINGS[year])
        assert all(f.part != "序言" for f in findings)

"""Acceptance on real reports (../shared): the offline draft of the seed and of Pingtan 2022/2023.

Each draft passes ``check`` without error, has every required element, keeps part 一
within 1,000 characters and reuses at most 30 % of last year's text per part.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.findings import Severity
from assistant.domain.plan import build_plan, missing_elements
from assistant.domain.report import NARRATIVE_PARTS, Part, Report
from assistant.domain.reuse import reuse_ratio
from assistant.domain.rules import check
from assistant.drafting.report import draft_report
from assistant.readers import read_report

pytestmark = pytest.mark.shared

CASES = {
    "seed-2023": ("seed/jiegu-town-2023.txt", None),
    "pingtan-2022": ("data/report-pingtan-2022.md", "data/report-pingtan-2021.md"),
    "pingtan-2023": ("data/report-pingtan-2023.md", "data/report-pingtan-2022.md"),
}


Drafted = tuple[Report, Report | None, Report]
_DRAFTS: dict[str, Drafted] = {}


@pytest.fixture
def drafts(shared: Path, name: str) -> Drafted:
    """The case's drafted report, last year's report and the text it must not copy (cached)."""
    this, last = CASES[name]
    if name not in _DRAFTS:
        this_year = read_report(shared / this)
        last_year = read_report(shared / last) if last else None
        drafted = draft_report(this_year, last_year).report
        _DRAFTS[name] = (drafted, last_year, last_year or this_year)
    return _DRAFTS[name]


@pytest.mark.parametrize("name", list(CASES))
class TestOfflineDraftOfRealReports:
    def test_the_draft_passes_the_check_without_error(self, drafts: Drafted) -> None:
        """No rule error in the drafted report (tables completed, narrative consistent)."""
        drafted, last_year, _ = drafts
        errors = [f.message for f in check(drafted, last_year) if f.severity is Severity.ERROR]
        assert errors == []

    def test_the_draft_has_every_required_element(self, drafts: Drafted) -> None:
        """Sub-parts, problems, measures, last year's fixes, the fee statement, the province's items."""
        drafted, last_year, _ = drafts
        assert missing_elements(build_plan(drafted, last_year), drafted.narrative) == []

    def test_part_one_is_within_a_thousand_characters(self, drafts: Drafted) -> None:
        """Part 一 is at most 1,000 characters."""
        assert len(drafts[0].narrative.part_text(Part.OVERVIEW)) <= 1000

    def test_no_part_reuses_more_than_thirty_per_cent(self, drafts: Drafted) -> None:
        """Reuse of last year's part (the seed: its own published text) is at most 30 %."""
        drafted, _, against = drafts
        for part in NARRATIVE_PARTS:
            ratio = reuse_ratio(drafted.narrative.part_text(part), against.narrative.part_text(part))
            assert ratio <= 0.3, (part, ratio)


def test_the_case_files_exist(shared: Path) -> None:
    """The documents the acceptance names are where the eval expects them."""
    for this, last in CASES.values():
        assert (shared / this).is_file()
        assert last is None or (shared / last).is_file()

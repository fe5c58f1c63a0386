"""Eval: the offline first draft of real reports meets the drafting bar.

Cases: the seed (a town government, 2023) and Pingtan 2022 and 2023, each with the
previous year's report as last year (``../shared``).  For each, the offline draft must
pass ``check`` with no error, contain every required element, keep part 一 within 1,000
characters and reuse at most 30 % of last year's text per part (``reuse_ratio``: the share
of the draft's characters inside common substrings of ≥ 12 characters, digits folded).
The seed has no previous report here, so its draft is measured against its own published
narrative — the text a copier would start from.  Prints the figures per part.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.domain.findings import Severity
from assistant.domain.plan import missing_elements
from assistant.domain.report import NARRATIVE_PARTS, OVERVIEW_LIMIT, Part, Report, character_count
from assistant.domain.reuse import reuse_ratio
from assistant.domain.rules import check
from assistant.drafting.report import draft_report
from assistant.readers import read_report

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REUSE_LIMIT = 0.30


@dataclass
class Case:
    name: str
    this_year: Path
    last_year: Path | None
    compare_with: Path


def cases(shared: Path = SHARED) -> list[Case]:
    data = shared / "data"
    seed = shared / "seed" / "jiegu-town-2023.txt"
    return [
        Case("节固镇 2023（种子）", seed, None, seed),
        Case(
            "平潭 2022",
            data / "report-pingtan-2022.md",
            data / "report-pingtan-2021.md",
            data / "report-pingtan-2021.md",
        ),
        Case(
            "平潭 2023",
            data / "report-pingtan-2023.md",
            data / "report-pingtan-2022.md",
            data / "report-pingtan-2022.md",
        ),
    ]


@dataclass
class Outcome:
    """What one case measured."""

    name: str
    errors: list[str]
    warnings: list[str]
    missing: list[str]
    lengths: dict[Part, int]
    reuse: dict[Part, float]

    @property
    def passed(self) -> bool:
        return (
            not self.errors
            and not self.missing
            and self.lengths[Part.OVERVIEW] <= OVERVIEW_LIMIT
            and all(r <= REUSE_LIMIT for r in self.reuse.values())
        )


def evaluate(case: Case) -> Outcome:
    this_year = read_report(case.this_year)
    last_year = read_report(case.last_year) if case.last_year else None
    against: Report = last_year if last_year is not None else read_report(case.compare_with)
    result = draft_report(this_year, last_year)
    narrative = result.report.narrative
    findings = check(result.report, last_year)
    return Outcome(
        name=case.name,
        errors=[f"{f.rule} {f.message}" for f in findings if f.severity is Severity.ERROR],
        warnings=[f"{f.rule} {f.message}" for f in findings if f.severity is Severity.WARNING],
        missing=missing_elements(result.plan, narrative),
        lengths={part: character_count(narrative.part_text(part)) for part in NARRATIVE_PARTS},
        reuse={
            part: reuse_ratio(narrative.part_text(part), against.narrative.part_text(part))
            for part in NARRATIVE_PARTS
        },
    )


def main() -> int:
    if not (SHARED / "data").is_dir():
        print("跳过：未找到 ../shared")
        return 0
    failed = 0
    for case in cases():
        outcome = evaluate(case)
        failed += not outcome.passed
        print(f"== {outcome.name}：{'通过' if outcome.passed else '未通过'}（对照 {case.compare_with.name}）")
        for part in NARRATIVE_PARTS:
            print(f"  {part.value:<2} 字数 {outcome.lengths[part]:>4}  重复率 {outcome.reuse[part]:6.1%}")
        print(
            f"  检查错误 {len(outcome.errors)} 项，提醒 {len(outcome.warnings)} 项；"
            f"缺少要素 {len(outcome.missing)} 项"
        )
        for line in outcome.errors + outcome.warnings + outcome.missing:
            print(f"    {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

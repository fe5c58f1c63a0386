"""审核一份年报: a reviewer uploads a report, and optionally the agency's report of the year
before, and gets what ``gongkai check`` and ``gongkai compare`` say — no workspace is made
and nothing uploaded is kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.domain.comparison import Comparison, compare
from assistant.domain.findings import Finding
from assistant.domain.report import Report
from assistant.domain.rules.carry_over import last_year_mismatch
from assistant.service.uploads import read_upload


@dataclass
class Review:
    """One report as a reviewer sees it: its findings and, with last year's, the comparison."""

    report: Report
    findings: list[Finding]
    last_year: Report | None = None
    comparison: Comparison | None = None
    notes: list[str] = field(default_factory=list)
    """Why last year's report was not connected with this one (as the CLI says after 注意：)."""


def review(name: str, data: bytes, last: tuple[str, bytes] | None = None) -> Review:
    """Check an uploaded report, with the report given as last year's when there is one."""
    from assistant.domain.rules import check
    from assistant.readers import read_report

    report = read_upload(name, data, read_report)
    last_year = read_upload(*last, read_report) if last is not None else None
    notes = [note] if last_year is not None and (note := last_year_mismatch(report, last_year)) else []
    return Review(
        report=report,
        findings=list(check(report, last_year)),
        last_year=last_year,
        comparison=compare(report, last_year) if last_year is not None else None,
        notes=notes,
    )

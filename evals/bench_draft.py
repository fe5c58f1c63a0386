"""Benchmark: the offline first draft of a whole report, .docx included, must take at most 1 s.

Input: the synthetic town report of the tests (all tables filled) as this year's figures,
and the same report a year earlier as last year (so year-over-year changes, carry-overs
and the reuse-avoiding choice of variants all run).  Times drafting plus writing the
.docx: the first (cold) run and the median and slowest of 10 further runs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.domain.report import Report
from assistant.drafting.report import draft_report
from assistant.writers import write_report

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "qingxi-town-2025.json"
NOTES = "今年新开了抖音号\n网站完成改版\n开展培训3次\n五问题：政策解读形式单一"
BUDGET_S = 1.0
RUNS = 10


def main() -> int:
    this_year = Report.model_validate_json(FIXTURE.read_text(encoding="utf-8"))
    last_year = this_year.model_copy(update={"year": (this_year.year or 2025) - 1})
    this_year = this_year.model_copy(update={"narrative": type(this_year.narrative)()})
    timings: list[float] = []
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "草稿.docx"
        for _ in range(RUNS + 1):
            start = time.perf_counter()
            result = draft_report(this_year, last_year, NOTES)
            write_report(result.report, target)
            timings.append(time.perf_counter() - start)
    cold, warm = timings[0], timings[1:]
    print(
        f"offline draft + .docx: first run {cold * 1000:.0f} ms,"
        f" median {statistics.median(warm) * 1000:.0f} ms, slowest {max(warm) * 1000:.0f} ms"
        f" over {RUNS} runs (budget {BUDGET_S * 1000:.0f} ms)"
    )
    return 0 if max(timings) <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())

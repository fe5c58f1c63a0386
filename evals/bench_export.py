"""Benchmark: exporting a full report as .docx must take at most 300 ms.

A full report: the synthetic town report of the tests (every part and sub-part, all three
tables with figures).  Prints the median and the slowest of 20 exports, to a file.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.domain.report import Report
from assistant.writers import write_report

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "qingxi-town-2025.json"
BUDGET_MS = 300
RUNS = 20


def main() -> int:
    report = Report.model_validate_json(FIXTURE.read_text(encoding="utf-8"))
    timings: list[float] = []
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "年报.docx"
        write_report(report, target)  # the first run imports python-docx and lxml
        for _ in range(RUNS):
            start = time.perf_counter()
            write_report(report, target)
            timings.append((time.perf_counter() - start) * 1000)
    median, worst = statistics.median(timings), max(timings)
    print(
        f"export .docx: median {median:.1f} ms, slowest {worst:.1f} ms over {RUNS} runs"
        f" (budget {BUDGET_MS} ms)"
    )
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())

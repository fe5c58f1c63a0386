"""Benchmark: comparing two reports must take at most 200 ms.

Uses the Pingtan 2023 and 2022 reports from ../shared when the markdown reader can read
them, otherwise the fictional town's synthetic pair from the tests.  Reading the files is
not timed; ``compare`` (rules, reuse, diff, series) and the HTML rendering are.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from assistant.domain.comparison import compare  # noqa: E402
from assistant.domain.report import Report  # noqa: E402
from assistant.errors import GongkaiError  # noqa: E402
from assistant.render.comparison_html import render_comparison_html  # noqa: E402

BUDGET_MS = 200.0
RUNS = 20


def _pair() -> tuple[str, Report, Report]:
    data = ROOT.parent / "shared" / "data"
    try:
        from assistant.readers import read_report

        return (
            "平潭 2023 ↔ 2022",
            read_report(data / "report-pingtan-2023.md"),
            read_report(data / "report-pingtan-2022.md"),
        )
    except (GongkaiError, ImportError, OSError):
        from town_reports import copied_2023, report_2022

        return "清溪镇（合成）2023 ↔ 2022", copied_2023(), report_2022()


def main() -> int:
    name, this, last = _pair()
    compare_ms, html_ms = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        comparison = compare(this, last)
        middle = time.perf_counter()
        render_comparison_html(comparison)
        compare_ms.append((middle - start) * 1000)
        html_ms.append((time.perf_counter() - middle) * 1000)
    median, worst = statistics.median(compare_ms), max(compare_ms)
    print(
        f"compare {name}: median {median:.1f} ms, max {worst:.1f} ms over {RUNS} runs "
        f"(budget {BUDGET_MS:.0f} ms)"
    )
    print(f"render HTML: median {statistics.median(html_ms):.1f} ms")
    ok = worst <= BUDGET_MS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark of `gongkai check` (not a test): prints the figures.

Targets (issue 2): checking one report in-process ≤ 20 ms; `gongkai check` over a folder of
1,000 reports (copies of the synthetic test fixtures) ≤ 20 s on a 2-core machine.

    python evals/bench_check.py [--copies 1000] [--docx-share 0.1]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from report_fixtures import CLEAN_FIGURES, ReportSpec, write_docx, write_text  # noqa: E402

from assistant.domain.rules import check  # noqa: E402
from assistant.readers import read_report  # noqa: E402

IN_PROCESS_TARGET_MS = 20.0
FOLDER_TARGET_S = 20.0

FIXTURES = {
    "clean": ReportSpec(),
    "r1": ReportSpec(figures={**CLEAN_FIGURES, "t3.carried_out.natural": 2}),
    "r4": ReportSpec(stated={"t4.review.total": 2}),
    "w5": ReportSpec(published="2024年3月1日"),
    "w8": ReportSpec(figures={**CLEAN_FIGURES, "t2.fees.amount": 50000}),
}
FIGURES_FILE = (
    "agency: 青川县清溪镇人民政府\nyear: 2023\nt2.penalty.decisions: 3\nt3:\n  new:\n    natural: 2\n"
)


def time_in_process(source: Path, rounds: int = 200) -> tuple[float, float]:
    """Median milliseconds to check an already-read report, and to read and check it."""
    report = read_report(source)
    check_times, full_times = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        check(report)
        check_times.append((time.perf_counter() - start) * 1000)
    for _ in range(rounds // 10):
        start = time.perf_counter()
        check(read_report(source))
        full_times.append((time.perf_counter() - start) * 1000)
    return statistics.median(check_times), statistics.median(full_times)


def build_folder(folder: Path, copies: int, docx_share: float) -> dict[str, int]:
    templates = folder / "templates"
    templates.mkdir()
    sources: list[Path] = []
    for name, spec in FIXTURES.items():
        sources.append(write_text(spec, templates / f"{name}.txt"))
    docx_sources = [write_docx(spec, templates / f"{name}.docx") for name, spec in FIXTURES.items()]
    figures = templates / "figures.yaml"
    figures.write_text(FIGURES_FILE, encoding="utf-8")
    sources.append(figures)
    reports = folder / "reports"
    reports.mkdir()
    docx_count = int(copies * docx_share)
    counts = {".txt": 0, ".docx": 0, ".yaml": 0}
    for index in range(copies):
        source = (
            docx_sources[index % len(docx_sources)] if index < docx_count else sources[index % len(sources)]
        )
        shutil.copyfile(source, reports / f"{index:04d}{source.suffix}")
        counts[source.suffix] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument(
        "--docx-share", type=float, default=0.1, help="share of .docx copies (slowest to read)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        counts = build_folder(folder, args.copies, args.docx_share)
        txt_check, txt_full = time_in_process(folder / "templates/clean.txt")
        docx_check, docx_full = time_in_process(folder / "templates/clean.docx", rounds=50)
        print(
            f"in-process check of one report:        {txt_check:6.2f} ms "
            f"(target ≤ {IN_PROCESS_TARGET_MS:.0f} ms)"
        )
        print(f"in-process read + check, .txt report:   {txt_full:6.2f} ms")
        print(
            f"in-process read + check, .docx report:  {docx_full:6.2f} ms (check alone {docx_check:.2f} ms)"
        )
        start = time.perf_counter()
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(
            [sys.executable, "-m", "assistant", "check", str(folder / "reports"), "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        load = os.getloadavg()[0]
        mix = ", ".join(f"{count} {suffix}" for suffix, count in counts.items())
        print(
            f"gongkai check over {args.copies} reports ({mix}) on {os.cpu_count()} cores: {elapsed:6.2f} s "
            f"(target ≤ {FOLDER_TARGET_S:.0f} s), exit code {result.returncode}"
        )
        print(
            f"  CPU time of the run: {cpu:.2f} s over {os.cpu_count()} cores; "
            f"load average at the end {load:.1f}"
        )
        if result.returncode == 2:
            print(result.stderr[-2000:])
        ok = txt_check <= IN_PROCESS_TARGET_MS and elapsed <= FOLDER_TARGET_S
        print("result:", "within targets" if ok else "OVER TARGET")


if __name__ == "__main__":
    main()

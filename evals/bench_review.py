"""Benchmark of `gongkai review` and `gongkai aggregate` over a province's worth of reports (not a test).

Generates N distinct agencies' reports for 2024 (flat .txt, with a share of .docx) and their
2023 reports, seeded with errors (R1 every 7th, R4 every 13th, a late date every 11th, a fee
in 元 every 17th), a list naming one more agency than sent; then times

- `gongkai review DIR --year 2024 --last-year DIR2023 --list 名单.csv --json` and
- `gongkai aggregate DIR --year 2024 -o 汇总.xlsx`,

each in its own process, and prints seconds and the peak memory (RSS) of the command's main
process and of its largest worker.  Targets (issue 16): 1,000 reports reviewed in ≤ 15 s on
2 cores; memory flat in the number of reports.

    python evals/bench_review.py [--reports 1000 10000] [--docx-share 0.1]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from region_reports import CountySpec  # noqa: E402
from report_fixtures import CLEAN_FIGURES, render_text, write_docx  # noqa: E402

REVIEW_TARGET_S = 15.0
TEMPLATE_AGENCY = "青川县模板镇人民政府"
_PLACE_CHARS = (
    "青白木乔金石云松竹梅兰桂山水河湖溪江泉林峰岭岩沙田丰安宁平和新兴东西南北中上下龙凤华阳光明春秋清"
)
_COUNTIES = [f"{a}{b}县" for a in "临安永定长乐广宁" for b in "源川平化山阳"]
_DEPARTMENTS = [
    "发展和改革局",
    "教育局",
    "公安局",
    "财政局",
    "民政局",
    "司法局",
    "交通运输局",
    "水利局",
    "卫生健康委员会",
]


def agencies(count: int) -> list[tuple[str, str]]:
    """``count`` distinct (agency, place) pairs: towns of many counties, and their departments."""
    found: list[tuple[str, str]] = []
    n = 0
    while len(found) < count:
        county = _COUNTIES[n % len(_COUNTIES)]
        step = n // len(_COUNTIES)
        if n % 3 == 2:
            department = _DEPARTMENTS[step % len(_DEPARTMENTS)]
            name = f"{county}{department}" + (
                f"{step // len(_DEPARTMENTS)}分局" if step >= len(_DEPARTMENTS) else ""
            )
            found.append((name, county))
        else:
            size = len(_PLACE_CHARS)
            first, second = _PLACE_CHARS[step % size], _PLACE_CHARS[(step // size) % size]
            place = f"{first}{second}{'镇乡'[step // size // size % 2]}"
            found.append((f"{county}{place}人民政府", place))
        n += 1
    return found


def report_spec(index: int, agency: str, place: str, year: int) -> CountySpec:
    figures = dict(CLEAN_FIGURES)
    stated: dict[str, int | float] = {}
    published = f"{year + 1}年1月20日"
    if year == 2024:
        if index % 7 == 0:
            figures["t3.carried_out.natural"] = 2
        if index % 13 == 0:
            stated["t4.review.total"] = 2
        if index % 11 == 0:
            published = "2025年3月1日"
        if index % 17 == 0:
            figures["t2.fees.amount"] = 50000
    else:
        figures["t2.normative.in_force"] = 4
        published = f"{year + 1}年1月18日"
    return CountySpec(
        year=year, agency=agency, published=published, figures=figures, stated=stated, place=place
    )


def docx_template(folder: Path) -> bytes:
    """A .docx report of the template agency, whose name each copy replaces in its XML."""
    path = write_docx(report_spec(1, TEMPLATE_AGENCY, "模板镇", 2024), folder / "template.docx")
    return path.read_bytes()


def docx_copy(template: bytes, agency: str, place: str) -> bytes:
    """The template with another agency's name: rewriting document.xml is far faster than python-docx."""
    source, out = zipfile.ZipFile(io.BytesIO(template)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = (
                    data.decode("utf-8")
                    .replace(TEMPLATE_AGENCY, agency)
                    .replace("模板镇", place)
                    .replace("模板", place[:2])
                    .encode("utf-8")
                )
            target.writestr(item, data)
    return out.getvalue()


def build(folder: Path, count: int, docx_share: float) -> dict[str, Path]:
    this_year, last_year = folder / "2024", folder / "2023"
    this_year.mkdir()
    last_year.mkdir()
    template = docx_template(folder)
    names = agencies(count + 1)
    every_docx = round(1 / docx_share) if docx_share else 0
    for index, (agency, place) in enumerate(names[:count]):
        stem = f"{index:05d}"
        if every_docx and index % every_docx == 0:
            (this_year / f"{stem}.docx").write_bytes(docx_copy(template, agency, place))
        else:
            (this_year / f"{stem}.txt").write_text(
                render_text(report_spec(index, agency, place, 2024)), encoding="utf-8"
            )
        (last_year / f"{stem}.txt").write_text(
            render_text(report_spec(index, agency, place, 2023)), encoding="utf-8"
        )
    listing = folder / "名单.csv"
    listing.write_text("机关名称,类别\n" + "".join(f"{agency},\n" for agency, _ in names), encoding="utf-8")
    return {"this_year": this_year, "last_year": last_year, "list": listing, "out": folder / "汇总.xlsx"}


_MEASURED = (
    "import resource, runpy, sys\n"
    "sys.argv = ['gongkai', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('assistant', run_name='__main__')\n"
    "finally:\n"
    "    me, them = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    print(f'RSS {me.ru_maxrss} {them.ru_maxrss}', file=sys.stderr)\n"
)


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (Linux), or 0 where unknown.

    The command's own accounting misses the fork server's children, which do the reading."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


def measure(*args: str | Path, stdout: Path) -> tuple[float, int, float, float, float]:
    """Seconds, exit code, peak RSS (MiB) of the main process and of its largest worker, and the
    CPU seconds the machine was busy meanwhile (this command's, and any other load's)."""
    busy = busy_seconds()
    start = time.perf_counter()
    with open(stdout, "w", encoding="utf-8") as out:
        result = subprocess.run(
            [sys.executable, "-c", _MEASURED, *map(str, args)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
        )
    elapsed = time.perf_counter() - start
    cpu = busy_seconds() - busy
    rss_line = next(line for line in result.stderr.splitlines() if line.startswith("RSS "))
    own, workers = (float(value) for value in rss_line.split()[1:])
    return elapsed, result.returncode, own / 1024, workers / 1024, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--docx-share", type=float, default=0.1, help="share of .docx reports (slowest to read)"
    )
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"{cores} cores, load average {os.getloadavg()[0]:.1f} at the start")
    for count in args.reports:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            start = time.perf_counter()
            paths = build(folder, count, args.docx_share)
            print(
                f"\n{count} reports (+{count} of last year) generated in {time.perf_counter() - start:.1f} s"
            )
            output = folder / "review.json"
            seconds, code, own, workers, cpu = measure(
                "review", paths["this_year"], "--year", "2024", "--last-year", paths["last_year"],
                "--list", paths["list"], "--json", stdout=output,
            )  # fmt: skip
            data = json.loads(output.read_text(encoding="utf-8"))
            received = sum(row["received"] for row in data["agencies"])
            rules = ", ".join(f"{r['rule']} {r['agencies']}" for r in data["rule_counts"])
            target = f" (target ≤ {REVIEW_TARGET_S:.0f} s)" if count == 1000 else ""
            print(
                f"review    {count:>6}: {seconds:7.1f} s{target}, exit {code}; machine busy {cpu:.1f} CPU s "
                f"({cpu / seconds / cores:.0%} of {cores} cores); "
                f"peak RSS main {own:.0f} MiB, largest worker {workers:.0f} MiB"
            )
            print(
                f"           received {received}, missing {len(data['missing'])}; agencies per rule: {rules}"
            )
            seconds, code, own, workers, cpu = measure(
                "aggregate",
                paths["this_year"],
                "--year",
                "2024",
                "-o",
                paths["out"],
                stdout=folder / "agg.txt",
            )
            print(
                f"aggregate {count:>6}: {seconds:7.1f} s, exit {code}; machine busy {cpu:.1f} CPU s "
                f"({cpu / seconds / cores:.0%} of {cores} cores); "
                f"peak RSS main {own:.0f} MiB, largest worker {workers:.0f} MiB; "
                f"汇总.xlsx {paths['out'].stat().st_size / 1024:.0f} KiB"
            )
    print(
        f"\nload average at the end {os.getloadavg()[0]:.1f} (the machine is shared: figures vary with load)"
    )


if __name__ == "__main__":
    main()

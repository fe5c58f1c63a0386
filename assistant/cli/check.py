"""``gongkai check PATH... [--last-year FILE] [--json]``: every rule on every report given."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, exit_codes
from assistant.domain.findings import Finding
from assistant.domain.report import Figure, Report
from assistant.domain.rules import check
from assistant.domain.rules.carry_over import last_year_mismatch
from assistant.domain.rules.cells import cell_values
from assistant.errors import GongkaiError, NotAReport
from assistant.render import findings as rendered
from assistant.render.comparison import caution
from assistant.service.inputs import expand, is_figures_file, load, load_many

# Below this many files a process pool costs more to start than it saves.
POOL_THRESHOLD = 64
CHUNK = 16
"""Reports read together by one reading process."""


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check",
        help="检查年报：表格勾稽、正文与表格一致、与上年衔接等",
        description="检查年报文件或数字文件（目录则检查其中所有文件）。" + exit_codes("发现错误"),
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="年报文件、数字文件或目录")
    parser.add_argument("--last-year", type=Path, metavar="FILE", help="上年度的年报或数字文件，用于衔接检查")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（供其他工具使用）")
    parser.set_defaults(run=run)


def report_json(
    report: Report, findings: list[Finding] | None, last_year: Report | None = None
) -> dict[str, Any]:
    """The JSON contract of ``check --json`` (and, without findings, of ``figures --json``).

    ``people_government`` is written out so that the output, read back as a figures file,
    keeps a statement that overrode the guess from the agency's name.
    A report whose tables could not be read has ``format`` null and no ``figures``: its
    cells are unknown, and zeros would read as stated figures.  ``notes`` also says why a
    ``--last-year`` report was not connected with this one (another agency or year).
    """
    data: dict[str, Any] = {
        "file": report.source,
        "agency": report.agency.name or None,
        "people_government": report.agency.is_people_government,
        "year": report.year,
        "published": report.published.isoformat() if report.published else None,
        "format": report.format.value if report.tables_read else None,
        "figures": printed_figures(report) if report.tables_read else {},
    }
    if findings is not None:
        data["findings"] = [rendered.as_json(finding) for finding in findings]
    data["notes"] = [*report.notes, *last_year_notes(report, last_year)]
    return data


def printed_figures(report: Report) -> dict[str, Figure]:
    """Every cell the report prints (stated, or 0, or derived); the rows it leaves out are
    left out here too, unknown, and named in its notes."""
    return {key: value for key, value in cell_values(report).items() if key not in report.not_printed}


def last_year_notes(report: Report, last_year: Report | None) -> list[str]:
    """Why ``--last-year`` was not connected with the report, so an empty R6/W1 is not read as a pass."""
    note = last_year_mismatch(report, last_year) if last_year is not None else None
    return [note] if note else []


@dataclass
class Outcome:
    """What checking one file gave: a report and its findings, or why it was not read."""

    path: Path
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    problem: str | None = None
    not_a_report: bool = False


def _check_one(path: Path, last_year: Report | None) -> Outcome:
    try:
        report = load(path)
    except GongkaiError as error:
        return _refused(path, error)
    except Exception as error:  # a reader tripped on an input nobody foresaw: say so, check the rest
        return Outcome(
            path,
            problem=f"{path}：读取时出现意外错误（{type(error).__name__}: {error}），请报告此问题。",
        )
    return Outcome(path, report, check(report, last_year))


def _refused(path: Path, error: GongkaiError) -> Outcome:
    return Outcome(path, problem=error.message, not_a_report=isinstance(error, NotAReport))


def _check_chunk(paths: list[Path], last_year: Report | None) -> list[Outcome]:
    """The paths read together (one reading process for all of them), then checked."""
    try:
        loaded = load_many(paths)
    except Exception:  # an unforeseen failure: each file alone, so that it names only its own
        return [_check_one(path, last_year) for path in paths]
    return [
        _refused(path, report)
        if isinstance(report, GongkaiError)
        else Outcome(path, report, check(report, last_year))
        for path, report in zip(paths, loaded, strict=True)
    ]


def _check_all(paths: list[Path], last_year: Report | None) -> Iterable[Outcome]:
    chunks = [paths[start : start + CHUNK] for start in range(0, len(paths), CHUNK)]
    if len(paths) < POOL_THRESHOLD:
        return [outcome for chunk in chunks for outcome in _check_chunk(chunk, last_year)]
    with ProcessPoolExecutor() as pool:
        return [
            outcome for done in pool.map(_check_chunk, chunks, [last_year] * len(chunks)) for outcome in done
        ]


def print_findings(report: Report, findings: list[Finding], last_year: Report | None = None) -> None:
    print(f"{report.source}：{rendered.report_line(report)}")
    for note in last_year_notes(report, last_year):
        print(f"  {caution(note)}")
    print(f"  {rendered.count(findings)}" if findings else "  未发现问题。")
    for line in rendered.text_lines(findings):
        print(line)
    for note in report.notes:
        print(f"  说明：{note}")


def summary_line(tally: Counter[str], skipped: int) -> str:
    """The last line a reviewer reads after checking a folder of reports."""
    checked = tally["errors"] + tally["warnings"] + tally["clean"]
    line = (
        f"\n共检查 {checked} 份：{tally['errors']} 份有错误，{tally['warnings']} 份仅有提醒，"
        f"{tally['clean']} 份未发现问题"
    )
    if tally["unreadable"]:
        line += f"；{tally['unreadable']} 个文件无法读取"
    if skipped:
        line += f"；跳过 {skipped} 个非年报文件"
    return line + "。"


def skipped_line(path: Path) -> str:
    what = "不是年度报告或数字文件" if is_figures_file(path) else "不是年度报告"
    return f"跳过：{path}（{what}）"


def run(args: argparse.Namespace) -> int:
    last_year = load(args.last_year) if args.last_year else None
    found = list(expand(args.paths))
    if not found:
        print("错误：没有找到可检查的年报或数字文件。", file=sys.stderr)
        return EXIT_UNREADABLE
    walked = {path for path, from_folder in found if from_folder}
    unreadable = False
    has_errors = False
    skipped = 0
    tally = Counter[str]()
    results: list[dict[str, Any]] = []
    for outcome in _check_all([path for path, _ in found], last_year):
        report = outcome.report
        if report is None:
            if outcome.not_a_report and outcome.path in walked:
                skipped += 1
                print(skipped_line(outcome.path), file=sys.stderr)
                continue
            unreadable = True
            tally["unreadable"] += 1
            print(f"无法读取：{outcome.problem or outcome.path}", file=sys.stderr)
            continue
        with_errors = any(finding.is_error for finding in outcome.findings)
        has_errors = has_errors or with_errors
        tally["errors" if with_errors else "warnings" if outcome.findings else "clean"] += 1
        if args.json:
            results.append(report_json(report, outcome.findings, last_year))
        else:
            print_findings(report, outcome.findings, last_year)
    if skipped == len(found):
        print(f"错误：没有找到可检查的年报或数字文件（跳过了 {skipped} 个其他文件）。", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        single = len(args.paths) == 1 and not args.paths[0].is_dir() and results
        print(json.dumps(results[0] if single else results, ensure_ascii=False, indent=2))
    elif len(found) > 1:
        print(summary_line(tally, skipped))
    return EXIT_UNREADABLE if unreadable else EXIT_FINDINGS if has_errors else EXIT_OK

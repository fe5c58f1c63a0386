"""``gongkai check PATH... [--last-year FILE] [--json]``: every rule on every report given."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from assistant.cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from assistant.domain.findings import Finding, Severity
from assistant.domain.report import Report
from assistant.domain.rules import check
from assistant.domain.rules.cells import cell_values
from assistant.errors import GongkaiError
from assistant.inputs import expand, load

# Below this many files a process pool costs more to start than it saves.
POOL_THRESHOLD = 64


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check",
        help="检查年报：表格勾稽、正文与表格一致、与上年衔接等",
        description=(
            "检查年报文件或数字文件（目录则检查其中所有文件）。"
            "退出码：0 无错误，1 发现错误，2 有文件无法读取。"
        ),
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="年报文件、数字文件或目录")
    parser.add_argument("--last-year", type=Path, metavar="FILE", help="上年度的年报或数字文件，用于衔接检查")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（供其他工具使用）")
    parser.set_defaults(run=run)


def report_json(report: Report, findings: list[Finding] | None) -> dict[str, Any]:
    """The JSON contract of ``check --json`` (and, without findings, of ``figures --json``)."""
    data: dict[str, Any] = {
        "file": report.source,
        "agency": report.agency.name or None,
        "year": report.year,
        "format": report.format.value,
        "figures": cell_values(report),
    }
    if findings is not None:
        data["findings"] = [
            {
                "rule": finding.rule,
                "severity": finding.severity.value,
                "message": finding.message,
                "cells": finding.cells,
                "part": finding.part,
                "quote": finding.quote,
            }
            for finding in findings
        ]
    data["notes"] = list(report.notes)
    return data


def _check_one(path: Path, last_year: Report | None) -> tuple[Path, Report | None, list[Finding], str | None]:
    try:
        report = load(path)
    except GongkaiError as error:
        return path, None, [], error.message
    except Exception as error:  # a reader tripped on an input nobody foresaw: say so, check the rest
        return (
            path,
            None,
            [],
            f"{path.name}：读取时出现意外错误（{type(error).__name__}: {error}），请报告此问题。",
        )
    return path, report, check(report, last_year), None


def _check_all(
    paths: list[Path], last_year: Report | None
) -> Iterable[tuple[Path, Report | None, list[Finding], str | None]]:
    if len(paths) < POOL_THRESHOLD:
        return [_check_one(path, last_year) for path in paths]
    with ProcessPoolExecutor() as pool:
        return list(pool.map(_check_one, paths, [last_year] * len(paths), chunksize=32))


def describe(report: Report) -> str:
    who = report.agency.name or "（未注明机关）"
    year = f"{report.year}年度" if report.year else "年度未注明"
    return f"{who} · {year} · {report.format.value}年格式"


def print_findings(report: Report, findings: list[Finding]) -> None:
    errors = sum(finding.is_error for finding in findings)
    print(f"{report.source}：{describe(report)}")
    if not findings:
        print("  未发现问题。")
    else:
        print(f"  错误 {errors} 项，提醒 {len(findings) - errors} 项")
    for finding in findings:
        kind = "错误" if finding.severity is Severity.ERROR else "提醒"
        print(f"  [{kind} {finding.rule}] {finding.message}")
        if finding.quote:
            where = f"第{finding.part}部分" if finding.part and finding.part != "序言" else "正文"
            print(f"      {where}：“{finding.quote}”")
    for note in report.notes:
        print(f"  说明：{note}")


def run(args: argparse.Namespace) -> int:
    last_year = load(args.last_year) if args.last_year else None
    paths = list(expand(args.paths))
    if not paths:
        print("错误：没有找到可检查的年报或数字文件。", file=sys.stderr)
        return EXIT_UNREADABLE
    unreadable = False
    has_errors = False
    results: list[dict[str, Any]] = []
    for path, report, findings, problem in _check_all(paths, last_year):
        if report is None:
            unreadable = True
            print(f"无法读取：{problem or path}", file=sys.stderr)
            continue
        has_errors = has_errors or any(finding.is_error for finding in findings)
        if args.json:
            results.append(report_json(report, findings))
        else:
            print_findings(report, findings)
    if args.json:
        single = len(args.paths) == 1 and not args.paths[0].is_dir() and results
        print(json.dumps(results[0] if single else results, ensure_ascii=False, indent=2))
    return EXIT_UNREADABLE if unreadable else EXIT_FINDINGS if has_errors else EXIT_OK

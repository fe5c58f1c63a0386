"""``gongkai compare THIS LAST``: this year's report beside last year's, in the terminal,
as JSON (``--json``) or as one self-contained HTML page (``--html OUT.html``).

THIS and LAST are report documents (any format a reader handles) or figures files
(.yaml/.yml/.json).  ``--history`` adds earlier years' files to the year-over-year chart,
and ``--from-index`` the agency's earlier reports found in the index.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assistant.cli import EXIT_FINDINGS, EXIT_OK
from assistant.domain.comparison import compare
from assistant.domain.report import Report
from assistant.errors import UnwritableOutput
from assistant.render import comparison as comparison_text
from assistant.render.comparison_html import render_comparison_html
from assistant.service.inputs import load


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "compare",
        help="与上年报告对比：数字增减、结转衔接、文字重复、逐段差异、年度趋势图",
        description="将本年报告（或草稿）与上年报告对比。",
    )
    parser.add_argument("this", type=Path, metavar="本年报告", help="本年报告或草稿（文档或数字文件）")
    parser.add_argument("last", type=Path, metavar="上年报告", help="上年报告（文档或数字文件）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出完整对比结果")
    parser.add_argument("--html", type=Path, metavar="OUT.html", help="另存为可离线打开的 HTML 对比报告")
    parser.add_argument(
        "--history",
        type=Path,
        nargs="+",
        default=[],
        metavar="文件",
        help="更早年份的报告，用于年度趋势图",
    )
    parser.add_argument(
        "--from-index",
        action="store_true",
        help="同时从检索索引中找出本机关更早年份的年报，加入年度趋势图",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    this, last = load(args.this), load(args.last)
    history = [load(path) for path in args.history]
    if args.from_index and this.year is not None:
        history += indexed_history(this.agency.name, this.year, {report.year for report in (last, *history)})
    comparison = compare(this, last, history)
    if args.html is not None:
        write_html(args.html, render_comparison_html(comparison))
    if args.json:
        print(comparison.model_dump_json(indent=2))
    else:
        print(comparison_text.text(comparison))
        if args.html is not None:
            print(f"\nHTML 对比报告已保存：{args.html}")
    return EXIT_FINDINGS if comparison.has_errors else EXIT_OK


def write_html(path: Path, html: str) -> None:
    """Save the HTML comparison, or say in Chinese why it cannot be saved there."""
    if path.is_dir():
        raise UnwritableOutput(f"{path}：这是一个目录，请给出要保存的文件名（如 对比.html）。")
    if not path.parent.is_dir():
        raise UnwritableOutput(f"{path}：目录“{path.parent}”不存在，无法保存对比报告。")
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as error:
        raise UnwritableOutput(f"{path}：无法保存对比报告（{error.strerror or error}）。") from error


def indexed_history(agency: str, year: int, known_years: set[int | None]) -> list[Report]:
    """The agency's earlier reports found in the index, for years not given as files."""
    from assistant.bootstrap import bootstrap
    from assistant.service.history import earlier_reports

    found = earlier_reports(bootstrap().index().documents(), agency, year, load)
    return [report for report in found if report.year not in known_years]

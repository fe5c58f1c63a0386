"""``gongkai export INPUT -o report.docx``: the report as a .docx in the official layout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.domain.layout import CELL_BY_KEY, ReportFormat, cell_name
from assistant.domain.report import Report
from assistant.errors import UnwritableOutput

EXIT_OK = 0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help="把年报导出为公文格式的 Word 文档（.docx）",
        description="把年报导出为 .docx：标题、序言、第一至六部分、"
        "表二至表四（官方格式，合计自动计算）、落款。",
    )
    parser.add_argument(
        "input",
        type=Path,
        help="数据文件（.yaml/.yml/.json/.tsv）、年报文档（.docx/.pdf/.html/.txt/.md）或工作区（@机关名称/年度）",
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="导出的文件（默认：与输入同名的 .docx，放在当前目录）"
    )
    parser.set_defaults(run=run)


def load_input(path: Path) -> Report:
    """A report from a figures file, a report document or a saved workspace."""
    from assistant.service.inputs import load

    return load(path)


def default_output(source: Path, report: Report) -> Path:
    """Beside the user: the input's name, or for a saved workspace the report's title."""
    from assistant.service.inputs import is_workspace_reference

    name = report.title if is_workspace_reference(source) else source.stem
    return Path.cwd() / f"{name}.docx"


def warnings_for(report: Report) -> list[str]:
    """What the user should know about the exported file before sending it on."""
    from assistant.writers.tables import changed_totals

    found = []
    if not report.agency.name:
        found.append("未识别出机关名称：标题与落款中缺少机关名称，请在 Word 中补上。")
    if report.year is None:
        found.append("未识别出报告年度：标题中缺少年度，请在 Word 中补上。")
    if report.format is ReportFormat.F2019:
        found.append("本报告为2019年试行格式，表格按试行格式导出。")
    for key, stated, derived in changed_totals(report):
        found.append(f"{cell_name(key, report.format)}原文为 {stated}，导出时按明细合计为 {derived}。")
    cells = CELL_BY_KEY[report.format]
    unprinted = dict.fromkeys(f"“{cells[key].row_label}”" for key in report.not_printed if key in cells)
    if unprinted:
        found.append(
            f"原文表二未列出{'、'.join(unprinted)}行；导出按国家格式列出这些行并填 0，"
            "如本机关确有该项数据请改正。"
        )
    return found


def run(args: argparse.Namespace) -> int:
    from assistant.writers import write_report, writer_for

    source: Path = args.input
    if args.output is not None:
        writer_for(args.output)  # an unsupported output format is said before the input is read
    report = load_input(source)
    output: Path = args.output or default_output(source, report)
    if output.resolve() == source.resolve():
        raise UnwritableOutput(f"{output.name}：导出文件不能覆盖输入文件，请用 -o 另指定文件名。")
    written = write_report(report, output)
    for warning in warnings_for(report):
        print(f"注意：{warning}", file=sys.stderr)
    print(f"已导出：{written}")
    return EXIT_OK

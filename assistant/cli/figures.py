"""``gongkai figures FILE [--json]``: the canonical figures read from one file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assistant.cli import EXIT_OK
from assistant.cli.check import printed_figures, report_json
from assistant.domain.figures_text import figures_from_text
from assistant.domain.layout import CELL_BY_KEY
from assistant.domain.report import Report
from assistant.errors import UnreadableInput
from assistant.render.findings import report_line
from assistant.service.inputs import load


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "figures",
        help="读出文件中的全部统计数字（规范键名）",
        description="读出年报、数字文件（.yaml/.json/.tsv）或一段文字中的全部统计数字。",
    )
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help="年报文件或数字文件")
    parser.add_argument("--text", metavar="文字", help="直接读一段文字，如“行政处罚3件，新收申请12件”")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    unmatched: list[str] = []
    if args.text is not None:
        typed = figures_from_text(args.text)
        if not typed.figures:
            # Only pieces that could not be placed: printing a table of zeros would hide that.
            pieces = "；".join(typed.unmatched)
            raise UnreadableInput(f"这段文字中没有读出任何可以填入表格的数字。未能对应的内容：{pieces}")
        report = typed.to_input().to_report(source=None)
        unmatched = typed.unmatched
    elif args.file is not None:
        report = load(args.file)
    else:
        raise UnreadableInput("请给出一个文件，或用 --text 给出一段文字。")
    if args.json:
        data = report_json(report, None)
        if args.text is not None:
            data["unmatched"] = unmatched
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print_figures(report)
    for piece in unmatched:
        print(f"  未能对应到表格单元格：{piece}")
    return EXIT_OK


def print_figures(report: Report) -> None:
    """Stated cells and non-zero derived totals, table by table; the zeros left out are counted."""
    cells = CELL_BY_KEY[report.format]
    print(f"{report.source or '输入文字'}：{report_line(report)}")
    if not report.tables_read:
        for note in report.notes:
            print(f"  说明：{note}")
        return
    unstated = 0
    shown_table = 0
    for key, value in printed_figures(report).items():
        cell = cells[key]
        stated = key in report.figures
        if not stated and not (cell.is_total and value):
            unstated += not cell.is_total
            continue
        if cell.table != shown_table:
            shown_table = cell.table
            print(f"  表{'二三四'[shown_table - 2]}")
        marker = "" if stated else "（推算）"
        print(f"    {key:<42} {value:>10}  {cell.row_label[:24]}·{cell.column_label}{marker}")
    if unstated:
        print(f"  其余 {unstated} 个单元格未填写，按 0 计。")
    for note in report.notes:
        print(f"  说明：{note}")

"""``gongkai aggregate DIR|@地区 -o 汇总.xlsx|.json [--year 2024] [--cell 行名] [--workspace 机关]``:
a region's tables summed cell by cell into the county's tables, each total traceable.

The rules (R1–R5) run on the sum; every source report's own errors are listed so that a wrong
source is not summed silently; agencies missing or sent twice are named.  ``--cell`` shows
which agencies are behind a cell; ``--workspace`` starts the county's own report from the sum.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.bootstrap import bootstrap
from assistant.cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, exit_codes
from assistant.cli.review import StderrProgress, add_region_arguments, region_sources
from assistant.domain.aggregate import Aggregate, find_cells
from assistant.domain.layout import cell_name
from assistant.domain.region import RegionReview
from assistant.errors import GongkaiError, UnwritableOutput
from assistant.render import findings as rendered
from assistant.render.region import aggregate_json
from assistant.writers import writing

OUTPUT_SUFFIXES = (".xlsx", ".json")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "aggregate",
        help="汇总：把一个地区各机关年报的表二至表四逐格相加，每个合计可追溯到来源机关",
        description="把一个地区各机关年报的表格逐格相加为本级汇总表，对汇总结果做勾稽检查，"
        "列出有错误的来源报告、重复报送和未报送的机关。" + exit_codes("汇总表或来源报告有错误"),
    )
    add_region_arguments(parser)
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="汇总.xlsx", help="输出文件（.xlsx 或 .json）"
    )
    parser.add_argument(
        "--cell",
        action="append",
        default=[],
        metavar="单元格",
        help="列出某个单元格的来源机关（键名或行名，如“危及三安全一稳定”）",
    )
    parser.add_argument(
        "--workspace", metavar="机关名称", help="用汇总数字建立（或打开）本级政府的工作区，如 青川县人民政府"
    )
    parser.add_argument("--replace", action="store_true", help="与 --workspace 同用：覆盖工作区中已有的数据")
    parser.set_defaults(run=run)


def _check_output(path: Path) -> None:
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UnwritableOutput(f"{path}：汇总只能保存为 .xlsx 或 .json。")
    if path.is_dir():
        raise UnwritableOutput(f"{path}：这是一个目录，请给出文件名（如 汇总.xlsx）。")
    if not path.parent.is_dir():
        raise UnwritableOutput(f"{path}：目录“{path.parent}”不存在。")


def drill_down_lines(aggregate: Aggregate, query: str) -> list[str]:
    """Who is behind the cells a reviewer names (by key or row words)."""
    found = find_cells(query, aggregate.format)
    if not found:
        raise GongkaiError(
            f"找不到单元格“{query}”：请写键名（如 t3.new.total）或行名中的文字（如 危及三安全一稳定）。"
        )
    totals = aggregate.totals
    lines = []
    for key in found:
        contributions = aggregate.contributions(key)
        lines.append(
            f"{cell_name(key, aggregate.format)} = {totals[key]}（{key}），来自 {len(contributions)} 个机关："
        )
        lines += [f"  {c.agency}：{c.value}（{c.source}）" for c in contributions] or ["  （没有机关填报）"]
    return lines


def aggregate_lines(aggregate: Aggregate, review: RegionReview) -> list[str]:
    year = f"{aggregate.year}年度" if aggregate.year else ""
    listed = f"（名单 {len(review.members)} 个机关）" if review.members else ""
    lines = [f"{aggregate.region}{year}汇总：计入 {aggregate.count} 份报告的表格{listed}。"]
    missing = review.missing
    if missing:
        lines.append(f"未收到报告（未计入）：{'、'.join(m.name for m in missing)}")
    lines += [f"未计入：{item.agency}（{item.source}）：{item.reason}" for item in aggregate.excluded]
    lines += [f"无法读取：{item.reason}" for item in review.unreadable]
    lines += [f"其他年度（未计入）：{item.reason}" for item in review.other_years]
    if aggregate.sources_with_errors:
        lines.append("来源报告本身有错误（已计入汇总，请核实后更正）：")
        for source in aggregate.sources_with_errors:
            lines.append(f"  {source.agency}（{source.source}）")
            lines += rendered.text_lines(source.errors, indent="    ")
    findings = aggregate.findings()
    lines.append("汇总表核对：" + ("勾稽关系无误。" if not findings else f"{len(findings)} 处不符："))
    lines += rendered.text_lines(findings, indent="  ")
    return lines


def write_output(aggregate: Aggregate, review: RegionReview, path: Path) -> None:
    with writing(path, "Excel/WPS"):
        if path.suffix.lower() == ".json":
            data = aggregate_json(aggregate, review)
            path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            from assistant.writers.aggregate_xlsx import write_aggregate

            write_aggregate(aggregate, path, review)


def run(args: argparse.Namespace) -> int:
    from assistant.service.regions import review_region, start_county_workspace

    _check_output(args.output)
    sources = region_sources(args)
    if not sources.reports:
        print("错误：没有找到可汇总的年报或数字文件。", file=sys.stderr)
        return EXIT_UNREADABLE
    result = review_region(sources, args.year, keep_details=False, progress=StderrProgress())
    aggregate, review = result.aggregate, result.review
    print("\n".join(aggregate_lines(aggregate, review)))
    for query in args.cell:
        print("\n".join(drill_down_lines(aggregate, query)))
    write_output(aggregate, review, args.output)
    print(f"汇总已保存：{args.output}")
    if args.workspace:
        workspace = start_county_workspace(
            bootstrap().store().workspaces, aggregate, args.workspace, replace=args.replace
        )
        print(
            f"汇总数字已写入工作区 @{workspace.agency}/{workspace.year}，"
            "可在网页界面或 gongkai draft 中起草本级年报。"
        )
    if review.unreadable:
        return EXIT_UNREADABLE
    has_errors = any(f.is_error for f in aggregate.findings()) or aggregate.sources_with_errors
    return EXIT_FINDINGS if has_errors else EXIT_OK

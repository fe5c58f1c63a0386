"""``gongkai search "问题"``: ranked passages from past reports and regulations, with citations."""

from __future__ import annotations

import argparse
import json

from assistant.bootstrap import bootstrap
from assistant.cli import EXIT_OK
from assistant.domain.ports import SearchFilter


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "search", help="检索往年年报和法规", description="按问题检索已索引的年报和法规，每条结果附出处。"
    )
    parser.add_argument("query", metavar="问题")
    parser.add_argument("--agency", help="只看某机关（名称的一部分即可）")
    parser.add_argument("--year", type=int, help="只看某年度")
    parser.add_argument("--part", help="只看某部分：序言、一 至 六，或 一（四）")
    parser.add_argument("--kind", choices=("report", "regulation"), help="只看年报或法规")
    parser.add_argument("-k", type=int, default=5, help="返回条数（默认 5）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    index = bootstrap().index()
    if index.count() == 0:
        print("索引为空：请先运行 gongkai index 路径 添加年报和法规文件。")
        return EXIT_OK
    where = SearchFilter(agency=args.agency, year=args.year, part=args.part, kind=args.kind)
    passages = index.search(args.query, k=args.k, where=where)
    if args.json:
        print(json.dumps([p.model_dump() for p in passages], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not passages:
        print("没有找到符合条件的内容。")
    for number, passage in enumerate(passages, start=1):
        quote = passage.citation.quote.replace("\n", " ")
        print(f"{number}. 【{passage.citation.label()}】")
        print(f"   {quote[:200]}{'…' if len(quote) > 200 else ''}")
        print(f"   出处：{passage.citation.file}")
    return EXIT_OK

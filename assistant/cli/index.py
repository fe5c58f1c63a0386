"""``gongkai index PATH...``: add past reports and regulation texts to the retrieval index."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.bootstrap import bootstrap
from assistant.cli import EXIT_OK, EXIT_UNREADABLE
from assistant.retrieval.fallback import lexical_only_notice


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "index",
        help="索引往年年报和法规文件（供检索与起草引用）",
        description="把往年年报和法规文件加入检索索引；未改动的文件跳过，改动的替换，已删除的移除。",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="路径", help="文件或目录")
    parser.add_argument(
        "--kind",
        choices=("report", "regulation"),
        help="文件类型：report 年报，regulation 法规（默认自动判断）",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    services = bootstrap()
    index = services.index()
    notice = lexical_only_notice(services.settings)
    if notice:
        print(f"注意：{notice}")
    summary = index.index(
        args.paths,
        kind=args.kind,
        progress=lambda files: tqdm(files, desc="索引", unit="个文件", ncols=80),
    )
    print(
        f"新增 {len(summary.added)} 个文件，更新 {len(summary.replaced)} 个，"
        f"移除 {len(summary.removed)} 个，未变 {len(summary.unchanged)} 个；"
        f"写入 {summary.chunks} 个片段，索引共 {index.count()} 个片段。"
    )
    for message in summary.failed:
        print(f"未能索引：{message}")
    indexed = summary.added or summary.replaced or summary.unchanged
    return EXIT_UNREADABLE if summary.failed and not indexed else EXIT_OK

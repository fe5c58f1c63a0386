"""``gongkai region add|list|show|delete``: save a region once, then name it "@青川县".

A region's agencies come from a list (.xlsx/.csv), from the reports in a folder, or from the
saved workspaces; where its reports arrive is saved with it (``--folder``, ``--workspaces``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assistant.bootstrap import bootstrap
from assistant.cli import EXIT_OK, action_on_one, actions_of, print_listing
from assistant.errors import GongkaiError
from assistant.readers.agency_list import read_agency_list
from assistant.store.regions import REGION_MARK, SavedRegion


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "region",
        help="保存地区（一个县的各部门和乡镇），之后用“@地区名称”审核和汇总",
        description="保存、列出、查看或删除地区。",
    )
    actions = actions_of(parser)
    add = actions.add_parser("add", help="保存地区（同名则替换）", description="保存地区；同名的地区被替换。")
    add.add_argument("name", metavar="地区名称", help="如 青川县")
    add.add_argument("--list", type=Path, metavar="名单", help="机关名单（.xlsx 或 .csv：机关名称、类别）")
    add.add_argument("--folder", type=Path, metavar="目录", help="该地区各机关报送年报的目录")
    add.add_argument("--workspaces", action="store_true", help="该地区各机关的报告在已保存的工作区中")
    add.add_argument(
        "--year", type=int, metavar="年度", help="与 --workspaces 同用、无名单时：取该年度的工作区的机关"
    )
    add.set_defaults(run=run_add)
    actions.add_parser("list", help="列出已保存的地区").set_defaults(run=run_list)
    action_on_one(actions, "show", run_show, metavar="地区名称", help="列出地区的机关")
    action_on_one(
        actions, "delete", run_delete, metavar="地区名称", help="删除已保存的地区（不删除任何年报）"
    )


def describe(saved: SavedRegion) -> str:
    where = []
    if saved.folder:
        where.append(f"目录 {saved.folder}")
    if saved.workspaces:
        where.append("工作区")
    members = len(saved.region.members)
    return f"{REGION_MARK}{saved.name}\t{members} 个机关，报告来自：{'、'.join(where) or '未指定'}"


def run_add(args: argparse.Namespace) -> int:
    from assistant.service.regions import region_from_reports, region_from_workspaces

    if args.folder is not None and not args.folder.is_dir():
        raise GongkaiError(f"{args.folder}：目录不存在。")
    services = bootstrap()
    if args.list:
        region = read_agency_list(args.list, args.name)
    elif args.folder:
        region = region_from_reports(args.name, [args.folder])
    elif args.workspaces:
        region = region_from_workspaces(services.store().workspaces, args.name, args.year)
    else:
        raise GongkaiError("请用 --list（机关名单）、--folder（年报目录）或 --workspaces 给出地区的机关。")
    saved = services.store().regions.save(
        region, folder=args.folder.resolve() if args.folder else None, workspaces=args.workspaces
    )
    print(f"已保存：{describe(saved)}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    return print_listing(
        [describe(saved) for saved in bootstrap().store().regions.all()],
        "还没有保存的地区。用 gongkai region add 地区名称 --list 名单.xlsx 保存。",
    )


def run_show(args: argparse.Namespace) -> int:
    saved = bootstrap().store().regions.get(args.name)
    print(describe(saved))
    for member in saved.region.members:
        print(f"  {member.name}\t{member.kind.value if member.kind else '类别未知'}")
    return EXIT_OK


def run_delete(args: argparse.Namespace) -> int:
    services = bootstrap()
    services.store().regions.get(args.name)
    services.store().regions.delete(args.name)
    print(f"已删除地区 {REGION_MARK}{args.name.removeprefix(REGION_MARK)}。")
    return EXIT_OK

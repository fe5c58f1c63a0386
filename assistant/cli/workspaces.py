"""``gongkai workspaces``: the work saved in the web assistant, to name on the command line."""

from __future__ import annotations

import argparse

from assistant.bootstrap import bootstrap
from assistant.cli import print_listing
from assistant.domain.report import Place
from assistant.store.workspaces import WORKSPACE_MARK, Workspace


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "workspaces",
        help="列出网页界面中保存的工作区",
        description=(
            "列出已保存的工作区；在 check、figures、compare、export、draft 中可用“@机关名称/年度”代替文件。"
        ),
    )
    parser.set_defaults(run=run)


def _listed(workspace: Workspace) -> str:
    written = sum(1 for place in Place if workspace.text(place).strip())
    figures = "已录入数据" if workspace.figures else "未录入数据"
    changed = workspace.updated_at[:16].replace("T", " ")
    return (
        f"{WORKSPACE_MARK}{workspace.agency}/{workspace.year}\t{figures}，"
        f"正文 {written}/{len(Place)} 部分，最后修改 {changed}（UTC）"
    )


def run(args: argparse.Namespace) -> int:
    return print_listing(
        [_listed(workspace) for workspace in bootstrap().store().workspaces.all()],
        "还没有保存的工作区。运行 make run 打开网页界面，在左侧栏新建年报。",
    )

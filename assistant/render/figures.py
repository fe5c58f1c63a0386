"""Figures as people read them: what a paste put where, and tables 2–4 in Markdown."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.domain.forms import check_grids
from assistant.domain.layout import ReportFormat, cell_name
from assistant.domain.report import Figure


def plain(value: Figure) -> str:
    """3 rather than 3.0; an amount keeps its decimals (2.5)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def read_summary(figures: Mapping[str, Figure], shown: int = 10) -> str:
    """What a paste put where, by official labels: "行政处罚·本年处理决定数量 3；…", the first
    ``shown`` figures and then how many there are in all."""
    if not figures:
        return "没有读到可以确定位置的数据。"
    items = [f"{cell_name(key, compact=True)} {plain(value)}" for key, value in figures.items()]
    more = f"等 {len(items)} 项" if len(items) > shown else ""
    return f"已读取 {len(items)} 项数据：" + "；".join(items[:shown]) + more + "。"


def read_markdown(figures: Mapping[str, Figure], notes: list[str], unmatched: list[str]) -> str:
    """The chat's confirmation of what was read: each figure under its official cell name."""
    lines = [f"已读取 {len(figures)} 项数据并写入本年数据："] if figures else ["没有读到可以确定位置的数据。"]
    lines += [f"- {cell_name(key)}：**{plain(value)}**" for key, value in figures.items()]
    lines += [f"> 说明：{note}" for note in notes]
    if unmatched:
        lines.append("\n以下内容无法确定对应哪个单元格，未写入，请说得更具体些：")
        lines += [f"- {piece}" for piece in unmatched]
    return "\n".join(lines)


def tables_markdown(figures: Mapping[str, Figure], fmt: ReportFormat = ReportFormat.F2021) -> str:
    """Tables 2–4 as Markdown, only the rows with a figure (a whole table of zeros says little)."""
    parts = []
    for grids in check_grids(fmt).values():
        blocks = []
        for grid in grids:
            rows = [
                (label, values)
                for label, values in zip(grid.row_labels, grid.values(figures, stated=True), strict=True)
                if any(values)
            ]
            if not rows:
                continue
            header = f"| 项目 | {' | '.join(grid.column_labels)} |"
            rule = "|---" * (len(grid.column_labels) + 1) + "|"
            body = [
                f"| {label} | {' | '.join('' if v is None else plain(v) for v in values)} |"
                for label, values in rows
            ]
            blocks.append("\n".join([*([grid.section, ""] if grid.section else []), header, rule, *body]))
        title = grids[0].title
        heading = f"**{title}**（只列出有数字的行）" if blocks else f"**{title}**：全部为 0。"
        parts.append("\n\n".join([heading, *blocks]))
    return "\n\n".join(parts)

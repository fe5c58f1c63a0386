"""Synthetic reports of a fictional town (青川县清溪镇), rendered as the seed's flattened text
layout or as a .docx with merged header cells, so that every rule can be shown broken alone.

A report is a ``ReportSpec``: agency, year, publication date, leaf figures, stated totals
that differ from the derived ones (to break R2–R4), and the narrative by part.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.domain.layout import (
    T2_SECTIONS_2021,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    ReportFormat,
    t3_rows,
)
from assistant.domain.report import Figure
from assistant.domain.totals import complete

AGENCY = "青川县清溪镇人民政府"
PLACE = "清溪镇"

CLEAN_FIGURES: dict[str, Figure] = {
    "t2.normative.issued": 1,
    "t2.normative.in_force": 5,
    "t2.licensing.decisions": 12,
    "t2.penalty.decisions": 3,
    "t2.fees.amount": 0.5,
    "t3.new.natural": 4,
    "t3.new.business": 1,
    "t3.carried_in.natural": 1,
    "t3.disclosed.natural": 3,
    "t3.partial.business": 1,
    "t3.unavailable.not_held.natural": 1,
    "t3.carried_out.natural": 1,
    "t4.review.upheld": 1,
}

CLEAN_NARRATIVE: dict[str, str] = {
    "preamble": (
        "本报告根据《中华人民共和国政府信息公开条例》编制。报告中所列数据统计期限为{year}年1月1日至12月31日。"
    ),
    "overview": "{year}年，清溪镇人民政府围绕全镇中心工作，扎实推进政务公开，助力清溪高质量发展。",
    "（一）": (
        "{year}年，清溪镇通过政府网站主动公开政府信息共30条（其中，工作动态20条；通知公告6条；政策文件4条）。"
        "全年作出行政处罚3件。"
    ),
    "（二）": "{year}年，清溪镇共收到政府信息公开申请5件，均在法定期限内答复。",
    "（三）": "清溪镇建立公开前保密审查制度，规范信息发布流程。",
    "（四）": "清溪镇依托政府网站和“清溪发布”公众号发布信息，做好留言回复。",
    "（五）": "清溪镇将政务公开纳入年度工作考核，邀请群众代表开展社会评议，本年度未发生责任追究情况。",
    "五": "一是部分栏目更新不够及时，已明确专人每周检查；二是政策解读形式单一，已增加图解解读。",
    "六": "清溪镇本年度未收取政府信息公开信息处理费。",
}

SUBPART_TITLES = {
    "（一）": "主动公开情况",
    "（二）": "依申请公开情况",
    "（三）": "政府信息管理情况",
    "（四）": "政府信息公开平台建设情况",
    "（五）": "监督保障情况",
}


@dataclass
class ReportSpec:
    """What a synthetic report says; ``render_text``/``render_docx`` write it out."""

    year: int = 2023
    agency: str = AGENCY
    published: str = "2024年1月20日"
    figures: dict[str, Figure] = field(default_factory=lambda: dict(CLEAN_FIGURES))
    stated: dict[str, Figure] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=lambda: dict(CLEAN_NARRATIVE))

    def copy(self, **changes: Any) -> ReportSpec:
        spec = copy.deepcopy(self)
        for name, value in changes.items():
            setattr(spec, name, value)
        return spec

    def values(self) -> dict[str, Figure]:
        values = complete(self.figures, ReportFormat.F2021)
        values.update(self.stated)
        return values

    def text(self, key: str) -> str:
        return self.narrative.get(key, "").format(year=self.year)

    def title(self) -> str:
        return f"{PLACE}{self.year}年政府信息公开工作年度报告"


def _number(value: Figure) -> str:
    return str(value)


def table2_rows(values: dict[str, Figure]) -> list[list[str]]:
    rows: list[list[str]] = []
    for section in T2_SECTIONS_2021:
        rows.append([section.article_item])
        rows.append(["信息内容", *(label for _, label in section.columns)])
        for row, label in section.rows:
            rows.append([label, *(_number(values[f"t2.{row}.{col}"]) for col, _ in section.columns)])
    return rows


def table3_rows(values: dict[str, Figure]) -> list[list[str]]:
    rows: list[list[str]] = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        ["", "自然人", "法人或其他组织", "总计"],
        ["", "", *(label for _, label in T3_COLUMNS[1:6]), ""],
    ]
    seen_groups: set[str] = set()
    for row in t3_rows(ReportFormat.F2021):
        numbers = [_number(values[f"t3.{row.key}.{col}"]) for col, _ in T3_COLUMNS]
        if row.key in ("new", "carried_in", "carried_out"):
            rows.append([row.label, *numbers])
        elif row.key == "disclosed":
            rows.append(["三、本年度办理结果", row.label, *numbers])
        elif row.group is None:
            rows.append(["", row.label, *numbers])
        elif row.group not in seen_groups:
            seen_groups.add(row.group)
            rows.append(["", row.group_label or "", row.label, *numbers])
        else:
            rows.append(["", "", row.label, *numbers])
    return rows


def table4_rows(values: dict[str, Figure]) -> list[list[str]]:
    columns = [label for _, label in T4_COLUMNS]
    return [
        ["行政复议", "行政诉讼"],
        [*columns, "未经复议直接起诉", "复议后起诉"],
        ["", "", "", "", "", *columns, *columns],
        [_number(values[f"t4.{group}.{col}"]) for group, _ in T4_GROUPS for col, _ in T4_COLUMNS],
    ]


def _overview_lines(spec: ReportSpec) -> list[str]:
    lines = ["一、总体情况"]
    if spec.text("overview"):
        lines.append(spec.text("overview"))
    for sub, title in SUBPART_TITLES.items():
        body = spec.text(sub)
        if body:
            lines.append(f"{sub}{title}")
            lines.append(body)
    return lines


def render_text(spec: ReportSpec) -> str:
    """The report in the seed's flattened layout: one cell a tab-led line, rows split by blank lines."""
    values = spec.values()
    out: list[str] = [spec.title(), spec.text("preamble"), *_overview_lines(spec)]

    def table(heading: str, rows: list[list[str]]) -> None:
        out.append(heading)
        for row in rows:
            out.extend(f"\t{cell}" for cell in row)
            out.append("")
        out.append("")

    table("二、主动公开政府信息情况", table2_rows(values))
    table("三、收到和处理政府信息公开申请情况", table3_rows(values))
    table("四、政府信息公开行政复议、行政诉讼情况", table4_rows(values))
    out += ["五、存在的主要问题及改进情况", spec.text("五"), "六、其他需要报告的事项", spec.text("六")]
    out += [spec.agency, spec.published, ""]
    return "\n".join(line for line in out if line is not None)


def write_text(spec: ReportSpec, path: Path) -> Path:
    path.write_text(render_text(spec), encoding="utf-8")
    return path


def write_docx(spec: ReportSpec, path: Path) -> Path:
    """The report as Word saves it: three tables, header cells merged as in the template."""
    import docx

    values = spec.values()
    document = docx.Document()
    document.add_paragraph(spec.title())
    document.add_paragraph(spec.text("preamble"))
    for line in _overview_lines(spec):
        document.add_paragraph(line)

    document.add_paragraph("二、主动公开政府信息情况")
    rows2 = table2_rows(values)
    table = document.add_table(rows=len(rows2), cols=4)
    grid = [list(row.cells) for row in table.rows]
    for r, row in enumerate(rows2):
        for c, text in enumerate(row):
            grid[r][c].text = text
        if len(row) < 4:
            grid[r][len(row) - 1].merge(grid[r][3]).text = row[-1]

    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    rows = t3_rows(ReportFormat.F2021)
    table = document.add_table(rows=3 + len(rows), cols=10)
    # python-docx's table.cell() walks the whole table on every call: take the grid once.
    cell = [list(row.cells) for row in table.rows]
    for index, row in enumerate(rows):
        for c, (col, _) in enumerate(T3_COLUMNS, start=3):
            cell[3 + index][c].text = _number(values[f"t3.{row.key}.{col}"])
    for c, (_, label) in enumerate(T3_COLUMNS[1:6], start=4):
        cell[2][c].text = label
    for index, row in enumerate(rows):
        at = 3 + index
        if row.key in ("new", "carried_in", "carried_out"):
            cell[at][0].merge(cell[at][2]).text = row.label
        elif row.group is None:
            cell[at][1].merge(cell[at][2]).text = row.label
        else:
            cell[at][2].text = row.label
    cell[5][0].merge(cell[3 + len(rows) - 2][0]).text = "三、本年度办理结果"
    for group in ("withheld", "unavailable", "not_processed", "other_handling"):
        members = [3 + i for i, row in enumerate(rows) if row.group == group]
        label = next(row.group_label for row in rows if row.group == group) or ""
        cell[members[0]][1].merge(cell[members[-1]][1]).text = label
    cell[0][0].merge(cell[2][2]).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    cell[1][3].merge(cell[2][3]).text = "自然人"
    cell[1][9].merge(cell[2][9]).text = "总计"
    cell[1][4].merge(cell[1][8]).text = "法人或其他组织"
    cell[0][3].merge(cell[0][9]).text = "申请人情况"

    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    table = document.add_table(rows=4, cols=15)
    cell = [list(row.cells) for row in table.rows]
    numbers = table4_rows(values)[3]
    for c in range(15):
        cell[2][c].text = T4_COLUMNS[c % 5][1]
        cell[3][c].text = numbers[c]
    cell[1][5].merge(cell[1][9]).text = "未经复议直接起诉"
    cell[1][10].merge(cell[1][14]).text = "复议后起诉"
    cell[0][0].merge(cell[1][4]).text = "行政复议"
    cell[0][5].merge(cell[0][14]).text = "行政诉讼"

    document.add_paragraph("五、存在的主要问题及改进情况")
    document.add_paragraph(spec.text("五"))
    document.add_paragraph("六、其他需要报告的事项")
    document.add_paragraph(spec.text("六"))
    document.add_paragraph(spec.agency)
    document.add_paragraph(spec.published)
    document.save(str(path))
    return path

"""Figures typed in a chat: "行政处罚3件，行政许可1,204件；新收申请12件，其中自然人10件…".

The text is cut into clauses; each number is tied to a cell by the words in front of it
(and, for "其中自然人10件" or "废止1件", by the row the previous clause named).  What
cannot be tied to one cell — "行政诉讼2件" without saying which kind, "不予公开3件"
without its reasons — comes back in ``unmatched`` to be asked about, never guessed.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.domain.figures import FiguresInput, figure_value
from assistant.domain.layout import ReportFormat, t3_rows
from assistant.domain.numbers import as_figure, parse_number
from assistant.domain.report import Figure
from assistant.domain.rules.w3 import excerpt
from assistant.domain.table_mapping import t2_column, t2_row, t3_column, t3_group, t3_row, t4_column, t4_group
from assistant.errors import UnreadableInput

_DIGITS = str.maketrans("０１２３４５６７８９．，－−", "0123456789.,--")
_CLAUSE_SPLIT = re.compile(r"[；;。\n、，！!]|(?<!\d),|,(?!\d{3}(?:\D|$))")
_CN = "零〇一二两三四五六七八九十百千万"
_NUMBER = re.compile(
    rf"(?P<arabic>-?\d+(?:,\d{{3}})*(?:\.\d+)?)\s*(?P<unit>万元|元|件|条|个|项|次|起)?"
    rf"|(?P<chinese>[{_CN}]+)(?P<cn_unit>万元|件|条|个|项|次|起)"
)
_NO_APPLICATIONS = re.compile(r"(未|没有)(收到|受理|接到).{0,12}申请")
_UNITS = "万元|元|件|条|个|项|次|起"
# "二十余件", "十几件", "约3件", "近20件", "逾十件", "超过1,000件", "3件左右", "20多件": a rough
# count (or a bound) is no cell value.
_APPROXIMATE = re.compile(
    rf"(?:约|大约|大概|近|逾|超过)\s*[\d{_CN}几]|[\d{_CN}]\s*(?:余|多)\s*(?:{_UNITS})"
    rf"|几\s*[{_CN}]|[{_CN}]\s*几|几\s*(?:{_UNITS})|(?:\d|{_UNITS})\s*左右"
)

# The columns of 规章 and 行政规范性文件 (what was issued, repealed, is in force).
_DOCUMENT_COLUMNS = ("issued", "repealed", "in_force")
# Sentence cues, not table labels: “收到…申请12件” is 本年新收, “办结15件” the results' total.
_NEW_WORDS = ("收到", "受理", "接到", "申请数量", "申请总数")
_RESULT_WORDS = ("办结", "答复", "办理结果")


class TextFigures(BaseModel):
    """What a typed message gave: figures tied to keys, and the pieces that were not."""

    figures: dict[str, Figure] = Field(default_factory=dict)
    unmatched: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def to_input(self) -> FiguresInput:
        return FiguresInput(figures=dict(self.figures), notes=list(self.notes), format=ReportFormat.F2021)


class _Reader:
    """Walks the clauses of one message keeping the row the last clause named."""

    def __init__(self) -> None:
        self.result = TextFigures()
        self.table: int | None = None
        self.t3_row: str | None = None
        self.t3_group: str | None = None
        self.t2_row: str | None = None
        self.t4_group: str | None = None
        self.group_totals: dict[str, tuple[Figure, str]] = {}

    def put(self, key: str, value: Figure, clause: str) -> None:
        value, _ = figure_value(key, value, f"“{excerpt(clause, 40)}”", by_label=True)
        previous = self.result.figures.get(key)
        if previous is not None and previous != value:
            self.result.unmatched.append(f"{clause}（与前文所写的 {previous} 不一致，未采用）")
            return
        self.result.figures[key] = value

    def clause(self, clause: str) -> None:
        if _APPROXIMATE.search(clause):
            self.result.unmatched.append(
                f"{clause}（“约”“近”“逾”“超过”“余”“几”“多”“左右”是约数，表格须填确切件数，请写明具体数字）"
            )
            return
        if _NO_APPLICATIONS.search(clause):
            self.put("t3.new.total", 0, clause)
            self.table, self.t3_row = 3, "new"
            return
        start = 0
        for match in _NUMBER.finditer(clause):
            label = clause[start : match.start()]
            start = match.end()
            if match.group("arabic"):
                value = parse_number(match.group("arabic"))
                unit = match.group("unit") or ""
            else:
                value = parse_number(match.group("chinese"))
                unit = match.group("cn_unit") or ""
            if re.search(r"(19|20)\d\d$", match.group(0)) and clause[match.end() : match.end() + 1] == "年":
                continue
            if clause[match.end() : match.end() + 1] in {"%", "％"}:
                continue
            self.number(label, value, unit, clause)

    def number(self, label: str, value: Figure, unit: str, clause: str) -> None:
        if unit == "元" and ("收费" in label or self.t2_row == "fees"):
            self.result.notes.append(f"“{clause}”以元为单位，已换算为 {as_figure(value / 10000)} 万元。")
            value, unit = value / 10000, "万元"
        if self.t3(label, value, clause) or self.t4(label, value, clause) or self.t2(label, value, clause):
            return
        self.result.unmatched.append(clause.strip())

    def t3(self, label: str, value: Figure, clause: str) -> bool:
        row = t3_row(label, self.t3_group)
        group = t3_group(label)
        if row is None and group is None and any(word in label for word in _NEW_WORDS) and "申请" in label:
            row = "new"
        if row is None and group is None and any(word in label for word in _RESULT_WORDS):
            row = "results_total"
        column = t3_column(label)
        if row is None and group is None:
            if column is None or self.table != 3 or self.t3_row is None:
                return False
            row = self.t3_row
        if row is None and group is not None:
            self.table, self.t3_group, self.t3_row = 3, group, None
            if column is None:
                self.group_totals[group] = (value, clause.strip())
                return True
            return False
        assert row is not None
        self.table, self.t3_row = 3, row
        if "." in row:
            self.t3_group = row.split(".")[0]
        self.put(f"t3.{row}.{column or 'total'}", value, clause)
        return True

    def t4(self, label: str, value: Figure, clause: str) -> bool:
        group = t4_group(label)
        column = t4_column(label)
        if group is None:
            if "诉讼" in label:
                self.result.unmatched.append(f"{clause.strip()}（请说明是未经复议直接起诉还是复议后起诉）")
                self.table, self.t4_group = 4, None
                return True
            if column is None or self.table != 4 or self.t4_group is None:
                return False
            group = self.t4_group
        self.table, self.t4_group = 4, group
        self.put(f"t4.{group}.{column or 'total'}", value, clause)
        return True

    def t2(self, label: str, value: Figure, clause: str) -> bool:
        row = t2_row(label)
        column = t2_column(label)
        column = column if column in _DOCUMENT_COLUMNS else None
        if row is None:
            if column is None or self.table != 2 or self.t2_row not in {"rules", "normative"}:
                return False
            row = self.t2_row
        self.table, self.t2_row = 2, row
        if row in {"rules", "normative"}:
            if column is None:
                self.result.unmatched.append(f"{clause.strip()}（请说明是制发、废止还是现行有效件数）")
                return True
            self.put(f"t2.{row}.{column}", value, clause)
        elif row == "fees":
            self.put("t2.fees.amount", value, clause)
        elif row in {"licensing", "penalty", "coercion"}:
            self.put(f"t2.{row}.decisions", value, clause)
        else:
            return False
        return True

    def finish(self) -> TextFigures:
        leaves = {row.key for row in t3_rows(ReportFormat.F2021) if row.group}
        for group, (value, clause) in self.group_totals.items():
            given = [
                figure
                for key, figure in self.result.figures.items()
                if key.startswith(f"t3.{group}.") and key.endswith(".total") and key[3:-6] in leaves
            ]
            if not given:
                self.result.unmatched.append(f"{clause}（请说明属于哪一种具体情形）")
            elif as_figure(sum(given)) != value:
                self.result.unmatched.append(f"{clause}（与所列各情形之和 {as_figure(sum(given))} 不一致）")
        return self.result


def figures_from_text(text: str) -> TextFigures:
    """Figures from a message as staff type it; unknown pieces are returned, not guessed.

    A rough count (约、近、逾、超过、余、几、多、左右) is returned unmatched, never taken as exact; a
    message in which nothing at all is found is an error rather than an empty reading.
    """
    if not text.strip():
        raise UnreadableInput("输入的文字为空，没有找到数字。")
    reader = _Reader()
    for clause in _CLAUSE_SPLIT.split(text.translate(_DIGITS)):
        if clause and clause.strip():
            reader.clause(clause.strip())
    result = reader.finish()
    if not result.figures and not result.unmatched:
        raise UnreadableInput(
            "这段文字中没有读出任何统计数字。请写明栏目和确切件数，如“行政处罚3件，新收申请12件”。"
        )
    return result

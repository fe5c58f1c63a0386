"""The national report format as data: every table, row, column and canonical key.

The 2021 format (国办公开办函〔2021〕30号) is the one in force; the 2019 trial format
(国办公开办函〔2019〕60号) is kept because reports for 2019 and 2020 use it and
carry-over checks reach back across the change.  Keys follow ../shared/DOMAIN.md so
that figures files, readers, rules, writers and the UI all speak one vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class ReportFormat(StrEnum):
    F2021 = "2021"
    F2019 = "2019"


@dataclass(frozen=True)
class Cell:
    """One figure cell of a table: its canonical key and where it sits."""

    key: str
    table: int
    row_label: str
    column_label: str
    is_amount: bool = False
    may_be_negative: bool = False
    is_total: bool = False


# --- table 3 (依申请公开), shared by both formats -------------------------------------

APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other", "其他"),
)
T3_COLUMNS: tuple[tuple[str, str], ...] = (*APPLICANT_COLUMNS, ("total", "总计"))

WITHHELD_ROWS: tuple[tuple[str, str], ...] = (
    ("state_secret", "1.属于国家秘密"),
    ("law_prohibited", "2.其他法律行政法规禁止公开"),
    ("security_stability", "3.危及“三安全一稳定”"),
    ("third_party", "4.保护第三方合法权益"),
    ("internal_affairs", "5.属于三类内部事务信息"),
    ("process_info", "6.属于四类过程性信息"),
    ("enforcement_file", "7.属于行政执法案卷"),
    ("query_matter", "8.属于行政查询事项"),
)
UNAVAILABLE_ROWS: tuple[tuple[str, str], ...] = (
    ("not_held", "1.本机关不掌握相关政府信息"),
    ("needs_creation", "2.没有现成信息需要另行制作"),
    ("unclear", "3.补正后申请内容仍不明确"),
)
NOT_PROCESSED_ROWS: tuple[tuple[str, str], ...] = (
    ("petition", "1.信访举报投诉类申请"),
    ("duplicate", "2.重复申请"),
    ("publication", "3.要求提供公开出版物"),
    ("excessive", "4.无正当理由大量反复申请"),
    ("reconfirm", "5.要求行政机关确认或重新出具已获取信息"),
)
OTHER_HANDLING_ROWS: tuple[tuple[str, str], ...] = (
    ("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other", "3.其他"),
)


@dataclass(frozen=True)
class Table3Row:
    """A row of table 3: its key (without the ``t3.`` prefix and column) and labels."""

    key: str
    label: str
    group: str | None = None
    group_label: str | None = None
    is_outcome_leaf: bool = False


def _t3_rows(fmt: ReportFormat) -> tuple[Table3Row, ...]:
    rows: list[Table3Row] = [
        Table3Row("new", "一、本年新收政府信息公开申请数量"),
        Table3Row("carried_in", "二、上年结转政府信息公开申请数量"),
        Table3Row("disclosed", "（一）予以公开", is_outcome_leaf=True),
        Table3Row(
            "partial",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            is_outcome_leaf=True,
        ),
    ]
    groups = [
        ("withheld", "（三）不予公开", WITHHELD_ROWS),
        ("unavailable", "（四）无法提供", UNAVAILABLE_ROWS),
        ("not_processed", "（五）不予处理", NOT_PROCESSED_ROWS),
    ]
    if fmt is ReportFormat.F2021:
        groups.append(("other_handling", "（六）其他处理", OTHER_HANDLING_ROWS))
    for group, group_label, leaves in groups:
        for leaf, label in leaves:
            rows.append(Table3Row(f"{group}.{leaf}", label, group, group_label, True))
    if fmt is ReportFormat.F2019:
        rows.append(Table3Row("other_handling", "（六）其他处理", is_outcome_leaf=True))
    rows.append(Table3Row("results_total", "（七）总计"))
    rows.append(Table3Row("carried_out", "四、结转下年度继续办理"))
    return tuple(rows)


T3_ROWS_2021 = _t3_rows(ReportFormat.F2021)
T3_ROWS_2019 = _t3_rows(ReportFormat.F2019)

# --- table 4 (复议诉讼), shared by both formats ----------------------------------------

T4_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("suit_direct", "行政诉讼·未经复议直接起诉"),
    ("suit_after_review", "行政诉讼·复议后起诉"),
)
T4_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)

# --- table 2 (主动公开) ---------------------------------------------------------------


@dataclass(frozen=True)
class Table2Section:
    """A block of table 2: the article item it reports on, its rows and columns."""

    article_item: str
    rows: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...]


T2_SECTIONS_2021: tuple[Table2Section, ...] = (
    Table2Section(
        "第二十条第（一）项",
        (("rules", "规章"), ("normative", "行政规范性文件")),
        (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
    ),
    Table2Section("第二十条第（五）项", (("licensing", "行政许可"),), (("decisions", "本年处理决定数量"),)),
    Table2Section(
        "第二十条第（六）项",
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
        (("decisions", "本年处理决定数量"),),
    ),
    Table2Section(
        "第二十条第（八）项",
        (("fees", "行政事业性收费"),),
        (("amount", "本年收费金额（单位：万元）"),),
    ),
)

T2_SECTIONS_2019: tuple[Table2Section, ...] = (
    Table2Section(
        "第二十条第（一）项",
        (("rules", "规章"), ("normative", "规范性文件")),
        (("made", "本年新制作数量"), ("published", "本年新公开数量"), ("public_total", "对外公开总数量")),
    ),
    Table2Section(
        "第二十条第（五）项",
        (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
        (("prev_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
    ),
    Table2Section(
        "第二十条第（六）项",
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
        (("prev_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
    ),
    Table2Section(
        "第二十条第（八）项",
        (("fees", "行政事业性收费"),),
        (("prev_items", "上一年项目数量"), ("change", "本年增/减")),
    ),
    Table2Section(
        "第二十条第（九）项",
        (("procurement", "政府集中采购"),),
        (("items", "采购项目数量"), ("amount_yuan", "采购总金额")),
    ),
)


def t2_sections(fmt: ReportFormat = ReportFormat.F2021) -> tuple[Table2Section, ...]:
    """Table 2's blocks in a format, one per article item."""
    return T2_SECTIONS_2021 if fmt is ReportFormat.F2021 else T2_SECTIONS_2019


def _cells(fmt: ReportFormat) -> tuple[Cell, ...]:
    cells: list[Cell] = []
    for section in t2_sections(fmt):
        for row, row_label in section.rows:
            for col, col_label in section.columns:
                cells.append(
                    Cell(
                        f"t2.{row}.{col}",
                        2,
                        row_label,
                        col_label,
                        is_amount=col in {"amount", "amount_yuan"},
                        may_be_negative=col == "change",
                    )
                )
    t3_rows = T3_ROWS_2021 if fmt is ReportFormat.F2021 else T3_ROWS_2019
    for t3_row in t3_rows:
        for col, col_label in T3_COLUMNS:
            is_total = col == "total" or t3_row.key == "results_total"
            cells.append(Cell(f"t3.{t3_row.key}.{col}", 3, t3_row.label, col_label, is_total=is_total))
    for group, group_label in T4_GROUPS:
        for col, col_label in T4_COLUMNS:
            cells.append(Cell(f"t4.{group}.{col}", 4, group_label, col_label, is_total=col == "total"))
    return tuple(cells)


CELLS: dict[ReportFormat, tuple[Cell, ...]] = {fmt: _cells(fmt) for fmt in ReportFormat}
CELL_BY_KEY: dict[ReportFormat, dict[str, Cell]] = {
    fmt: {cell.key: cell for cell in cells} for fmt, cells in CELLS.items()
}


@cache
def keys(fmt: ReportFormat = ReportFormat.F2021) -> tuple[str, ...]:
    """Every canonical key of a format, in the order the tables print them."""
    return tuple(cell.key for cell in CELLS[fmt])


def t3_rows(fmt: ReportFormat = ReportFormat.F2021) -> tuple[Table3Row, ...]:
    return T3_ROWS_2021 if fmt is ReportFormat.F2021 else T3_ROWS_2019


@cache  # totals are derived many times a report: each rule derives them
def outcome_leaf_rows(fmt: ReportFormat = ReportFormat.F2021) -> tuple[str, ...]:
    """The outcome rows whose sum is （七）总计 (21 in the 2021 format, 19 in 2019's)."""
    return tuple(row.key for row in t3_rows(fmt) if row.is_outcome_leaf)


def format_of_keys(figure_keys: set[str] | frozenset[str]) -> ReportFormat:
    """The format a set of keys belongs to: the 2019 table 2 keys are distinctive."""
    trial_only = set(CELL_BY_KEY[ReportFormat.F2019]) - set(CELL_BY_KEY[ReportFormat.F2021])
    return ReportFormat.F2019 if figure_keys & trial_only else ReportFormat.F2021


# --- names ---------------------------------------------------------------------------

TABLE_TITLES: dict[int, str] = {
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
}


def table_number(table: int) -> str:
    """A table as reports cite it: 表二, 表三, 表四."""
    return f"表{'二三四'[table - 2]}"


def cell_of(key: str, fmt: ReportFormat = ReportFormat.F2021) -> Cell | None:
    """The cell a key names in ``fmt``, else in the other format (a 2019 key read beside 2021 ones)."""
    return CELL_BY_KEY[fmt].get(key) or next(
        (CELL_BY_KEY[other][key] for other in ReportFormat if key in CELL_BY_KEY[other]), None
    )


def printed_row_label(cell: Cell, fmt: ReportFormat = ReportFormat.F2021) -> str:
    """A row's label as printed; a sub-row with its group: "（三）不予公开 4.保护第三方合法权益"."""
    if cell.table == 3:
        row_key = cell.key.removeprefix("t3.").rsplit(".", 1)[0]
        for row in t3_rows(fmt):
            if row.key == row_key and row.group_label:
                return f"{row.group_label} {row.label}"
    return cell.row_label


def cell_name(key: str, fmt: ReportFormat = ReportFormat.F2021, *, compact: bool = False) -> str:
    """A cell as people name it, never by its key: 表四“行政复议”行“结果维持”列, or compact
    (in a list that already says which table) 行政复议·结果维持."""
    cell = cell_of(key, fmt)
    if cell is None:
        return key
    row = printed_row_label(cell, fmt)
    if compact:
        return f"{row}·{cell.column_label}"
    return f"{table_number(cell.table)}“{row}”行“{cell.column_label}”列"

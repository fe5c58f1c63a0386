"""Tables 2–4 as editable grids with the official labels, and edited grids back to figures.

The 数据录入 page shows each table as the official form prints it: table 2 as one grid per
article item (第二十条第（一）项 …, each block has its own columns), table 3 with the six
applicant columns, table 4 with the four result columns.  Derived cells (总计 columns,
（七）总计) are computed, never typed.
What a grid cannot hold — a negative or fractional count — comes back as a located
Chinese message and the figures are not taken.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.domain.comparison import row_label as printed_row_label
from assistant.domain.findings import Finding
from assistant.domain.layout import (
    APPLICANT_COLUMNS,
    CELL_BY_KEY,
    T2_SECTIONS_2021,
    T4_COLUMNS,
    T4_GROUPS,
    ReportFormat,
    t3_rows,
)
from assistant.domain.numbers import figure_problem
from assistant.domain.report import Figure
from assistant.domain.totals import complete

TABLE_TITLES = {
    2: "表二　主动公开政府信息情况",
    3: "表三　收到和处理政府信息公开申请情况",
    4: "表四　政府信息公开行政复议、行政诉讼情况",
}
TOTAL_LABEL = "总计"
FMT = ReportFormat.F2021


@dataclass(frozen=True)
class Grid:
    """One table as rows × columns of canonical keys (``None`` where the table has no cell)."""

    table: int
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    keys: tuple[tuple[str | None, ...], ...]
    derived_columns: frozenset[str] = frozenset()
    section: str | None = None
    """Table 2's article item (第二十条第（一）项 …) the grid reports on."""

    @property
    def title(self) -> str:
        return TABLE_TITLES[self.table]

    @property
    def display_labels(self) -> tuple[str, ...]:
        """Row labels short enough to leave every column in view (see ``short_label``)."""
        return tuple(short_label(label) for label in self.row_labels)

    @property
    def shortened(self) -> dict[str, str]:
        """Each shortened row label with the official wording it stands for."""
        return {
            short: full
            for short, full in zip(self.display_labels, self.row_labels, strict=True)
            if short != full
        }

    def revision(self, figures: Mapping[str, Figure]) -> str:
        """A fingerprint of this grid's own figures: an editor keyed by it keeps what was typed
        into it while another grid saves, and starts afresh once its own figures change."""
        own = sorted((key, figures[key]) for key in self.key_set if figures.get(key))
        return f"{zlib.crc32(repr(own).encode()):08x}"

    def values(self, figures: Mapping[str, Figure]) -> list[list[Figure | None]]:
        """The grid's values: given figures, missing ones 0, totals derived."""
        full = complete(figures, FMT)
        return [[full[key] if key else None for key in row] for row in self.keys]

    @property
    def key_set(self) -> set[str]:
        return {key for row in self.keys for key in row if key}


LABEL_LIMIT = 15
"""Characters of a row label the label column shows beside table 3's seven number columns."""


def short_label(label: str) -> str:
    """The official label cut to at most ``LABEL_LIMIT`` characters, marked with …; the cut
    falls at the first clause break (、，（) after the group and item numbers where there is
    one, so that what shows is whole words of the official wording.

    An item of a group ("（三）不予公开｜1.属于国家秘密") shows as the group's number and the
    item ("（三）1.属于国家秘密"): the item's words tell the rows apart, the group's name
    would push them out of view, and the number is how reviewers cite the row anyway."""
    group, bar, item = label.partition("｜")
    if bar and group.startswith("（") and "）" in group:
        label = group[: group.index("）") + 1] + item
    if len(label) <= LABEL_LIMIT:
        return label
    head = label[: LABEL_LIMIT - 1]
    breaks = [i for i, ch in enumerate(head) if ch in "、，（" and i >= 6]
    return head[: breaks[0] if breaks else len(head)] + "…"


def _t2_grids() -> tuple[Grid, ...]:
    return tuple(
        Grid(
            2,
            tuple(label for _, label in section.rows),
            tuple(label for _, label in section.columns),
            tuple(tuple(f"t2.{row}.{col}" for col, _ in section.columns) for row, _ in section.rows),
            section=section.article_item,
        )
        for section in T2_SECTIONS_2021
    )


def _t3_row_label(key: str) -> str:
    row = next(r for r in t3_rows(FMT) if r.key == key)
    return f"{row.group_label}｜{row.label}" if row.group_label else row.label


def _t3_grid(include_results_total: bool) -> Grid:
    rows = [r for r in t3_rows(FMT) if include_results_total or r.key != "results_total"]
    columns = (*APPLICANT_COLUMNS, ("total", TOTAL_LABEL))
    return Grid(
        3,
        tuple(_t3_row_label(r.key) for r in rows),
        tuple(label for _, label in columns),
        tuple(tuple(f"t3.{r.key}.{col}" for col, _ in columns) for r in rows),
        frozenset({TOTAL_LABEL}),
    )


def _t4_grid() -> Grid:
    return Grid(
        4,
        tuple(label for _, label in T4_GROUPS),
        tuple(label for _, label in T4_COLUMNS),
        tuple(tuple(f"t4.{group}.{col}" for col, _ in T4_COLUMNS) for group, _ in T4_GROUPS),
        frozenset({TOTAL_LABEL}),
    )


EDIT_GRIDS: dict[int, tuple[Grid, ...]] = {2: _t2_grids(), 3: (_t3_grid(False),), 4: (_t4_grid(),)}
"""What staff type into: derived rows left out, derived columns shown but locked."""

CHECK_GRIDS: dict[int, tuple[Grid, ...]] = {2: _t2_grids(), 3: (_t3_grid(True),), 4: (_t4_grid(),)}
"""The tables as printed, totals included, for the check view."""


@dataclass(frozen=True)
class CellProblem:
    """An edited value that cannot stand, said where it is."""

    table: int
    row_label: str
    column_label: str
    message: str

    def __str__(self) -> str:
        table = TABLE_TITLES[self.table].split("　")[0]
        return f"{table}“{self.row_label}”行“{self.column_label}”列：{self.message}"


def figures_from_grid_values(
    grid: Grid, values: Sequence[Sequence[object]]
) -> tuple[dict[str, Figure], list[CellProblem]]:
    """The figures typed into an edit grid (derived cells skipped), and what is wrong with them."""
    figures: dict[str, Figure] = {}
    problems: list[CellProblem] = []
    for row_label, keys, row in zip(grid.row_labels, grid.keys, values, strict=True):
        for column_label, key, raw in zip(grid.column_labels, keys, row, strict=True):
            if key is None or column_label in grid.derived_columns:
                continue
            value, message = _cell_value(key, raw)
            if message:
                problems.append(CellProblem(grid.table, row_label, column_label, message))
            elif value:
                figures[key] = value
    return figures, problems


def _cell_value(key: str, raw: object) -> tuple[Figure, str | None]:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)) or raw == "":
        return 0, None
    try:
        number = float(str(raw).replace(",", "").strip())
    except ValueError:
        return 0, f"“{raw}”不是数字"
    if problem := figure_problem(number):
        return 0, problem
    cell = CELL_BY_KEY[FMT][key]
    if number < 0 and not cell.may_be_negative:
        return 0, f"不能为负数（填写的是 {raw}）"
    if not cell.is_amount and not number.is_integer():
        return 0, f"件数应为整数（填写的是 {raw}）"
    return (int(number) if number.is_integer() else round(number, 4)), None


def read_summary(figures: Mapping[str, Figure], shown: int = 10) -> str:
    """What a paste put where, by official labels: "行政处罚·本年处理决定数量 3；…", the first
    ``shown`` figures and then how many there are in all."""
    if not figures:
        return "没有读到可以确定位置的数据。"
    items = [f"{_cell_name(key)} {_plain(value)}" for key, value in figures.items()]
    more = f"等 {len(items)} 项" if len(items) > shown else ""
    return f"已读取 {len(items)} 项数据：" + "；".join(items[:shown]) + more + "。"


def _cell_name(key: str) -> str:
    cell = CELL_BY_KEY[FMT].get(key)
    if cell is None:
        return key
    return f"{printed_row_label(cell, FMT)}·{cell.column_label}"


def _plain(value: Figure) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def flagged_keys(findings: Sequence[Finding]) -> dict[str, str]:
    """Each cell a finding names, with the severity to colour it by (errors win)."""
    flagged: dict[str, str] = {}
    for finding in findings:
        for key in finding.cells:
            if flagged.get(key) != "error":
                flagged[key] = finding.severity.value
    return flagged


def leaf_figures(figures: Mapping[str, Figure]) -> dict[str, Figure]:
    """Figures without derived cells: what a workspace stores (totals are recomputed)."""
    return {k: v for k, v in figures.items() if k in CELL_BY_KEY[FMT] and not CELL_BY_KEY[FMT][k].is_total}


def stated_totals_that_disagree(figures: Mapping[str, Figure]) -> list[str]:
    """Totals a pasted table states that differ from the sum of its cells, said in Chinese."""
    derived = complete(leaf_figures(figures), FMT)
    problems = []
    for key, stated in figures.items():
        cell = CELL_BY_KEY[FMT].get(key)
        if cell is not None and cell.is_total and derived[key] != stated:
            problems.append(
                f"表{'二三四'[cell.table - 2]}“{cell.row_label}”行“{cell.column_label}”列写的是 {stated}，"
                f"按各项相加应为 {derived[key]}，已按相加结果计算。"
            )
    return problems


def totals_without_cells(figures: Mapping[str, Figure]) -> list[str]:
    """Total keys given without any of the cells they add up ("予以公开3件" with no applicant
    named): the workspace stores cells only, so these must be asked about, never spread."""
    lonely = []
    for key in figures:
        cell = CELL_BY_KEY[FMT].get(key)
        if cell is None or not cell.is_total:
            continue
        siblings = {k for k, c in CELL_BY_KEY[FMT].items() if not c.is_total and _adds_up_to(k, key)}
        if not siblings & set(figures):
            lonely.append(key)
    return lonely


def _adds_up_to(cell_key: str, total_key: str) -> bool:
    """Whether ``cell_key`` is one of the cells the total ``total_key`` sums."""
    table, row, column = total_key.split(".", 1)[0], *total_key.split(".", 1)[1].rsplit(".", 1)
    if not cell_key.startswith(f"{table}."):
        return False
    cell_row, cell_column = cell_key.split(".", 1)[1].rsplit(".", 1)
    if row == "results_total":
        return column == "total" or cell_column == column
    return cell_row == row

"""Derived cells: the totals the format defines, computed rather than typed.

A report document states its own totals; they stay in ``Report.figures`` so that R2–R4
can compare them.  Drafting and export call :func:`complete` to fill what is derived.
"""

from __future__ import annotations

from collections.abc import Mapping

from assistant.domain.layout import (
    APPLICANT_COLUMNS,
    CELL_BY_KEY,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    ReportFormat,
    cell_name,
    keys,
    outcome_leaf_rows,
    t3_rows,
)
from assistant.domain.numbers import as_figure
from assistant.domain.report import Figure


def t3_row_total(figures: Mapping[str, Figure], row: str) -> Figure:
    return as_figure(sum(figures.get(f"t3.{row}.{col}", 0) for col, _ in APPLICANT_COLUMNS))


def t3_results_total(figures: Mapping[str, Figure], col: str, fmt: ReportFormat) -> Figure:
    return as_figure(sum(figures.get(f"t3.{row}.{col}", 0) for row in outcome_leaf_rows(fmt)))


def t4_group_total(figures: Mapping[str, Figure], group: str) -> Figure:
    return as_figure(sum(figures.get(f"t4.{group}.{col}", 0) for col, _ in T4_COLUMNS[:-1]))


def complete(figures: Mapping[str, Figure], fmt: ReportFormat = ReportFormat.F2021) -> dict[str, Figure]:
    """Every key of the format: given leaves kept, missing leaves 0, totals derived."""
    result: dict[str, Figure] = {key: figures.get(key, 0) for key in keys(fmt)}
    for col, _ in T3_COLUMNS:
        result[f"t3.results_total.{col}"] = t3_results_total(result, col, fmt)
    for row in t3_rows(fmt):
        result[f"t3.{row.key}.total"] = t3_row_total(result, row.key)
    for group, _ in T4_GROUPS:
        result[f"t4.{group}.total"] = t4_group_total(result, group)
    return result


def stated_and_derived(
    figures: Mapping[str, Figure], fmt: ReportFormat = ReportFormat.F2021
) -> dict[str, Figure]:
    """Every cell of the format: what is stated kept as stated (a document's own totals
    included, so that R2 sees them), what is left out 0 or derived."""
    return {**complete(figures, fmt), **{k: v for k, v in figures.items() if k in CELL_BY_KEY[fmt]}}


def leaf_figures(figures: Mapping[str, Figure], fmt: ReportFormat = ReportFormat.F2021) -> dict[str, Figure]:
    """Figures without derived cells: what typed or pasted entry stores (totals are recomputed)."""
    cells = CELL_BY_KEY[fmt]
    return {k: v for k, v in figures.items() if k in cells and not cells[k].is_total}


def stated_totals_that_disagree(
    figures: Mapping[str, Figure], fmt: ReportFormat = ReportFormat.F2021
) -> list[str]:
    """Totals a pasted table states that differ from the sum of its cells, said in Chinese."""
    derived = complete(leaf_figures(figures, fmt), fmt)
    return [
        f"{cell_name(key, fmt)}写的是 {stated}，按各项相加应为 {derived[key]}，已按相加结果计算。"
        for key, stated in figures.items()
        if key in CELL_BY_KEY[fmt] and CELL_BY_KEY[fmt][key].is_total and derived[key] != stated
    ]


def totals_without_cells(figures: Mapping[str, Figure], fmt: ReportFormat = ReportFormat.F2021) -> list[str]:
    """Total keys given without any of the cells they add up ("予以公开3件" with no applicant
    named): only cells are stored, so these must be asked about, never spread."""
    cells = CELL_BY_KEY[fmt]
    lonely = []
    for key in figures:
        if key not in cells or not cells[key].is_total:
            continue
        parts = {k for k, c in cells.items() if not c.is_total and _adds_up_to(k, key)}
        if not parts & set(figures):
            lonely.append(key)
    return lonely


def _adds_up_to(cell_key: str, total_key: str) -> bool:
    """Whether ``cell_key`` is one of the cells the total ``total_key`` sums."""
    table, rest = total_key.split(".", 1)
    row, column = rest.rsplit(".", 1)
    if not cell_key.startswith(f"{table}."):
        return False
    cell_row, cell_column = cell_key.split(".", 1)[1].rsplit(".", 1)
    if row == "results_total":
        return column == "total" or cell_column == column
    return cell_row == row

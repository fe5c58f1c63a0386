"""Derived cells: the totals the format defines, computed rather than typed.

A report document states its own totals; they stay in ``Report.figures`` so that R2–R4
can compare them.  Drafting and export call :func:`complete` to fill what is derived.
"""

from __future__ import annotations

from collections.abc import Mapping

from assistant.domain.layout import (
    APPLICANT_COLUMNS,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    ReportFormat,
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

"""Cross-checks (勾稽关系) inside tables 3 and 4, and the sign and kind of every figure."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.domain.findings import Finding
from assistant.domain.layout import (
    APPLICANT_COLUMNS,
    CELL_BY_KEY,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    cell_name,
    outcome_leaf_rows,
    t3_rows,
)
from assistant.domain.numbers import as_figure
from assistant.domain.report import Report
from assistant.domain.rules.cells import cell_values


def r1_requests_balance(report: Report, last_year: Report | None) -> list[Finding]:
    """R1: in table 3, for every column, 本年新收 + 上年结转 = 办理结果总计 + 结转下年度."""
    values = cell_values(report)
    findings = []
    for col, col_label in T3_COLUMNS:
        keys = [f"t3.{row}.{col}" for row in ("new", "carried_in", "results_total", "carried_out")]
        if col == "total" and not any(key in report.figures for key in keys):
            continue
        received = values[keys[0]] + values[keys[1]]
        handled = values[keys[2]] + values[keys[3]]
        if received != handled:
            findings.append(
                Finding.error(
                    "R1",
                    (
                        f"表三“{col_label}”列：本年新收（{values[keys[0]]}）加上年结转（{values[keys[1]]}）"
                        f"为 {as_figure(received)}，办理结果总计（{values[keys[2]]}）加结转下年度"
                        f"（{values[keys[3]]}）为 {as_figure(handled)}，两者应相等。"
                    ),
                    cells={key: values[key] for key in keys},
                    expected=as_figure(received),
                    found=as_figure(handled),
                )
            )
    return findings


TotalCheck = tuple[str, list[str], str]
"""A stated total, the cells it should add up, and where it stands ({found}/{expected} filled in)."""


def _totals_that_disagree(rule: str, report: Report, checks: Iterable[TotalCheck]) -> list[Finding]:
    """A finding for each total the report states that differs from the sum of its cells; a
    total it leaves out is derived, so it can never be wrong."""
    values = cell_values(report)
    findings = []
    for total_key, part_keys, where in checks:
        if total_key not in report.figures:
            continue
        expected = as_figure(sum(values[k] for k in part_keys))
        if values[total_key] == expected:
            continue
        findings.append(
            Finding.error(
                rule,
                where.format(found=values[total_key], expected=expected),
                cells={total_key: values[total_key], **{k: values[k] for k in part_keys if values[k]}},
                expected=expected,
                found=values[total_key],
            )
        )
    return findings


def r2_results_add_up(report: Report, last_year: Report | None) -> list[Finding]:
    """R2: in table 3, for every column, （七）总计 = the sum of all outcome leaf rows."""
    leaves = outcome_leaf_rows(report.format)
    return _totals_that_disagree(
        "R2",
        report,
        (
            (
                f"t3.results_total.{col}",
                [f"t3.{row}.{col}" for row in leaves],
                f"表三“{col_label}”列：（七）总计填 {{found}}，而（一）至（六）各项之和为 {{expected}}。",
            )
            for col, col_label in T3_COLUMNS
        ),
    )


def r3_row_totals(report: Report, last_year: Report | None) -> list[Finding]:
    """R3: in table 3, for every row, 总计 = the sum of the six applicant columns."""
    return _totals_that_disagree(
        "R3",
        report,
        (
            (
                f"t3.{row.key}.total",
                [f"t3.{row.key}.{col}" for col, _ in APPLICANT_COLUMNS],
                f"表三“{row.label}”行：总计填 {{found}}，而各类申请人之和为 {{expected}}。",
            )
            for row in t3_rows(report.format)
        ),
    )


def r4_review_totals(report: Report, last_year: Report | None) -> list[Finding]:
    """R4: in table 4, for every group, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    return _totals_that_disagree(
        "R4",
        report,
        (
            (
                f"t4.{group}.total",
                [f"t4.{group}.{col}" for col, _ in T4_COLUMNS[:-1]],
                f"表四“{group_label}”：总计填 {{found}}，"
                "而维持、纠正、其他结果、尚未审结之和为 {expected}。",
            )
            for group, group_label in T4_GROUPS
        ),
    )


def r5_figures_are_counts(report: Report, last_year: Report | None) -> list[Finding]:
    """R5: every count is a non-negative integer and the fee a non-negative amount."""
    findings = []
    cells = CELL_BY_KEY[report.format]
    for key, value in report.figures.items():
        cell = cells.get(key)
        if cell is None:
            continue
        problem = None
        if value < 0 and not cell.may_be_negative:
            problem = "不能为负数"
        elif not cell.is_amount and float(value) != int(value):
            problem = "应为整数"
        if problem:
            findings.append(
                Finding.error(
                    "R5",
                    f"{cell_name(key, report.format)}填 {value}，{problem}。",
                    cells={key: value},
                    found=value,
                )
            )
    return findings

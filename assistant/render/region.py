"""A region's review and sum as people and other tools read them: one agency's facts and the
per-agency table (the terminal and the 区域审核 page), and JSON (``review --json``,
``aggregate -o 汇总.json``), whose findings have the shape ``check --json`` gives them, so a
tool reading one reads the other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from assistant.domain.aggregate import Aggregate
from assistant.domain.layout import cell_name, keys
from assistant.domain.region import RULE_TITLES, AgencyReview, RegionReview
from assistant.render.findings import as_json


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def chinese_day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def agency_facts(row: AgencyReview) -> list[str]:
    """What a received report's line says after its name: the date against the deadline,
    the count of findings, reuse and carry-over against its last year's report."""
    facts = []
    deadline = f"期限 {chinese_day(row.deadline)}" if row.deadline else ""
    if row.published is None:
        facts.append("发布日期未注明" + (f"（{deadline}）" if deadline else ""))
    else:
        late = "，逾期" if row.on_time is False else ""
        facts.append(f"发布 {chinese_day(row.published)}" + (f"（{deadline}{late}）" if deadline else ""))
    facts.append(f"错误 {len(row.errors)} 项，提醒 {len(row.warnings)} 项")
    if row.last_year_source is None:
        facts.append("无上年报告")
    else:
        if row.reuse is not None:
            facts.append(f"与上年重复率 {row.reuse:.0%}")
        facts.append(f"衔接不一致 {len(row.carry_over)} 处" if row.carry_over else "与上年衔接一致")
    return facts


def sent(row: AgencyReview) -> str:
    """Whether and how the agency sent its report, in a word or two."""
    if not row.received:
        return "未报送"
    if row.duplicate_of:
        return "重复报送"
    return "已报送" if row.listed else "已报送（不在名单中）"


NOT_APPLICABLE = -1
"""Stands in the page's table for a count or share an agency does not have (no report, no
last year's): shown blank, and the column still sorts by number (a null cell reads "None")."""
TABLE_FIGURES = {"错误": "{:.0f}", "提醒": "{:.0f}", "与上年重复率": "{:.0%}"}
"""The table's number columns and how each is shown."""


def table_figure(template: str) -> Callable[[float], str]:
    """How one number column of the table shows a value: blank where there is none."""
    return lambda value: "" if value == NOT_APPLICABLE else template.format(value)


def agency_table(rows: Sequence[AgencyReview]) -> list[dict[str, Any]]:
    """The 区域审核 page's table, one row per agency under Chinese headings; counts and reuse
    stay numbers, dates ISO text, so that the table sorts by them."""
    table = []
    for row in rows:
        received = row.received
        table.append(
            {
                "机关": row.agency,
                "类别": row.kind.value if row.kind else "",
                "报送": sent(row),
                "文件": row.source or "",
                "发布日期": _day(row.published) or "",
                "法定期限": _day(row.deadline) or "",
                "按时": {True: "是", False: "逾期", None: ""}[row.on_time],
                "错误": len(row.errors) if received else NOT_APPLICABLE,
                "提醒": len(row.warnings) if received else NOT_APPLICABLE,
                "问题规则": "、".join(row.rules),
                "上年报告": row.last_year_source or ("无" if received else ""),
                "与上年重复率": row.reuse if row.reuse is not None else NOT_APPLICABLE,
                "结转衔接": (f"不一致 {len(row.carry_over)} 处" if row.carry_over else "一致")
                if row.last_year_source
                else "",
            }
        )
    return table


def agency_json(row: AgencyReview) -> dict[str, Any]:
    """One agency's line: received or not, dates against the deadline, findings, reuse, carry-over."""
    return {
        "agency": row.agency,
        "kind": row.kind.value if row.kind else None,
        "listed": row.listed,
        "received": row.received,
        "file": row.source,
        "report_agency": row.report_agency or None,
        "year": row.year,
        "format": row.format,
        "published": _day(row.published),
        "deadline": _day(row.deadline),
        "on_time": row.on_time,
        "errors": len(row.errors),
        "warnings": len(row.warnings),
        "rules": row.rules,
        "findings": [as_json(finding) for finding in row.findings],
        "last_year_file": row.last_year_source,
        "reuse": row.reuse,
        "carry_over": [as_json(finding) for finding in row.carry_over],
        "duplicate_of": row.duplicate_of,
        "notes": row.notes,
    }


def review_summary_json(review: RegionReview) -> dict[str, Any]:
    """Everything but the agencies' lines: missing, duplicates, files set aside, counts per rule."""
    tally = review.tally
    return {
        "members": len(review.members),
        "received": tally["received"],
        "with_errors": tally["with_errors"],
        "warnings_only": tally["warnings_only"],
        "clean": tally["clean"],
        "missing": [
            {"agency": member.name, "kind": member.kind.value if member.kind else None}
            for member in review.missing
        ],
        "duplicates": [duplicate.model_dump() for duplicate in review.duplicate_list],
        "unlisted": review.unlisted,
        "late": review.late,
        "copied": review.copied,
        "unreadable": [item.model_dump() for item in review.unreadable],
        "other_years": [item.model_dump() for item in review.other_years],
        "skipped": [item.model_dump() for item in review.skipped],
        "rule_counts": [
            {"rule": rule, "title": RULE_TITLES.get(rule, ""), "findings": findings, "agencies": agencies}
            for rule, findings, agencies in review.rule_counts
        ],
    }


def aggregate_json(aggregate: Aggregate, review: RegionReview | None = None) -> dict[str, Any]:
    """The sum: every cell's total and, for each non-zero one, the agencies behind it."""
    totals = aggregate.totals
    cells = {}
    for key in keys(aggregate.format):
        contributions = aggregate.contributions(key)
        if contributions:
            cells[key] = {
                "label": cell_name(key, aggregate.format),
                "total": totals[key],
                "agencies": [{"agency": c.agency, "file": c.source, "value": c.value} for c in contributions],
            }
    data: dict[str, Any] = {
        "region": aggregate.region,
        "year": aggregate.year,
        "format": aggregate.format.value,
        "reports": aggregate.count,
        # Not "figures": saved beside the reports, the file must not read back as one agency's figures.
        "totals": totals,
        "cells": cells,
        "findings": [as_json(finding) for finding in aggregate.findings()],
        "sources_with_errors": [
            {"agency": s.agency, "file": s.source, "findings": [as_json(f) for f in s.errors]}
            for s in aggregate.sources_with_errors
        ],
        "excluded": [item.model_dump() for item in aggregate.excluded],
    }
    if review is not None:
        summary = review_summary_json(review)
        data.update({name: summary[name] for name in ("missing", "duplicates", "unreadable")})
    return data

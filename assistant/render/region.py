"""A region's review and sum as JSON for other tools (``review --json``, ``aggregate -o 汇总.json``).

Findings have the shape ``check --json`` gives them, so a tool reading one reads the other.
"""

from __future__ import annotations

from typing import Any

from assistant.domain.aggregate import Aggregate
from assistant.domain.layout import cell_name, keys
from assistant.domain.region import RULE_TITLES, AgencyReview, RegionReview
from assistant.render.findings import as_json


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


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

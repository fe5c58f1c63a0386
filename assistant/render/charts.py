"""The pages' charts as Vega-Lite specifications: the year-over-year trend (对比上年) and a
region's most frequent problems (区域审核); Chinese field names, so that the tooltips read
年度/项目/件数 and 问题/涉及报告, and room for the axis labels."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain.comparison import SeriesLine
from assistant.domain.region import RULE_TITLES, RegionReview, rule_order

LARGE = 1000
"""Licensing and penalty counts run to thousands; drawn with the application counts they
flatten every other line, so the chart starts with the smaller series."""


def first_shown(series: Sequence[SeriesLine]) -> list[str]:
    """The lines the chart starts with: those that stay under ``LARGE``, else all."""
    small = [line.label for line in series if max((v or 0 for v in line.values.values()), default=0) <= LARGE]
    return small or [line.label for line in series]


def trend_rows(series: Sequence[SeriesLine], shown: Sequence[str]) -> list[dict[str, object]]:
    """One row per line and year with a value, under the field names the tooltip shows."""
    return [
        {"年度": f"{year}年", "项目": line.label, "件数": value}
        for line in series
        if line.label in shown
        for year, value in sorted(line.values.items())
        if value is not None
    ]


def trend_spec() -> dict[str, object]:
    """Lines with points, one colour per item, the legend below; every label in Chinese."""
    return {
        "mark": {"type": "line", "point": {"size": 60}, "strokeWidth": 2},
        "height": 320,
        "padding": {"left": 12, "right": 12, "top": 8, "bottom": 8},
        "encoding": {
            "x": {"field": "年度", "type": "ordinal", "title": "年度", "axis": {"labelAngle": 0}},
            "y": {
                "field": "件数",
                "type": "quantitative",
                "title": "件数",
                "axis": {"labelLimit": 120, "minExtent": 48, "titlePadding": 12, "tickMinStep": 1},
            },
            "color": {
                "field": "项目",
                "type": "nominal",
                "title": "项目",
                "legend": {"orient": "bottom", "columns": 3, "labelLimit": 260},
            },
            "tooltip": [
                {"field": "年度", "type": "ordinal", "title": "年度"},
                {"field": "项目", "type": "nominal", "title": "项目"},
                {"field": "件数", "type": "quantitative", "title": "件数"},
            ],
        },
    }


def trend_table(series: Sequence[SeriesLine]) -> tuple[list[str], dict[str, list[str]]]:
    """The chart's figures as a table: one row per line, one column per year, “—” where a
    year's report does not state the figure."""
    years = sorted({year for line in series for year in line.values})
    columns = {
        f"{year}年": ["—" if line.values.get(year) is None else f"{line.values[year]:g}" for line in series]
        for year in years
    }
    return [line.label for line in series], columns


def rule_rows(review: RegionReview, limit: int | None = None) -> list[dict[str, object]]:
    """The problems met in most reports across a region, most first, under the field names
    the tooltip shows."""
    counted = sorted(review.rule_counts, key=lambda count: (-count[2], -count[1], rule_order(count[0])))
    return [
        {"问题": f"{rule} {RULE_TITLES.get(rule, '')}", "涉及报告（份）": agencies, "问题（处）": findings}
        for rule, findings, agencies in counted[:limit]
    ]


def rule_spec() -> dict[str, object]:
    """Horizontal bars, one per problem in the order given, the whole label readable."""
    return {
        "mark": {"type": "bar", "cornerRadiusEnd": 3, "color": "#c0504d"},
        "padding": {"left": 12, "right": 12, "top": 8, "bottom": 8},
        "encoding": {
            "y": {
                "field": "问题",
                "type": "nominal",
                "title": None,
                "sort": None,
                "axis": {"labelLimit": 360},
            },
            "x": {
                "field": "涉及报告（份）",
                "type": "quantitative",
                "title": "涉及报告（份）",
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "tooltip": [
                {"field": "问题", "type": "nominal", "title": "问题"},
                {"field": "涉及报告（份）", "type": "quantitative", "title": "涉及报告（份）"},
                {"field": "问题（处）", "type": "quantitative", "title": "问题（处）"},
            ],
        },
    }

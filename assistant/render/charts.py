"""The year-over-year chart as a Vega-Lite specification the page draws: Chinese field names,
so its tooltips read 年度/项目/件数, and room for the y-axis labels."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain.comparison import SeriesLine

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

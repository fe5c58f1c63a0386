"""The values rules compare: totals a report states, and what its own cells add up to."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.domain.layout import CELL_BY_KEY
from assistant.domain.report import Figure, Report
from assistant.domain.totals import complete


def cell_values(report: Report) -> dict[str, Figure]:
    """Every key of the report's format: stated values where given, else derived or 0.

    A total the document states is kept as stated, so that R1 reads the report as it
    was published; a total a figures file leaves out is derived and so never wrong.
    """
    values = complete(report.figures, report.format)
    values.update({key: value for key, value in report.figures.items() if key in CELL_BY_KEY[report.format]})
    return values


def label(report: Report, key: str) -> str:
    """A cell as a reviewer names it: 表三“一、本年新收…”行“自然人”列."""
    cell = CELL_BY_KEY[report.format].get(key)
    if cell is None:
        return key
    return f"表{'二三四'[cell.table - 2]}“{cell.row_label}”·“{cell.column_label}”"


def printed(report: Report, keys: Iterable[str]) -> bool:
    """Whether the report prints every one of these cells: a row it leaves out (a
    department's 规章) is unknown, so nothing may be compared with it."""
    return not report.not_printed or not set(keys) & set(report.not_printed)

"""The values rules compare: totals a report states, and what its own cells add up to."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.domain.report import Figure, Report
from assistant.domain.totals import stated_and_derived


def cell_values(report: Report) -> dict[str, Figure]:
    """Every key of the report's format: stated values where given, else derived or 0.

    A total the document states is kept as stated, so that R1 reads the report as it
    was published; a total a figures file leaves out is derived and so never wrong.
    """
    return stated_and_derived(report.figures, report.format)


def printed(report: Report, keys: Iterable[str]) -> bool:
    """Whether the report prints every one of these cells: a row it leaves out (a
    department's 规章) is unknown, so nothing may be compared with it."""
    return not report.not_printed or not set(keys) & set(report.not_printed)

"""Earlier years of one agency's reports, gathered from the index for the year-over-year chart.

The index remembers every report file it has read with its agency and year, so a reviewer
who indexed an agency's past reports gets their trend without naming each file again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.domain.report import Report
from assistant.errors import GongkaiError
from assistant.retrieval.index import IndexedDocument


def earlier_reports(
    documents: Iterable[IndexedDocument],
    agency: str,
    before: int,
    read: Callable[[Path], Report],
) -> list[Report]:
    """The agency's indexed reports of years before ``before``, one per year, oldest first.

    A file that has since moved or no longer reads is left out: the chart is a help, and
    the comparison itself never depends on it.
    """
    chosen: dict[int, Report] = {}
    for document in documents:
        if document.kind != "report" or document.agency != agency or not document.year:
            continue
        if document.year >= before or document.year in chosen or not Path(document.source).is_file():
            continue
        try:
            report = read(Path(document.source))
        except GongkaiError:
            continue
        if report.figures:
            chosen[document.year] = report
    return [chosen[year] for year in sorted(chosen)]

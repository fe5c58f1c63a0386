"""The county's tables as the cell-by-cell sum of its agencies' tables, every total traceable.

A county government's report sums (汇总) the tables of the departments and towns below it.
``Aggregate`` adds each agency's cells as stated (its own totals included, so a source whose
totals do not add up shows in the sum instead of being silently corrected), remembers which
agencies contribute to every cell (the drill-down: who is behind 表三 “（三）不予公开
3.危及“三安全一稳定””), keeps each source's own rule errors beside the sum, and names the
reports left out (another format, tables not read, a second report of one agency).

Contributions are kept in compact arrays, one pair per cell, so summing a province's
10,000 reports holds a few bytes per non-zero cell rather than the reports themselves.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field

from assistant.domain.agency import infer_agency
from assistant.domain.comparison import table_name
from assistant.domain.findings import Finding
from assistant.domain.layout import CELL_BY_KEY, ReportFormat, keys, printed_row_label
from assistant.domain.numbers import as_figure
from assistant.domain.report import Agency, AgencyLevel, Figure, Report
from assistant.domain.rules import check

TABLE_RULES = ("R1", "R2", "R3", "R4", "R5")
"""The rules that speak of the tables alone: the sum has no narrative for the others to read."""

_DECIMALS = 4  # fees are 万元 with decimals; float sums are rounded back to what was written


class Contribution(BaseModel):
    """One agency's figure in one summed cell."""

    agency: str
    source: str
    value: Figure


class SummedSource(BaseModel):
    """A report whose tables went into the sum, with its own rule errors (R1–R8), if any."""

    agency: str
    source: str
    errors: list[Finding] = Field(default_factory=list)


class Excluded(BaseModel):
    """A report not summed, and why."""

    agency: str
    source: str
    reason: str


def format_for_year(year: int | None) -> ReportFormat:
    """The format a year's reports use: the 2019 trial format for 2019 and 2020, else 2021's."""
    return ReportFormat.F2019 if year is not None and year <= 2020 else ReportFormat.F2021


def _plain(text: str) -> str:
    return re.sub(r"[\s“”\"'‘’「」、.．（）()]", "", text)


def find_cells(query: str, fmt: ReportFormat = ReportFormat.F2021) -> list[str]:
    """The cells a reviewer means by a key or by words of a row's label.

    A key names itself; words name every row whose label (with its group's) contains them,
    and of each row its 总计 column where it has one: "危及三安全一稳定" is
    ``t3.withheld.security_stability.total``.  Quotes, spaces and numbering are ignored.
    """
    if query in CELL_BY_KEY[fmt]:
        return [query]
    wanted = _plain(query)
    if not wanted:
        return []
    found: dict[str, list[str]] = {}
    for key, cell in CELL_BY_KEY[fmt].items():
        row = key.rsplit(".", 1)[0]
        label = _plain(f"{table_name(cell.table)}{printed_row_label(cell, fmt)}")
        if wanted in label or wanted in _plain(f"{label}{cell.column_label}"):
            found.setdefault(row, []).append(key)
    return [next((key for key in row if key.endswith(".total")), row[0]) for row in found.values()]


class Aggregate:
    """The sum of a region's tables, cell by cell, with the agencies behind every cell."""

    def __init__(self, region: str, year: int | None = None, fmt: ReportFormat | None = None) -> None:
        self.region = region
        self.year = year
        self.format = fmt or format_for_year(year)
        self._keys = keys(self.format)
        self._sums: dict[str, float] = dict.fromkeys(self._keys, 0.0)
        self._who: dict[str, array[int]] = {key: array("I") for key in self._keys}
        self._values: dict[str, array[float]] = {key: array("d") for key in self._keys}
        self._sources: list[tuple[str, str]] = []
        self._errors: dict[int, list[Finding]] = {}
        self.excluded: list[Excluded] = []

    def add(
        self, agency: str, source: str, figures: Mapping[str, Figure], errors: Sequence[Finding] = ()
    ) -> None:
        """Sum one report's cells as stated; ``errors`` are its own rule errors, listed beside the sum."""
        index = len(self._sources)
        self._sources.append((agency, source))
        if errors:
            self._errors[index] = list(errors)
        for key, value in figures.items():
            if value and key in self._sums:
                self._sums[key] += value
                self._who[key].append(index)
                self._values[key].append(value)

    def exclude(self, agency: str, source: str, reason: str) -> None:
        self.excluded.append(Excluded(agency=agency, source=source, reason=reason))

    @property
    def count(self) -> int:
        """How many reports were summed."""
        return len(self._sources)

    @property
    def totals(self) -> dict[str, Figure]:
        """Every cell of the format, summed (0 where no agency states a figure)."""
        return {key: as_figure(round(self._sums[key], _DECIMALS)) for key in self._keys}

    def contributions(self, key: str) -> list[Contribution]:
        """The agencies behind one summed cell, with their figures, in the order they were summed."""
        if key not in self._who:
            return []
        return [
            Contribution(agency=self._sources[i][0], source=self._sources[i][1], value=as_figure(value))
            for i, value in zip(self._who[key], self._values[key], strict=True)
        ]

    @property
    def sources(self) -> list[SummedSource]:
        return [
            SummedSource(agency=agency, source=source, errors=self._errors.get(i, []))
            for i, (agency, source) in enumerate(self._sources)
        ]

    @property
    def sources_with_errors(self) -> list[SummedSource]:
        """The summed reports that break a rule themselves: a wrong source is never summed silently."""
        return [
            SummedSource(agency=self._sources[i][0], source=self._sources[i][1], errors=errors)
            for i, errors in sorted(self._errors.items())
        ]

    def as_report(self, agency: str | None = None) -> Report:
        """The summed figures as the county's report (tables only), for the rules and a workspace."""
        name = agency or self.region
        who = infer_agency(name) if agency else Agency(name=name, level=AgencyLevel.COUNTY)
        return Report(
            agency=who,
            year=self.year,
            format=self.format,
            title=f"{name}{self.year or ''}{'年' if self.year else ''}政府信息公开工作年度报告（汇总）",
            figures=self.totals,
            source=f"汇总（{self.count} 份报告）",
        )

    def findings(self) -> list[Finding]:
        """The table rules (R1–R5) run on the sum."""
        return [finding for finding in check(self.as_report()) if finding.rule in TABLE_RULES]

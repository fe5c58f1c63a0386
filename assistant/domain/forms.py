"""Tables 2–4 as editable grids with the official labels, and edited grids back to figures.

The 数据录入 page shows each table as the official form prints it: table 2 as one grid per
article item (第二十条第（一）项 …, each block has its own columns), table 3 with the six
applicant columns, table 4 with the four result columns.  Derived cells (总计 columns,
（七）总计) are computed, never typed.
What a grid cannot hold — a negative or fractional count — comes back as a located
Chinese message and the figures are not taken.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.domain.findings import Finding
from assistant.domain.layout import (
    APPLICANT_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    TABLE_TITLES,
    ReportFormat,
    t2_sections,
    t3_rows,
)
from assistant.domain.numbers import figure_problem
from assistant.domain.report import Figure
from assistant.domain.table_mapping import CellProblem, entered_figures
from assistant.domain.totals import complete

TOTAL_LABEL = "总计"


@dataclass(frozen=True)
class Grid:
    """One table as rows × columns of canonical keys (``None`` where the table has no cell)."""

    table: int
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    keys: tuple[tuple[str | None, ...], ...]
    derived_columns: frozenset[str] = frozenset()
    section: str | None = None
    """Table 2's article item (第二十条第（一）项 …) the grid reports on."""
    format: ReportFormat = ReportFormat.F2021

    @property
    def title(self) -> str:
        return f"表{'二三四'[self.table - 2]}　{TABLE_TITLES[self.table]}"

    @property
    def display_labels(self) -> tuple[str, ...]:
        """Row labels short enough to leave every column in view (see ``short_label``)."""
        return tuple(short_label(label) for label in self.row_labels)

    @property
    def shortened(self) -> dict[str, str]:
        """Each shortened row label with the official wording it stands for."""
        return {
            short: full
            for short, full in zip(self.display_labels, self.row_labels, strict=True)
            if short != full
        }

    def revision(self, figures: Mapping[str, Figure]) -> str:
        """A fingerprint of this grid's own figures: an editor keyed by it keeps what was typed
        into it while another grid saves, and starts afresh once its own figures change."""
        own = sorted((key, figures[key]) for key in self.key_set if figures.get(key))
        return f"{zlib.crc32(repr(own).encode()):08x}"

    def values(self, figures: Mapping[str, Figure], *, stated: bool = False) -> list[list[Figure | None]]:
        """The grid's values: given figures, missing ones 0, totals derived — or, ``stated``,
        totals as a document states them (the check view shows what R2 compares)."""
        full = complete(figures, self.format)
        if stated:
            full.update({key: value for key, value in figures.items() if key in full})
        return [[full[key] if key else None for key in row] for row in self.keys]

    @property
    def key_set(self) -> set[str]:
        return {key for row in self.keys for key in row if key}


LABEL_LIMIT = 15
"""Characters of a row label the label column shows beside table 3's seven number columns."""


def short_label(label: str) -> str:
    """The official label cut to at most ``LABEL_LIMIT`` characters, marked with …; the cut
    falls at the first clause break (、，（) after the group and item numbers where there is
    one, so that what shows is whole words of the official wording.

    An item of a group ("（三）不予公开｜1.属于国家秘密") shows as the group's number and the
    item ("（三）1.属于国家秘密"): the item's words tell the rows apart, the group's name
    would push them out of view, and the number is how reviewers cite the row anyway."""
    group, bar, item = label.partition("｜")
    if bar and group.startswith("（") and "）" in group:
        label = group[: group.index("）") + 1] + item
    if len(label) <= LABEL_LIMIT:
        return label
    head = label[: LABEL_LIMIT - 1]
    breaks = [i for i, ch in enumerate(head) if ch in "、，（" and i >= 6]
    return head[: breaks[0] if breaks else len(head)] + "…"


def _t2_grids(fmt: ReportFormat) -> tuple[Grid, ...]:
    return tuple(
        Grid(
            2,
            tuple(label for _, label in section.rows),
            tuple(label for _, label in section.columns),
            tuple(tuple(f"t2.{row}.{col}" for col, _ in section.columns) for row, _ in section.rows),
            section=section.article_item,
            format=fmt,
        )
        for section in t2_sections(fmt)
    )


def _t3_grid(fmt: ReportFormat, include_results_total: bool) -> Grid:
    rows = [r for r in t3_rows(fmt) if include_results_total or r.key != "results_total"]
    columns = (*APPLICANT_COLUMNS, ("total", TOTAL_LABEL))
    return Grid(
        3,
        tuple(f"{r.group_label}｜{r.label}" if r.group_label else r.label for r in rows),
        tuple(label for _, label in columns),
        tuple(tuple(f"t3.{r.key}.{col}" for col, _ in columns) for r in rows),
        frozenset({TOTAL_LABEL}),
        format=fmt,
    )


def _t4_grid(fmt: ReportFormat) -> Grid:
    return Grid(
        4,
        tuple(label for _, label in T4_GROUPS),
        tuple(label for _, label in T4_COLUMNS),
        tuple(tuple(f"t4.{group}.{col}" for col, _ in T4_COLUMNS) for group, _ in T4_GROUPS),
        frozenset({TOTAL_LABEL}),
        format=fmt,
    )


def edit_grids(fmt: ReportFormat = ReportFormat.F2021) -> dict[int, tuple[Grid, ...]]:
    """What staff type into: derived rows left out, derived columns shown but locked."""
    return {2: _t2_grids(fmt), 3: (_t3_grid(fmt, False),), 4: (_t4_grid(fmt),)}


def check_grids(fmt: ReportFormat = ReportFormat.F2021) -> dict[int, tuple[Grid, ...]]:
    """The tables as printed, totals included, for the check view."""
    return {2: _t2_grids(fmt), 3: (_t3_grid(fmt, True),), 4: (_t4_grid(fmt),)}


EDIT_GRIDS = edit_grids()
CHECK_GRIDS = check_grids()


def figures_from_grid_values(
    grid: Grid, values: Sequence[Sequence[object]]
) -> tuple[dict[str, Figure], list[CellProblem]]:
    """The figures typed into an edit grid, and what is wrong with them.

    The grid goes through the one table mapping as a paste would — its official labels,
    its header, the values typed — so the editor, the paste box and a document agree;
    the derived columns are left out (they are computed) and cells left at 0 are not stored."""
    entered = [j for j, label in enumerate(grid.column_labels) if label not in grid.derived_columns]
    rows: list[list[str]] = [["", *(grid.column_labels[j] for j in entered)]]
    problems: list[CellProblem] = []
    for number, (label, keys, row) in enumerate(
        zip(grid.row_labels, grid.keys, values, strict=True), start=2
    ):
        cells = [label]
        for place, j in enumerate(entered, start=1):
            text, problem = _cell_text(row[j])
            if problem:
                problems.append(CellProblem(str(keys[j]), problem, grid.format, number, place))
            cells.append(text)
        rows.append(cells)
    reading = entered_figures(rows, grid.table, grid.format)
    problems = sorted([*problems, *reading.problems], key=lambda problem: (problem.row, problem.column))
    return {key: value for key, value in reading.figures.items() if value}, problems


def _cell_text(raw: object) -> tuple[str, str | None]:
    """A data-editor cell as the text a paste would hold (an empty cell is NaN there), or
    what is wrong with it before it is read: words in a number column, or a number no table
    can hold (infinite, not a number)."""
    if raw is None or raw == "" or (isinstance(raw, float) and math.isnan(raw)):
        return "", None
    number: object = raw
    if isinstance(raw, str):
        try:
            number = float(raw.replace(",", "").strip())
        except ValueError:
            return "", f"“{raw}”不是数字"
    if isinstance(number, bool) or not isinstance(number, int | float):
        return "", f"“{raw}”不是数字"
    if problem := figure_problem(number):
        return "", problem
    if isinstance(number, float) and not number.is_integer():
        return f"{number:g}", None
    return str(int(number)), None


def flagged_keys(findings: Sequence[Finding]) -> dict[str, str]:
    """Each cell a finding names, with the severity to colour it by (errors win)."""
    flagged: dict[str, str] = {}
    for finding in findings:
        for key in finding.cells:
            if flagged.get(key) != "error":
                flagged[key] = finding.severity.value
    return flagged

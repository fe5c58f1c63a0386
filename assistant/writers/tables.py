"""Tables 2, 3 and 4 as the official template lays them out: rows of cells with merges.

The layout is data any writer can typeset: each cell says its text, how many grid
columns it spans (``gridSpan``) and whether it opens or continues a vertical merge
(``vMerge``), exactly as in the format's Word template
(``../shared/data/template-annual-report-format-2021.docx``).  Figures are printed from
:func:`assistant.domain.totals.complete`, so derived totals appear and zero cells read 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from assistant.domain.layout import (
    APPLICANT_COLUMNS,
    CELL_BY_KEY,
    T2_SECTIONS_2019,
    T2_SECTIONS_2021,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    ReportFormat,
    t3_rows,
)
from assistant.domain.report import Figure, Report
from assistant.domain.totals import complete


class CellRole(StrEnum):
    HEADING = "heading"  # column headings and section titles, centred
    LABEL = "label"  # row labels, left-aligned
    FIGURE = "figure"  # a number, centred


class Merge(StrEnum):
    RESTART = "restart"
    CONTINUE = "continue"


@dataclass(frozen=True)
class GridCell:
    """One ``w:tc``: its text, the grid columns it spans and its vertical merge."""

    text: str
    role: CellRole
    span: int = 1
    merge: Merge | None = None
    key: str | None = None


@dataclass(frozen=True)
class OfficialTable:
    """A table of the format: relative column widths and rows of cells."""

    number: int
    column_weights: tuple[int, ...]
    rows: tuple[tuple[GridCell, ...], ...]
    header_rows: int = 0

    def column_widths(self, total: int) -> tuple[int, ...]:
        """Column widths that add up to exactly ``total`` (twips), in the weights' proportion."""
        weight_sum = sum(self.column_weights)
        widths = [total * weight // weight_sum for weight in self.column_weights]
        widths[-1] += total - sum(widths)
        return tuple(widths)


T3_CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_RESULTS_LABEL = "三、本年度办理结果"
T2_ROW_HEADING = "信息内容"
T2_COLUMNS = 3  # figure columns of table 2's grid, beside the label column


def format_figure(value: Figure, *, is_amount: bool = False) -> str:
    """A figure as printed in a table: 0 never blank, amounts with their decimals (at least
    two, as money is written: 0.50 万元, 73802895.90 元)."""
    if isinstance(value, float) and not value.is_integer():
        text = format(Decimal(repr(value)), "f")
        decimals = len(text.partition(".")[2])
        return text + "0" * (2 - decimals) if is_amount and decimals < 2 else text
    if is_amount or isinstance(value, float):
        return str(int(value))
    return str(value)


def _figure(figures: dict[str, Figure], key: str, fmt: ReportFormat, span: int = 1) -> GridCell:
    cell = CELL_BY_KEY[fmt][key]
    text = format_figure(figures[key], is_amount=cell.is_amount)
    return GridCell(text, CellRole.FIGURE, span=span, key=key)


def _spans(columns: int) -> tuple[int, ...]:
    """How a section's figure columns share the three grid columns (the last one widens)."""
    return (1,) * (columns - 1) + (T2_COLUMNS - columns + 1,)


def table2(figures: dict[str, Figure], fmt: ReportFormat) -> OfficialTable:
    sections = T2_SECTIONS_2021 if fmt is ReportFormat.F2021 else T2_SECTIONS_2019
    rows: list[tuple[GridCell, ...]] = []
    for section in sections:
        spans = _spans(len(section.columns))
        rows.append((GridCell(section.article_item, CellRole.HEADING, span=1 + T2_COLUMNS),))
        rows.append(
            (
                GridCell(T2_ROW_HEADING, CellRole.HEADING),
                *(
                    GridCell(label, CellRole.HEADING, span=span)
                    for (_, label), span in zip(section.columns, spans, strict=True)
                ),
            )
        )
        for row, row_label in section.rows:
            rows.append(
                (
                    GridCell(row_label, CellRole.HEADING),
                    *(
                        _figure(figures, f"t2.{row}.{col}", fmt, span)
                        for (col, _), span in zip(section.columns, spans, strict=True)
                    ),
                )
            )
    return OfficialTable(2, (40, 20, 20, 20), tuple(rows))


def table3(figures: dict[str, Figure], fmt: ReportFormat) -> OfficialTable:
    def figure_cells(row: str) -> tuple[GridCell, ...]:
        return tuple(_figure(figures, f"t3.{row}.{col}", fmt) for col, _ in T3_COLUMNS)

    header: list[tuple[GridCell, ...]] = [
        (
            GridCell(T3_CHECK_NOTE, CellRole.HEADING, span=3, merge=Merge.RESTART),
            GridCell("申请人情况", CellRole.HEADING, span=len(T3_COLUMNS)),
        ),
        (
            GridCell("", CellRole.HEADING, span=3, merge=Merge.CONTINUE),
            GridCell(APPLICANT_COLUMNS[0][1], CellRole.HEADING, merge=Merge.RESTART),
            GridCell("法人或其他组织", CellRole.HEADING, span=len(APPLICANT_COLUMNS) - 1),
            GridCell(T3_COLUMNS[-1][1], CellRole.HEADING, merge=Merge.RESTART),
        ),
        (
            GridCell("", CellRole.HEADING, span=3, merge=Merge.CONTINUE),
            GridCell("", CellRole.HEADING, merge=Merge.CONTINUE),
            *(GridCell(label, CellRole.HEADING) for _, label in APPLICANT_COLUMNS[1:]),
            GridCell("", CellRole.HEADING, merge=Merge.CONTINUE),
        ),
    ]
    body: list[tuple[GridCell, ...]] = []
    results_started = False
    for row in t3_rows(fmt):
        if row.key in {"new", "carried_in", "carried_out"}:
            body.append((GridCell(row.label, CellRole.LABEL, span=3), *figure_cells(row.key)))
            continue
        results = GridCell(
            T3_RESULTS_LABEL if not results_started else "",
            CellRole.LABEL,
            merge=Merge.CONTINUE if results_started else Merge.RESTART,
        )
        results_started = True
        if row.group is None:
            body.append((results, GridCell(row.label, CellRole.LABEL, span=2), *figure_cells(row.key)))
            continue
        opens_group = row.key.endswith(f".{_first_leaf(fmt, row.group)}")
        group = GridCell(
            (row.group_label or "") if opens_group else "",
            CellRole.LABEL,
            merge=Merge.RESTART if opens_group else Merge.CONTINUE,
        )
        body.append((results, group, GridCell(row.label, CellRole.LABEL), *figure_cells(row.key)))
    return OfficialTable(3, (56, 100, 300, 58, 58, 58, 58, 58, 58, 58), (*header, *body), header_rows=3)


def _first_leaf(fmt: ReportFormat, group: str) -> str:
    return next(row.key for row in t3_rows(fmt) if row.group == group).split(".", 1)[1]


def table4(figures: dict[str, Figure], fmt: ReportFormat) -> OfficialTable:
    columns = len(T4_COLUMNS)
    review, *suits = T4_GROUPS
    rows: tuple[tuple[GridCell, ...], ...] = (
        (
            GridCell(review[1], CellRole.HEADING, span=columns),
            GridCell("行政诉讼", CellRole.HEADING, span=columns * len(suits)),
        ),
        (
            *(GridCell(label, CellRole.HEADING, merge=Merge.RESTART) for _, label in T4_COLUMNS),
            *(GridCell(label.split("·")[-1], CellRole.HEADING, span=columns) for _, label in suits),
        ),
        (
            *(GridCell("", CellRole.HEADING, merge=Merge.CONTINUE) for _ in T4_COLUMNS),
            *(GridCell(label, CellRole.HEADING) for _ in suits for _, label in T4_COLUMNS),
        ),
        tuple(_figure(figures, f"t4.{group}.{col}", fmt) for group, _ in T4_GROUPS for col, _ in T4_COLUMNS),
    )
    return OfficialTable(4, (1,) * columns * len(T4_GROUPS), rows, header_rows=3)


def changed_totals(report: Report) -> list[tuple[str, Figure, Figure]]:
    """Totals the report states that differ from the derived ones the export prints."""
    derived = complete(report.figures, report.format)
    return [
        (key, stated, derived[key])
        for key, stated in report.figures.items()
        if key in derived and CELL_BY_KEY[report.format][key].is_total and derived[key] != stated
    ]


def official_tables(report: Report) -> tuple[OfficialTable, OfficialTable, OfficialTable]:
    """Tables 2, 3 and 4 of ``report`` with every cell filled, totals derived."""
    figures = complete(report.figures, report.format)
    return (
        table2(figures, report.format),
        table3(figures, report.format),
        table4(figures, report.format),
    )

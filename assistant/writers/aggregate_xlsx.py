"""The region's summed tables as a spreadsheet (汇总.xlsx), each total traceable to its agencies.

Sheets: 表二、表三、表四 in the official layout (merged cells as in the format's template, from
:mod:`assistant.writers.tables`), 来源 (every non-zero cell of every agency: the drill-down
behind each total), 报告 (what was summed, each source's own errors, what was left out) and
核对 (the rules on the sum, the agencies missing or sent twice).  The workbook is written in
openpyxl's streaming mode, so a province's sources do not sit in memory as cell objects.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from assistant.domain.aggregate import Aggregate
from assistant.domain.layout import CELL_BY_KEY, keys, printed_row_label
from assistant.domain.region import RULE_TITLES, RegionReview
from assistant.writers.docx import save_atomically
from assistant.writers.tables import CellRole, Merge, OfficialTable, table2, table3, table4

_TABLE_WIDTHS = {2: (36, 16, 16, 16), 3: (10, 16, 40, *(10,) * 7), 4: (9,) * 15}


def _figure(text: str) -> Any:
    """A printed figure back to a number, so the sheet can add it up again."""
    try:
        return int(text)
    except ValueError:
        return float(text)


def _official_sheet(workbook: Any, name: str, table: OfficialTable) -> None:
    sheet = workbook.create_sheet(name)
    for column, width in enumerate(_TABLE_WIDTHS[table.number], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    open_runs: dict[int, tuple[int, int]] = {}  # first column → (first row, span) of a vertical merge
    for number, row in enumerate(table.rows, start=1):
        values: list[Any] = []
        column = 1
        continuing: set[int] = set()
        for cell in row:
            values.append(_figure(cell.text) if cell.role is CellRole.FIGURE else cell.text)
            values.extend([None] * (cell.span - 1))
            if cell.merge is Merge.RESTART:
                if column in open_runs:  # the group above ends where the next one starts
                    _close_run(sheet, column, *open_runs.pop(column), number - 1)
                open_runs[column] = (number, cell.span)
            elif cell.merge is Merge.CONTINUE:
                continuing.add(column)
            elif cell.span > 1:
                sheet.merged_cells.add(
                    CellRange(min_col=column, min_row=number, max_col=column + cell.span - 1, max_row=number)
                )
            column += cell.span
        for start in [
            start for start in open_runs if start not in continuing and open_runs[start][0] < number
        ]:
            _close_run(sheet, start, *open_runs.pop(start), number - 1)
        sheet.append(values)
    for start, (first, span) in open_runs.items():
        _close_run(sheet, start, first, span, len(table.rows))


def _close_run(sheet: Any, column: int, first: int, span: int, last: int) -> None:
    if last > first or span > 1:
        sheet.merged_cells.add(
            CellRange(min_col=column, min_row=first, max_col=column + span - 1, max_row=last)
        )


def _plain_sheet(workbook: Any, name: str, heading: Sequence[str], widths: Sequence[int]) -> Any:
    sheet = workbook.create_sheet(name)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.append(list(heading))
    return sheet


def aggregate_workbook(aggregate: Aggregate, review: RegionReview | None = None) -> Any:
    """The workbook of a region's sum (not yet saved)."""
    workbook = Workbook(write_only=True)
    totals = aggregate.totals
    for number, build in ((2, table2), (3, table3), (4, table4)):
        _official_sheet(workbook, f"表{'二三四'[number - 2]}", build(totals, aggregate.format))
    cells = CELL_BY_KEY[aggregate.format]
    sources = _plain_sheet(
        workbook, "来源", ("表", "行", "列", "键", "机关", "文件", "数值"), (6, 40, 16, 34, 30, 40, 10)
    )
    for key in keys(aggregate.format):
        cell = cells[key]
        for contribution in aggregate.contributions(key):
            sources.append(
                [
                    f"表{'二三四'[cell.table - 2]}",
                    printed_row_label(cell, aggregate.format),
                    cell.column_label,
                    key,
                    contribution.agency,
                    contribution.source,
                    contribution.value,
                ]
            )
    reports = _plain_sheet(workbook, "报告", ("机关", "文件", "计入汇总", "本身的错误"), (30, 40, 10, 80))
    for source in aggregate.sources:
        errors = "；".join(f"[{f.rule}] {f.message}" for f in source.errors)
        reports.append([source.agency, source.source, "是", errors])
    for item in aggregate.excluded:
        reports.append([item.agency, item.source, "否", item.reason])
    checks = _plain_sheet(workbook, "核对", ("项目", "规则", "说明"), (16, 8, 100))
    sum_findings = aggregate.findings()
    for finding in sum_findings:
        checks.append(["汇总表", finding.rule, f"{RULE_TITLES.get(finding.rule, '')}：{finding.message}"])
    for source in aggregate.sources_with_errors:
        rules = "、".join(sorted({f.rule for f in source.errors}))
        checks.append(
            ["来源报告有错误", rules, f"{source.agency}（{source.source}）已计入汇总，请核实后更正"]
        )
    if review is not None:
        for member in review.missing:
            checks.append(["未收到报告", "", member.name])
        for duplicate in review.duplicate_list:
            checks.append(
                ["重复报送", "", f"{duplicate.agency}：{'、'.join(duplicate.sources)}（只计入第一份）"]
            )
        for unread in review.unreadable:
            checks.append(["无法读取", "", unread.reason])
    if not sum_findings:
        checks.append(["汇总表", "", f"勾稽关系核对无误（{aggregate.count} 份报告）"])
    return workbook


def aggregate_bytes(aggregate: Aggregate, review: RegionReview | None = None) -> bytes:
    """The workbook's content, for a download button."""
    content = io.BytesIO()
    aggregate_workbook(aggregate, review).save(content)
    return content.getvalue()


def write_aggregate(aggregate: Aggregate, path: Path, review: RegionReview | None = None) -> Path:
    """Save the workbook atomically: a failure leaves no half-written file behind."""
    return save_atomically(aggregate_bytes(aggregate, review), path)

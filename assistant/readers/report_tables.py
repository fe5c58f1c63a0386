"""Tables 二–四 of a report document, found among its tables and read into figures.

Each of the three is recognised by its labels (:func:`assistant.domain.table_mapping.table_kind`)
and mapped once.  Grids of one table that follow each other are one table printed in
pieces: split across pages (a row broken by the page break is mended) or block by block.
A document with none of the three, or with one twice, says so by name.
"""

from __future__ import annotations

from assistant.domain.layout import ReportFormat
from assistant.domain.table_mapping import TableReading, clean_label, is_value_text, map_grid, table_kind
from assistant.errors import NotAReport, UnreadableInput
from assistant.readers.document import Table


def _join(rows: list[list[str]], more: list[list[str]]) -> list[list[str]]:
    """Two pieces of one table; a row broken by the page break (its label's tail alone on
    the next page, no figures) is mended into the row it belongs to."""
    if rows and more and len(rows[-1]) == len(more[0]):
        head, tail = rows[-1], more[0]
        is_header = any(word in "".join(tail) for word in ("第二十条", "信息内容", "申请人", "结果", "数量"))
        if (
            any(_is_figure(c) for c in head)
            and not any(_is_figure(c) for c in tail)
            and any(tail)
            and not is_header
        ):
            mended = [a + b if b and not _is_figure(a) else a for a, b in zip(head, tail, strict=True)]
            return [*rows[:-1], mended, *more[1:]]
    return rows + more


def _is_figure(cell: str) -> bool:
    return bool(cell.strip()) and is_value_text(cell) and clean_label(cell) not in {"—", "-", "/"}


def read_tables(name: str, tables: list[Table], year: int | None, has_parts: bool) -> list[TableReading]:
    """Each of tables 2–4 mapped once; grids of one table in a row (a table split across
    pages, or printed block by block) are joined first."""
    joined: list[tuple[int, list[list[str]], int]] = []
    previous_page: int | None = None
    for table in tables:
        kind = table_kind(table.rows)
        if kind is None:
            continue
        if joined and joined[-1][0] == kind:
            previous_kind, rows, pieces = joined[-1]
            across_pages = (
                table.page is not None and previous_page is not None and table.page != previous_page
            )
            rows = _join(rows, table.rows) if across_pages else rows + table.rows
            joined[-1] = (previous_kind, rows, pieces + 1)
        else:
            joined.append((kind, [list(row) for row in table.rows], 1))
        previous_page = table.page
    kinds = [kind for kind, _, _ in joined]
    missing = [f"表{'二三四'[k - 2]}" for k in (2, 3, 4) if k not in kinds]
    if missing and not has_parts:
        raise NotAReport(
            f"{name}：没有找到年报的各部分标题，也没有完整的表二、表三、表四，看起来不是政府信息公开工作年度报告。"
        )
    if len(kinds) == 0 and year is None:
        # Part headings alone occur in notices and guides that describe the format.
        raise NotAReport(
            f"{name}：没有找到表二、表三、表四，也看不出是哪一年度的报告，看起来不是政府信息公开工作年度报告。"
        )
    if len(kinds) == 0:
        raise UnreadableInput(
            f"{name}：没有找到表二、表三、表四（可能表格已被删除或以图片形式插入），无法读取数字。"
        )
    if missing:
        raise UnreadableInput(f"{name}：没有找到{'、'.join(missing)}，无法完整读取数字。")
    duplicated = [k for k in (2, 3, 4) if kinds.count(k) > 1]
    if duplicated:
        raise UnreadableInput(
            f"{name}：表{'二三四'[duplicated[0] - 2]}出现了不止一次，无法确定以哪一张为准。"
        )
    readings: list[TableReading] = []
    fmt_hint = ReportFormat.F2019 if year is not None and year <= 2020 else None
    try:
        for kind, rows, pieces in sorted(joined, key=lambda item: item[0]):
            reading = map_grid(rows, kind, fmt_hint)
            if kind == 2 and reading.format is not None:
                fmt_hint = reading.format
            if pieces > 1 and kind != 2:
                reading.notes.append(f"表{'二三四'[kind - 2]}分成 {pieces} 段（跨页或分块），已合并读取。")
            readings.append(reading)
    except UnreadableInput as error:
        raise UnreadableInput(f"{name}：{error.message}") from None
    return readings

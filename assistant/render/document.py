"""The report as it will print, for the page that edits it: the official tables 二–四 as HTML,
rows, columns and merged cells as in the format's template."""

from __future__ import annotations

from html import escape

from assistant.domain.report import Part, Report
from assistant.writers.tables import Merge, OfficialTable, official_tables

TABLE_PARTS = (Part.PROACTIVE_TABLE, Part.REQUEST_TABLE, Part.REVIEW_TABLE)

TABLE_CSS = (
    "<style>"
    ".official{border-collapse:collapse;width:100%;table-layout:fixed;font-size:13px;line-height:1.35;"
    "font-family:'FangSong','STFangsong','Noto Serif CJK SC',serif;margin:4px 0 12px}"
    ".official td{border:1px solid #555;padding:3px 4px;text-align:center;vertical-align:middle;"
    "overflow-wrap:anywhere}"
    ".official td.label{text-align:left}"
    ".official td.figure{font-variant-numeric:tabular-nums}"
    ".official td.heading{background:#f6f6f4}"
    "</style>"
)


def _rowspans(table: OfficialTable) -> dict[tuple[int, int], int]:
    """(row, grid column) of each cell that opens a vertical merge → how many rows it covers."""
    starts: dict[tuple[int, int], int] = {}
    open_at: dict[int, tuple[int, int]] = {}
    for r, row in enumerate(table.rows):
        column = 0
        for cell in row:
            if cell.merge is Merge.RESTART:
                starts[(r, column)] = 1
                open_at[column] = (r, column)
            elif cell.merge is Merge.CONTINUE and column in open_at:
                starts[open_at[column]] += 1
            else:
                open_at.pop(column, None)
            column += cell.span
    return starts


def table_html(table: OfficialTable) -> str:
    """One official table as an HTML table with its merges as colspan and rowspan."""
    spans = _rowspans(table)
    total = sum(table.column_weights)
    columns = "".join(f"<col style='width:{100 * w / total:.2f}%'>" for w in table.column_weights)
    rows = []
    for r, row in enumerate(table.rows):
        cells, column = [], 0
        for cell in row:
            if cell.merge is not Merge.CONTINUE:
                attributes = f" class='{cell.role.value}'"
                if cell.span > 1:
                    attributes += f" colspan='{cell.span}'"
                if spans.get((r, column), 1) > 1:
                    attributes += f" rowspan='{spans[(r, column)]}'"
                cells.append(f"<td{attributes}>{escape(cell.text)}</td>")
            column += cell.span
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table class='official'><colgroup>{columns}</colgroup>{''.join(rows)}</table>"


def tables_html(report: Report) -> dict[Part, str]:
    """Tables 二, 三 and 四 of the report as they print, each under its part."""
    return {part: table_html(table) for part, table in zip(TABLE_PARTS, official_tables(report), strict=True)}

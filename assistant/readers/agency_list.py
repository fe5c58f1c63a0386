"""A region's list of agencies, as an office keeps it: a spreadsheet (.xlsx) or a .csv.

The first column is the agency's name and the second its kind (乡镇、部门; blank reads the
kind from the name).  A header row ("机关名称", "类别") is recognised and may put the
columns in another order.  The file is bounded before it is opened: size, and for .xlsx the
zip's declared sizes, so a hostile upload cannot take the server's memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.domain.region import Region, region_from_rows
from assistant.errors import UnreadableInput
from assistant.readers.encoding import decode

LIST_SUFFIXES = (".xlsx", ".csv")
MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 50_000
NAME_HEADINGS = ("机关名称", "单位名称", "名称", "机关", "单位", "部门")
KIND_HEADINGS = ("类别", "类型", "层级", "级别", "性质")


def _columns(header: list[str]) -> tuple[int, int | None] | None:
    """Where the name and kind columns are, if the row is a header row."""
    cells = [cell.strip() for cell in header]
    name = next((i for i, cell in enumerate(cells) if any(word in cell for word in NAME_HEADINGS)), None)
    if name is None:
        return None
    kind = next(
        (i for i, cell in enumerate(cells) if i != name and any(word in cell for word in KIND_HEADINGS)), None
    )
    return name, kind


def _rows(lines: Iterator[list[str]], where: str) -> Iterator[tuple[int, str, str]]:
    name_column, kind_column = 0, 1
    for number, cells in enumerate(lines, start=1):
        if number > MAX_ROWS:
            raise UnreadableInput(f"{where}：超过 {MAX_ROWS} 行，不像是一个地区的机关名单。")
        if number == 1 and (columns := _columns(cells)) is not None:
            name_column, kind_column = columns[0], columns[1] if columns[1] is not None else -1
            continue
        name = cells[name_column] if name_column < len(cells) else ""
        kind = cells[kind_column] if 0 <= kind_column < len(cells) else ""
        yield number, name, kind


def _csv_lines(path: Path) -> Iterator[list[str]]:
    text = decode(path.read_bytes(), str(path))
    dialect = csv.excel_tab if "\t" in text.partition("\n")[0] else csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _xlsx_lines(path: Path) -> Iterator[list[str]]:
    try:
        with zipfile.ZipFile(path) as package:
            declared = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, OSError):
        raise UnreadableInput(
            f"{path}：不是有效的 .xlsx 文件（若是旧版 .xls，请另存为 .xlsx 或 .csv）。"
        ) from None
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableInput(
            f"{path}：解压后 {declared / 1024 / 1024:.0f} MB，超过名单文件的上限，已拒绝读取。"
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook; the user needs one message
        raise UnreadableInput(
            f"{path}：表格文件已损坏或格式异常，无法读取；请用 Excel/WPS 另存后再试。"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_text(value) for value in row]
    finally:
        workbook.close()


def read_agency_list(path: Path, name: str | None = None) -> Region:
    """The region a list names; ``name`` defaults to the file's name (青川县.xlsx → 青川县)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in LIST_SUFFIXES:
        raise UnreadableInput(f"{path}：机关名单应为 .xlsx 或 .csv 文件。")
    if not path.is_file():
        raise UnreadableInput(f"{path}：文件不存在。")
    if path.stat().st_size > MAX_BYTES:
        raise UnreadableInput(f"{path}：文件超过 {MAX_BYTES // 1024 // 1024} MB，不像是机关名单。")
    lines = _xlsx_lines(path) if suffix == ".xlsx" else _csv_lines(path)
    return region_from_rows(name or path.stem, _rows(lines, str(path)), str(path))

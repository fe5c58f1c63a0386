"""Word documents (.docx, as Word and WPS save them).

The body is walked in order through python-docx's XML: paragraphs, tables (merged cells
expanded: a horizontal span repeats its text, a vertical ``vMerge`` continuation takes
the text of the cell above), tables nested inside cells (read as tables of their own,
the outer cell's prose as paragraphs), and content controls (``w:sdt``) that WPS wraps
around blocks.  A table typed without merges, each row packed to the left under header
rows that stop short, has its rows cut after their last cell, as the flattened text has
them, so that a row's figures are read from its right-hand cells.  Before python-docx
opens the file, the zip is checked: not a zip, no ``word/document.xml``, a
``document.xml`` too large to parse in bounded time, or declared sizes and ratios of a
zip bomb are refused.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from assistant.domain.report import Report
from assistant.domain.table_mapping import is_value_text
from assistant.errors import UnreadableInput
from assistant.readers.archive import bounded_members
from assistant.readers.document import Document, Paragraph, Table
from assistant.readers.structure import assemble

TITLE_STYLE = "公文标题"
SIGNATURE_STYLE = "落款"
# Real reports' document.xml is under 2 MB; parsing 189 MB of XML took 53 s and 2.2 GB.
MAX_DOCUMENT_XML_BYTES = 20 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def check_package(path: Path) -> None:
    """Refuse what is not a Word package, or what would expand beyond bounded memory."""
    try:
        with zipfile.ZipFile(path) as package:
            members = bounded_members(package, str(path))
    except (zipfile.BadZipFile, OSError):
        raise UnreadableInput(
            f"{path}：不是有效的 .docx 文件（不是 zip 格式；若是旧版 .doc 或 WPS 格式，请另存为 .docx）。"
        ) from None
    body = next((member for member in members if member.filename == "word/document.xml"), None)
    if body is None:
        raise UnreadableInput(f"{path}：压缩包中没有 word/document.xml，不是 Word 文档。")
    if body.file_size > MAX_DOCUMENT_XML_BYTES:
        raise UnreadableInput(
            f"{path}：正文（word/document.xml）解压后 {body.file_size / 1024 / 1024:.0f} MB，超过上限 "
            f"{MAX_DOCUMENT_XML_BYTES // 1024 // 1024} MB（年报正文通常不到 2 MB），已拒绝读取。"
        )


def _text(element: Any) -> str:
    """The text of a paragraph (or cell), runs joined, breaks as newlines; a text box
    saved twice (``mc:Choice`` and its ``mc:Fallback``, as WPS does) counts once."""
    pieces: list[str] = []
    has_fallback = element.find(f".//{_MC}Fallback") is not None
    for node in element.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab"):
        if has_fallback and any(ancestor.tag == f"{_MC}Fallback" for ancestor in node.iterancestors()):
            continue
        if node.tag == f"{_W}t":
            pieces.append(node.text or "")
        elif node.tag == f"{_W}tab":
            pieces.append(" ")
        else:
            pieces.append("\n")
    return "".join(pieces)


def _children(element: Any) -> list[Any]:
    """Block-level children, content controls unwrapped."""
    found: list[Any] = []
    for child in element:
        if child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                found.extend(_children(content))
        elif child.tag in (f"{_W}p", f"{_W}tbl"):
            found.append(child)
    return found


def _int_attribute(element: Any, name: str) -> int:
    """A count such as ``gridSpan``; more digits than any table has stand for a huge count
    (for the cell budget to refuse) instead of being converted."""
    if element is None:
        return 0
    value = element.get(f"{_W}val")
    if not value or not value.isdigit():
        return 0
    return int(value) if len(value) <= 9 else 10**9


def _table(tbl: Any, document: Document) -> None:
    """One table as a grid; a table with tables in its cells is a layout table, so its
    cells' prose and inner tables are read in order instead.  Spans and skipped columns
    (``gridSpan``, ``gridBefore``) are counted against the cell budget before they are
    laid out."""
    if tbl.find(f".//{_W}tc//{_W}tbl") is not None:
        for tr in tbl.findall(f"{_W}tr"):
            for tc in tr.findall(f"{_W}tc"):
                _blocks(tc, document)
        return
    document.cells.start_table()
    grid: list[list[str]] = []
    merged = False
    for tr in tbl.findall(f"{_W}tr"):
        properties = tr.find(f"{_W}trPr")
        before = _int_attribute(properties.find(f"{_W}gridBefore") if properties is not None else None, "val")
        merged = merged or before > 0
        document.cells.spend(before)
        row = [""] * before
        for tc in _children_cells(tr):
            tc_properties = tc.find(f"{_W}tcPr")
            span = 1
            continued = False
            if tc_properties is not None:
                span = max(1, _int_attribute(tc_properties.find(f"{_W}gridSpan"), "val"))
                merge = tc_properties.find(f"{_W}vMerge")
                continued = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
                merged = merged or span > 1 or merge is not None
            document.cells.spend(span)
            column = len(row)
            if continued and grid:
                above = grid[-1]
                text = above[column] if column < len(above) else ""
            else:
                text = "\n".join(_text(p) for p in _children(tc) if p.tag == f"{_W}p").strip()
            row.extend([text] * span)
        grid.append(row)
    if grid:
        document.blocks.append(Table(grid if merged else _packed_left(grid)))


def _packed_left(grid: list[list[str]]) -> list[list[str]]:
    """The rows of a table typed without merges, each cut after its last filled cell when
    they are packed to the left (the header rows stop short of the figure rows): a blank
    cell at such a row's end is where typing stopped, not a column of the table."""

    def length(row: list[str]) -> int:
        return max((i + 1 for i, cell in enumerate(row) if cell.strip()), default=0)

    def has_figure(row: list[str]) -> bool:
        return any(cell.strip() and is_value_text(cell) for cell in row)

    headers = [length(row) for row in grid if not has_figure(row)]
    figures = [length(row) for row in grid if has_figure(row)]
    if not headers or not figures or max(headers) >= max(figures) or len({*headers, *figures}) == 1:
        return grid
    return [row[: length(row)] for row in grid]


def _children_cells(tr: Any) -> list[Any]:
    cells: list[Any] = []
    for child in tr:
        if child.tag == f"{_W}tc":
            cells.append(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                cells.extend(content.findall(f"{_W}tc"))
    return cells


def _blocks(container: Any, document: Document) -> None:
    for child in _children(container):
        if child.tag == f"{_W}p":
            text = _text(child).strip()
            if text:
                document.blocks.extend(Paragraph(line) for line in text.split("\n") if line.strip())
        else:
            _table(child, document)


def parse(path: Path) -> Document:
    import docx

    check_package(path)
    try:
        word = docx.Document(str(path))
    except Exception:  # python-docx raises many kinds for a damaged package
        raise UnreadableInput(
            f"{path}：Word 文档已损坏，无法打开；请在 Word 或 WPS 中打开后另存为 .docx 再试。"
        ) from None
    document = Document(str(path))
    _blocks(word.element.body, document)
    _style_hints(word, document)
    return document


def _style_hints(word: Any, document: Document) -> None:
    """Paragraph styles that name what a paragraph is, as gongkai's own export sets them:
    公文标题 holds the title (its lines joined), 落款 the signer and the date."""
    names = {style.style_id: style.name for style in word.styles}
    title: list[str] = []
    for paragraph in _children(word.element.body):
        if paragraph.tag != f"{_W}p":
            continue
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        name = names.get(style.get(f"{_W}val"), "") if style is not None else ""
        text = "".join(line.strip() for line in _text(paragraph).split("\n"))
        if not text:
            continue
        if name == TITLE_STYLE:
            title.append(text)
        elif (
            name == SIGNATURE_STYLE
            and "agency" not in document.hints
            and not re.search(r"年\S{1,3}月\S{1,3}日$", text)
        ):
            document.hints["agency"] = text
    if title:
        document.hints["title"] = "".join(title)


def read(path: Path) -> Report:
    return assemble(parse(path))

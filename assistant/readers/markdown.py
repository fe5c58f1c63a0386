"""Markdown: headings and paragraphs as text, pipe tables as grids.

Reports archived as Markdown often carry a collector's apparatus: bullet lines of
metadata under the title (``- 机关: … 年度: … 发布时间: …``), tables rebuilt above the
verbatim page text (a section headed ``原文…``), and check notes at the end.  The
metadata become hints; when a ``原文`` section exists the prose is taken from it alone
(the tables from anywhere); a heading of verification notes ends the report.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.domain.report import Report
from assistant.readers.document import Block, Document, Paragraph, Table
from assistant.readers.encoding import read_text
from assistant.readers.structure import assemble

_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_END = re.compile(r"verification|collector|核对说明|校验说明", re.I)
_HINTS = {"机关": "agency", "年度": "year", "发布时间": "published", "发布日期": "published", "标题": "title"}
_HINT = re.compile(r"(机关|年度|发布时间|发布日期|标题)\s*[:：]\s*(.+?)(?=\s{2,}\S+\s*[:：]|$)")


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return [cell.replace("**", "").replace("<br>", "").strip() for cell in re.split(r"(?<!\\)\|", body)]


def parse(text: str, name: str) -> Document:
    document = Document(name)
    lines = text.replace("\r\n", "\n").split("\n")
    has_original = any((m := _HEADING.match(line)) and m.group(1).startswith("原文") for line in lines)
    in_original = not has_original
    front_matter = True
    rows: list[list[str]] = []
    prose: list[Block] = []
    tables: list[Block] = []

    def close_table() -> None:
        nonlocal rows
        if rows:
            (tables if has_original else prose).append(document.cells.add(Table(rows)))
        rows = []

    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|"):
            if not _SEPARATOR.match(stripped):
                rows.append(_cells(stripped))
            continue
        close_table()
        heading = _HEADING.match(stripped)
        if heading:
            title = heading.group(1).replace("**", "").strip()
            if _END.search(title):
                break
            if title.startswith("原文"):
                in_original = True
                continue
            if not document.hints.get("title") and stripped.startswith("# "):
                document.hints["title"] = title
                continue
            stripped = title
        if not stripped or stripped == "---":
            continue
        if front_matter and stripped.startswith(("- ", "* ")):
            for key, value in _HINT.findall(stripped):
                document.hints.setdefault(_HINTS[key], value.strip())
            continue
        front_matter = False
        if in_original:
            prose.append(Paragraph(stripped.replace("**", "")))
    close_table()
    document.blocks = tables + prose
    if document.hints.get("published"):
        document.hints["published"] = document.hints["published"].split()[0]
    return document


def read(path: Path) -> Report:
    return assemble(parse(read_text(path), str(path)))

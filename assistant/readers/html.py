"""HTML pages: a report as a portal publishes it, or as Word exports it.

The page is decoded by its declared charset (UTF-8 or GB18030/GBK, detected when not
declared) and parsed with lxml; scripts and styles are dropped.  One walk turns the page
into paragraphs and tables, remembering the element each came from: inline text split
across many ``<span>``s (Word's export) joins into one paragraph, tables are expanded by
``rowspan``/``colspan``, and a table holding other tables is a layout table whose cells
are read in order.  The article is then the smallest element holding both the part 一 and
the part 六 headings, widened to take in a title or preamble just outside it, so that
navigation, side bars and footers around it are left out.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant.domain.report import Part, Report
from assistant.errors import UnreadableInput
from assistant.readers.document import Block, CellBudget, Document, Paragraph, Table
from assistant.readers.encoding import decode
from assistant.readers.furniture import is_page_info
from assistant.readers.pdf import tidy
from assistant.readers.structure import assemble, opens_part

_BLOCK_TAGS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br",
               "tr", "td", "th", "blockquote", "center", "dd", "dt", "dl", "header", "footer", "main", "pre",
               "form", "hr", "tbody", "thead", "body", "html", "nav", "aside", "table"}  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "iframe", "select", "button", "template", "svg", "head", "input")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_DATE_IN_INFO = re.compile(
    r"(发布时间|发布日期|成文日期)\s*[:：]\s*([12]\d{3}[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2})"
)
_MAX_WIDEN_CHARS = 600

Placed = tuple[Block, Any]


def _root(data: bytes, name: str) -> Any:
    import lxml.html

    declared = _CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii").lower() if declared else None
    if encoding in {"gb2312", "gbk"}:
        encoding = "gb18030"
    text = decode(data, name, encoding)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml.html.document_fromstring(text)
    except Exception:  # lxml refuses pages with nothing it can parse
        raise UnreadableInput(f"{name}：无法解析网页内容。") from None


def _clean(text: str) -> str:
    return tidy(re.sub(r"\s+", " ", text))


def _span(cell: Any, attribute: str) -> int:
    value = str(cell.get(attribute, "1")).strip()
    return max(1, min(int(value), 100)) if value.isdigit() else 1


def _grid(table: Any, cells: CellBudget) -> list[list[str]]:
    """A table's cells laid out on a grid: a span repeats its text in every slot it covers,
    each span counted against the cell budget before it is laid out."""
    cells.start_table()
    grid: dict[tuple[int, int], str] = {}
    rows = [row for row in table.iter("tr")]
    for i, row in enumerate(rows):
        j = 0
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            while (i, j) in grid:
                j += 1
            text = _clean(cell.text_content())
            span, down = _span(cell, "colspan"), _span(cell, "rowspan")
            cells.spend(span * min(down, len(rows) - i))
            for a in range(i, min(i + down, len(rows))):
                for b in range(j, j + span):
                    grid.setdefault((a, b), text)
            j += span
    if not grid:
        return []
    width = max(b for _, b in grid) + 1
    cells.spend(len(rows) * width - len(grid))  # the slots no cell covers are laid out too
    return [[grid.get((a, b), "") for b in range(width)] for a in range(len(rows))]


class _Walk:
    """One pass over the page: blocks in order, each with the element it came from."""

    def __init__(self, cells: CellBudget) -> None:
        self.cells = cells
        self.placed: list[Placed] = []
        self.buffer: list[str] = []

    def flush(self, container: Any) -> None:
        text = _clean("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.placed.append((Paragraph(text), container))

    def walk(self, element: Any, container: Any) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None:
                self.buffer.append(child.tail or "")
                continue
            if tag == "table" and child.find(".//table") is None:
                self.flush(container)
                grid = _grid(child, self.cells)
                if grid:
                    self.placed.append((Table(grid), child))
                self.buffer.append(child.tail or "")
                continue
            is_block = tag in _BLOCK_TAGS
            inner = child if is_block else container
            if is_block:
                self.flush(container)
            self.buffer.append(child.text or "")
            self.walk(child, inner)
            if is_block:
                self.flush(inner)
            self.buffer.append(child.tail or "")


def _article(placed: list[Placed]) -> list[Block]:
    """The blocks of the article: inside the smallest element holding part 一 and part 六,
    widened while what it takes in is short (a title, a preamble), not a page's chrome."""
    first = next(
        (c for b, c in placed if isinstance(b, Paragraph) and opens_part(b.text, Part.OVERVIEW)), None
    )
    last = next(
        (
            c
            for b, c in reversed(placed)
            if isinstance(b, Paragraph) and opens_part(b.text, Part.OTHER_MATTERS)
        ),
        None,
    )
    if first is None or last is None:
        return [block for block, _ in placed]
    # Sets of the elements themselves, not their id(): lxml hands out proxy objects, and a
    # proxy dropped after id() was taken frees that id for another element's proxy.
    first_line = {*first.iterancestors(), first}
    article = next((e for e in [last, *last.iterancestors()] if e in first_line), None)
    if article is None:
        return [block for block, _ in placed]
    lineage = [{*element.iterancestors(), element} for _, element in placed]

    def inside(candidate: Any) -> list[bool]:
        return [candidate in ancestors for ancestors in lineage]

    chosen = inside(article)
    for parent in article.iterancestors():
        if parent.tag in ("body", "html"):
            break
        wider = inside(parent)
        extra = sum(
            len(block.text) if isinstance(block, Paragraph) else 1000
            for (block, _), now, then in zip(placed, chosen, wider, strict=True)
            if then and not now
        )
        if extra > _MAX_WIDEN_CHARS:
            break
        chosen = wider
    return [block for (block, _), keep in zip(placed, chosen, strict=True) if keep]


def parse(path: Path) -> Document:
    root = _root(path.read_bytes(), str(path))
    document = Document(str(path))
    for key, meta in (("title", "ArticleTitle"), ("published", "PubDate")):
        found = root.xpath(f"//meta[@name='{meta}']/@content")
        if found and str(found[0]).strip():
            document.hints[key] = str(found[0]).strip().split(" ")[0]
    page_title = root.findtext(".//title") or ""
    for piece in re.split(r"\s*[-_|｜—]+\s*", page_title):
        if "报告" in piece:
            document.hints["page_title"] = _clean(piece)
            break
    for element in list(root.iter(*_DROP_TAGS)):
        element.drop_tree()
    body = root.find("body")
    walker = _Walk(document.cells)
    walker.walk(body if body is not None else root, body if body is not None else root)
    walker.flush(body if body is not None else root)
    if "published" not in document.hints:
        for block, _ in walker.placed:
            found = _DATE_IN_INFO.search(block.text) if isinstance(block, Paragraph) else None
            if found:
                document.hints["published"] = re.sub(r"[年月/.]", "-", found.group(2)).replace(" ", "")
                break
    blocks = _article(walker.placed)
    document.blocks = [
        block for block in blocks if not (isinstance(block, Paragraph) and is_page_info(block.text))
    ]
    if not document.blocks:
        raise UnreadableInput(f"{path}：网页中没有正文内容。")
    return document


def read(path: Path) -> Report:
    return assemble(parse(path))

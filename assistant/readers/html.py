"""HTML pages: a report as a portal publishes it, or as Word exports it.

The page is decoded by its declared charset (UTF-8 or GB18030/GBK, detected when not
declared), scripts and styles dropped, and the article found as the smallest element
holding both part 一 and part 六 headings, so that navigation, side bars and footers
around it are left out.  Inside it, inline text split across many ``<span>``s (Word's
export) is joined into paragraphs; tables are expanded by ``rowspan``/``colspan``; a table
holding other tables is a layout table whose cells are read in order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant.domain.report import Report
from assistant.errors import UnreadableInput
from assistant.readers.document import Block, Document, Paragraph, Table
from assistant.readers.encoding import decode
from assistant.readers.pdf import tidy
from assistant.readers.structure import assemble

_BLOCK_TAGS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br",
               "tr", "td", "th", "blockquote", "center", "dd", "dt", "dl", "header", "footer", "main", "pre",
               "form", "hr", "tbody", "thead", "body", "html"}  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "iframe", "select", "button", "template", "svg", "head", "input")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_FIRST = re.compile(r"一\s*[、.．]\s*[^。\n]{0,6}?(总体情况|概述|总体概况)")
_LAST = re.compile(r"六\s*[、.．]\s*[^。\n]{0,6}?(其他需要报告|其他事项)")
_PAGE_INFO = re.compile(r"(发布时间|发布日期|成文日期|来源|字号|浏览次数|访问量|点击数)\s*[:：]")
_DATE_IN_INFO = re.compile(
    r"(发布时间|发布日期|成文日期)\s*[:：]\s*([12]\d{3}[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2})"
)


def _soup(data: bytes, name: str) -> Any:
    from bs4 import BeautifulSoup

    declared = _CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii").lower() if declared else None
    if encoding in {"gb2312", "gbk"}:
        encoding = "gb18030"
    text = decode(data, name, encoding)
    return BeautifulSoup(text, "lxml")


def _text(node: Any) -> str:
    return tidy(re.sub(r"\s+", " ", node.get_text(" ")))


def _grid(table: Any) -> list[list[str]]:
    """A table's cells laid out on a grid: a span repeats its text in every slot it covers."""
    grid: dict[tuple[int, int], str] = {}
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    for i, row in enumerate(rows):
        j = 0
        for cell in row.find_all(["td", "th"], recursive=False):
            while (i, j) in grid:
                j += 1
            text = _text(cell)
            span = _span(cell, "colspan")
            down = _span(cell, "rowspan")
            for a in range(i, i + down):
                for b in range(j, j + span):
                    grid.setdefault((a, b), text)
            j += span
    if not grid:
        return []
    height = max(a for a, _ in grid) + 1
    width = max(b for _, b in grid) + 1
    return [[grid.get((a, b), "") for b in range(width)] for a in range(min(height, len(rows)))]


def _span(cell: Any, attribute: str) -> int:
    value = str(cell.get(attribute, "1")).strip()
    return max(1, min(int(value), 100)) if value.isdigit() else 1


def _walk(node: Any, blocks: list[Block], buffer: list[str]) -> None:
    from bs4 import NavigableString, Tag

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child).__name__ in {"Comment", "Doctype", "Declaration", "ProcessingInstruction"}:
                continue
            buffer.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "table":
            _flush(blocks, buffer)
            if child.find("table") is not None:
                _walk(child, blocks, buffer)
            else:
                grid = _grid(child)
                if grid:
                    blocks.append(Table(grid))
            continue
        is_block = child.name in _BLOCK_TAGS
        if is_block:
            _flush(blocks, buffer)
        _walk(child, blocks, buffer)
        if is_block:
            _flush(blocks, buffer)


def _flush(blocks: list[Block], buffer: list[str]) -> None:
    text = tidy(re.sub(r"\s+", " ", "".join(buffer)))
    buffer.clear()
    if text:
        blocks.append(Paragraph(text))


def _article(soup: Any) -> Any:
    """The smallest element holding part 一's and part 六's headings (else the body)."""
    first = soup.find(string=_FIRST)
    last = soup.find(string=_LAST)
    body = soup.body or soup
    if first is None or last is None:
        first_node = next((n for n in soup.find_all(string=True) if _FIRST.search(tidy(str(n)))), None)
        last_node = next((n for n in soup.find_all(string=True) if _LAST.search(tidy(str(n)))), None)
        first, last = first_node, last_node
    if first is None or last is None:
        return body
    ancestors = list(first.parents)
    for candidate in last.parents:
        if candidate in ancestors:
            return _widen(candidate)
    return body


def _widen(article: Any) -> Any:
    """Step out to the parent while the article's own container holds just the preamble and
    title with it (Word's export puts the preamble in a sibling block)."""
    parent = article.parent
    while parent is not None and parent.name not in {"body", "html", "[document]"}:
        extra = len(_text(parent)) - len(_text(article))
        if extra > 600 or (parent.find("a") is not None and len(parent.find_all("a")) > 5):
            break
        article, parent = parent, parent.parent
    return article


def parse(path: Path) -> Document:
    soup = _soup(path.read_bytes(), path.name)
    document = Document(path.name)
    page_text = _text(soup)
    published = _DATE_IN_INFO.search(page_text)
    if published:
        document.hints["published"] = re.sub(r"[年月/.]", "-", published.group(2)).replace(" ", "")
    for key, meta in (("title", "ArticleTitle"), ("published", "PubDate")):
        tag = soup.find("meta", attrs={"name": meta})
        if tag is not None and tag.get("content") and key not in document.hints:
            document.hints[key] = str(tag["content"]).strip().split(" ")[0]
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    article = _article(soup)
    blocks: list[Block] = []
    buffer: list[str] = []
    _walk(article, blocks, buffer)
    _flush(blocks, buffer)
    document.blocks = [
        block for block in blocks if not (isinstance(block, Paragraph) and _PAGE_INFO.search(block.text))
    ]
    if not document.blocks:
        raise UnreadableInput(f"{path.name}：网页中没有正文内容。")
    return document


def read(path: Path) -> Report:
    return assemble(parse(path))

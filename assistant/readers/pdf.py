"""PDF with a text layer (as WPS, Word or a PDF editor export it).

PDFium (pypdfium2) opens the file and gives the text lines with their positions quickly;
pdfplumber reads the tables, on the pages that draw ruled lines only, since its parser is
slow.  Cells come from the rulings' positions (merged cells are empty; label text broken
over lines is rejoined by the mapper); a framed box of prose that is not one of the
report's tables is read as text.  Text outside the tables is read line by
line and wrapped lines are rejoined into paragraphs: a line that runs to the right margin
continues in the next line, across a page break too, unless the next line is indented
(a paragraph's first line) or opens a heading (（三）… after a sentence's end).  Page
furniture is dropped first: page numbers (“- 3 -”, “— 3 —”, “第 3 页 共 9 页”, “3/9”) and
running headers and footers, the lines that open or close several pages alike.  A scan
without a text layer, an encrypted file and an overlong file are refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant.domain.report import Report
from assistant.domain.table_mapping import table_kind
from assistant.errors import UnreadableInput
from assistant.readers.document import Block, Document, Paragraph, Table
from assistant.readers.structure import assemble

MAX_PAGES = 200
RULED_PAGE_PATHS = 8
MAX_TABLE_PAGES = 20
"""Ruled pages worth parsing for tables; the report's three tables take a handful."""
MAX_PAGE_PATHS = 5000
"""Drawn lines on one page: a table page of a Word export has under a thousand."""
# Words one of the report's tables prints on every page it spans (PDFium's text of a
# table page breaks words with spaces, which are dropped before matching).
_TABLE_WORDS = re.compile(
    "第二十条|规章|规范性文件|行政许可|行政处罚|行政强制|收费|本年新收|上年结转|予以公开|部分公开|不予公开"
    "|无法提供|不予处理|其他处理|结转下年|总计|自然人|法人|维持|纠正|审结|复议|诉讼"
)
_PAGE_NUMBER = re.compile(
    r"^[-—－–\s]*(?:第\s*)?\d{1,3}(?:\s*页)?[-—－–\s]*(?:(?:/|共)\s*(?:共\s*)?\d{1,3}\s*页?)?[-—－–\s]*$"
    r"|^(?:共\s*\d{1,3}\s*页[，,\s]*)?第\s*\d{1,3}\s*页$"
)
# A paragraph's first line starts this far (in line heights) right of the left margin.
_INDENT = 1.0
_HEADING_START = re.compile(
    r"^(?:[（(][一二三四五六七八九十]{1,2}[）)]|[一二三四五六七八九十]{1,2}\s*[、.．])"
)
_SENTENCE_END = ("。", "；", "：", ":", ";", "！", "？")
_CJK = r"\u4e00-\u9fff，。；：、（）《》“”"
_GAP_BEFORE_LATIN = re.compile(rf"(?<=[{_CJK}])\s+(?=[\dA-Za-z%.])")
_GAP_AFTER_LATIN = re.compile(rf"(?<=[\dA-Za-z%.])\s+(?=[{_CJK}])")
_GAP_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def tidy(text: str) -> str:
    """Text as typed: drop the spaces PDF extraction puts between Chinese and digits."""
    text = _GAP_BETWEEN_CJK.sub("", text)
    text = _GAP_BEFORE_LATIN.sub("", text)
    return _GAP_AFTER_LATIN.sub("", text).strip()


def _open(path: Path) -> Any:
    """The document in PDFium (fast, C): encrypted or damaged files are refused here."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableInput(f"{path}：PDF 已加密（需要密码），无法读取。请提供未加密的文件。") from None
        raise UnreadableInput(f"{path}：不是有效的 PDF 文件（文件已损坏或格式不对）。") from None


def _inside(x: float, y: float, boxes: list[tuple[float, float, float, float]]) -> bool:
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _drawn_paths(page: Any) -> int:
    """How many lines and shapes a page draws, counted up to one past the limit."""
    import pypdfium2.raw as pdfium_c

    paths = 0
    for paths, _ in enumerate(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3), start=1):
        if paths > MAX_PAGE_PATHS:
            break
    return paths


def table_pages(path: Path, pages: list[Any]) -> list[int]:
    """The numbers of the pages to parse for tables: ruled, and printing a table's words.

    Table detection costs grow with pages × rulings × their crossings (200 ruled pages took
    73 s), so a page drawing more lines than any table needs, or more table pages than a
    report has, is refused before the slow parser starts."""
    found = []
    for number, page in enumerate(pages, start=1):
        paths = _drawn_paths(page)
        if paths > MAX_PAGE_PATHS:
            raise UnreadableInput(
                f"{path}：第 {number} 页绘制的线条超过 {MAX_PAGE_PATHS} 条，"
                "文件结构异常或过于复杂，已停止读取。"
            )
        words = "".join(page.get_textpage().get_text_range().split())
        if paths >= RULED_PAGE_PATHS and _TABLE_WORDS.search(words):
            found.append(number)
    if len(found) > MAX_TABLE_PAGES:
        raise UnreadableInput(
            f"{path}：有 {len(found)} 页带表格，超过上限 {MAX_TABLE_PAGES} 页（年报的三张表格通常只占几页），"
            "文件结构异常或过于复杂，已停止读取。"
        )
    return found


Box = tuple[float, float, float, float]
Line = dict[str, Any]


def _tables(path: Path, numbers: list[int], document: Document) -> dict[int, list[tuple[Box, Table]]]:
    """The report tables of the ruled pages, from pdfplumber's cells (only those pages are
    parsed by pdfminer, which is slow); a framed box of prose is left to the text."""
    import pdfplumber

    found: dict[int, list[tuple[Box, Table]]] = {number: [] for number in numbers}
    if not numbers:
        return found
    with pdfplumber.open(str(path), pages=numbers) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                grid = [[tidy(cell or "") for cell in row] for row in table.extract()]
                if table_kind(grid) is not None:
                    placed = document.cells.add(Table(grid, page=page.page_number))
                    found[page.page_number].append((table.bbox, placed))
    return found


def _lines(page: Any, boxes: list[tuple[float, float, float, float]]) -> list[dict[str, Any]]:
    """The page's text lines (as PDFium breaks them) outside the tables, with positions."""
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    height = page.get_height()
    lines: list[dict[str, Any]] = []
    current: list[tuple[str, tuple[float, float, float, float], tuple[float, float]]] = []

    def close() -> None:
        real = [(box, loose) for ch, box, loose in current if box[2] > box[0] or box[3] > box[1]]
        if real:
            lines.append(
                {
                    "text": "".join(ch for ch, _, _ in current).strip(),
                    "x0": min(box[0] for box, _ in real),
                    "x1": max(box[2] for box, _ in real),
                    "top": height - max(box[3] for box, _ in real),
                    "bottom": height - min(box[1] for box, _ in real),
                    "height": max(loose[1] for _, loose in real) - min(loose[0] for _, loose in real),
                }
            )
        current.clear()

    for index, character in enumerate(text[:count]):
        if character in "\r\n":
            close()
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        if boxes and _inside((left + right) / 2, height - (bottom + top) / 2, boxes):
            continue
        # The line's height from the font's size (the loose box): a glyph's own box can be flat.
        _, loose_bottom, _, loose_top = textpage.get_charbox(index, loose=True)
        current.append((character, (left, bottom, right, top), (loose_bottom, loose_top)))
    close()
    return [line for line in lines if line["text"]]


def _check_length(path: Path, pdf: Any) -> None:
    if len(pdf) > MAX_PAGES:
        raise UnreadableInput(f"{path}：PDF 共 {len(pdf)} 页，超过上限 {MAX_PAGES} 页，年报通常只有十来页。")


def plain_text(path: Path) -> str:
    """The text of every page as PDFium gives it, line by line (for telling a regulation
    from a report and cutting it at its articles): fast, since no table is looked for."""
    pdf = _open(path)
    try:
        _check_length(path, pdf)
        pages = [pdf[index].get_textpage().get_text_range() for index in range(len(pdf))]
    finally:
        pdf.close()
    return "\n".join(tidy(line) for page in pages for line in page.splitlines())


def parse(path: Path) -> Document:
    document = Document(str(path))
    pdf = _open(path)
    try:
        _check_length(path, pdf)
        pages = [pdf[index] for index in range(len(pdf))]
        if not any(page.get_textpage().count_chars() for page in pages):
            raise UnreadableInput(
                f"{path}：PDF 没有文字层（可能是扫描件或图片），无法读取。"
                "请提供可复制文字的 PDF 或 Word 文件。"
            )
        tables = _tables(path, table_pages(path, pages), document)
        items_by_page: list[list[tuple[float, Any]]] = []
        for number, page in enumerate(pages, start=1):
            placed = tables.get(number, [])
            items: list[tuple[float, Any]] = [(box[1], table) for box, table in placed]
            items += [(line["top"], line) for line in _lines(page, [box for box, _ in placed])]
            items.sort(key=lambda item: item[0])
            items_by_page.append(items)
    finally:
        pdf.close()
    pages_items = _without_furniture([[item for _, item in placed_items] for placed_items in items_by_page])
    lines = [item for page_items in pages_items for item in page_items if not isinstance(item, Table)]
    right = max((line["x1"] for line in lines), default=0.0)
    left = _left_margin(lines, right)
    blocks: list[Block] = []
    paragraph = ""
    continues = False
    for page_items in pages_items:
        for item in page_items:
            if isinstance(item, Table):
                paragraph = _flush(blocks, paragraph)
                continues = False
                blocks.append(item)
                continue
            text = item["text"]
            line_height = item["height"]
            starts = item["x0"] - left >= _INDENT * line_height or (
                paragraph.endswith(_SENTENCE_END) and _HEADING_START.match(text) is not None
            )
            joined = continues and not starts
            paragraph = paragraph + text if joined else _flush(blocks, paragraph) + text
            continues = right - item["x1"] < 1.2 * line_height
    _flush(blocks, paragraph)
    document.blocks = blocks
    return document


def _left_margin(lines: list[Line], right: float) -> float:
    """Where the body's lines start: the leftmost start of a line that runs to the right
    margin (a full line is a continuation or an indented first line, never a centred title)."""
    full = [line["x0"] for line in lines if right - line["x1"] < 1.2 * line["height"]]
    return min(full or [line["x0"] for line in lines] or [0.0])


def _furniture_key(line: Line) -> tuple[str, int]:
    """A line as a running header or footer repeats it: the same words (digits, a page
    number, aside) at the same height of the page."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line["text"])), round(line["top"] / 4)


def _without_furniture(pages: list[list[Line | Table]]) -> list[list[Line | Table]]:
    """The pages without page numbers, and without the running header or footer: a line
    that opens (or closes) at least two pages, and half of them, in the same place with the
    same words (the title on page 1 is not the header repeating it higher up on page 2)."""
    pages = [
        [item for item in page if isinstance(item, Table) or not _PAGE_NUMBER.match(item["text"])]
        for page in pages
    ]

    def edges(page: list[Line | Table]) -> list[Line]:
        texts = [item for item in page if not isinstance(item, Table)]
        return texts[:1] + texts[-1:]

    counts: dict[tuple[str, int], int] = {}
    for page in pages:
        for key in {_furniture_key(line) for line in edges(page)}:
            counts[key] = counts.get(key, 0) + 1
    repeated = {key for key, count in counts.items() if count >= max(2, len(pages) / 2)}
    if not repeated:
        return pages
    cleaned: list[list[Line | Table]] = []
    for page in pages:
        furniture = [line for line in edges(page) if _furniture_key(line) in repeated]
        cleaned.append([item for item in page if not any(item is line for line in furniture)])
    return cleaned


def _flush(blocks: list[Block], paragraph: str) -> str:
    if paragraph:
        blocks.append(Paragraph(tidy(paragraph)))
    return ""


def read(path: Path) -> Report:
    return assemble(parse(path))

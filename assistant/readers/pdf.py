"""PDF with a text layer (as WPS, Word or a PDF editor export it), read with pdfplumber.

Tables come from ruled lines (cells from their positions; merged cells are empty and
label text broken over lines is rejoined by the mapper); a framed box of prose that is
not one of the report's tables is read as text.  Text outside the tables is read line by
line and wrapped lines are rejoined into paragraphs: a line that runs to the right margin
continues in the next line, across a page break too.  Page numbers (“- 3 -”) are
dropped.  A scan without a text layer, an encrypted file and an overlong file are refused.
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
_PAGE_NUMBER = re.compile(r"^[-—－\s]*(第\s*)?\d{1,3}(\s*页)?[-—－\s]*(/\s*\d+\s*页?)?$")
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
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        return pdfplumber.open(str(path))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableInput(
            f"{path.name}：PDF 已加密（需要密码），无法读取。请提供未加密的文件。"
        ) from None
    except PDFSyntaxError:
        raise UnreadableInput(f"{path.name}：不是有效的 PDF 文件（文件已损坏或格式不对）。") from None
    except Exception as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise UnreadableInput(
                f"{path.name}：PDF 已加密（需要密码），无法读取。请提供未加密的文件。"
            ) from None
        if isinstance(cause, PDFSyntaxError):
            raise UnreadableInput(f"{path.name}：不是有效的 PDF 文件（文件已损坏或格式不对）。") from None
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise UnreadableInput(
                f"{path.name}：PDF 已加密（需要密码），无法读取。请提供未加密的文件。"
            ) from None
        raise UnreadableInput(f"{path.name}：无法打开 PDF（{type(error).__name__}）。") from None


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_items(page: Any, number: int) -> list[tuple[float, Any]]:
    """The page's tables and text lines, top to bottom."""
    items: list[tuple[float, Any]] = []
    boxes: list[tuple[float, float, float, float]] = []
    for found in page.find_tables():
        grid = [[tidy(cell or "") for cell in row] for row in found.extract()]
        if table_kind(grid) is None:
            continue
        boxes.append(found.bbox)
        items.append((found.bbox[1], Table(grid, page=number)))
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for line in text_page.extract_text_lines(strip=True, return_chars=False):
        items.append((line["top"], line))
    items.sort(key=lambda item: item[0])
    return items


def parse(path: Path) -> Document:
    document = Document(path.name)
    with _open(path) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise UnreadableInput(
                f"{path.name}：PDF 共 {len(pdf.pages)} 页，超过上限 {MAX_PAGES} 页，年报通常只有十来页。"
            )
        if not any(page.chars for page in pdf.pages):
            raise UnreadableInput(
                f"{path.name}：PDF 没有文字层（可能是扫描件或图片），无法读取。"
                "请提供可复制文字的 PDF 或 Word 文件。"
            )
        paragraph = ""
        continues = False
        blocks: list[Block] = []
        pages = [_page_items(page, number) for number, page in enumerate(pdf.pages, start=1)]
        lines = [item for items in pages for _, item in items if not isinstance(item, Table)]
        right = max((line["x1"] for line in lines), default=0.0)
        for items in pages:
            for _, item in items:
                if isinstance(item, Table):
                    if paragraph:
                        blocks.append(Paragraph(tidy(paragraph)))
                    paragraph, continues = "", False
                    blocks.append(item)
                    continue
                text = item["text"].strip()
                if _PAGE_NUMBER.match(text):
                    continue
                paragraph = paragraph + text if continues else _flush(blocks, paragraph) + text
                continues = right - item["x1"] < 1.2 * (item["bottom"] - item["top"])
        if paragraph:
            blocks.append(Paragraph(tidy(paragraph)))
    document.blocks = blocks
    return document


def _flush(blocks: list[Block], paragraph: str) -> str:
    if paragraph:
        blocks.append(Paragraph(tidy(paragraph)))
    return ""


def read(path: Path) -> Report:
    return assemble(parse(path))

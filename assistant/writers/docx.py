"""The report as a Word document typeset as a 公文 (GB/T 9704), tables in the official layout.

Every paragraph uses a named style (公文标题, 公文正文, 一级标题, 二级标题, 表格文字, 落款,
页码) so a user can restyle the document in Word or WPS.  Every run also names its
East-Asian font (``w:eastAsia``, with ``w:hint="eastAsia"`` so that quotation marks and
other shared punctuation take the Chinese font): python-docx sets only the Latin font,
which is why Chinese exports elsewhere come out in MS Mincho.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml import etree

from assistant.domain.report import PART_TITLES, SUBPART_TITLES, Part, Report, SubPart
from assistant.domain.years import chinese_date
from assistant.writers.tables import CellRole, GridCell, OfficialTable, official_tables

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
FOOTER_DISTANCE_MM = 25
TEXT_WIDTH_TWIPS = round((PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / 25.4 * 1440)
LINE_PITCH_PT = 28.95  # 22 lines on the 225 mm type area, as GB/T 9704 asks
TABLE_CELL_MARGIN_TWIPS = 57

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING_1 = "黑体"
FONT_HEADING_2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
FONT_LATIN = "Times New Roman"
# 28 characters of 16 pt to a line of the 156 mm type area (GB/T 9704): 16 pt characters
# leave 442.2 pt for 27.6 of them, so each is drawn 0.25 pt narrower.
LINE_CONDENSE_TWIPS = -5
TITLE_LINE_CHARS = 20  # characters of 22 pt that fit the 156 mm type area


@dataclass(frozen=True)
class StyleSpec:
    """A named paragraph style of the exported document."""

    name: str
    style_id: str
    east_asian: str
    latin: str
    size_pt: float
    align: str = "both"
    first_line_chars: int = 0
    right_chars: int = 0
    line_pt: float = LINE_PITCH_PT
    space_after_pt: float = 0
    outline_level: int | None = None
    keep_with_next: bool = False
    spacing_twips: int = 0


TITLE = StyleSpec(
    "公文标题", "GongwenTitle", FONT_TITLE, FONT_TITLE, 22, "center", line_pt=35, space_after_pt=LINE_PITCH_PT
)
BODY = StyleSpec(
    "公文正文",
    "GongwenBody",
    FONT_BODY,
    FONT_LATIN,
    16,
    first_line_chars=2,
    spacing_twips=LINE_CONDENSE_TWIPS,
)
HEADING_1 = StyleSpec(
    "一级标题",
    "GongwenHeading1",
    FONT_HEADING_1,
    FONT_LATIN,
    16,
    first_line_chars=2,
    outline_level=0,
    keep_with_next=True,
)
HEADING_2 = StyleSpec(
    "二级标题",
    "GongwenHeading2",
    FONT_HEADING_2,
    FONT_LATIN,
    16,
    first_line_chars=2,
    outline_level=1,
    keep_with_next=True,
)
TABLE_TEXT = StyleSpec("表格文字", "GongwenTableText", FONT_BODY, FONT_LATIN, 10.5, "center", line_pt=14)
SIGNATURE = StyleSpec("落款", "GongwenSignature", FONT_BODY, FONT_LATIN, 16, "right", right_chars=2)
PAGE_NUMBER = StyleSpec(
    "页码", "GongwenPageNumber", FONT_PAGE_NUMBER, FONT_PAGE_NUMBER, 14, "right", line_pt=18
)
STYLES = (TITLE, BODY, HEADING_1, HEADING_2, TABLE_TEXT, SIGNATURE, PAGE_NUMBER)  # fmt: skip


def heading_text(part: Part) -> str:
    """The heading of a numbered part as the format prints it, e.g. 一、总体情况."""
    return f"{part.value}、{PART_TITLES[part]}"


def subheading_text(sub: SubPart) -> str:
    """The heading of a sub-part of part 一, as ``Narrative.part_text`` writes it."""
    return f"{sub.value}{SUBPART_TITLES[sub]}情况"


def title_lines(report: Report) -> list[str]:
    """The title, broken before the year when it is too long for one line."""
    title = report.title.strip() or (
        f"{report.agency.name}{f'{report.year}年' if report.year else ''}政府信息公开工作年度报告"
    )
    match = re.match(r"^(.+?)((?:19|20)\d{2}年.*)$", title)
    if len(title) > TITLE_LINE_CHARS and match:
        return [match.group(1), match.group(2)]
    return [title]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


# --- XML pieces ---------------------------------------------------------------------


def _fonts_xml(spec: StyleSpec) -> str:
    return (
        f'<w:rFonts w:ascii="{spec.latin}" w:hAnsi="{spec.latin}" '
        f'w:eastAsia="{spec.east_asian}" w:cs="{spec.latin}" w:hint="eastAsia"/>'
    )


# Characters XML 1.0 cannot hold; text read from PDFs and old .doc files brings them along.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run_xml(text: str, spec: StyleSpec) -> str:
    pieces = _NOT_XML.sub("", text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(piece)}</w:t>' for piece in pieces)
    return f"<w:r><w:rPr>{_fonts_xml(spec)}</w:rPr>{body}</w:r>"


def _page_field_xml(spec: StyleSpec) -> str:
    fonts = f"<w:rPr>{_fonts_xml(spec)}</w:rPr>"
    return (
        f'<w:r>{fonts}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{fonts}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{fonts}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{fonts}<w:t>1</w:t></w:r>"
        f'<w:r>{fonts}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def _style_xml(spec: StyleSpec) -> str:
    indent = ""
    if spec.first_line_chars:
        indent = (
            f'<w:ind w:firstLineChars="{spec.first_line_chars * 100}" '
            f'w:firstLine="{round(spec.first_line_chars * spec.size_pt * 20)}"/>'
        )
    elif spec.right_chars:
        right = round(spec.right_chars * spec.size_pt * 20)
        indent = f'<w:ind w:rightChars="{spec.right_chars * 100}" w:right="{right}"/>'
    outline = f'<w:outlineLvl w:val="{spec.outline_level}"/>' if spec.outline_level is not None else ""
    keep = "<w:keepNext/>" if spec.keep_with_next else ""
    half_points = round(spec.size_pt * 2)
    condense = f'<w:spacing w:val="{spec.spacing_twips}"/>' if spec.spacing_twips else ""
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{spec.style_id}">'
        f'<w:name w:val="{spec.name}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f'<w:pPr>{keep}<w:widowControl/><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="{round(spec.space_after_pt * 20)}" '
        f'w:line="{round(spec.line_pt * 20)}" w:lineRule="exact"/>'
        f'{indent}<w:jc w:val="{spec.align}"/>{outline}</w:pPr>'
        f"<w:rPr>{_fonts_xml(spec)}{condense}"
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
        "</w:style>"
    )


def paragraph_xml(text: str, spec: StyleSpec, extra_ppr: str = "") -> str:
    return (
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{spec.style_id}"/>{extra_ppr}</w:pPr>'
        f"{_run_xml(text, spec) if text else ''}</w:p>"
    )


def _cell_xml(cell: GridCell, width: int, keep_with_next: bool) -> str:
    keep = "<w:keepNext/>" if keep_with_next else ""
    merge = f'<w:vMerge w:val="{cell.merge.value}"/>' if cell.merge else ""
    span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
    align = '<w:jc w:val="left"/>' if cell.role is CellRole.LABEL and cell.text[:1].isdigit() else ""
    run = _run_xml(cell.text, TABLE_TEXT) if cell.text else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{TABLE_TEXT.style_id}"/>{keep}{align}</w:pPr>{run}</w:p></w:tc>'
    )


def table_xml(table: OfficialTable) -> str:
    widths = table.column_widths(TEXT_WIDTH_TWIPS)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    rows = []
    last = len(table.rows) - 1
    for index, row in enumerate(table.rows):
        header = "<w:tblHeader/>" if index < table.header_rows else ""
        cells, column = [], 0
        for cell in row:
            # Every row but the last keeps with the next: a table that fits a page is not split.
            cells.append(_cell_xml(cell, sum(widths[column : column + cell.span]), index < last))
            column += cell.span
        rows.append(
            f'<w:tr><w:trPr><w:cantSplit/>{header}<w:jc w:val="center"/></w:trPr>{"".join(cells)}</w:tr>'
        )
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    margin = TABLE_CELL_MARGIN_TWIPS
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{TEXT_WIDTH_TWIPS}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/>'
        f'</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


# --- the document -------------------------------------------------------------------


def _set_defaults(document: Any) -> None:
    """Explicit fonts and Chinese language in the defaults (theme fonts would override them)."""
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    for child in list(rpr):
        if child.tag in {qn("w:rFonts"), qn("w:lang")}:
            rpr.remove(child)
    rpr.insert(0, parse_xml(f"<w:root {nsdecls('w')}>{_fonts_xml(BODY)}</w:root>")[0])
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'))
    for spec in STYLES:
        styles.append(parse_xml(_style_xml(spec)))


# How Word, WPS and LibreOffice should substitute a font the machine lacks: its generic
# family (roman = with serifs, like 宋体/仿宋; swiss = 黑体) and a commoner alternative name.
FONT_SUBSTITUTES: dict[str, tuple[str, str]] = {
    FONT_TITLE: ("roman", "宋体"),
    FONT_BODY: ("roman", "仿宋"),
    FONT_HEADING_2: ("roman", "楷体"),
    FONT_PAGE_NUMBER: ("roman", "SimSun"),
    FONT_HEADING_1: ("swiss", "SimHei"),
}


def _declare_fonts(document: Any) -> None:
    font_table = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE)
    fonts = parse_xml(font_table.blob)
    for name, (family, alternative) in FONT_SUBSTITUTES.items():
        fonts.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    font_table._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_page(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_DISTANCE_MM)
    # GB/T 9704: odd page numbers right, even ones left, one character in from the edge.
    document.settings.odd_and_even_pages_header_footer = True
    one_char = round(PAGE_NUMBER.size_pt * 20)
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        holder = footer._element
        for paragraph in holder.findall(qn("w:p")):
            holder.remove(paragraph)
        holder.append(
            parse_xml(
                f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{PAGE_NUMBER.style_id}"/>'
                f'<w:ind w:{side}="{one_char}"/><w:jc w:val="{side}"/></w:pPr>'
                f"{_run_xml('— ', PAGE_NUMBER)}{_page_field_xml(PAGE_NUMBER)}"
                f"{_run_xml(' —', PAGE_NUMBER)}</w:p>"
            )
        )


def _keep_with_next(paragraph: str) -> str:
    """A paragraph's XML with ``w:keepNext``, right after ``w:pStyle`` as the schema orders it."""
    style_end = paragraph.index("/>", paragraph.index("<w:pStyle")) + 2
    return paragraph[:style_end] + "<w:keepNext/>" + paragraph[style_end:]


def with_signature(body: list[str], signer: str, signed: date | None) -> list[str]:
    """The body followed by the signature block (signer, then date), kept on the body's last page."""
    signature: list[str] = []
    if signer:
        before = f'<w:spacing w:before="{round(LINE_PITCH_PT * 20)}"/>'
        signature.append(paragraph_xml(signer, SIGNATURE, before))
    if signed:
        signature.append(paragraph_xml(chinese_date(signed), SIGNATURE))
    if signature:
        # A signature must not stand alone on a page, nor the date apart from the agency:
        # the last paragraph of text and each signature line but the last keep with the next.
        if body and body[-1].startswith("<w:p "):
            body[-1] = _keep_with_next(body[-1])
        signature[:-1] = [_keep_with_next(line) for line in signature[:-1]]
    return body + signature


def _body_xml(report: Report) -> list[str]:
    return with_signature(list(_content_xml(report)), report.signed_by, report.published)


def _content_xml(report: Report) -> Iterable[str]:
    """The title, the preamble and the six parts, paragraph by paragraph and table by table."""
    narrative = report.narrative
    tables = dict(
        zip(
            (Part.PROACTIVE_TABLE, Part.REQUEST_TABLE, Part.REVIEW_TABLE),
            official_tables(report),
            strict=True,
        )
    )
    yield paragraph_xml("\n".join(title_lines(report)), TITLE)
    for line in _lines(narrative.preamble):
        yield paragraph_xml(line, BODY)
    for part in Part:
        if part is Part.PREAMBLE:
            continue
        yield paragraph_xml(heading_text(part), HEADING_1)
        if part is Part.OVERVIEW:
            yield from (paragraph_xml(line, BODY) for line in _lines(narrative.overview))
            for sub in SubPart:
                body = _lines(narrative.subparts.get(sub, ""))
                if body:
                    yield paragraph_xml(subheading_text(sub), HEADING_2)
                    yield from (paragraph_xml(line, BODY) for line in body)
        elif part in tables:
            yield table_xml(tables[part])
            yield paragraph_xml("", BODY)  # a table must not touch the next heading
            yield from (paragraph_xml(line, BODY) for line in _lines(narrative.table_notes.get(part, "")))
        else:
            yield from (paragraph_xml(line, BODY) for line in _lines(narrative.part_text(part)))


def typeset_document(blocks: Iterable[str], *, title: str, author: str) -> Any:
    """A python-docx ``Document`` of body XML blocks on the 公文 page, with its styles and fonts.

    Every document gongkai writes (the report, a review memo) is built here, so all are
    typeset alike."""
    document = Document()
    _set_defaults(document)
    _set_page(document)
    _declare_fonts(document)
    body = document.element.body
    section_properties = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not section_properties:
            body.remove(child)
    for xml in blocks:
        section_properties.addprevious(parse_xml(xml))
    package = document.part.package
    for relation in list(package.rels.values()):
        if relation.reltype == RT.THUMBNAIL:  # python-docx's own template preview, not this report
            del package.rels[relation.rId]
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = author or "gongkai"
    properties.comments = "由 gongkai 导出"
    properties.created = properties.modified = datetime.now().replace(microsecond=0)
    properties.revision = 1
    return document


def build_document(report: Report) -> Any:
    """The python-docx ``Document`` of ``report``, not yet saved."""
    return typeset_document(_body_xml(report), title="".join(title_lines(report)), author=report.agency.name)


def document_bytes(document: Any) -> bytes:
    content = io.BytesIO()
    document.save(content)
    return content.getvalue()


def save_atomically(content: bytes, path: Path) -> Path:
    """Write a file so that a failure leaves no half-written file behind."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "xb") as handle:
            handle.write(content)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


class DocxWriter:
    """Writes a report as a .docx; implements :class:`assistant.domain.ports.ReportWriter`."""

    def to_bytes(self, report: Report) -> bytes:
        """The .docx file's content, for a download button."""
        return document_bytes(build_document(report))

    def write(self, report: Report, path: Path) -> Path:
        """Save atomically: a failure leaves no half-written file behind."""
        return save_atomically(self.to_bytes(report), path)


def writer() -> DocxWriter:
    return DocxWriter()


def write(report: Report, path: Path) -> Path:
    return DocxWriter().write(report, path)

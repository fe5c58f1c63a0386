"""A small fictional report (青川县清溪镇人民政府, 2024) written out in every format readers
take, so that one set of expected figures checks every reader.  The text is our own."""

from __future__ import annotations

import html
from pathlib import Path

from assistant.domain.layout import CELLS, ReportFormat

AGENCY = "青川县清溪镇人民政府"
TITLE = "青川县清溪镇人民政府2024年政府信息公开工作年度报告"
SIGNED = "2025年1月20日"

STATED: dict[str, int | float] = {
    "t2.normative.issued": 2,
    "t2.normative.repealed": 1,
    "t2.normative.in_force": 5,
    "t2.licensing.decisions": 12,
    "t2.penalty.decisions": 3,
    "t2.fees.amount": 0.35,
    "t3.new.natural": 4,
    "t3.new.business": 1,
    "t3.new.total": 5,
    "t3.carried_in.natural": 1,
    "t3.carried_in.total": 1,
    "t3.disclosed.natural": 3,
    "t3.disclosed.business": 1,
    "t3.disclosed.total": 4,
    "t3.unavailable.not_held.natural": 1,
    "t3.unavailable.not_held.total": 1,
    "t3.results_total.natural": 4,
    "t3.results_total.business": 1,
    "t3.results_total.total": 5,
    "t3.carried_out.natural": 1,
    "t3.carried_out.total": 1,
    "t4.review.upheld": 1,
    "t4.review.total": 1,
}


def expected_figures() -> dict[str, int | float]:
    """Every cell of the 2021 format: the stated figures, zero elsewhere."""
    return {cell.key: STATED.get(cell.key, 0) for cell in CELLS[ReportFormat.F2021]}


def value(key: str) -> str:
    return str(STATED.get(key, 0))


PARAGRAPHS_BEFORE_TABLES = [
    TITLE,
    "根据《中华人民共和国政府信息公开条例》规定，编制本报告。报告中所列数据统计期限为2024年1月1日至12月31日。",
    "一、总体情况",
    "2024年，清溪镇围绕群众关切做好政务公开工作。",
    "（一）主动公开情况",
    "全年在镇政府信息公开专栏主动公开信息共20条（其中，工作动态15条；财政信息5条）。",
    "（二）依申请公开情况",
    "全年收到政府信息公开申请5件，上年结转1件。",
    "（三）政府信息管理情况",
    "清溪镇落实公开前保密审查，更新公开目录。",
    "（四）政府信息公开平台建设情况",
    "维护镇政府信息公开专栏，及时更新栏目内容。",
    "（五）监督保障情况",
    "镇里将政务公开纳入年度工作考核，本年度未发生社会评议和责任追究情形。",
]
PARTS_AFTER_TABLES = [
    "五、存在的主要问题及改进情况",
    "清溪镇公开栏目更新不够及时。改进措施：明确专人每周检查栏目。",
    "六、其他需要报告的事项",
    "本年度清溪镇未收取信息处理费。",
    AGENCY,
    SIGNED,
]


def table2_grid() -> list[list[str]]:
    """Table 2 as the format prints it, merged cells expanded."""
    grid: list[list[str]] = []
    blocks = [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
         [("规章", "rules"), ("行政规范性文件", "normative")], ["issued", "repealed", "in_force"]),
        ("第二十条第（五）项", ["本年处理决定数量"] * 3, [("行政许可", "licensing")], ["decisions"]),
        ("第二十条第（六）项", ["本年处理决定数量"] * 3, [("行政处罚", "penalty"), ("行政强制", "coercion")],
         ["decisions"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"] * 3, [("行政事业性收费", "fees")], ["amount"]),
    ]  # fmt: skip
    for article, columns, rows, keys in blocks:
        grid.append([article] * 4)
        grid.append(["信息内容", *columns])
        for label, row in rows:
            values = [value(f"t2.{row}.{key}") for key in keys]
            grid.append([label, *(values * 3 if len(values) == 1 else values)])
    return grid


T3_LABELS: list[tuple[str, str, str, str]] = [
    ("new", *["一、本年新收政府信息公开申请数量"] * 3),
    ("carried_in", *["二、上年结转政府信息公开申请数量"] * 3),
    ("disclosed", "三、本年度办理结果", "（一）予以公开", "（一）予以公开"),
    ("partial", "三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    *[(f"withheld.{k}", "三、本年度办理结果", "（三）不予公开", label) for k, label in [
        ("state_secret", "1.属于国家秘密"), ("law_prohibited", "2.其他法律行政法规禁止公开"),
        ("security_stability", "3.危及“三安全一稳定”"), ("third_party", "4.保护第三方合法权益"),
        ("internal_affairs", "5.属于三类内部事务信息"), ("process_info", "6.属于四类过程性信息"),
        ("enforcement_file", "7.属于行政执法案卷"), ("query_matter", "8.属于行政查询事项")]],
    *[(f"unavailable.{k}", "三、本年度办理结果", "（四）无法提供", label) for k, label in [
        ("not_held", "1.本机关不掌握相关政府信息"), ("needs_creation", "2.没有现成信息需要另行制作"),
        ("unclear", "3.补正后申请内容仍不明确")]],
    *[(f"not_processed.{k}", "三、本年度办理结果", "（五）不予处理", label) for k, label in [
        ("petition", "1.信访举报投诉类申请"), ("duplicate", "2.重复申请"),
        ("publication", "3.要求提供公开出版物"),
        ("excessive", "4.无正当理由大量反复申请"), ("reconfirm", "5.要求行政机关确认或重新出具已获取信息")]],
    *[(f"other_handling.{k}", "三、本年度办理结果", "（六）其他处理", label) for k, label in [
        ("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other", "3.其他")]],
    ("results_total", "三、本年度办理结果", "（七）总计", "（七）总计"),
    ("carried_out", "四、结转下年度继续办理", "四、结转下年度继续办理", "四、结转下年度继续办理"),
]  # fmt: skip
T3_COLUMN_KEYS = ["natural", "business", "research", "nonprofit", "legal", "other", "total"]
T4_KEYS = [f"{g}.{c}" for g in ("review", "suit_direct", "suit_after_review")
           for c in ("upheld", "corrected", "other", "pending", "total")]  # fmt: skip


def table3_grid() -> list[list[str]]:
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    grid = [
        [note] * 3 + ["申请人情况"] * 7,
        [note] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
        [note] * 3 + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
    ]
    for key, first, second, third in T3_LABELS:
        grid.append([first, second, third, *(value(f"t3.{key}.{c}") for c in T3_COLUMN_KEYS)])
    return grid


def table4_grid() -> list[list[str]]:
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        ["行政复议"] * 5 + ["行政诉讼"] * 10,
        results + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
        results * 3,
        [value(f"t4.{key}") for key in T4_KEYS],
    ]


TABLE_HEADINGS = [
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
]


def blocks() -> list[str | list[list[str]]]:
    """The report in order: strings are paragraphs, lists are tables."""
    ordered: list[str | list[list[str]]] = list(PARAGRAPHS_BEFORE_TABLES)
    for heading, grid in zip(TABLE_HEADINGS, (table2_grid(), table3_grid(), table4_grid()), strict=True):
        ordered += [heading, grid]
    return ordered + PARTS_AFTER_TABLES


# --- writers --------------------------------------------------------------------------


def write_flat_text(path: Path, encoding: str = "utf-8") -> Path:
    """The layout Word's plain-text export gives: tab-led cells, rows split by blank lines;
    merged repeats are written once and the continuation cells left empty, as Word does."""
    lines: list[str] = []
    for block in blocks():
        if isinstance(block, str):
            lines.append(block)
            continue
        for row in block:
            previous = None
            for cell in row:
                lines.append("\t" + ("" if cell == previous and not cell.isdigit() else cell))
                previous = cell
            lines.append("")
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def write_tab_rows(path: Path) -> Path:
    """The report as some tools save text: prose lines, and each table row one line of
    tab-separated cells."""
    lines: list[str] = []
    for block in blocks():
        lines.extend([block] if isinstance(block, str) else ["\t".join(row) for row in block])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_markdown(path: Path) -> Path:
    lines = [f"# {TITLE}", ""]
    for block in blocks()[1:]:
        if isinstance(block, str):
            lines += [block, ""]
            continue
        width = max(len(row) for row in block)
        for n, row in enumerate(block):
            lines.append("| " + " | ".join(row + [""] * (width - len(row))) + " |")
            if n == 0:
                lines.append("|" + " --- |" * width)
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _html_table(grid: list[list[str]]) -> str:
    """A grid as HTML with colspan/rowspan for its merged (repeated) cells."""
    height, width = len(grid), max(len(row) for row in grid)
    covered = [[False] * width for _ in range(height)]
    out = ["<table border='1'>"]
    for i, row in enumerate(grid):
        out.append("<tr>")
        for j, cell in enumerate(row):
            if covered[i][j]:
                continue
            span = 1
            while j + span < len(row) and row[j + span] == cell and not cell.isdigit() and cell:
                span += 1
            down = 1
            while (i + down < height and all(k < len(grid[i + down]) and grid[i + down][k] == cell
                   for k in range(j, j + span)) and cell and not cell.isdigit()):  # fmt: skip
                down += 1
            for a in range(i, i + down):
                for b in range(j, j + span):
                    covered[a][b] = True
            attributes = (f" colspan='{span}'" if span > 1 else "") + (
                f" rowspan='{down}'" if down > 1 else ""
            )
            out.append(f"<td{attributes}><span>{html.escape(cell)}</span></td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _word_spans(text: str) -> str:
    """Text as Word's HTML export writes it: short runs in spans, broken over source lines."""
    runs = [text[i : i + 3] for i in range(0, len(text), 3)]
    return "\n".join(f"<span style='font-family:宋体'>{html.escape(run)}</span>" for run in runs)


def write_html(path: Path, encoding: str = "utf-8", *, word: bool = False, nested: bool = False) -> Path:
    """A portal page: navigation and footer around the article, tables with spans.
    ``word`` splits every paragraph into spans as Word's export does; ``nested`` puts the
    whole article inside a layout table's cell, the report's tables nested in it."""
    body = []
    for block in blocks()[1:]:
        if isinstance(block, str):
            body.append(f"<p class=MsoNormal>{_word_spans(block) if word else html.escape(block)}</p>")
        else:
            body.append(_html_table(block))
    if nested:
        body = ["<table class='frame'><tr><td>", *body, "</td></tr></table>"]
    page = (
        f"<html><head><meta charset='{encoding}'><title>{TITLE}_青川县人民政府门户网站</title></head><body>"
        "<div class='nav'><a href='#'>首页</a><a href='#'>政务公开</a><a href='#'>政府信息公开年报</a></div>"
        "<table class='layout'><tr><td><div class='side'>网站导航 | 领导信息</div></td></tr></table>"
        f"<div class='article'><h1>{TITLE}</h1><div class='info'>发布时间：2025-01-20 来源：清溪镇</div>"
        + "".join(body)
        + "</div><div class='footer'>主办：青川县人民政府办公室 版权所有</div></body></html>"
    )
    path.write_bytes(page.encode(encoding))
    return path


def _regions(grid: list[list[str]]) -> list[tuple[int, int, int, int, str]]:
    """Merged regions (top, left, height, width, text) of a grid whose merges repeat text."""
    height, width = len(grid), max(len(row) for row in grid)
    covered = [[False] * width for _ in range(height)]
    regions = []
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            if covered[i][j]:
                continue
            span, down = 1, 1
            mergeable = bool(cell) and not cell.replace(".", "").isdigit()
            while mergeable and j + span < len(row) and row[j + span] == cell:
                span += 1
            while (
                mergeable and i + down < height and all(grid[i + down][k] == cell for k in range(j, j + span))
            ):
                down += 1
            for a in range(i, i + down):
                for b in range(j, j + span):
                    covered[a][b] = True
            regions.append((i, j, down, span, cell))
    return regions


def _docx_table(container, grid: list[list[str]]):  # type: ignore[no-untyped-def]
    table = container.add_table(rows=len(grid), cols=max(len(row) for row in grid))
    table.style = "Table Grid"
    for top, left, down, span, text in _regions(grid):
        cell = table.cell(top, left)
        if down > 1 or span > 1:
            cell = cell.merge(table.cell(top + down - 1, left + span - 1))
        cell.text = text
    return table


def write_docx(path: Path, *, nested: bool = False, wps: bool = False) -> Path:
    """A Word file with merged cells; ``nested`` puts table 4 inside a layout table's cell,
    ``wps`` wraps paragraphs in content controls and splits text into one run a character."""
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    for block in blocks():
        if isinstance(block, str):
            if wps:
                paragraph = document.add_paragraph()
                for character in block:
                    paragraph.add_run(character)
                sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
                paragraph._p.addprevious(sdt)
                content.append(paragraph._p)
                sdt.append(content)
            else:
                document.add_paragraph(block)
        elif nested and block[0][0] == "行政复议":
            outer = document.add_table(rows=1, cols=1)
            cell = outer.cell(0, 0)
            cell.paragraphs[0].text = "（单位：件）"
            _docx_table(cell, block)
        else:
            _docx_table(document, block)
    if wps:
        _add_text_box_twice(list(document.element.body.iter(qn("w:p")))[1], "（印章）")
        for element in document.element.body.iter(qn("w:vMerge")):
            if element.get(qn("w:val")) == "continue":
                del element.attrib[qn("w:val")]
    document.save(str(path))
    return path


def pdf_bytes(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of ``objects`` (numbered from 1, the catalog first) with its cross-reference
    table; ``trailer`` adds entries to the trailer dictionary."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def write_minimal_pdf(path: Path, *, encrypted: bool = False) -> Path:
    """A one-page PDF holding only a drawn rectangle (no text layer); ``encrypted`` adds a
    standard security handler whose passwords the reader does not have."""
    content = b"0 0 1 rg 100 100 200 200 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    trailer = b""
    if encrypted:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
        )
        trailer = b" /Encrypt 5 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">]"
    path.write_bytes(pdf_bytes(objects, trailer))
    return path


def trial_table2_grid() -> list[list[str]]:
    """Table 2 in the 2019 trial format, as the town's 2020 report states it."""
    return [
        ["第二十条第（一）项", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "0", "0", "0"],
        ["规范性文件", "2", "2", "6"],
        ["第二十条第（五）项", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "10", "2", "15"],
        ["其他对外管理服务事项", "0", "0", "0"],
        ["第二十条第（六）项", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", "4", "-1", "3"],
        ["行政强制", "0", "0", "0"],
        ["第二十条第（八）项", "上一年项目数量", "本年增/减", ""],
        ["行政事业性收费", "1", "0", ""],
        ["第二十条第（九）项", "采购项目数量", "采购总金额", ""],
        ["政府集中采购", "2", "86000元", ""],
    ]


def trial_format_markdown(path: Path) -> Path:
    """The same town's 2020 report in the 2019 trial format (table 2 by 上一年项目数量 …,
    （六）其他处理 a single row), as Markdown."""
    table2 = trial_table2_grid()
    table3 = [row for row in table3_grid() if not row[2].startswith(("2.申请人逾期", "3.其他"))]
    for row in table3:
        if row[1] == "（六）其他处理":
            row[2] = "（六）其他处理"
    lines = [f"# {TITLE.replace('2024', '2020')}", ""]
    for block in blocks()[1:]:
        if isinstance(block, str):
            lines += [block.replace("2024", "2020").replace("2025", "2021"), ""]
            continue
        grid = table2 if block[0][0].startswith("第二十条") else table3 if "申请人情况" in block[0] else block
        lines += ["| " + " | ".join(row) + " |" for row in grid[:1]]
        lines.append("|" + " --- |" * len(grid[0]))
        lines += ["| " + " | ".join(row) + " |" for row in grid[1:]]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _add_text_box_twice(paragraph, text: str) -> None:  # type: ignore[no-untyped-def]
    """A text box as WPS saves it: once in ``mc:Choice`` and again in ``mc:Fallback``."""
    from docx.oxml.ns import qn
    from lxml import etree

    compatibility = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
    run = etree.SubElement(paragraph, qn("w:r"))
    alternate = etree.SubElement(run, f"{compatibility}AlternateContent")
    for branch in ("Choice", "Fallback"):
        holder = etree.SubElement(alternate, f"{compatibility}{branch}")
        etree.SubElement(etree.SubElement(holder, qn("w:r")), qn("w:t")).text = text

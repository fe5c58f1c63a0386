"""A report's structure and figures worked out from the blocks any reader extracts.

The text is laid out as one stream (paragraphs on their own lines, each table as a
marker line) so that part headings are found the same way whether a report puts them
on lines of their own or runs them into the text, as pages scraped from portals do.
Parts 一–六 are found in order and tolerate wording drift (“四、因政府信息公开申请提起
行政复议、行政诉讼的情况”); the five sub-parts of part 一 are matched by wording where
possible and by number otherwise.  Tables are recognised by their labels, grids of one
table split across pages are joined, and each is mapped onto canonical keys.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from assistant.domain.agency import infer_agency
from assistant.domain.layout import ReportFormat
from assistant.domain.numbers import chinese_to_int
from assistant.domain.report import Narrative, Part, Report, SubPart
from assistant.domain.table_mapping import (
    TableReading,
    clean_label,
    is_value_text,
    map_grid,
    table_kind,
)
from assistant.errors import NotAReport, UnreadableInput
from assistant.readers.document import Document, Paragraph, Table

_MARK = "\ue000表格{}\ue001"
_MARK_RE = re.compile("\ue000表格(\\d+)\ue001")
_BEFORE = r"(?:^|(?<=[\s\d。；;:：！？!?”」）)\]\ue001]))"
_SUFFIX = r"(?:[^。\n（(]{0,12}?(?:情况|措施|事项))?"
_PART_WORDS: dict[Part, str] = {
    # "一、政府信息主动公开工作": a department's title for part 一, its sub-parts 1.–5.
    Part.OVERVIEW: "总体情况|概述|总体概况|基本情况|(?:信息|政务)(?:主动)?公开工作",
    Part.PROACTIVE_TABLE: "主动公开",
    Part.REQUEST_TABLE: "收到和处理|依申请公开|申请情况|申请的情况",
    Part.REVIEW_TABLE: "行政复议|行政诉讼",
    Part.PROBLEMS: "存在的主要问题|存在问题|主要问题|存在的问题",
    Part.OTHER_MATTERS: "其他需要报告|其他事项|其他需报告|其他(?:应|需要|需)(?:说明|报告)",
}
_NUMERALS = {Part.OVERVIEW: "一", Part.PROACTIVE_TABLE: "二", Part.REQUEST_TABLE: "三",
             Part.REVIEW_TABLE: "四", Part.PROBLEMS: "五", Part.OTHER_MATTERS: "六"}  # fmt: skip
_PART_RE = {
    part: re.compile(rf"{_BEFORE}{_NUMERALS[part]}\s*[、.．]\s*[^。\n；]{{0,14}}?(?:{words}){_SUFFIX}", re.M)
    for part, words in _PART_WORDS.items()
}
_SUB_NUMERALS = "一二三四五"
_SUB_WORDS: dict[SubPart, tuple[str, ...]] = {
    SubPart.PROACTIVE: ("主动公开",),
    SubPart.REQUESTS: ("依申请",),
    SubPart.MANAGEMENT: ("信息管理",),
    SubPart.PLATFORMS: ("平台",),
    SubPart.OVERSIGHT: ("监督", "保障"),
}
_DATE = re.compile(
    r"([12]\d{3}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_ISO_DATE = re.compile(r"([12]\d{3})[-/.](\d{1,2})[-/.](\d{1,2})")
_AGENCY_END = re.compile(r"(政府|局|委员会|委|办公室|办公厅|厅|中心|管委会|管理委员会|街道办事处|院|处|所)$")
_OLD_LAYOUT = re.compile(r"收费及减免|减免情况|七\s*、\s*[^。\n]{0,8}其他需要报告")
_ARTIFACTS = re.compile(r"\[bookmark:[^\]]*\]|\u200b|\ufeff")
_CHROME = re.compile(
    r"^(全真版|文字版|文件下载|相关(?:链接|文章|阅读|信息)[:：]?|附件下载[:：]?|附件[:：]?|扫一扫.{0,20}"
    r"|(?:【?打印(本页)?】?\s*)?【?关闭(窗口)?】?|【?打印(本页)?】?"
    r"|分享到.{0,20}|当前位置[:：].{0,60}|\[?(打印|关闭)\]?"
    r"|(?:\s*(?:微信|微博|QQ空间|QQ好友|朋友圈|抖音|今日头条)\s*)+|(?:文字|图片|图解|视频|音频)解读|[|｜\s]+)$"
)
_RUN_ON_TITLE = re.compile(r"^[^，。；《\s]{4,60}?(?:年度报告|工作报告)\s+")
_PAGE_INFO_RUN = re.compile(
    r"^[^。]{0,40}?(?:来源|时间|发布时间|字号|浏览次数)[:：][^。]{0,200}?(?=根据|本报告|按照|依据|依照)"
)
_SENTENCE_MARKS = re.compile(r"[。，,；;：:！!？?、>›|/]")
# Words of a part's own text (“无其他需要报告的事项”), never of a signer's name.
_CONTENT_WORDS = re.compile(r"^(无|没有|本|我)|事项|情况")
_CHROME_TAIL = re.compile(r"\s*(附件下载|扫一扫在手机上查看当前页面|【打印本页】|【关闭窗口】)\s*$")


@dataclass
class _Span:
    part: Part
    start: int
    body: int
    end: int


def assemble(document: Document) -> Report:
    """Turn a reader's blocks into a ``Report``: figures, narrative, metadata and notes."""
    tables = document.tables()
    lines: list[str] = []
    table_number = itertools.count()
    for block in document.blocks:
        if isinstance(block, Paragraph):
            text = _ARTIFACTS.sub("", block.text).strip()
            if text:
                lines.append(text)
        else:
            lines.append(_MARK.format(next(table_number)))
    stream = "\n".join(_with_numbers(lines))
    spans = _find_parts(stream)
    notes = list(document.notes)
    report = Report(notes=notes)
    first_part = spans[0].start if spans else len(stream)
    report.title = _title(stream[:first_part], document.hints)
    report.year = _year(report.title, stream, document.hints)
    named = (_agency_from_title(report.title), _without_brackets(document.hints.get("agency", "")))
    report.narrative, signature = _narrative(stream, spans, report.title, named)
    report.published, signer = _signature(signature, document.hints)
    name = signer or _agency_from_title(report.title) or document.hints.get("agency", "")
    report.agency = infer_agency(_without_brackets(name)) if name else report.agency
    looks_like_report = "报告" in report.title and ("信息公开" in report.title or "政务公开" in report.title)
    old_layout = looks_like_report and (
        bool(_OLD_LAYOUT.search(stream)) or (report.year is not None and report.year <= 2018)
    )
    if old_layout:
        report.notes.append("识别为2019年以前的旧版年报格式：表格暂不支持读取，只读取了正文。")
        report.tables_read = False
        # The 2021-only narrative rules (W6's fee statement, …) do not fit the old layout either.
        report.format = ReportFormat.F2019
        return report
    if not spans and not any(table_kind(t.rows) for t in tables):
        raise NotAReport(
            f"{document.name}：没有找到年报的任何部分（一、总体情况 …）或表格，"
            "看起来不是政府信息公开工作年度报告。"
        )
    readings = _read_tables(document.name, tables, report.year, bool(spans))
    report.format = next(
        (r.format for r in readings if r.table == 2 and r.format),
        next((r.format for r in readings if r.table == 3 and r.format), ReportFormat.F2021),
    )
    if report.format is ReportFormat.F2019:
        report.notes.append("识别为2019年试行格式（国办公开办函〔2019〕60号），按该格式的单元格读取。")
    for reading in readings:
        report.figures.update(reading.figures)
        report.not_printed.extend(reading.not_printed)
        report.notes.extend(reading.notes)
    return report


_UNNUMBERED_PARTS = {
    "总体情况": "一、",
    "收到和处理政府信息公开申请情况": "三、",
    "政府信息公开行政复议、行政诉讼情况": "四、",
    "存在的主要问题及改进情况": "五、",
    "其他需要报告的事项": "六、",
}
_UNNUMBERED_SUBPARTS = {
    "主动公开情况": "（一）",
    "依申请公开情况": "（二）",
    "政府信息管理情况": "（三）",
    "政府信息公开平台建设情况": "（四）",
    "监督保障情况": "（五）",
}


def _with_numbers(lines: list[str]) -> list[str]:
    """Headings whose numbers Word's automatic numbering kept out of the text get them back:
    a line that is exactly a part's (or sub-part's) title.  主动公开政府信息情况 is part 二
    when a table follows, else sub-part （一）."""
    numbered: list[str] = []
    for index, line in enumerate(lines):
        compact = re.sub(r"\s+", "", line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if compact in _UNNUMBERED_PARTS:
            line = _UNNUMBERED_PARTS[compact] + compact
        elif compact in _UNNUMBERED_SUBPARTS:
            line = _UNNUMBERED_SUBPARTS[compact] + compact
        elif compact == "主动公开政府信息情况":
            line = ("二、" if _MARK_RE.fullmatch(following) else "（一）") + compact
        numbered.append(line)
    return numbered


def opens_part(text: str, part: Part) -> bool:
    """Whether a paragraph opens with the heading of ``part`` (“一、总体情况”, “六、其他需要报告的事项”)."""
    return _PART_RE[part].match(text.strip()) is not None


def _find_parts(stream: str) -> list[_Span]:
    spans: list[_Span] = []
    position = 0
    for part in (Part.OVERVIEW, Part.PROACTIVE_TABLE, Part.REQUEST_TABLE, Part.REVIEW_TABLE,
                 Part.PROBLEMS, Part.OTHER_MATTERS):  # fmt: skip
        match = _PART_RE[part].search(stream, position)
        if match is None:
            continue
        body = match.end()
        line_end = stream.find("\n", match.start())
        line_end = len(stream) if line_end < 0 else line_end
        at_line_start = match.start() == 0 or stream[match.start() - 1] == "\n"
        if at_line_start and line_end - match.start() <= 40 and "。" not in stream[match.start() : line_end]:
            body = line_end
        spans.append(_Span(part, match.start(), body, len(stream)))
        position = body
    for this, following in itertools.pairwise(spans):
        this.end = following.start
    return spans


def _without_brackets(name: str) -> str:
    """An agency name without a trailing note such as “（福建省）”."""
    return re.sub(r"（[^）]*）$|\([^)]*\)$", "", name.strip())


def _title(head: str, hints: dict[str, str]) -> str:
    """The report's title: a line of the head ending in 报告 (joined with the line before
    when the title wraps, as “节固镇2023年政府信息公开工作” / “年度报告”, or as
    “平潭综合实验区” / “2019年度政府信息公开工作年度报告”), or the words up to 报告 that
    open a run-on page text."""
    if hints.get("title"):
        return hints["title"]
    lines = [line.strip() for line in head.split("\n") if line.strip() and not _MARK_RE.search(line)]
    for index, line in enumerate(lines[:8]):
        if len(line) > 60:
            cut = re.search(r"^([^，。；《]{4,60}?报告)", line)
            if cut:
                return cut.group(1)
            break
        if line.endswith("报告"):
            previous = lines[index - 1] if index > 0 else ""
            opens_with_year = re.match(r"[12]\d{3}\s*年", line) is not None
            wrapped = not re.search(r"[12]\d{3}", line) or (
                opens_with_year
                and (
                    _AGENCY_END.search(previous) is not None
                    or (not _agency_from_title(line) and _is_short_name(previous))
                )
            )
            if wrapped and previous and len(previous) + len(line) <= 60:
                return previous + line
            return line
    return hints.get("page_title", "")


def _year(title: str, stream: str, hints: dict[str, str]) -> int | None:
    match = re.search(r"([12]\d{3})\s*年", title)
    if match:
        return int(match.group(1))
    match = re.search(r"统计(?:期限|时限|期间|时间)[^。]{0,6}?([12]\d{3})\s*年\s*1\s*月\s*1\s*日", stream)
    if match:
        return int(match.group(1))
    if hints.get("year", "").isdigit():
        return int(hints["year"])
    return None


def _agency_from_title(title: str) -> str:
    match = re.match(r"^(.*?)[（(]?[12]\d{3}\s*年", title)
    if match and match.group(1).strip():
        return match.group(1).strip()
    match = re.search(r"[12]\d{3}\s*年度?([^度].*?)(?:政府信息公开|政务公开)", title)
    return match.group(1).strip() if match else ""


# The 公文 annotation under the signature, “（此件主动公开）”: neither prose nor signer.
_DISCLOSURE_NOTE = re.compile(r"^[（(]此件[^）)]{0,10}[）)]$")


def _plain(text: str) -> str:
    """Prose without the table markers, portal chrome (打印, 附件下载 …), the signature's
    disclosure note and blank lines."""
    text = _MARK_RE.sub("", text)
    lines = (_CHROME_TAIL.sub("", line).strip() for line in text.split("\n"))
    return "\n".join(
        line for line in lines if line and not _CHROME.match(line) and not _DISCLOSURE_NOTE.match(line)
    )


def _narrative(
    stream: str, spans: list[_Span], title: str, named: tuple[str, ...]
) -> tuple[Narrative, list[str]]:
    narrative = Narrative()
    if not spans:
        return narrative, []
    preamble = _plain(stream[: spans[0].start])
    if title:
        preamble = _without_title(preamble, title)
    narrative.preamble = preamble
    last = spans[-1]
    tail_lines = _plain(stream[last.body : last.end]).split("\n")
    signature: list[str] = []
    while tail_lines and len(signature) < 3:
        line = tail_lines[-1].strip()
        before_date = len(signature) == 1 and _is_date_line(signature[0])
        if not (
            _is_signature_line(line)
            or _names_agency(line, named)
            or (before_date and _is_short_name(line) and not _CONTENT_WORDS.search(line))
        ):
            break
        signature.insert(0, tail_lines.pop())
    bodies = {span.part: _plain(stream[span.body : span.end]) for span in spans}
    bodies[last.part] = "\n".join(tail_lines).strip()
    for part, body in bodies.items():
        if part is Part.OVERVIEW:
            narrative.overview, narrative.subparts = _subparts(body)
        elif part is Part.PROBLEMS:
            narrative.problems = body
        elif part is Part.OTHER_MATTERS:
            narrative.other_matters = body
        elif body:
            narrative.table_notes[part] = body
    return narrative, signature


def _without_title(preamble: str, title: str) -> str:
    """The preamble after the title (site names and breadcrumbs before it dropped), or
    without the title a run-on page text opens with."""
    flat_title = re.sub(r"\s+", "", title)
    lines = preamble.split("\n")
    for index, line in enumerate(lines):
        compact = re.sub(r"\s+", "", line)
        if compact and flat_title.endswith(compact):
            lines = lines[index + 1 :]
            break
    if lines:
        # A page text that runs on from its title ("…年度报告 发布时间：… 根据…"); a sentence
        # naming the report ("…要求，特向社会公布…年度报告。") is not a title.
        found = re.search(r"\s*".join(map(re.escape, flat_title)), lines[0])
        if found and found.start() <= 80 and not re.search(r"[，。；,;]", lines[0][: found.start()]):
            lines[0] = lines[0][found.end() :].strip()
    if lines:
        lines[0] = _PAGE_INFO_RUN.sub("", _RUN_ON_TITLE.sub("", lines[0]))
    return "\n".join(line for line in lines if line.strip())


def _is_signature_line(line: str) -> bool:
    line = line.strip()
    if not line or len(line) > 40 or "。" in line:
        return False
    if _is_date_line(line):
        return True
    return bool(_AGENCY_END.search(re.sub(r"\s+", "", line))) and "，" not in line


def _is_date_line(line: str) -> bool:
    line = line.strip()
    return bool(_DATE.fullmatch(re.sub(r"\s+", "", line)) or _ISO_DATE.fullmatch(line))


def _is_short_name(line: str) -> bool:
    """A line that can be a name: short, with no sentence punctuation or separators."""
    line = line.strip()
    return 0 < len(line) <= 30 and not _SENTENCE_MARKS.search(line) and not _is_date_line(line)


def _names_agency(line: str, named: tuple[str, ...]) -> bool:
    """The line is the agency the title or the file names, or a shorter form of it."""
    compact = re.sub(r"\s+", "", line)
    return len(compact) >= 3 and any(compact == name or compact in name for name in named if name)


_SUB_MARKERS = (
    # （一）…（五）, the format's numbering; a line-start run of 1.–5. (or （1）…) where a
    # report numbers part 一's sub-parts that way, accepted only when each names its sub-part.
    tuple(rf"[（(]{numeral}[）)]" for numeral in _SUB_NUMERALS),
    tuple(rf"(?:[（(]{digit}[）)]|{digit}\s*[.．、](?!\d))" for digit in "12345"),
)


def _subparts(body: str) -> tuple[str, dict[SubPart, str]]:
    """Part 一 split at （一）…（五） (or 1.–5.): on line starts when the report has them, else inline."""
    for numbered, markers in enumerate(_SUB_MARKERS):
        found = _split_subparts(body, markers, strict=numbered > 0)
        if found is not None:
            return found
    return body.strip(), {}


def _split_subparts(
    body: str, markers: tuple[str, ...], *, strict: bool
) -> tuple[str, dict[SubPart, str]] | None:
    """The sub-parts under one numbering, or None when the body has none of it (``strict``:
    on line starts only, and every heading must name its sub-part)."""
    line_mode = strict or re.search(rf"(?m)^\s*{markers[0]}", body) is not None
    by_number = list(SubPart)
    starts: list[tuple[int, int]] = []
    position = 0
    for index, marker in enumerate(markers):
        match = re.compile(rf"(?m)^\s*{marker}" if line_mode else marker).search(body, position)
        if match is None and line_mode and not strict:
            match = _run_in_heading(body, position, marker, by_number[index])
        if match is None:
            break
        starts.append((index, match.start()))
        position = match.end()
    if not starts or (strict and len(starts) < 2):
        return None
    overview = body[: starts[0][1]].strip()
    pieces: list[tuple[int, str]] = []
    for n, (index, start) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else len(body)
        pieces.append((index, body[start:end].strip()))
    headed = [(index, *_split_heading(piece)) for index, piece in pieces]
    named = {index: sub for index, heading, _ in headed if (sub := _standard_subpart(heading))}
    guessed = [by_number[index] for index, _, _ in headed if index not in named]
    if strict and (guessed or any(sub is not by_number[index] for index, sub in named.items())):
        return None
    if 2 * len(named) < len(headed) or any(sub in named.values() for sub in guessed):
        # The report numbers its own themes (（一）强化组织协调，（二）围绕工作重点，扎实推进
        # 主动公开…): filing them by number would put one theme's text under another's title.
        return body.strip(), {}
    subparts: dict[SubPart, str] = {}
    for index, _, text in headed:
        sub = named.get(index) or by_number[index]
        if sub in subparts:
            sub = by_number[index]
        subparts[sub] = (subparts.get(sub, "") + "\n" + text).strip() if sub in subparts else text
    return overview, subparts


def _run_in_heading(body: str, position: int, marker: str, sub: SubPart) -> re.Match[str] | None:
    """A sub-part heading run into the line before it (a PDF paragraph joined across a
    page break): its number followed at once by its own title words."""
    for match in re.compile(marker).finditer(body, position):
        if _standard_subpart(body[match.end() : match.end() + 12]) is sub:
            return match
    return None


def _standard_subpart(heading: str) -> SubPart | None:
    """The sub-part of 一 a heading names by its words (主动公开, 依申请, 平台…), if any."""
    return next((s for s, words in _SUB_WORDS.items() if any(w in heading for w in words)), None)


def _split_heading(piece: str) -> tuple[str, str]:
    """A sub-part's heading and its text: the heading is its own line, or the words up to
    the first full stop or colon when they are short."""
    first, _, rest = piece.partition("\n")
    marker = re.match(r"\s*(?:[（(][一二三四五1-5][）)]|[1-5]\s*[.．、])", first)
    after = first[marker.end() :] if marker else first
    if len(after) <= 25 and rest:
        return after.strip(), rest.strip()
    stop = re.search(r"[。：:]", after)
    if stop and stop.start() <= 25:
        heading = after[: stop.start()]
        return heading.strip(), (after[stop.end() :] + ("\n" + rest if rest else "")).strip()
    return after[:20], (after + ("\n" + rest if rest else "")).strip()


def _signature(lines: list[str], hints: dict[str, str]) -> tuple[date | None, str]:
    published: date | None = None
    signer = ""
    for line in lines:
        found = _parse_date(line)
        if found is not None:
            published = found
        else:
            signer = re.sub(r"\s+", "", line)
    if published is None and hints.get("published"):
        published = _parse_date(hints["published"])
    return published, signer


def _parse_date(text: str) -> date | None:
    text = re.sub(r"\s+", "", text)
    match = _DATE.search(text)
    try:
        if match:
            year, month, day = (_numeral(group) for group in match.groups())
            return date(year, month, day)
        iso = _ISO_DATE.search(text)
        if iso:
            return date(*(int(group) for group in iso.groups()))
    except ValueError:
        return None
    return None


def _numeral(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:
        return int("".join(str(chinese_to_int(ch)) for ch in text))
    return chinese_to_int(text)


def _join(rows: list[list[str]], more: list[list[str]]) -> list[list[str]]:
    """Two pieces of one table; a row broken by the page break (its label's tail alone on
    the next page, no figures) is mended into the row it belongs to."""
    if rows and more and len(rows[-1]) == len(more[0]):
        head, tail = rows[-1], more[0]
        is_header = any(word in "".join(tail) for word in ("第二十条", "信息内容", "申请人", "结果", "数量"))
        if (
            any(_is_figure(c) for c in head)
            and not any(_is_figure(c) for c in tail)
            and any(tail)
            and not is_header
        ):
            mended = [a + b if b and not _is_figure(a) else a for a, b in zip(head, tail, strict=True)]
            return [*rows[:-1], mended, *more[1:]]
    return rows + more


def _is_figure(cell: str) -> bool:
    return bool(cell.strip()) and is_value_text(cell) and clean_label(cell) not in {"—", "-", "/"}


def _read_tables(name: str, tables: list[Table], year: int | None, has_parts: bool) -> list[TableReading]:
    """Each of tables 2–4 mapped once; grids of one table in a row (a table split across
    pages, or printed block by block) are joined first."""
    joined: list[tuple[int, list[list[str]], int]] = []
    previous_page: int | None = None
    for table in tables:
        kind = table_kind(table.rows)
        if kind is None:
            continue
        if joined and joined[-1][0] == kind:
            previous_kind, rows, pieces = joined[-1]
            across_pages = (
                table.page is not None and previous_page is not None and table.page != previous_page
            )
            rows = _join(rows, table.rows) if across_pages else rows + table.rows
            joined[-1] = (previous_kind, rows, pieces + 1)
        else:
            joined.append((kind, [list(row) for row in table.rows], 1))
        previous_page = table.page
    kinds = [kind for kind, _, _ in joined]
    missing = [f"表{'二三四'[k - 2]}" for k in (2, 3, 4) if k not in kinds]
    if missing and not has_parts:
        raise NotAReport(
            f"{name}：没有找到年报的各部分标题，也没有完整的表二、表三、表四，看起来不是政府信息公开工作年度报告。"
        )
    if len(kinds) == 0 and year is None:
        # Part headings alone occur in notices and guides that describe the format.
        raise NotAReport(
            f"{name}：没有找到表二、表三、表四，也看不出是哪一年度的报告，看起来不是政府信息公开工作年度报告。"
        )
    if len(kinds) == 0:
        raise UnreadableInput(
            f"{name}：没有找到表二、表三、表四（可能表格已被删除或以图片形式插入），无法读取数字。"
        )
    if missing:
        raise UnreadableInput(f"{name}：没有找到{'、'.join(missing)}，无法完整读取数字。")
    duplicated = [k for k in (2, 3, 4) if kinds.count(k) > 1]
    if duplicated:
        raise UnreadableInput(
            f"{name}：表{'二三四'[duplicated[0] - 2]}出现了不止一次，无法确定以哪一张为准。"
        )
    readings: list[TableReading] = []
    fmt_hint = ReportFormat.F2019 if year is not None and year <= 2020 else None
    try:
        for kind, rows, pieces in sorted(joined, key=lambda item: item[0]):
            reading = map_grid(rows, kind, fmt_hint)
            if kind == 2 and reading.format is not None:
                fmt_hint = reading.format
            if pieces > 1 and kind != 2:
                reading.notes.append(f"表{'二三四'[kind - 2]}分成 {pieces} 段（跨页或分块），已合并读取。")
            readings.append(reading)
    except UnreadableInput as error:
        raise UnreadableInput(f"{name}：{error.message}") from None
    return readings

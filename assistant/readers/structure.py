"""A report's structure and figures worked out from the blocks any reader extracts.

The text is laid out as one stream (paragraphs on their own lines, each table as a
marker line) so that part headings are found the same way whether a report puts them
on lines of their own or runs them into the text, as pages scraped from portals do.
Parts 一–六 are found in order and tolerate wording drift (“四、因政府信息公开申请提起
行政复议、行政诉讼的情况”); the five sub-parts of part 一 are matched by wording where
possible and by number otherwise.  Page furniture is dropped (:mod:`.furniture`), the
落款 told from the prose above it (:mod:`.signature`), and tables 二–四 read into figures
(:mod:`.report_tables`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from assistant.domain.agency import infer_agency
from assistant.domain.layout import ReportFormat
from assistant.domain.report import Narrative, Part, Report, SubPart
from assistant.domain.table_mapping import table_kind
from assistant.errors import NotAReport
from assistant.readers.document import Document, Paragraph
from assistant.readers.furniture import prose_lines, without_artifacts, without_page_info
from assistant.readers.report_tables import read_tables
from assistant.readers.signature import ends_like_agency, is_short_name, signed, split_signature

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
_OLD_LAYOUT = re.compile(r"收费及减免|减免情况|七\s*、\s*[^。\n]{0,8}其他需要报告")


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
            text = without_artifacts(block.text).strip()
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
    report.published, signer = signed(signature, document.hints)
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
    readings = read_tables(document.name, tables, report.year, bool(spans))
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


# The number each title takes back; 主动公开政府信息情况 titles part 二 or sub-part （一）
# (below), so it is not here.
_UNNUMBERED_TITLES: dict[str, str] = {
    **{part.subject: f"{part.value}、" for part in Part if part.subject and part is not Part.PROACTIVE_TABLE},
    **{sub.heading.removeprefix(sub.value): sub.value for sub in SubPart},
}


def _with_numbers(lines: list[str]) -> list[str]:
    """Headings whose numbers Word's automatic numbering kept out of the text get them back:
    a line that is exactly a part's (or sub-part's) title.  主动公开政府信息情况 is part 二
    when a table follows, else sub-part （一）."""
    numbered: list[str] = []
    for index, line in enumerate(lines):
        compact = re.sub(r"\s+", "", line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if compact in _UNNUMBERED_TITLES:
            line = _UNNUMBERED_TITLES[compact] + compact
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
                and (ends_like_agency(previous) or (not _agency_from_title(line) and is_short_name(previous)))
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


def _plain(text: str) -> str:
    """Prose without the table markers, portal chrome (打印, 附件下载 …), the signature's
    disclosure note and blank lines."""
    return "\n".join(prose_lines(_MARK_RE.sub("", text).split("\n")))


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
    tail_lines, signature = split_signature(_plain(stream[last.body : last.end]).split("\n"), named)
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
        lines[0] = without_page_info(lines[0])
    return "\n".join(line for line in lines if line.strip())


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

"""Structural chunks: a report by part and sub-part, a regulation by article or section.

Every chunk carries the heading it stands under as context (the document title and the
part or chapter), so that the embedding and the lexical index both see "平台建设" or
"第三十六条" even when the body never repeats them.  Long sections are split at paragraph
boundaries so that no chunk exceeds what multilingual-e5-small reads (512 tokens).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from assistant.domain.numbers import chinese_to_int
from assistant.domain.report import PART_TITLES, SUBPART_TITLES, Part, Report, SubPart

# About 0.65 e5 tokens per Chinese character: 420 characters plus context stay under 512.
MAX_CHARS = 420

KIND_REPORT = "report"
KIND_REGULATION = "regulation"
KINDS = (KIND_REPORT, KIND_REGULATION)

_HALF_WIDTH_ITEM = re.compile(r"\(([一二三四五六七八九十]{1,3})\)")
# An article marker opens a line or follows a sentence end and is followed by a space;
# a reference inside a sentence ("依照本条例第三十六条的规定") is neither.
_ARTICLE = re.compile(
    r"(?:^|(?<=[\s。；：:*#]))(第([一二三四五六七八九十百零〇两]{1,6})条)[ \t\u3000]+", re.M
)
_CHAPTER = re.compile(r"(?:^|(?<=[\s。#]))第[一二三四五六七八九十]{1,3}章[ \t\u3000]*", re.M)
_MD_HEADING = re.compile(r"(?m)^(#{1,6})[ \t]+([^\n]+)$")
_NUMBERED_HEADING = re.compile(r"(?m)^[ \t\u3000]*([一二三四五六七八九十]{1,3}、[^\n。]{1,30})$")


@dataclass
class Chunk:
    """One retrievable piece of a document, with where it comes from."""

    text: str
    kind: str
    source: str
    start: int
    end: int
    title: str = ""
    agency: str = ""
    level: str = ""
    year: int = 0
    part: str = ""
    subpart: str = ""
    section: str = ""
    article: str = ""
    article_no: int = 0

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata for Chroma: every field but the text (no None values; 0 / "" mean
        "not applicable")."""
        return {field.name: getattr(self, field.name) for field in fields(self) if field.name != "text"}


def normalise_items(text: str) -> str:
    """Half-width item markers "(一)" become the full-width "（一）" the format uses.

    Each bracket is one character either way, so character offsets stay valid.
    """
    return _HALF_WIDTH_ITEM.sub(r"（\1）", text)


def split_paragraphs(body: str, limit: int = MAX_CHARS) -> list[tuple[int, int]]:
    """Spans of ``body`` no longer than ``limit``, cut at paragraph ends, else at 。."""
    spans: list[tuple[int, int]] = []
    pieces: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", body):
        start, end = match.span()
        while end - start > limit:
            window = body[start : start + limit]
            cut = max(window.rfind("。"), window.rfind("；"))
            cut = cut + 1 if cut > limit // 3 else limit
            pieces.append((start, start + cut))
            start += cut
        if re.search(r"\w", body[start:end]):  # a bare "##" or rule line is markup, not text
            pieces.append((start, end))
    current: tuple[int, int] | None = None
    for start, end in pieces:
        if current is None:
            current = (start, end)
        elif end - current[0] <= limit:
            current = (current[0], end)
        else:
            spans.append(current)
            current = (start, end)
    if current is not None:
        spans.append(current)
    return spans


def _sized(body: str, offset: int, context: str, limit: int = MAX_CHARS) -> list[tuple[str, int, int]]:
    """(text with context, start, end) for each paragraph-sized piece of ``body``."""
    return [
        (f"{context}\n{body[start:end].strip()}", offset + start, offset + end)
        for start, end in split_paragraphs(body, limit)
    ]


def _locate(source_text: str, body: str) -> int:
    """Where ``body`` starts in the source document, or -1 when a reader reshaped it."""
    if not source_text:
        return -1
    probe = body.strip().split("\n", 1)[0][:30]
    return source_text.find(probe) if probe else -1


def report_chunks(report: Report, source_text: str = "") -> list[Chunk]:
    """Chunks of a report's narrative: preamble, part 一's opening, each sub-part, parts 二–六.

    Offsets point into ``source_text`` (the document as read) where the paragraph can be
    found there; otherwise (a reader reflowed it, e.g. from a PDF) they are -1: unknown.
    """
    agency = report.agency.name
    year = report.year or 0
    label = f"{agency}{year}年度政府信息公开工作年度报告" if year else (report.title or agency)
    narrative = report.narrative
    sections: list[tuple[Part, SubPart | None, str]] = [
        (Part.PREAMBLE, None, narrative.preamble),
        (Part.OVERVIEW, None, narrative.overview),
        *((Part.OVERVIEW, sub, narrative.subparts.get(sub, "")) for sub in SubPart),
        *(
            (part, None, narrative.table_notes.get(part, ""))
            for part in Part
            if part in narrative.table_notes
        ),
        (Part.PROBLEMS, None, narrative.problems),
        (Part.OTHER_MATTERS, None, narrative.other_matters),
    ]
    chunks: list[Chunk] = []
    for part, sub, body in sections:
        if not body.strip():
            continue
        heading = "序言" if part is Part.PREAMBLE else f"{part.value}、{PART_TITLES[part]}"
        section = heading
        if sub is not None:
            section = f"{part.value}{sub.value}{SUBPART_TITLES[sub]}"
            heading = f"{heading} {sub.value}{SUBPART_TITLES[sub]}"
        for text, start, end in _sized(body, 0, f"{label} {heading}"):
            body_piece = body[start:end]
            found = _locate(source_text, body_piece)
            start, end = (found, found + len(body_piece.strip())) if found >= 0 else (-1, -1)
            chunks.append(
                Chunk(
                    text=text,
                    kind=KIND_REPORT,
                    source=report.source or "",
                    start=start,
                    end=end,
                    title=report.title or label,
                    agency=agency,
                    level=report.agency.level.value if report.agency.level else "",
                    year=year,
                    part=part.value,
                    subpart=sub.value if sub else "",
                    section=section,
                )
            )
    return chunks


def regulation_title(text: str) -> str:
    """The first heading or non-empty line of a document (without a "标题：" label)."""
    for line in text.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped and not stripped.startswith("<!--"):
            return re.sub(r"^标题\s*[:：]\s*", "", stripped)
    return ""


def regulation_year(text: str) -> int:
    """The latest year named in the head of the text (promulgation or revision), else 0."""
    first = _ARTICLE.search(text)
    head = text[: first.start()] if first and first.start() < 1500 else text[:600]
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", head)]
    return max(years, default=0)


def numbered_articles(text: str) -> list[re.Match[str]]:
    """Article markers in increasing order (a summary may skip articles); a marker that does
    not advance the numbering is a reference back, not a new article."""
    found: list[re.Match[str]] = []
    last = 0
    for match in _ARTICLE.finditer(text):
        number = chinese_to_int(match.group(2))
        if number > last:
            found.append(match)
            last = number
    return found


def regulation_chunks(text: str, source: str, *, agency: str = "") -> list[Chunk]:
    """Chunks of a regulation: one per article (第X条) when it has articles, else per section."""
    text = normalise_items(text)
    title = regulation_title(text)
    year = regulation_year(text)
    articles = numbered_articles(text)
    if len(articles) >= 3:
        return _article_chunks(text, source, title, year, agency, articles)
    return _section_chunks(text, source, title, year, agency)


def _article_chunks(
    text: str, source: str, title: str, year: int, agency: str, articles: list[re.Match[str]]
) -> list[Chunk]:
    chapters: list[tuple[int, str]] = []
    for chapter_match in _CHAPTER.finditer(text):
        following = next((a.start(1) for a in articles if a.start(1) > chapter_match.end()), len(text))
        name = text[chapter_match.start() : min(following, chapter_match.end() + 20)]
        chapters.append((chapter_match.start(), re.sub(r"[\s#*]+", " ", name).strip()))
    chunks: list[Chunk] = []
    for index, match in enumerate(articles):
        start = match.start(1)
        end = articles[index + 1].start(1) if index + 1 < len(articles) else len(text)
        next_chapter = _CHAPTER.search(text, start, end)
        if next_chapter:
            end = next_chapter.start()
        chapter = next((name for pos, name in reversed(chapters) if pos < start), "")
        article = match.group(1)
        number = chinese_to_int(match.group(2))
        context = " ".join(bit for bit in (_quoted(title), chapter, article) if bit)
        for piece, piece_start, piece_end in _sized(text[start:end], start, context):
            chunks.append(
                Chunk(
                    text=piece,
                    kind=KIND_REGULATION,
                    source=source,
                    start=piece_start,
                    end=piece_end,
                    title=title,
                    agency=agency,
                    year=year,
                    section=chapter,
                    article=article,
                    article_no=number,
                )
            )
    return chunks


def _section_chunks(text: str, source: str, title: str, year: int, agency: str) -> list[Chunk]:
    """Sections of a notice: markdown headings, else lines like "一、报告内容"."""
    headings = [(m.start(), m.end(), m.group(2).strip()) for m in _MD_HEADING.finditer(text)]
    if len(headings) < 2:
        headings = [(m.start(), m.end(), m.group(1).strip()) for m in _NUMBERED_HEADING.finditer(text)]
    bounds = [(0, 0, ""), *headings]
    chunks: list[Chunk] = []
    trail: list[str] = []
    for index, (_, body_start, name) in enumerate(bounds):
        end = bounds[index + 1][0] if index + 1 < len(bounds) else len(text)
        if name:
            trail = [*[t for t in trail if not _same_level(t, name)], name][-2:]
        body = text[body_start:end]
        if not body.strip():
            continue
        context = " ".join([_quoted(title), *(t for t in trail if t != title)])
        for piece, start, piece_end in _sized(body, body_start, context):
            chunks.append(
                Chunk(
                    text=piece,
                    kind=KIND_REGULATION,
                    source=source,
                    start=start,
                    end=piece_end,
                    title=title,
                    agency=agency,
                    year=year,
                    section=" ".join(t for t in trail if t != title),
                )
            )
    return chunks


def _quoted(title: str) -> str:
    return title if title.startswith("《") else f"《{title}》"


def _same_level(previous: str, current: str) -> bool:
    """Two headings are siblings when both are numbered the same way (一、 / （一）) or neither."""

    def style(heading: str) -> str:
        if re.match(r"[一二三四五六七八九十]+、", heading):
            return "numbered"
        if heading.startswith("（"):
            return "item"
        return "title"

    return style(previous) == style(current)


def article_number(query: str) -> int:
    """The article a question names ("第三十六条", "第36条"), else 0."""
    match = re.search(r"第\s*([0-9]{1,3}|[一二三四五六七八九十百零两]{1,6})\s*条", query)
    if not match:
        return 0
    value = match.group(1)
    return int(value) if value.isdigit() else chinese_to_int(value)

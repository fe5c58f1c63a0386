"""W3: narrative copied from last year's report (年年雷同), by the one reuse measure.

A *section* is one place of the narrative: the preamble, the opening text of part 一, each
sub-part （一）…（五） of part 一, part 五 and part 六.  Text under tables 二–四 is left
out: it is mostly the format's own wording (勾稽关系 notes), the same in every report.  A
section's reuse is :func:`assistant.domain.reuse.reuse_ratio` of its text against the whole
of last year's narrative (so text moved from another part still counts).  A section of
``MIN_PARAGRAPH_CHARS`` characters or more at or above ``COPIED_SHARE`` is flagged; when it
has several paragraphs, each such paragraph is flagged too, quoting last year's paragraph
it most resembles.

The preamble is measured without the sentences the format itself prescribes (the legal
basis the report is compiled on, the parts it consists of, the statistics period, where
it is published, whom to ask): they read alike every year by design, and a warning on
them would teach reviewers to skip W3.  What else a preamble says is measured as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.findings import Finding
from assistant.domain.report import NARRATIVE_PARTS, Part, Place, Report, SubPart, character_count
from assistant.domain.reuse import reuse_ratio

COPIED_SHARE = 0.5
"""Half the characters in shared runs: the bar at which evaluators start deducting points."""

MIN_PARAGRAPH_CHARS = 30
"""Shorter paragraphs ("2023年，未收取信息处理费。") are not flagged on their own, and a section
shorter than this is not flagged at all: a one-sentence statement of the same fact reads the
same every year, and that is not the 年年雷同 the notice forbids."""

QUOTE_CHARS = 80


def copied(text: str, share: float) -> bool:
    """The one bar for a section or paragraph, so the compare page marks what W3 reports."""
    return character_count(text) >= MIN_PARAGRAPH_CHARS and share >= COPIED_SHARE


# A sentence of the preamble the format prescribes: the report compiled (发布, 公布) under
# the regulation, the six parts it consists of, the statistics period, where it is
# published or downloaded, and the office to contact with its address and telephone.
_FORMAT_SENTENCE = re.compile(
    r"(?:编制|编写|发布|公布)[^，。；]{0,30}报告|(?:报告|全文).*?(?:编制|组成|包括|公布|公开|下载)"
    r"|统计(?:期限|时限|时间|期间)|数据(?:的)?(?:统计)?时限|电子版|疑问|联系|地址|邮编|电话|邮箱"
)


def measured(part: Part, text: str, source: str) -> tuple[str, float]:
    """The text W3 measures of a section or paragraph, and its reuse of ``source``: the
    preamble without the format's standard sentences (see the module docstring)."""
    if part is Part.PREAMBLE:
        sentences = re.split(r"(?<=[。；;])", text)
        text = "".join(s for s in sentences if s.strip() and not _FORMAT_SENTENCE.search(s)).strip()
    return text, reuse_ratio(text, source)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a report's narrative and the section it stands in."""

    part: Part
    subpart: SubPart | None
    text: str

    @property
    def place(self) -> Place:
        return Place.of(self.part, self.subpart)


def paragraphs_of(report: Report) -> list[Paragraph]:
    """The paragraphs of the narrative parts; text under the tables is the format's own wording."""
    return [
        Paragraph(part, sub, text)
        for part, sub, text in report.narrative.paragraphs()
        if part in NARRATIVE_PARTS
    ]


def sections_of(report: Report) -> dict[Place, list[Paragraph]]:
    """Paragraphs grouped by the place they stand in, in reading order."""
    sections: dict[Place, list[Paragraph]] = {}
    for paragraph in paragraphs_of(report):
        sections.setdefault(paragraph.place, []).append(paragraph)
    return sections


def narrative_text(report: Report) -> str:
    return "\n".join(paragraph.text for paragraph in paragraphs_of(report))


def best_match(text: str, candidates: list[Paragraph]) -> tuple[Paragraph | None, float]:
    """Last year's paragraph sharing the most of ``text`` (by the reuse measure), and that share."""
    best: Paragraph | None = None
    best_ratio = 0.0
    for candidate in candidates:
        ratio = reuse_ratio(text, candidate.text)
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best, best_ratio


def excerpt(text: str, limit: int = QUOTE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def w3_copied_paragraphs(report: Report, last_year: Report | None) -> list[Finding]:
    """W3: a section (of 30 characters or more) or paragraph whose reuse against last year's
    narrative is ≥ 50 % is flagged (the preamble's format sentences not counted)."""
    if last_year is None:
        return []
    source = narrative_text(last_year)
    if not source:
        return []
    last_paragraphs = paragraphs_of(last_year)
    findings: list[Finding] = []
    for place, paragraphs in sections_of(report).items():
        text, share = measured(place.part, "\n".join(p.text for p in paragraphs), source)
        if not copied(text, share):
            continue
        standard = "（格式规定的依据、统计期限、联系方式等固定语句不计）" if place is Place.PREAMBLE else ""
        findings.append(
            Finding.warning(
                "W3",
                (
                    f"“{place.label}”{standard}与上年报告重复率 {share:.0%}"
                    f"（达到 {COPIED_SHARE:.0%} 即提示），请按本年实际情况改写，避免年年雷同。"
                ),
                expected=COPIED_SHARE,
                found=round(share, 4),
                part=place.code,
                quote=excerpt(text),
            )
        )
        if len(paragraphs) < 2:
            continue
        for paragraph in paragraphs:
            paragraph_text, paragraph_share = measured(place.part, paragraph.text, source)
            if not copied(paragraph_text, paragraph_share):
                continue
            match, _ = best_match(paragraph.text, last_paragraphs)
            matched = f"上年对应段落（{match.place.code}）：“{excerpt(match.text)}”" if match else ""
            findings.append(
                Finding.warning(
                    "W3",
                    f"本段与上年报告重复率 {paragraph_share:.0%}。{matched}",
                    expected=COPIED_SHARE,
                    found=round(paragraph_share, 4),
                    part=paragraph.place.code,
                    quote=excerpt(paragraph_text),
                )
            )
    return findings

"""The report as the national format defines it: agency, year, six parts, three tables.

A ``Report`` holds figures *as stated* (a document's own totals included) so that the
checker can compare them with the totals the code derives; drafting fills the derived
cells with :func:`assistant.domain.totals.complete` before anything is written out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.layout import ReportFormat

Figure = int | float

OVERVIEW_LIMIT = 1000
"""Part 一's length the format notice allows, in principle (原则上不超过1000字)."""


def character_count(text: str) -> int:
    """A text's length as the 1,000-character limit counts it: whitespace (the line breaks
    between sub-parts, a stray space) is layout, not text.  The checker (W9) and every
    count the drafter prints use this one measure, so the two never disagree."""
    return len(re.sub(r"\s", "", text))


class AgencyLevel(StrEnum):
    STATE_COUNCIL_DEPARTMENT = "国务院部门"
    PROVINCE = "省"
    CITY = "市"
    COUNTY = "县"
    TOWN = "乡镇"
    DEPARTMENT = "部门"


class Agency(BaseModel):
    """Who publishes the report; the level decides deadlines and which scope words fit."""

    model_config = ConfigDict(frozen=True)

    name: str = ""
    level: AgencyLevel | None = None
    is_people_government: bool = False


class Part(StrEnum):
    """The parts of a report: the preamble and the six numbered parts."""

    PREAMBLE = "序言"
    OVERVIEW = "一"
    PROACTIVE_TABLE = "二"
    REQUEST_TABLE = "三"
    REVIEW_TABLE = "四"
    PROBLEMS = "五"
    OTHER_MATTERS = "六"

    @property
    def subject(self) -> str:
        """The part's title without its number (总体情况); empty for the preamble."""
        return PART_TITLES[self]

    @property
    def heading(self) -> str:
        """The heading as the format prints it (一、总体情况), or 序言 for the preamble."""
        return f"{self.value}、{self.subject}" if self.subject else "序言"

    @property
    def named(self) -> str:
        """The part as a sentence names it: 序言, or 第五部分“存在的主要问题及改进情况”."""
        return f"第{self.value}部分“{self.subject}”" if self.subject else "序言"


PART_TITLES: dict[Part, str] = {
    Part.PREAMBLE: "",
    Part.OVERVIEW: "总体情况",
    Part.PROACTIVE_TABLE: "主动公开政府信息情况",
    Part.REQUEST_TABLE: "收到和处理政府信息公开申请情况",
    Part.REVIEW_TABLE: "政府信息公开行政复议、行政诉讼情况",
    Part.PROBLEMS: "存在的主要问题及改进情况",
    Part.OTHER_MATTERS: "其他需要报告的事项",
}

NARRATIVE_PARTS: tuple[Part, ...] = (Part.PREAMBLE, Part.OVERVIEW, Part.PROBLEMS, Part.OTHER_MATTERS)


class SubPart(StrEnum):
    """The five sub-parts of part 一 (总体情况)."""

    PROACTIVE = "（一）"
    REQUESTS = "（二）"
    MANAGEMENT = "（三）"
    PLATFORMS = "（四）"
    OVERSIGHT = "（五）"

    @property
    def subject(self) -> str:
        """The sub-part's subject without its number (依申请公开)."""
        return SUBPART_TITLES[self]

    @property
    def heading(self) -> str:
        """The heading as reports print it: （二）依申请公开情况."""
        return f"{self.value}{self.subject}情况"


SUBPART_TITLES: dict[SubPart, str] = {
    SubPart.PROACTIVE: "主动公开",
    SubPart.REQUESTS: "依申请公开",
    SubPart.MANAGEMENT: "政府信息管理",
    SubPart.PLATFORMS: "政府信息公开平台建设",
    SubPart.OVERSIGHT: "监督保障",
}


class Place(StrEnum):
    """A place of the narrative that is written as one text: the preamble, the opening of
    part 一, each of its five sub-parts, part 五 and part 六.

    The values are what the saved work stores, what a chat names and what W3 reports, so
    every layer says "（四）" for the same place.  Text under tables 二–四 is the format's own
    wording and no place of its own."""

    PREAMBLE = "序言"
    OVERVIEW = "一"
    PROACTIVE = "（一）"
    REQUESTS = "（二）"
    MANAGEMENT = "（三）"
    PLATFORMS = "（四）"
    OVERSIGHT = "（五）"
    PROBLEMS = "五"
    OTHER_MATTERS = "六"

    @classmethod
    def of(cls, part: Part, subpart: SubPart | None = None) -> Place:
        """The place of a part (its opening text, for part 一) or of a sub-part."""
        return cls(subpart.value) if subpart is not None else cls(part.value)

    @classmethod
    def in_part(cls, part: Part) -> tuple[Place, ...]:
        """The places of one part in print order: part 一 is its opening and five sub-parts."""
        return tuple(place for place in cls if place.part is part)

    @property
    def subpart(self) -> SubPart | None:
        return SubPart(self.value) if self.value.startswith("（") else None

    @property
    def part(self) -> Part:
        """The report part the place belongs to (the sub-parts belong to 一)."""
        return Part.OVERVIEW if self.subpart is not None else Part(self.value)

    @property
    def code(self) -> str:
        """How a reviewer cites the place: 序言, 一, 一（二）, 五."""
        return self.part.value + (self.value if self.subpart is not None else "")

    @property
    def label(self) -> str:
        """The place's name in Chinese: 序言, 一、总体情况（导语）, 一（二）依申请公开,
        五、存在的主要问题及改进情况."""
        if self.subpart is not None:
            return f"{self.code}{self.subpart.subject}"
        if self is Place.OVERVIEW:
            return f"{self.part.heading}（导语）"
        return self.part.heading


Sections = dict[SubPart | None, str]
"""One part's texts by place within it: ``None`` is the part's own text (part 一's opening)."""


class Narrative(BaseModel):
    """The prose of a report.  Part 一 is its opening text plus the five sub-parts."""

    preamble: str = ""
    overview: str = ""
    subparts: dict[SubPart, str] = Field(default_factory=dict)
    problems: str = ""
    other_matters: str = ""
    table_notes: dict[Part, str] = Field(default_factory=dict)

    def part_text(self, part: Part) -> str:
        """The whole text of one part as a reader sees it, sub-part headings included."""
        if part is Part.OVERVIEW:
            pieces = [self.overview] if self.overview else []
            pieces += [f"{sub.heading}\n{body}" for sub in SubPart if (body := self.subparts.get(sub, ""))]
            return "\n".join(pieces)
        if part in NARRATIVE_PARTS:
            return self.text(Place(part.value))
        return self.table_notes.get(part, "")

    def text(self, place: Place) -> str:
        """The text written in one place (part 一's opening alone, without its sub-parts)."""
        if place.subpart is not None:
            return self.subparts.get(place.subpart, "")
        return {
            Place.PREAMBLE: self.preamble,
            Place.OVERVIEW: self.overview,
            Place.PROBLEMS: self.problems,
            Place.OTHER_MATTERS: self.other_matters,
        }[place]

    def texts(self) -> dict[Place, str]:
        """Every place's text, in print order (empty places included)."""
        return {place: self.text(place) for place in Place}

    def sections(self, part: Part) -> Sections:
        """The texts of one narrative part by place within it (the inverse of ``with_sections``)."""
        if part is Part.OVERVIEW:
            return {None: self.overview, **{sub: self.subparts.get(sub, "") for sub in SubPart}}
        return {None: self.part_text(part)}

    def with_texts(self, texts: Mapping[Place, str]) -> Narrative:
        """A copy with the given places' texts replaced (a sub-part left empty is dropped)."""
        fields: dict[str, object] = {}
        subparts = dict(self.subparts)
        for place, text in texts.items():
            if place.subpart is not None:
                if text:
                    subparts[place.subpart] = text
                else:
                    subparts.pop(place.subpart, None)
            else:
                fields[_PLACE_FIELDS[place]] = text
        return self.model_copy(update={**fields, "subparts": subparts})

    def with_sections(self, part: Part, sections: Mapping[SubPart | None, str]) -> Narrative:
        """A copy with one part's sections replaced; part 一 takes its opening and sub-parts,
        a table part its note."""
        if part not in NARRATIVE_PARTS:
            return self.model_copy(update={"table_notes": {**self.table_notes, part: sections[None]}})
        if part is Part.OVERVIEW:
            narrative = self.model_copy(update={"overview": sections.get(None, ""), "subparts": {}})
            return narrative.with_texts(
                {Place(sub.value): t for sub, t in sections.items() if sub is not None}
            )
        return self.with_texts({Place(part.value): sections[None]})

    def paragraphs(self) -> list[tuple[Part, SubPart | None, str]]:
        """Every non-empty paragraph with the part (and sub-part) it stands in."""
        found: list[tuple[Part, SubPart | None, str]] = []

        def add(part: Part, sub: SubPart | None, text: str) -> None:
            found.extend((part, sub, p.strip()) for p in text.split("\n") if p.strip())

        add(Part.PREAMBLE, None, self.preamble)
        add(Part.OVERVIEW, None, self.overview)
        for sub in SubPart:
            add(Part.OVERVIEW, sub, self.subparts.get(sub, ""))
        for part, text in self.table_notes.items():
            add(part, None, text)
        add(Part.PROBLEMS, None, self.problems)
        add(Part.OTHER_MATTERS, None, self.other_matters)
        return found


_PLACE_FIELDS = {
    Place.PREAMBLE: "preamble",
    Place.OVERVIEW: "overview",
    Place.PROBLEMS: "problems",
    Place.OTHER_MATTERS: "other_matters",
}


def part_text(part: Part, sections: Mapping[SubPart | None, str]) -> str:
    """One part's sections joined as the report prints them (sub-part headings included)."""
    return Narrative().with_sections(part, sections).part_text(part)


def sections_from_text(part: Part, text: str) -> Sections:
    """A part written as one text (by a model, or pasted) as sections: part 一 is cut at its
    （一）…（五） headings, a heading's own words (“依申请公开情况：”) left out."""
    if part is not Part.OVERVIEW:
        return {None: text.strip()}
    sections: dict[SubPart | None, list[str]] = {None: []}
    current: SubPart | None = None
    for line in text.splitlines():
        stripped = line.strip()
        mark = re.match(r"^(（[一二三四五]）)", stripped)
        if mark:
            current = SubPart(mark.group(1))
            rest = stripped[len(mark.group(1)) :]
            heading = re.match(r"^[^。，；：:]{0,16}(?:[。：:]|$)", rest)
            title = current.subject
            if heading and any(w in heading.group() for w in (title[:2], title[-2:], "情况", "方面")):
                rest = rest[heading.end() :]
            sections[current] = [rest.strip()] if rest.strip() else []
        elif stripped:
            sections.setdefault(current, []).append(stripped)
    return {sub: "\n".join(lines).strip() for sub, lines in sections.items()}


class Report(BaseModel):
    """One annual report: who, which year, the stated figures and the narrative."""

    agency: Agency = Field(default_factory=Agency)
    year: int | None = None
    published: date | None = None
    format: ReportFormat = ReportFormat.F2021
    # False for a layout whose tables cannot be read (reports before 2019): its figures
    # are unknown, never zero, so no figure of it may be printed or compared.
    tables_read: bool = True
    title: str = ""
    figures: dict[str, Figure] = Field(default_factory=dict)
    # Keys of cells whose rows the document does not print at all (a department's table 2
    # without 规章, an agency without 行政强制 or fees): left out of ``figures`` and unknown,
    # not zero, so that no rule, comparison or carry-over reads a figure into them.
    not_printed: list[str] = Field(default_factory=list)
    narrative: Narrative = Field(default_factory=Narrative)
    notes: list[str] = Field(default_factory=list)
    source: str | None = None
    signatory: str = ""
    """The agency the 落款 names, when it is not ``agency.name`` (a report signed by an office)."""

    @property
    def signed_by(self) -> str:
        """The agency printed in the 落款."""
        return self.signatory or self.agency.name

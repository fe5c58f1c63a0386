"""The report as the national format defines it: agency, year, six parts, three tables.

A ``Report`` holds figures *as stated* (a document's own totals included) so that the
checker can compare them with the totals the code derives; drafting fills the derived
cells with :func:`assistant.domain.totals.complete` before anything is written out.
"""

from __future__ import annotations

import re
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
    """The narrative places of a report: the preamble and the six numbered parts."""

    PREAMBLE = "序言"
    OVERVIEW = "一"
    PROACTIVE_TABLE = "二"
    REQUEST_TABLE = "三"
    REVIEW_TABLE = "四"
    PROBLEMS = "五"
    OTHER_MATTERS = "六"


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


SUBPART_TITLES: dict[SubPart, str] = {
    SubPart.PROACTIVE: "主动公开",
    SubPart.REQUESTS: "依申请公开",
    SubPart.MANAGEMENT: "政府信息管理",
    SubPart.PLATFORMS: "政府信息公开平台建设",
    SubPart.OVERSIGHT: "监督保障",
}


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
        if part is Part.PREAMBLE:
            return self.preamble
        if part is Part.OVERVIEW:
            pieces = [self.overview] if self.overview else []
            for sub in SubPart:
                body = self.subparts.get(sub, "")
                if body:
                    pieces.append(f"{sub.value}{SUBPART_TITLES[sub]}情况\n{body}")
            return "\n".join(pieces)
        if part is Part.PROBLEMS:
            return self.problems
        if part is Part.OTHER_MATTERS:
            return self.other_matters
        return self.table_notes.get(part, "")

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

"""A region one level up: the agencies whose reports a 政务公开办 receives, and its review of them.

A ``Region`` is a named set of agencies (a county with its towns and departments), each with
its kind.  It comes from a list the office keeps, from the reports in a folder, or from the
saved workspaces; the reports it receives are matched to its members by name, the way a
reviewer matches them (青川县清溪镇人民政府 is the 清溪镇 of the list).

A ``RegionReview`` gathers one ``AgencyReview`` per received report as the batch streams
them in: per-rule counts across the region, the agencies missing, those sent twice, the
files that could not be read.  It keeps each agency's full review only when asked
(``keep_details``), so a province's 10,000 reports can be tallied in flat memory.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from assistant.domain.agency import agency_level
from assistant.domain.findings import Finding
from assistant.domain.report import AgencyLevel
from assistant.domain.rules.w3 import COPIED_SHARE
from assistant.errors import UnreadableInput

CARRY_OVER_RULES = ("R6", "W1")

RULE_TITLES: dict[str, str] = {
    "R1": "表三第一项加第二项不等于第三项加第四项",
    "R2": "表三办理结果总计与各项之和不符",
    "R3": "表三各行总计与各类申请人之和不符",
    "R4": "表四复议诉讼总计与各项之和不符",
    "R5": "数字不是非负整数",
    "R6": "上年结转与上年报告不衔接",
    "R7": "正文数字与表格不一致",
    "R8": "正文分项相加不等于总数",
    "W1": "现行有效件数与上年不衔接",
    "W2": "沿用旧年份或上年数字",
    "W3": "正文与上年报告雷同",
    "W4": "范围用语与机关层级不符",
    "W5": "发布日期超过法定期限",
    "W6": "未说明信息处理费",
    "W7": "缺少部分或必备内容",
    "W8": "收费金额单位疑似有误",
    "W9": "第一部分超过1000字",
}
"""Each rule in a few words, for the per-rule counts a reviewer scans (its messages say the rest)."""

# The words a list may use for an agency's kind, beside the levels' own names.
KIND_WORDS: dict[str, AgencyLevel] = {
    **{level.value: level for level in AgencyLevel},
    "镇": AgencyLevel.TOWN,
    "乡": AgencyLevel.TOWN,
    "街道": AgencyLevel.TOWN,
    "乡镇（街道）": AgencyLevel.TOWN,
    "县直部门": AgencyLevel.DEPARTMENT,
    "县级部门": AgencyLevel.DEPARTMENT,
    "单位": AgencyLevel.DEPARTMENT,
    "县区": AgencyLevel.COUNTY,
    "区": AgencyLevel.COUNTY,
}


def normalized_name(name: str) -> str:
    """An agency's name without the spaces and line breaks lists and titles put into it."""
    return re.sub(r"\s+", "", name)


def rule_order(rule: str) -> tuple[int, int, str]:
    """R1…R8 before W1…W9, by number (W10 after W9), as the checker runs them."""
    match = re.fullmatch(r"([A-Z])(\d+)", rule)
    if not match:
        return (2, 0, rule)
    return (0 if match[1] == "R" else 1, int(match[2]), rule)


class Member(BaseModel):
    """One agency of a region: its name as the region's list writes it, and its kind."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: AgencyLevel | None = None


class Region(BaseModel):
    """A named set of agencies.  An empty member list means "whoever sends a report"."""

    name: str
    members: list[Member] = Field(default_factory=list)
    _by_name: dict[str, Member] | None = PrivateAttr(default=None)

    def find(self, agency: str) -> Member | None:
        """The member a report's agency name names: the same name, else the one member whose
        name contains it or is contained in it (清溪镇 ↔ 青川县清溪镇人民政府).  Two such
        members make the name ambiguous, and it is matched to neither."""
        wanted = normalized_name(agency)
        if not wanted:
            return None
        if self._by_name is None:
            self._by_name = {normalized_name(member.name): member for member in self.members}
        by_name = self._by_name
        if wanted in by_name:
            return by_name[wanted]
        candidates = [member for key, member in by_name.items() if key in wanted or wanted in key]
        return candidates[0] if len(candidates) == 1 else None


def kind_of(word: str, name: str, where: str) -> AgencyLevel | None:
    """The kind a list writes for an agency; blank means: read it from the name."""
    word = normalized_name(word)
    if not word:
        return agency_level(name)
    if word in KIND_WORDS:
        return KIND_WORDS[word]
    choices = "、".join(level.value for level in (AgencyLevel.TOWN, AgencyLevel.DEPARTMENT))
    raise UnreadableInput(f"{where}：类别“{word}”无法识别，请写 {choices}（或留空，按名称判断）。")


def region_from_rows(name: str, rows: Iterable[tuple[int, str, str]], where: str) -> Region:
    """A region from a list's rows (line number, agency name, kind); a name listed twice is an
    error naming both lines, since a report would then count for one of them at random."""
    members: list[Member] = []
    seen: dict[str, int] = {}
    for line, agency, kind in rows:
        agency = normalized_name(agency)
        if not agency:
            continue
        if agency in seen:
            raise UnreadableInput(f"{where}：第 {line} 行“{agency}”与第 {seen[agency]} 行重复。")
        seen[agency] = line
        members.append(Member(name=agency, kind=kind_of(kind, agency, f"{where}：第 {line} 行")))
    if not members:
        raise UnreadableInput(
            f"{where}：没有读到任何机关名称。第一列应为机关名称，第二列为类别（乡镇、部门）。"
        )
    return Region(name=name, members=members)


# --- one agency's review ------------------------------------------------------------


class AgencyReview(BaseModel):
    """One agency's line in the region's review: what it sent and what the rules found.

    ``source`` is None for an agency of the region's list that sent nothing.
    ``reuse`` is the share of its narrative reused from its own last year's report
    (:func:`assistant.domain.reuse.reuse_ratio`, the measure of W3), None without one.
    """

    agency: str
    kind: AgencyLevel | None = None
    listed: bool = True
    source: str | None = None
    report_agency: str = ""
    year: int | None = None
    format: str | None = None
    published: date | None = None
    deadline: date | None = None
    findings: list[Finding] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    last_year_source: str | None = None
    reuse: float | None = None
    duplicate_of: str | None = None

    @property
    def received(self) -> bool:
        return self.source is not None

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.is_error]

    @property
    def carry_over(self) -> list[Finding]:
        """R6 and W1: where this year's opening figures do not follow on from last year's."""
        return [finding for finding in self.findings if finding.rule in CARRY_OVER_RULES]

    @property
    def on_time(self) -> bool | None:
        """Published by the deadline of its level (W5); None where the date or deadline is unknown."""
        if self.published is None or self.deadline is None:
            return None
        return self.published <= self.deadline

    @property
    def copied(self) -> bool:
        return self.reuse is not None and self.reuse >= COPIED_SHARE

    @property
    def rules(self) -> list[str]:
        return sorted({finding.rule for finding in self.findings}, key=rule_order)


class SetAside(BaseModel):
    """A file of the batch that was not reviewed, and why (unreadable, another year, not a report)."""

    source: str
    reason: str


class Duplicate(BaseModel):
    """An agency that sent more than one report of the year: every file, the first one counted."""

    agency: str
    sources: list[str]


class RegionReview(BaseModel):
    """The review of a region's reports for one year, gathered as the reports stream in."""

    region: str
    year: int | None = None
    members: list[Member] = Field(default_factory=list)
    keep_details: bool = True
    agencies: list[AgencyReview] = Field(default_factory=list)
    unreadable: list[SetAside] = Field(default_factory=list)
    other_years: list[SetAside] = Field(default_factory=list)
    skipped: list[SetAside] = Field(default_factory=list)
    rule_findings: Counter[str] = Field(default_factory=Counter)
    rule_agencies: Counter[str] = Field(default_factory=Counter)
    tally: Counter[str] = Field(default_factory=Counter)
    # Each received agency's first file, by the name the review lists it under.
    received: dict[str, str] = Field(default_factory=dict)
    duplicates: dict[str, list[str]] = Field(default_factory=dict)
    with_errors: list[str] = Field(default_factory=list)
    late: list[str] = Field(default_factory=list)
    copied: list[str] = Field(default_factory=list)
    unlisted: list[str] = Field(default_factory=list)

    def add(self, review: AgencyReview) -> AgencyReview:
        """Count one agency's review; a second report of the same agency is marked a duplicate."""
        first = self.received.get(review.agency)
        if first is not None:
            review = review.model_copy(update={"duplicate_of": first})
            self.duplicates.setdefault(review.agency, [first]).append(review.source or "")
        else:
            self.received[review.agency] = review.source or ""
        self.tally["received"] += 1
        self.tally["with_errors" if review.errors else "warnings_only" if review.findings else "clean"] += 1
        for rule, count in Counter(finding.rule for finding in review.findings).items():
            self.rule_findings[rule] += count
            self.rule_agencies[rule] += 1
        if review.errors:
            self.with_errors.append(review.agency)
        if review.on_time is False:
            self.late.append(review.agency)
        if review.copied:
            self.copied.append(review.agency)
        if not review.listed and self.members:
            self.unlisted.append(review.agency)
        if self.keep_details:
            self.agencies.append(review)
        return review

    def set_aside(self, source: str, reason: str, *, kind: str = "unreadable") -> None:
        """A file not reviewed: ``unreadable``, ``other_year`` or ``skipped`` (not a report)."""
        target = {"unreadable": self.unreadable, "other_year": self.other_years, "skipped": self.skipped}
        target[kind].append(SetAside(source=source, reason=reason))

    @property
    def missing(self) -> list[Member]:
        """The members of the region's list that sent no report that could be read."""
        return [member for member in self.members if member.name not in self.received]

    @property
    def duplicate_list(self) -> list[Duplicate]:
        return [Duplicate(agency=agency, sources=sources) for agency, sources in self.duplicates.items()]

    @property
    def rule_counts(self) -> list[tuple[str, int, int]]:
        """(rule, findings, agencies) for every rule broken anywhere in the region, R1 first."""
        return [
            (rule, self.rule_findings[rule], self.rule_agencies[rule])
            for rule in sorted(self.rule_findings, key=rule_order)
        ]

    def rows(self) -> list[AgencyReview]:
        """The table a reviewer reads: every received report, then every member that sent none."""
        missing = [AgencyReview(agency=member.name, kind=member.kind) for member in self.missing]
        return [*self.agencies, *missing]

    def agency(self, name: str) -> AgencyReview | None:
        """One agency's review by the name the table lists (its first report if it sent two)."""
        return next((row for row in self.rows() if row.agency == name), None)


def with_rule(rows: Sequence[AgencyReview], rule: str) -> list[AgencyReview]:
    """The rows that break ``rule``: the page's filter by rule."""
    return [row for row in rows if rule in row.rules]

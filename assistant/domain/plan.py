"""The draft plan: what each part of the narrative must say, before any sentence is written.

A plan is computed from this year's figures (totals derived with
:func:`assistant.domain.totals.complete`), last year's figures (the year-over-year
changes), the user's notes ("今年新开了抖音号") and the format's required elements.  Both
drafters (the offline one and a language model) write from the same plan, and the number
verifier accepts exactly the numbers the plan can account for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.agency import agency_level
from assistant.domain.layout import APPLICANT_COLUMNS, ReportFormat, outcome_leaf_rows
from assistant.domain.numbers import as_figure, chinese_to_int, scaled
from assistant.domain.report import Agency, Figure, Narrative, Part, Report, SubPart
from assistant.domain.totals import complete

# Years a narrative may name besides the report years: the 条例 (2007, revised 2019), the
# fee measures (2020) and the format notice (2021).
REGULATION_YEARS: frozenset[int] = frozenset({2007, 2019, 2020, 2021})

PLATFORM_WORDS = (
    "网站",
    "抖音",
    "公众号",
    "微信",
    "微博",
    "新媒体",
    "平台",
    "专栏",
    "改版",
    "小程序",
    "视频号",
)
OVERSIGHT_WORDS = ("培训", "考核", "督查", "督导", "评议", "问责", "责任追究", "通报", "检查", "监督")
MANAGEMENT_WORDS = ("审查", "保密", "制度", "清理", "目录", "归档", "文件库", "台账")
REQUEST_WORDS = ("依申请", "申请")
PROACTIVE_WORDS = ("解读", "主动公开", "发布", "公开")
PROBLEM_WORDS = ("问题", "不足", "不够", "有待", "欠缺", "滞后", "薄弱")
MEASURE_WORDS = ("下一步", "将", "计划", "明年", "拟")
OTHER_MATTER_WORDS = ("信息处理费", "人大", "政协", "提案", "要点", "创新")

_TAG = re.compile(
    r"^\s*(?:\[|【)?\s*([一二三四五六]?)\s*(（[一二三四五]）)?\s*(问题|措施|整改)?\s*(?:\]|】|[:：])\s*"
)


class NoteKind(StrEnum):
    FACT = "fact"
    PROBLEM = "problem"
    MEASURE = "measure"
    FIXED = "fixed"


class Note(BaseModel):
    """One line of the user's notes, placed in the part (and sub-part) it belongs to."""

    model_config = ConfigDict(frozen=True)

    text: str
    part: Part
    subpart: SubPart | None = None
    kind: NoteKind = NoteKind.FACT


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(word in text for word in words)


def placed_by_words(text: str) -> tuple[Part, SubPart | None, NoteKind] | None:
    """Where a text belongs by the words it uses (抖音/网站 → 平台建设, …), or None when no
    word tells."""
    if _has(text, ("整改", "已解决", "已整改")):
        return Part.PROBLEMS, None, NoteKind.FIXED
    if _has(text, PROBLEM_WORDS):
        return Part.PROBLEMS, None, NoteKind.PROBLEM
    if _has(text, OTHER_MATTER_WORDS):
        return Part.OTHER_MATTERS, None, NoteKind.FACT
    for words, sub in (
        (PLATFORM_WORDS, SubPart.PLATFORMS),
        (OVERSIGHT_WORDS, SubPart.OVERSIGHT),
        (MANAGEMENT_WORDS, SubPart.MANAGEMENT),
        (REQUEST_WORDS, SubPart.REQUESTS),
        (PROACTIVE_WORDS, SubPart.PROACTIVE),
    ):
        if _has(text, words):
            return Part.OVERVIEW, sub, NoteKind.FACT
    if text.startswith(MEASURE_WORDS):
        return Part.PROBLEMS, None, NoteKind.MEASURE
    return None


def _place_untagged(text: str) -> tuple[Part, SubPart | None, NoteKind]:
    return placed_by_words(text) or (Part.OVERVIEW, SubPart.PROACTIVE, NoteKind.FACT)


def parse_notes(text: str) -> list[Note]:
    """The user's notes, one a line, optionally tagged: "一（四）：…", "（五）：…", "五问题：…", "六：…".

    Untagged lines are placed by their words (抖音/网站 → 平台建设, 培训/考核 → 监督保障, …).
    """
    notes: list[Note] = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("-*•·").strip()
        if not line:
            continue
        tag = _TAG.match(line)
        if tag and (tag.group(1) or tag.group(2) or tag.group(3)):
            body = line[tag.end() :].strip()
            if not body:
                continue
            part_char, sub_mark, kind_word = tag.group(1), tag.group(2), tag.group(3)
            if sub_mark and part_char in ("", "一"):
                notes.append(Note(text=body, part=Part.OVERVIEW, subpart=SubPart(sub_mark)))
                continue
            part = Part(part_char) if part_char else Part.PROBLEMS
            if part is Part.PROBLEMS:
                kind = {"问题": NoteKind.PROBLEM, "措施": NoteKind.MEASURE, "整改": NoteKind.FIXED}.get(
                    kind_word or "", _place_untagged(body)[2]
                )
                notes.append(Note(text=body, part=part, kind=kind))
            elif part is Part.OVERVIEW:
                _, sub, _ = _place_untagged(body)
                notes.append(Note(text=body, part=part, subpart=sub or SubPart.PROACTIVE))
            else:
                notes.append(Note(text=body, part=part))
            continue
        part, sub, kind = _place_untagged(line)
        notes.append(Note(text=line, part=part, subpart=sub, kind=kind))
    return notes


_SENTENCE_END = re.compile(r"[。；;！!\n]+")
_NOTE_REQUEST = re.compile(r"^(?:请)?(?:帮我)?(?:记下|记一下|记住|记录|加到工作要点|写进工作要点)")
_NOTE_REQUEST_LEAD = re.compile(rf"{_NOTE_REQUEST.pattern}[^:：]{{0,6}}[:：]\s*")


def asks_to_note(message: str) -> bool:
    """Whether a chat message asks for facts to be noted (“记下：…”, “帮我记一下…”)."""
    return _NOTE_REQUEST.search(message.strip()) is not None


def _section(text: str) -> tuple[Part, SubPart | None] | None:
    placed = placed_by_words(text)
    return (placed[0], placed[1]) if placed else None


def notes_from_message(message: str) -> list[str]:
    """The facts of a chat message ("今年新开了抖音号，网站更新信息120条；开展培训3次") as
    lines of the notes: one a sentence, a sentence cut at a comma where the clause after it
    belongs to another section (培训 → 监督保障), a clause that no word places kept with the
    clause before it."""
    lines: list[str] = []
    for sentence in _SENTENCE_END.split(_NOTE_REQUEST_LEAD.sub("", message.strip())):
        kept: list[str] = []
        for clause in (c.strip() for c in re.split(r"[，,]", sentence)):
            if not clause:
                continue
            here = _section(clause)
            if kept and (here is None or here == _section(kept[-1])):
                kept[-1] += "，" + clause
            else:
                kept.append(clause)
        lines += kept
    return lines


class ChangeKind(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"
    GONE = "gone"
    NONE = "none"


class Fact(BaseModel):
    """One figure a part states, with last year's value and the change when known."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    value: Figure
    last: Figure | None = None

    @property
    def change(self) -> ChangeKind | None:
        if self.last is None:
            return None
        if self.value == 0 and self.last == 0:
            return ChangeKind.NONE
        if self.last == 0:
            return ChangeKind.NEW
        if self.value == 0:
            return ChangeKind.GONE
        if self.value == self.last:
            return ChangeKind.SAME
        return ChangeKind.UP if self.value > self.last else ChangeKind.DOWN

    @property
    def delta(self) -> Figure | None:
        return None if self.last is None else as_figure(round(abs(self.value - self.last), 6))

    @property
    def percent(self) -> float | None:
        """The change in per cent of last year, to one decimal; None where last year was 0."""
        if not self.last:
            return None
        return round(abs(self.value - self.last) / self.last * 100, 1)


class Share(BaseModel):
    """One outcome group of table 3 with its share of all outcomes, in per cent."""

    model_config = ConfigDict(frozen=True)

    label: str
    value: int
    ratio: float

    @property
    def percent(self) -> float:
        return round(self.ratio * 100, 1)


class PartPlan(BaseModel):
    """What one part (or one sub-part of 一) must contain."""

    part: Part
    subpart: SubPart | None = None
    facts: list[Fact] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    required: list[str] = Field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.part.value}{self.subpart.value if self.subpart else ''}"


PROACTIVE_FACTS: tuple[tuple[str, str], ...] = (
    ("t2.rules.issued", "制发规章"),
    ("t2.normative.issued", "制发行政规范性文件"),
    ("t2.normative.repealed", "废止行政规范性文件"),
    ("t2.normative.in_force", "现行有效行政规范性文件"),
    ("t2.licensing.decisions", "行政许可处理决定"),
    ("t2.penalty.decisions", "行政处罚决定"),
    ("t2.coercion.decisions", "行政强制决定"),
    ("t2.fees.amount", "行政事业性收费（万元）"),
)
# How the narrative names an applicant column where the table's label needs its header.
APPLICANT_NAMES: dict[str, str] = {"other": "其他组织"}
OUTCOME_GROUPS: tuple[tuple[str, str], ...] = (
    ("disclosed", "予以公开"),
    ("partial", "部分公开"),
    ("withheld", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other_handling", "其他处理"),
)

# What provinces ask part 六 to report besides the fee: item key → its name.  The
# sentence templates name each item in several wordings (prompts/sentences.yaml).
ITEM_NAMES: dict[str, str] = {
    "npc_cppcc": "人大代表建议和政协提案办理结果公开情况",
    "key_points": "年度政务公开工作要点落实情况",
    "innovation": "政务公开工作创新情况",
}
ITEM_WORDS: dict[str, tuple[str, ...]] = {
    "npc_cppcc": ("人大", "政协", "提案", "建议"),
    "key_points": ("要点",),
    "innovation": ("创新", "特色"),
}
PROVINCE_ITEMS: dict[str, tuple[str, ...]] = {
    "": ("npc_cppcc", "key_points"),
    "福建": ("npc_cppcc", "key_points", "innovation"),
    "河北": ("npc_cppcc", "key_points"),
}

OVERSIGHT_PEOPLE_GOVERNMENT = "工作考核、社会评议和责任追究结果情况"
REQUIRED_PROBLEMS = ("存在的主要问题", "改进措施", "上年度问题整改情况")
FEE_STATEMENT = "信息处理费收取情况"


class DraftPlan(BaseModel):
    """The whole plan: who, which year, the completed figures and each part's plan."""

    agency: str
    year: int
    is_people_government: bool
    format: ReportFormat
    figures: dict[str, Figure]
    last_figures: dict[str, Figure] | None = None
    last_year: int | None = None
    last_problems: str = ""
    province: str = ""
    parts: list[PartPlan]
    derived: dict[str, Figure] = Field(default_factory=dict)
    shares: list[Share] = Field(default_factory=list)

    def part(self, part: Part, subpart: SubPart | None = None) -> PartPlan:
        for plan in self.parts:
            if plan.part is part and plan.subpart is subpart:
                return plan
        raise KeyError(f"{part.value}{subpart.value if subpart else ''}")

    def notes(self) -> list[Note]:
        return [note for plan in self.parts for note in plan.notes]

    def report(self, narrative: Narrative) -> Report:
        """This year's report as the plan knows it, with ``narrative`` as its prose: what the
        check rules are run on before a drafted text is shown."""
        return Report(
            agency=Agency(
                name=self.agency,
                level=agency_level(self.agency),
                is_people_government=self.is_people_government,
            ),
            year=self.year,
            format=self.format,
            figures=self.figures,
            narrative=narrative,
        )

    def last_year_report(self) -> Report | None:
        """Last year's figures as a report (no prose), for the rules that compare with them."""
        if self.last_figures is None:
            return None
        return Report(year=self.last_year, format=self.format, figures=self.last_figures)

    def province_items(self) -> tuple[str, ...]:
        for name, items in PROVINCE_ITEMS.items():
            if name and name in self.province:
                return items
        return PROVINCE_ITEMS[""]

    def years(self) -> set[int]:
        """The years a narrative of this report may name."""
        found = {self.year - 1, self.year, self.year + 1}
        if self.last_year:
            found.add(self.last_year)
        return found | set(REGULATION_YEARS)

    def allowed_numbers(self) -> set[float]:
        """Every value the narrative may state: figures, changes, shares, sums and notes' numbers."""
        values: set[float] = set()
        for source in (self.figures, self.last_figures or {}, self.derived):
            values.update(float(v) for v in source.values())
        for plan in self.parts:
            for fact in plan.facts:
                values.add(float(fact.value))
                if fact.delta is not None:
                    values.add(float(fact.delta))
        for note in self.notes():
            values.update(numbers_in_text(note.text))
        values.update(numbers_in_text(self.last_problems))
        values.update(float(y) for y in self.years())
        return values

    def allowed_percents(self) -> set[float]:
        """Unrounded per-cent values a narrative may state (to any number of decimals)."""
        found = {share.ratio * 100 for share in self.shares}
        for plan in self.parts:
            for fact in plan.facts:
                if fact.last:
                    found.add(abs(fact.value - fact.last) / fact.last * 100)
        for note in self.notes():
            found.update(numbers_in_text(note.text))
        return found


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in_text(text: str) -> set[float]:
    """The numbers a note states ("5万余人次" is 50000), so that a draft may repeat them."""
    source = text.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    found = {scaled(float(m.group()), source[m.end() : m.end() + 2]) for m in _NUMBER.finditer(source)}
    for match in re.finditer(
        r"[零一二两三四五六七八九十百千万]+(?=[余多]?[件条次个项篇家人场期份名轮批])", text
    ):
        try:
            found.add(float(chinese_to_int(match.group())))
        except ValueError:
            continue
    return found


# Where the measures begin in a part 五: a measures word that opens a sentence or paragraph
# ("。下一步，", "（二）改进措施："), or one whose clause leads straight into an enumeration
# starting again at 一 ("将采取以下措施加以改进：一是", "将重点做好以下工作：（一）").  Measures
# are often enumerated too, so only the enumeration before them names problems.  The same
# words inside a problem item ("一是…，今后需改进；二是…") or in the problems' own opening
# ("存在以下方面的不足：一是…") begin nothing.
_MEASURES_WORD = r"改进措施|整改措施|措施(?=[:：])|下一步|今后|将采取|将从|将重点|将着力|以下工作|以下措施"
_MEASURES_START = re.compile(
    rf"(?:^|[。！？!?\n])\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)?\s*(?:{_MEASURES_WORD})"
    rf"|(?:{_MEASURES_WORD})[^。；;！？!?\n：:]{{0,12}}[：:，,。]?\s*(?:一是|[（(]一[）)]|一、)"
)
_ORDINAL_ITEM = re.compile(r"([一二三四五六七八九十])是")


def last_problem_count(problems: str) -> int:
    """How many problems last year's part 五 enumerated ("一是…二是…" before the measures begin).

    0 when the problems are not enumerated (prose problems followed by enumerated measures):
    counting the measures' items would misstate how many problems there were.
    """
    start = _MEASURES_START.search(problems)
    head = problems[: start.start()] if start else problems
    return len({match.group(1) for match in _ORDINAL_ITEM.finditer(head)})


def _group_sum(figures: Mapping[str, Figure], group: str, fmt: ReportFormat) -> int:
    rows = [row for row in outcome_leaf_rows(fmt) if row == group or row.startswith(group + ".")]
    return int(sum(figures.get(f"t3.{row}.total", 0) for row in rows))


def _facts(
    keys: tuple[tuple[str, str], ...], figures: Mapping[str, Figure], last: Mapping[str, Figure] | None
) -> list[Fact]:
    return [
        Fact(key=key, label=label, value=figures.get(key, 0), last=None if last is None else last.get(key, 0))
        for key, label in keys
        if key in figures
    ]


def _request_facts(
    figures: Mapping[str, Figure], last: Mapping[str, Figure] | None, fmt: ReportFormat
) -> tuple[list[Fact], dict[str, Figure], list[Share]]:
    facts = _facts(
        (
            ("t3.new.total", "新收政府信息公开申请"),
            ("t3.carried_in.total", "上年结转申请"),
            *((f"t3.new.{col}", APPLICANT_NAMES.get(col, label)) for col, label in APPLICANT_COLUMNS),
            ("t3.results_total.total", "办结申请"),
            ("t3.carried_out.total", "结转下年度办理"),
        ),
        figures,
        last,
    )
    derived: dict[str, Figure] = {}
    total = int(figures.get("t3.results_total.total", 0))
    shares: list[Share] = []
    for group, label in OUTCOME_GROUPS:
        value = _group_sum(figures, group, fmt)
        derived[f"outcome.{group}"] = value
        if total and value:
            shares.append(Share(label=label, value=value, ratio=value / total))
    derived["outcome.disclosed_or_partial"] = derived["outcome.disclosed"] + derived["outcome.partial"]
    derived["t3.new.organisations"] = int(figures.get("t3.new.total", 0)) - int(
        figures.get("t3.new.natural", 0)
    )
    for group in ("review", "suit_direct", "suit_after_review"):
        facts.append(
            Fact(
                key=f"t4.{group}.total",
                label={
                    "review": "行政复议",
                    "suit_direct": "行政诉讼（直接起诉）",
                    "suit_after_review": "行政诉讼（复议后起诉）",
                }[group],
                value=figures.get(f"t4.{group}.total", 0),
                last=None if last is None else last.get(f"t4.{group}.total", 0),
            )
        )
    suits = figures.get("t4.suit_direct.total", 0) + figures.get("t4.suit_after_review.total", 0)
    derived["t4.suits.total"] = suits
    for col in ("upheld", "corrected", "other", "pending"):
        derived[f"t4.suits.{col}"] = figures.get(f"t4.suit_direct.{col}", 0) + figures.get(
            f"t4.suit_after_review.{col}", 0
        )
    derived["t4.corrected.all"] = figures.get("t4.review.corrected", 0) + derived["t4.suits.corrected"]
    if last is not None:
        last_suits = last.get("t4.suit_direct.total", 0) + last.get("t4.suit_after_review.total", 0)
        derived["t4.suits.delta"] = abs(suits - last_suits)
    return facts, derived, shares


def build_plan(
    report: Report,
    last_year: Report | None = None,
    notes: list[Note] | None = None,
    province: str = "",
) -> DraftPlan:
    """The plan for drafting ``report``'s narrative from its figures, last year's and the notes."""
    if report.year is None:
        raise ValueError("报告年度未知，无法起草")
    fmt = report.format
    figures = complete(report.figures, fmt)
    last = complete(last_year.figures, last_year.format) if last_year is not None else None
    notes = list(notes or [])
    agency = report.agency.name or "本机关"

    def notes_for(part: Part, sub: SubPart | None = None) -> list[Note]:
        return [n for n in notes if n.part is part and n.subpart is sub]

    request_facts, derived, shares = _request_facts(figures, last, fmt)
    oversight_required = ["监督保障工作情况"]
    if report.agency.is_people_government:
        oversight_required.append(OVERSIGHT_PEOPLE_GOVERNMENT)
    parts = [
        PartPlan(part=Part.PREAMBLE, required=["法律依据", "统计期限"]),
        PartPlan(part=Part.OVERVIEW, required=["总体概述"], notes=notes_for(Part.OVERVIEW)),
        PartPlan(
            part=Part.OVERVIEW,
            subpart=SubPart.PROACTIVE,
            facts=_facts(PROACTIVE_FACTS, figures, last) if fmt is ReportFormat.F2021 else [],
            notes=notes_for(Part.OVERVIEW, SubPart.PROACTIVE),
            required=["主动公开情况"],
        ),
        PartPlan(
            part=Part.OVERVIEW,
            subpart=SubPart.REQUESTS,
            facts=request_facts,
            notes=notes_for(Part.OVERVIEW, SubPart.REQUESTS),
            required=["依申请公开情况", "办理结果", "行政复议和行政诉讼情况"],
        ),
        PartPlan(
            part=Part.OVERVIEW,
            subpart=SubPart.MANAGEMENT,
            notes=notes_for(Part.OVERVIEW, SubPart.MANAGEMENT),
            required=["政府信息管理情况"],
        ),
        PartPlan(
            part=Part.OVERVIEW,
            subpart=SubPart.PLATFORMS,
            notes=notes_for(Part.OVERVIEW, SubPart.PLATFORMS),
            required=["政府信息公开平台建设情况"],
        ),
        PartPlan(
            part=Part.OVERVIEW,
            subpart=SubPart.OVERSIGHT,
            notes=notes_for(Part.OVERVIEW, SubPart.OVERSIGHT),
            required=oversight_required,
        ),
        PartPlan(
            part=Part.PROBLEMS,
            notes=notes_for(Part.PROBLEMS),
            required=list(REQUIRED_PROBLEMS),
        ),
        PartPlan(
            part=Part.OTHER_MATTERS,
            facts=_facts(
                (("t3.other_handling.unpaid_fee.total", "逾期未缴纳信息处理费不再处理的申请"),), figures, last
            )
            if fmt is ReportFormat.F2021
            else [],
            notes=notes_for(Part.OTHER_MATTERS),
            required=[FEE_STATEMENT],
        ),
    ]
    if last_year is not None:
        derived["last_problems.count"] = last_problem_count(last_year.narrative.problems)
    plan = DraftPlan(
        agency=agency,
        year=report.year,
        is_people_government=report.agency.is_people_government,
        format=fmt,
        figures=figures,
        last_figures=last,
        last_year=last_year.year if last_year is not None else None,
        last_problems=last_year.narrative.problems if last_year is not None else "",
        province=province,
        parts=parts,
        derived=derived,
        shares=shares,
    )
    plan.part(Part.OTHER_MATTERS).required.extend(ITEM_NAMES[item] for item in plan.province_items())
    return plan


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def facts_text(plan: DraftPlan, part: Part) -> str:
    """The verified facts of one part, one a line, as a language model is given them."""
    lines: list[str] = [f"报告年度：{plan.year}年；机关：{plan.agency}"]
    for section in plan.parts:
        if section.part is not part:
            continue
        for fact in section.facts:
            line = f"{section.name} {fact.label}：{_fmt(fact.value)}"
            if fact.change is not None and fact.change is not ChangeKind.NONE:
                line += f"（上年{_fmt(fact.last or 0)}，变化{_fmt(fact.delta or 0)}"
                line += f"，{fact.percent:.1f}%）" if fact.percent is not None else "）"
            lines.append(line)
        if section.subpart is SubPart.REQUESTS:
            lines.extend(f"办理结果 {s.label}：{s.value}（占{s.percent:.1f}%）" for s in plan.shares)
            lines.append(f"行政诉讼合计：{_fmt(plan.derived.get('t4.suits.total', 0))}")
    if part is Part.PROBLEMS and plan.derived.get("last_problems.count"):
        lines.append(f"上年度报告列出的问题：{_fmt(plan.derived['last_problems.count'])}个方面")
    if part is Part.OTHER_MATTERS:
        lines.append("需报告事项：" + "、".join(plan.part(Part.OTHER_MATTERS).required))
    return "\n".join(lines)


def missing_elements(plan: DraftPlan, narrative: Narrative) -> list[str]:
    """The required elements (DOMAIN.md) a narrative lacks, in Chinese; empty when complete."""
    missing: list[str] = []
    if not ("条例" in narrative.preamble and "1月1日" in narrative.preamble):
        missing.append("序言：法律依据和统计期限")
    if not narrative.overview.strip():
        missing.append("一：总体概述")
    missing.extend(f"一{sub.value}" for sub in SubPart if not narrative.subparts.get(sub, "").strip())
    oversight = narrative.subparts.get(SubPart.OVERSIGHT, "")
    if plan.is_people_government and not all(w in oversight for w in ("工作考核", "社会评议", "责任追究")):
        missing.append("一（五）：工作考核、社会评议和责任追究结果情况")
    problems = narrative.problems
    if not ("问题" in problems and "一是" in problems):
        missing.append("五：存在的主要问题")
    if not any(w in problems for w in ("措施", "改进", "将")):
        missing.append("五：改进措施")
    if not any(w in problems for w in ("上年度", f"{plan.year - 1}年度")):
        missing.append("五：上年度问题整改情况")
    other = narrative.other_matters
    if "信息处理费" not in other:
        missing.append("六：信息处理费收取情况")
    if plan.figures.get("t3.other_handling.unpaid_fee.total", 0) and "收费通知" not in other:
        missing.append("六：逾期未缴费申请对应的收费通知")
    missing.extend(
        f"六：{ITEM_NAMES[item]}"
        for item in plan.province_items()
        if not any(w in other for w in ITEM_WORDS[item])
    )
    return missing

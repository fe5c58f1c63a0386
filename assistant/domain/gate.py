"""The output gate: what a model-written part must pass, beside its numbers, before it is shown.

Number verification (:mod:`assistant.domain.verify`) proves that every number is known; it
says nothing of the prose around it.  Small models write Markdown, echo the prompt's own
labels, loop on one sentence, run far past a part's length and copy last year's report or
another agency's example — all with numbers that verify.  Each check below is one small pure
function of the drafted part (:class:`ModelText`) that returns a named Chinese problem, or
None when the part passes; :func:`review` runs them all, in the order of ``CHECKS``.  A part
with any problem is regenerated once with the problems listed, then replaced by the offline
draft with the problems shown (:mod:`assistant.drafting.llm`).

The measures are the checker's own, not copies: the length is :func:`character_count` (W9),
reuse is :func:`assistant.domain.reuse.reuse_ratio` against the W3 bar
(:func:`assistant.domain.rules.w3.copied`), place names are W4's, and R7/R8 and W2 run on a
report holding the part.  Retrieved examples are data, never instructions: a passage copied
into the part — injected instructions included, with numbers that happen to be in the data —
is caught by the reuse check whatever its numbers say.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.agency import place_of
from assistant.domain.comparison import MIN_SENTENCE_CHARS, sentences
from assistant.domain.plan import DraftPlan, missing_elements
from assistant.domain.ports import Passage
from assistant.domain.report import OVERVIEW_LIMIT, PART_TITLES, Narrative, Part, character_count
from assistant.domain.reuse import reuse_ratio
from assistant.domain.rules.narrative import place_names, w2_stale_year, w4_scope_fits_agency
from assistant.domain.rules.w3 import COPIED_SHARE, copied
from assistant.domain.verify import describe, table_contradictions, unverified

PART_BUDGETS: dict[Part, int] = {
    Part.PREAMBLE: 500,
    Part.OVERVIEW: OVERVIEW_LIMIT,
    Part.PROBLEMS: 800,
    Part.OTHER_MATTERS: 500,
}
"""Characters a model's part may run to (README, 输出把关).  Part 一 is the format's 1,000
(W9).  The others are the longest such part among the real reports read from ../shared/data
(序言 485, 五 737), rounded up; part 六 there is 10–52 characters, but the plan also asks
for the province's items, so 六 gets the 序言's room."""

NOTES_ROOM = 1.25
"""A part other than 一 may run to this much of the offline draft when the user's notes make
that draft longer than the budget: the notes are facts to be kept, not padding."""


def part_budget(part: Part, offline_chars: int = 0) -> int:
    """The character budget of a model's ``part``, given the offline draft's length."""
    if part is Part.OVERVIEW:
        return PART_BUDGETS[part]
    return max(PART_BUDGETS.get(part, OVERVIEW_LIMIT), math.ceil(offline_chars * NOTES_ROOM))


class Problem(BaseModel):
    """One failed check: its Chinese name and what is wrong, as the user and the model read it."""

    model_config = ConfigDict(frozen=True)

    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}：{self.message}"


class ModelText(BaseModel):
    """A model's text of one part and what it is judged against."""

    plan: DraftPlan
    part: Part
    text: str
    """The text as the model wrote it (after :func:`strip_markup`)."""
    narrative: Narrative
    """A narrative holding only this part, cut into its sections."""
    last_text: str = ""
    """Last year's text of the part and any text the workspace already had for it."""
    examples: list[Passage] = Field(default_factory=list)
    phrases: tuple[str, ...] = ()
    """The prompt's labels and instructions (:func:`prompt_phrases` of the prompt files)."""
    budget: int = OVERVIEW_LIMIT


# --- Markdown ----------------------------------------------------------------------------

# Emphasis and inline code only wrap words: dropping the marks leaves the words as written.
_STRIPPABLE = (re.compile(r"\*\*(.+?)\*\*"), re.compile(r"__(.+?)__"), re.compile(r"`([^`\n]+)`"))
_MARKUP: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("“#”标题", re.compile(r"^[ \t]*#{1,6}[ \t]*\S", re.MULTILINE)),
    ("“-”“*”列表", re.compile(r"^[ \t]*[-*+•·][ \t]+\S", re.MULTILINE)),
    ("“1.”编号列表", re.compile(r"^[ \t]*\d{1,2}[.．)）][ \t]*\S", re.MULTILINE)),
    ("表格", re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)),
    ("代码块", re.compile(r"```")),
    ("引用符号", re.compile(r"^[ \t]*>", re.MULTILINE)),
    ("分隔线", re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)),
    ("加粗符号", re.compile(r"\*\*|__")),
    ("链接", re.compile(r"\[[^\]\n]+\]\([^)\n]+\)")),
)


def strip_markup(text: str) -> str:
    """The text without the Markdown that only wraps words (``**加粗**``, ``__x__``, `` `x` ``)."""
    for pattern in _STRIPPABLE:
        text = pattern.sub(r"\1", text)
    return text


def strip_part_title(part: Part, text: str) -> str:
    """The text without a first line that only repeats the part's own heading ("六、其他需要报告的
    事项", "#### 序言"): the document prints the heading itself, so nothing of the text is lost."""
    first, _, rest = text.lstrip().partition("\n")
    heading = re.sub(r"^#{1,6}|[\s:：。]", "", first)
    title = PART_TITLES[part]
    headings = {f"{part.value}、{title}", title, f"第{part.value}部分{title}"} if title else {"序言", "前言"}
    return rest.lstrip("\n") if heading in headings else text


def check_markup(draft: ModelText) -> Problem | None:
    """No Markdown or list syntax: headings, bullets, numbered lists, tables, fences, quotes."""
    found = [name for name, pattern in _MARKUP if pattern.search(draft.text)]
    if not found:
        return None
    return Problem(
        check="格式",
        message=f"使用了 Markdown 或列表格式（{'、'.join(found)}），公文正文应为连续的段落，"
        "列举用“一是……二是……”。",
    )


# --- the prompt echoed -------------------------------------------------------------------

_LABEL_LINE = re.compile(r"^\s*【([^】]+)】\s*$", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_CLAUSE_END = re.compile(r"[。；;，,：:！？!?\n]")
MIN_PHRASE_CHARS = 8
"""A prompt's clause this long, found word for word in a part, was copied from the prompt; a
shorter one ("要换用新的表述") may be ordinary prose."""
MIN_LABEL_CHARS = 4
PASTED_NOTES = 2


def prompt_phrases(templates: Iterable[str]) -> tuple[str, ...]:
    """The labels and instruction clauses of prompt templates that a part must never contain.

    A label is a line ``【…】``: its whole text, the name before its parenthesis (参考事实稿)
    and the parenthesis itself (离线生成，数字均已核实，可改写表述).  An instruction is any
    clause of ``MIN_PHRASE_CHARS`` or more of the literal text, and a lead-in such as
    “必须包含：” that stands before a placeholder.
    """
    found: list[str] = []
    for template in templates:
        for label in _LABEL_LINE.findall(template):
            name, _, rest = label.partition("（")
            found.extend(p for p in (label, name) if len(p) >= MIN_LABEL_CHARS)
            if len(rest.rstrip("）")) >= MIN_PHRASE_CHARS - 2:
                found.append(rest.rstrip("）"))
        literals = _PLACEHOLDER.split(_LABEL_LINE.sub("\n", template))
        for number, literal in enumerate(literals):
            lead = literal.rsplit("\n", 1)[-1].strip()
            if number + 1 < len(literals) and re.fullmatch(r"[^\s。；;，,]{3,}[：:]", lead):
                found.append(lead)
            for clause in _CLAUSE_END.split(literal):
                clause = re.sub(r"^\s*\d+[.．、]\s*", "", clause).strip(' “”"：:')
                if len(clause) >= MIN_PHRASE_CHARS:
                    found.append(clause)
    return tuple(dict.fromkeys(re.sub(r"\s+", "", p) for p in found))


def check_echoed_prompt(draft: ModelText) -> Problem | None:
    """None of the prompt's labels or instructions, and not the user's notes pasted in line by line."""
    flat = re.sub(r"\s+", "", draft.text)
    echoed = [phrase for phrase in draft.phrases if phrase and phrase in flat]
    # Keep only the longest of overlapping phrases ("参考事实稿" inside the whole label).
    echoed = [p for p in echoed if not any(p != q and p in q for q in echoed)]
    lines = {line.strip().rstrip("。；;，,.") for line in draft.text.splitlines()}
    pasted = [note.text for note in draft.plan.notes() if note.text.strip().rstrip("。；;，,.") in lines]
    # One note that is already a good sentence may stand as written; several, line by line,
    # are the notes block pasted in.
    pasted = pasted if len(pasted) >= PASTED_NOTES else []
    if not echoed and not pasted:
        return None
    pieces = []
    if echoed:
        pieces.append("照抄了提示词中的标签或要求：" + "、".join(f"“{p}”" for p in echoed[:4]))
    if pasted:
        pieces.append("把用户备注原样逐条列出：" + "、".join(f"“{p}”" for p in pasted[:3]))
    return Problem(check="提示词", message="；".join(pieces) + "。")


# --- what the part must say, and how long ------------------------------------------------

_PART_PREFIX = {Part.PREAMBLE: "序言", Part.OVERVIEW: "一", Part.PROBLEMS: "五", Part.OTHER_MATTERS: "六"}


def check_required(draft: ModelText) -> Problem | None:
    """The part's required elements from the draft plan are present (the same list the checker's
    completeness test uses: :func:`assistant.domain.plan.missing_elements`)."""
    prefix = _PART_PREFIX.get(draft.part)
    missing = [m for m in missing_elements(draft.plan, draft.narrative) if prefix and m.startswith(prefix)]
    if not missing:
        return None
    return Problem(check="要素", message=f"缺少：{'；'.join(missing)}。")


def check_length(draft: ModelText) -> Problem | None:
    """The part is within its budget, counted as W9 counts (whitespace is layout, not text)."""
    length = character_count(draft.narrative.part_text(draft.part))
    if length <= draft.budget:
        return None
    return Problem(check="篇幅", message=f"共 {length} 字，超过本部分 {draft.budget} 字的篇幅。")


def check_repetition(draft: ModelText) -> Problem | None:
    """No sentence (of ``MIN_SENTENCE_CHARS`` or more) stands twice: a model that loops repeats one."""
    counts = Counter(s for s in sentences(draft.text) if len(s) >= MIN_SENTENCE_CHARS)
    repeated = [(s, n) for s, n in counts.items() if n > 1]
    if not repeated:
        return None
    shown = "、".join(f"“{s[:30]}{'…' if len(s) > 30 else ''}”（{n}次）" for s, n in repeated[:3])
    return Problem(check="重复", message=f"句子重复：{shown}。")


# --- copied text and other agencies ------------------------------------------------------


def check_reuse(draft: ModelText) -> Problem | None:
    """Reuse stays below the W3 bar: against last year's text (the part and each paragraph), and
    against each retrieved example (the part's share in it, and the example's share in the part,
    so that a short passage pasted into a long part is caught too)."""
    pieces: list[str] = []
    if draft.last_text:
        share = reuse_ratio(draft.text, draft.last_text)
        paragraphs = [p for p in draft.text.splitlines() if copied(p, reuse_ratio(p, draft.last_text))]
        if copied(draft.text, share):
            pieces.append(f"与上年报告重复率 {share:.0%}")
        elif paragraphs:
            pieces.append(f"有 {len(paragraphs)} 段与上年报告重复率达到 {COPIED_SHARE:.0%}")
    for passage in draft.examples:
        into = reuse_ratio(draft.text, passage.text)
        taken = reuse_ratio(passage.text, draft.text)
        if copied(draft.text, into) or copied(passage.text, taken):
            pieces.append(f"照抄了参考示例（{passage.citation.label()}）{max(into, taken):.0%}")
    if not pieces:
        return None
    return Problem(
        check="雷同",
        message="；".join(pieces) + f"（达到 {COPIED_SHARE:.0%} 即不采用），请用本机关本年的事实改写。",
    )


# Each level of a place by itself: 青川县竹园镇 → 青川县, 竹园镇.
_PLACE_LEVEL = re.compile(r"[^省市州盟区县旗镇乡]+?(?:自治区|街道|[省市州盟区县旗镇乡])")


def check_foreign_names(draft: ModelText) -> Problem | None:
    """No other agency's or place's name: W4's scope words and served places, and the names of
    the agencies whose examples were retrieved (their places too, where not also this agency's)."""
    report = draft.plan.report(draft.narrative)
    messages = [finding.message for finding in w4_scope_fits_agency(report, None)]
    own = place_names(draft.plan.agency)
    flat = re.sub(r"\s+", "", draft.text)
    others: set[str] = set()
    for passage in draft.examples:
        agency = passage.citation.agency or ""
        if agency and agency != draft.plan.agency:
            levels = set(_PLACE_LEVEL.findall(place_of(agency)[0]))
            names = {
                n for n in (place_names(agency) | levels) - own if len(n) >= 2 and n not in draft.plan.agency
            }
            others.update(n for n in names if n in flat)
    if others:
        longest = [n for n in others if not any(n != m and n in m for m in others)]
        messages.append(f"出现了其他机关或地方的名称“{'、'.join(sorted(longest))}”（取自参考示例）。")
    if not messages:
        return None
    return Problem(check="他名", message="".join(m if m.endswith("。") else m + "。" for m in messages))


def check_rules(draft: ModelText) -> Problem | None:
    """The checker's rules on a report holding the part: R7/R8 (numbers against their cells,
    enumerations that add up) and W2 (a stale year, last year's figure where the table changed).
    W4 runs in :func:`check_foreign_names`."""
    report = draft.plan.report(draft.narrative)
    messages = table_contradictions(draft.plan, draft.narrative)
    messages += [
        finding.message
        for finding in w2_stale_year(report, draft.plan.last_year_report())
        if finding.part is not None
    ]
    if not messages:
        return None
    return Problem(check="规则", message="".join(m if m.endswith("。") else m + "。" for m in messages))


def check_numbers(draft: ModelText) -> Problem | None:
    """Every number is one the plan accounts for (:func:`assistant.domain.verify.unverified`)."""
    bad = unverified(draft.text, draft.plan)
    return Problem(check="数字", message=describe(bad)) if bad else None


Check = Callable[[ModelText], Problem | None]

CHECKS: tuple[tuple[str, Check], ...] = (
    ("数字", check_numbers),
    ("格式", check_markup),
    ("提示词", check_echoed_prompt),
    ("要素", check_required),
    ("篇幅", check_length),
    ("重复", check_repetition),
    ("雷同", check_reuse),
    ("他名", check_foreign_names),
    ("规则", check_rules),
)
"""Every check by its Chinese name, in the order problems are listed."""


class Verdict(BaseModel):
    """One check's outcome on one text: passed, or the problem found."""

    model_config = ConfigDict(frozen=True)

    check: str
    problem: Problem | None = None

    @property
    def passed(self) -> bool:
        return self.problem is None


def review(draft: ModelText) -> list[Verdict]:
    """Every check's verdict on ``draft``, in the order of ``CHECKS``."""
    return [Verdict(check=name, problem=check(draft)) for name, check in CHECKS]


def problems_text(verdicts: Iterable[Verdict]) -> str:
    """The failed checks as one Chinese text, each named: “格式：……篇幅：……”; empty when all pass."""
    return "".join(str(v.problem) for v in verdicts if v.problem is not None)

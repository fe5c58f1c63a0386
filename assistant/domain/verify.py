"""Number verification: every number a draft states must be one the plan accounts for.

Language models alter numbers ("87%" becomes "85%").  Before a model's text is shown as
a draft, each quantity in it — Arabic or Chinese numerals, percentages, years — is looked
up among this year's figures, last year's figures, the notes, the plan's computed values
(group sums, differences, percentages) and the report years.  What cannot be found is
reported; the drafter then regenerates once and otherwise falls back to the offline draft.

Numbers that are not quantities are skipped: list markers (一是、（二）、三、), references
(第二十条、〔2021〕30号、国务院令第711号), dates (1月1日), and fixed phrases (一件事、一网通办).

A magnitude after a number counts: "5万人次" is 50000 and "3千次" is 3000 (amounts before 元
read in 万元, as the tables state fees).  Approximations — "5万余人次", "二十多次", "近20件",
"约3千次" — are checked by their base value: 50000, 20, 20 and 3000 must themselves be
known (from a figure, a note or a computed value).  Accepting any figure the approximation
could stand for would let a model round figures at will; a note that says "浏览5万余人次"
makes the same words verifiable.  "两成" is 20 per cent, compared like a percentage written
to tens (so 15–25 % fit); 成 counts only where the share ends ("两成以上", "约三成。"), not
inside a word ("逐一成册").
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from assistant.domain.numbers import chinese_to_int, scaled
from assistant.domain.plan import DraftPlan
from assistant.domain.report import Narrative
from assistant.domain.rules.narrative_numbers import r7_narrative_matches_tables, r8_enumerations_add_up

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
COUNTERS = "件条次个项篇家人场期份名轮批类所户起宗万元"
# Phrases whose numerals are not quantities.
FIXED_PHRASES = (
    "一件事", "一网通办", "一网统管", "一站式", "一次性", "一号登入", "一批", "一类", "一体化",
    "一把手", "一件件", "一项项", "一条龙", "一次办", "一个窗口", "一门", "一窗",
    "三安全一稳定", "一成不变", "四类过程性信息", "三类内部事务信息", "两个维护", "两个确立",
)  # fmt: skip
_ORDINAL_AFTER = ("是", "、", "）", ")", "方面", "要", "大", "五")


class Mention(BaseModel):
    """One number as it stands in the text."""

    model_config = ConfigDict(frozen=True)

    text: str
    value: float
    start: int
    is_percent: bool = False
    is_year: bool = False
    decimals: int = 0


def _masked(text: str) -> str:
    """The text with references, dates and fixed phrases blanked out (same length)."""
    masked = text
    patterns = (
        r"〔\d{4}〕\d*号?",
        r"\[\d{4}\]\d*号?",
        r"第[\d零一二两三四五六七八九十百千]+[条款项章节部分号批次届]",
        r"令第?\d+号",
        r"\d+号",
        r"《[^《》]*》",
        r"\d{1,2}月\d{1,2}日",
        r"\d{1,2}月",
        r"\d{3,4}-\d{7,8}",
        r"[A-Za-z][A-Za-z0-9.\-]*\d[A-Za-z0-9.\-]*",
        r"[（(][一二三四五六七八九十\d]+[）)]",
        r"^[一二三四五六七八九十]+、",
        r"(?<=[。；;：:\n])[一二三四五六七八九十]+、",
        r"[一二三四五六七八九十]+是",
        r"[一二三四五六七八九十]{1,3}(?=要|大|五规划|化)",
        r"进一步|统一|唯一|之一|同一|一起|一定|一般|一直|一是|一线|一体|第一|一流|一致|万一|一贯|一些|一流",
        "|".join(re.escape(p) for p in FIXED_PHRASES),
    )
    for pattern in patterns:
        masked = re.sub(pattern, lambda m: "　" * len(m.group()), masked, flags=re.MULTILINE)
    return masked


def mentions(text: str) -> list[Mention]:
    """The quantities a text states, in order."""
    source = text.translate(_FULL_WIDTH)
    masked = _masked(source)
    found: list[Mention] = []
    for match in _ARABIC.finditer(masked):
        raw = match.group()
        after = masked[match.end() : match.end() + 1]
        value = float(raw.replace(",", ""))
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        is_year = after == "年" and decimals == 0 and 1900 <= value <= 2100
        found.append(
            Mention(
                text=raw + (after if after in "%年千万亿" else ""),
                value=scaled(value, masked[match.end() : match.end() + 2]),
                start=match.start(),
                is_percent=after == "%",
                is_year=is_year,
                decimals=decimals,
            )
        )
    for match in _CHINESE.finditer(masked):
        raw = match.group()
        # "二十余次", "二十多次": the approximation's base is the quantity checked.
        tail = masked[match.end() : match.end() + 3]
        after = tail.lstrip("余多")
        end = match.end() + len(tail) - len(after) + 1
        if raw[0] in "百千万亿":
            continue
        if not after or after[0] not in COUNTERS:
            continue
        try:
            value = float(chinese_to_int(raw))
        except ValueError:
            continue
        # A numeral with a magnitude before 元 ("三万五千元") is a whole amount in 元; the
        # tables state fees in 万元, so it compares as 3.5 like "3.5万元" does.
        if after[0] == "元" and any(ch in "千万亿" for ch in raw):
            value = value / 10_000
        found.append(Mention(text=source[match.start() : end], value=value, start=match.start()))
    # "两成以上", "约三成。": a share ends there.  "逐一成册", "合一成效", "一成不变" go on
    # into a word, so what follows 成 decides, whatever stands before the numeral.
    for match in re.finditer(
        r"(?<![零一二两三四五六七八九十百千万])([一二两三四五六七八九])成"
        r"(?=以上|以下|左右|多|余|的|[，。；、：,.;:！？!?）)\s]|$)",
        masked,
    ):
        found.append(
            Mention(
                text=match.group(),
                value=float(chinese_to_int(match.group(1)) * 10),
                start=match.start(),
                is_percent=True,
                decimals=-1,
            )
        )
    for match in re.finditer(r"百分之([零一二两三四五六七八九十百点]+)", masked):
        words = match.group(1)
        whole, _, frac = words.partition("点")
        try:
            value = float(chinese_to_int(whole)) if whole else 0.0
        except ValueError:
            continue
        if frac:
            digits = "".join(str(chinese_to_int(ch)) for ch in frac if ch != "十")
            value = float(f"{int(value)}.{digits}")
        found.append(
            Mention(text=match.group(), value=value, start=match.start(), is_percent=True, decimals=len(frac))
        )
    return sorted(found, key=lambda m: m.start)


def _percent_ok(mention: Mention, percents: set[float]) -> bool:
    tolerance = 0.5 * 10 ** (-mention.decimals) + 1e-9
    return any(abs(p - mention.value) <= tolerance for p in percents)


def unverified(text: str, plan: DraftPlan) -> list[Mention]:
    """The numbers in ``text`` that the plan cannot account for (empty: every number verified)."""
    allowed = plan.allowed_numbers()
    percents = plan.allowed_percents()
    years = plan.years()
    bad: list[Mention] = []
    for mention in mentions(text):
        if mention.is_year:
            ok = int(mention.value) in years
        elif mention.is_percent:
            ok = _percent_ok(mention, percents) or mention.value in (0, 100)
        else:
            ok = any(abs(mention.value - value) < 1e-6 for value in allowed)
        if not ok:
            bad.append(mention)
    return bad


def describe(problems: list[Mention]) -> str:
    """A Chinese sentence naming the unverified numbers (each once), for the regeneration prompt and notes."""
    listed = "、".join(f"“{text}”" for text in dict.fromkeys(m.text for m in problems))
    return f"以下数字无法从本年度、上年度数据或备注中核实：{listed}。"


def table_contradictions(plan: DraftPlan, narrative: Narrative) -> list[str]:
    """R7/R8 findings of a drafted narrative against the plan's figures, as Chinese messages.

    Value verification accepts any number the plan knows; these rules add where it is said:
    "行政处罚6件" must match the 行政处罚 cell, and an enumeration must add up to its total.
    """
    report = plan.report(narrative)
    findings = [*r7_narrative_matches_tables(report, None), *r8_enumerations_add_up(report, None)]
    return [finding.message for finding in findings]

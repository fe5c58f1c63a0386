"""The offline router: what a chat message asks for, read from its words alone.

Draft part X, revise part X, figures pasted or typed in, facts of the year's work for the
工作要点, show the tables, compare with last year, a question for the corpus, save the last
draft — and, after each answer, what could be said next.  With a chat model configured
the model picks the same actions as tool calls instead (:mod:`assistant.service.chat.tools`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from assistant.domain.plan import asks_to_note, placed_by_words
from assistant.domain.report import Place
from assistant.service.texts import WHOLE_REPORT


class Intent(StrEnum):
    DRAFT = "draft"
    REVISE = "revise"
    FIGURES = "figures"
    NOTES = "notes"
    SHOW = "show"
    COMPARE = "compare"
    QUESTION = "question"
    SAVE = "save"
    HELP = "help"


# Longest names first so that "政府信息公开平台建设" wins over "主动公开".
_PART_WORDS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            "序言": Place.PREAMBLE,
            "前言": Place.PREAMBLE,
            "引言": Place.PREAMBLE,
            "总体情况": Place.OVERVIEW,
            "第一部分": Place.OVERVIEW,
            "主动公开情况": Place.PROACTIVE,
            "主动公开工作": Place.PROACTIVE,
            "（一）": Place.PROACTIVE,
            "依申请公开": Place.REQUESTS,
            "（二）": Place.REQUESTS,
            "政府信息管理": Place.MANAGEMENT,
            "信息管理": Place.MANAGEMENT,
            "（三）": Place.MANAGEMENT,
            "平台建设": Place.PLATFORMS,
            "公开平台": Place.PLATFORMS,
            "（四）": Place.PLATFORMS,
            "监督保障": Place.OVERSIGHT,
            "（五）": Place.OVERSIGHT,
            "存在的主要问题": Place.PROBLEMS,
            "主要问题": Place.PROBLEMS,
            "问题及改进": Place.PROBLEMS,
            "改进情况": Place.PROBLEMS,
            "第五部分": Place.PROBLEMS,
            "其他需要报告": Place.OTHER_MATTERS,
            "其他事项": Place.OTHER_MATTERS,
            "信息处理费": Place.OTHER_MATTERS,
            "第六部分": Place.OTHER_MATTERS,
            "全文": WHOLE_REPORT,
            "全部": WHOLE_REPORT,
            "整篇": WHOLE_REPORT,
            "整个报告": WHOLE_REPORT,
            "整份": WHOLE_REPORT,
            "年报": WHOLE_REPORT,
        }.items(),
        key=lambda item: -len(item[0]),
    )
)

_DRAFT = re.compile(r"起草|草拟|拟写|撰写|生成|写一[版份段个]|写个|写出|帮我写|出一[版稿]|初稿")
_REVISE = re.compile(
    r"修改|改写|改成|改为|改得|写得|润色|精简|简洁|缩短|压缩|扩充|补充|调整|重写|不要和|避免|改一下|优化"
    r"|具体|详细|详实|充实|丰富"
)
_COMPARE = re.compile(r"对比|比较|比对|同比|和去年|与去年|跟去年|和上年|与上年|上年.*变化|去年.*变化")
_SHOW = re.compile(r"(看|显示|展示|查看|列出).{0,6}(表|数据|数字)|检查|核对|勾稽|校验|有没有错|有无错误|表格")
_SAVE = re.compile(r"^(请)?(写入|保存|采用|就用这[个版稿]|确认写入)")
_AUTO_SAVE = re.compile(r"直接写入|直接保存|并写入|并保存|写入工作区")
_QUESTION = re.compile(
    r"[？?]|什么|怎么|如何|哪些|是否|能否|可否|规定|第[一二三四五六七八九十百零\d]+条|条例|办法|去年.*写"
)
OWN_AGENCY = re.compile(r"我们|我单位|本单位|本机关|我[镇乡县市区局委办厅处]|本[镇乡局委办]")
# Facts of the year's work told in passing ("今年新开了抖音号，网站更新信息120条"), or a
# request to note them: they become lines of the 工作要点.
_FACTS = re.compile(rf"^(?:今年|本年|全年|年内|{OWN_AGENCY.pattern})")
_ASKING = re.compile(r"把|请|帮|一些|一点|一下|得更|改得|改成|修改|改写|重写|不要|再")
_GRID_LINE = re.compile(r"\t.*\d|\d.*\t")
_FIGURE_WORDS = re.compile(r"(新收|结转|予以公开|部分公开|行政处罚|行政许可|行政强制|复议|诉讼|申请).{0,8}\d")


@dataclass(frozen=True)
class Routed:
    """What a message asks for, as read by the offline router."""

    intent: Intent
    part: str | None = None
    instruction: str = ""
    auto_save: bool = False


def part_named_in(message: str) -> str | None:
    """The report part a message names (a key of ``PART_PLACES`` or 全文), if any."""
    for word, part in _PART_WORDS:
        if word in message:
            return part
    match = re.search(r"第([一二三四五六])部分|^([一五六])、", message)
    if match:
        return match.group(1) or match.group(2)
    return None


def part_of_topic(message: str) -> str | None:
    """The part (a key of ``PART_PLACES``) whose subject a message speaks of, if its words tell."""
    placed = placed_by_words(message)
    if placed is None:
        return None
    part, subpart, _ = placed
    return subpart.value if subpart is not None else part.value


def _tells_facts(text: str) -> bool:
    """Whether a message tells what was done this year rather than asking for something."""
    asks = (_ASKING, _DRAFT, _QUESTION, _COMPARE, _SHOW, _FIGURE_WORDS, _SAVE)
    return bool(_FACTS.search(text)) and not any(pattern.search(text) for pattern in asks)


def route(message: str) -> Routed:
    """The intent of a chat message, decided by its words alone (the offline path)."""
    text = message.strip()
    grid_lines = sum(1 for line in text.splitlines() if _GRID_LINE.search(line))
    if grid_lines >= 1 and "\t" in text:
        return Routed(Intent.FIGURES)
    part = part_named_in(text)
    auto_save = bool(_AUTO_SAVE.search(text))
    if _SAVE.search(text) and not _DRAFT.search(text):
        return Routed(Intent.SAVE, part)
    if asks_to_note(text) or _tells_facts(text):
        return Routed(Intent.NOTES)
    # "补充政务新媒体的情况" names a subject, not a part: the part is the one whose subject
    # it is; with none, the revision asks which part is meant.
    only_revises = not _DRAFT.search(text) and not _QUESTION.search(text) and not _FIGURE_WORDS.search(text)
    if part is None and _REVISE.search(text) and only_revises:
        return Routed(Intent.REVISE, part_of_topic(text), instruction=text, auto_save=auto_save)
    if _REVISE.search(text) and part is not None and not _DRAFT.search(text.split(part)[0]):
        return Routed(Intent.REVISE, part, instruction=text, auto_save=auto_save)
    if _DRAFT.search(text):
        return Routed(Intent.DRAFT, part or WHOLE_REPORT, auto_save=auto_save)
    if len(_FIGURE_WORDS.findall(text)) >= 1 and not _QUESTION.search(text):
        return Routed(Intent.FIGURES)
    if _COMPARE.search(text):
        return Routed(Intent.COMPARE)
    if _SHOW.search(text):
        return Routed(Intent.SHOW)
    if _QUESTION.search(text) or len(text) >= 4:
        return Routed(Intent.QUESTION, part)
    return Routed(Intent.HELP)


HELP_TEXT = (
    "我可以帮您：\n"
    "- **起草**：如“起草总体情况”“起草第五部分”“起草全文”，加上“直接写入”可自动保存；\n"
    "- **修改**：如“把监督保障改得更简洁一些”“第五部分不要和去年重复”；\n"
    "- **录入数据**：直接粘贴 Excel/WPS 表格，或写“新收申请12件，其中自然人10件……”；\n"
    "- **记下工作要点**：如“今年新开了抖音号，网站更新信息120条”，起草时写进相应部分；\n"
    "- **检查**：如“看看表格有没有错误”；\n"
    "- **对比上年**：如“和去年比有什么变化”；\n"
    "- **查询**：如“第三十六条对不予公开是怎么规定的”“去年平台建设怎么写的”，回答附出处。"
)

_SAID_AS = {
    Place.PREAMBLE: "序言",
    Place.OVERVIEW: "总体情况",
    Place.PROACTIVE: "主动公开情况",
    Place.REQUESTS: "依申请公开",
    Place.MANAGEMENT: "政府信息管理",
    Place.PLATFORMS: "平台建设",
    Place.OVERSIGHT: "监督保障",
    Place.PROBLEMS: "第五部分",
    Place.OTHER_MATTERS: "第六部分",
    WHOLE_REPORT: "全文",
}
"""A part as a suggestion names it, in words this router reads back as that part."""


def next_steps(
    intent: Intent, part: str | None = None, *, drafted: bool = False, saved: bool = False
) -> list[str]:
    """One or two things the user could say after an answer, in words this router understands."""
    name = _SAID_AS.get(part or "", "全文")
    if drafted and not saved:
        return ["写入", f"把{name}写得更简洁一些" if name != "全文" else "看看表格有没有错误"]
    steps = {
        Intent.DRAFT: ["看看表格有没有错误", "和去年比有什么变化"],
        Intent.REVISE: [f"把{name}写得更简洁一些", "看看表格有没有错误"],
        Intent.SAVE: ["看看表格有没有错误", "和去年比有什么变化"],
        Intent.FIGURES: ["看看表格有没有错误", "起草全文"],
        Intent.NOTES: [f"起草{name}", "起草全文"] if name != "全文" else ["起草全文"],
        Intent.SHOW: ["起草全文", "和去年比有什么变化"],
        Intent.COMPARE: ["第五部分不要和去年重复", "起草全文"],
        Intent.QUESTION: ["起草全文"],
        Intent.HELP: ["起草全文", "看看表格有没有错误"],
    }
    return steps[intent]

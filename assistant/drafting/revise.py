"""Revising one part with the user's instruction ("更简洁一些", "补充政务新媒体的情况").

With a chat model the instruction goes to the model and the result is verified like a
draft.  Offline, what can be done deterministically is done — shortening, adding a note's
fact, rewording with other template variants — and the reply says in Chinese what needs a
model.
"""

from __future__ import annotations

import re

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from assistant.domain.gate import part_budget, problems_text, strip_markup, strip_part_title
from assistant.domain.plan import DraftPlan, Note, facts_text, parse_notes
from assistant.domain.report import Part, Sections, character_count, part_text, sections_from_text
from assistant.domain.reuse import reuse_ratio
from assistant.domain.verify import mentions
from assistant.drafting.limits import max_tokens_for, with_max_tokens
from assistant.drafting.llm import review_text
from assistant.drafting.offline import REUSE_LIMIT, VARIANT_TRIES, OfflineDrafter, note_sentence
from assistant.drafting.templates import prompt
from assistant.errors import model_failure

SHORTEN_WORDS = ("简洁", "精简", "简短", "压缩", "缩短", "简练", "删减")
REWORD_WORDS = ("重复", "雷同", "换个说法", "换一种", "重写", "改写", "不一样")
ADD_WORDS = ("补充", "增加", "加上", "写上", "添加")
CONCRETE_WORDS = ("具体", "详细", "详实", "充实", "丰富")
_KEEP = ("工作考核", "社会评议", "责任追究", "信息处理费", "【")
OFFLINE_ABILITIES = "离线模式可以：精简文字、补充工作要点中已有的事实、更换表述以避免与上年雷同。"


class Revision(BaseModel):
    """The revised sections of a part and a Chinese message about what was done."""

    part: Part
    texts: Sections
    message: str
    applied: list[str] = Field(default_factory=list)
    needs_model: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return part_text(self.part, self.texts)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；])", text) if s.strip()]


_ENUMERATED = re.compile(r"[一二三四五六七八九十]是")
# Connectives that lean on a sentence before them; once that sentence is gone they dangle.
_CONNECTIVE = re.compile(r"^(同时|此外|另外|并且|而且|与此同时)[，,]")


def _carries_facts(sentence: str, notes: tuple[str, ...]) -> bool:
    """Whether a sentence says something concrete: a number, a required item, a note, a list item."""
    return bool(
        re.search(r"\d", sentence)
        or mentions(sentence)
        or any(word in sentence for word in _KEEP)
        or any(note in sentence for note in notes)
        or _ENUMERATED.search(sentence)
    )


def shorten(text: str, notes: tuple[str, ...] = ()) -> str:
    """Drop the general sentences that state no fact; keep figures, notes, required items and lists.

    ``notes`` are the user's notes as the draft words them: they are the facts the user
    gave, so they stay however plain they read.  A paragraph keeps its first sentence when
    everything else would go, so that no section is left empty.
    """
    paragraphs = []
    for paragraph in text.split("\n"):
        sentences = _sentences(paragraph)
        kept = [s for s in sentences if _carries_facts(s, notes)] or sentences[:1]
        shortened = "".join(kept)
        if kept != sentences:
            shortened = _CONNECTIVE.sub("", shortened)
        # A list cut short must not end on the semicolon that joined it to the next item.
        if shortened.endswith("；"):
            shortened = shortened[:-1] + "。"
        paragraphs.append(shortened)
    return "\n".join(p for p in paragraphs if p)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _topic(instruction: str) -> str:
    for word in ADD_WORDS:
        instruction = instruction.replace(word, "")
    return re.sub(r"(的)?(情况|内容|方面|一下|吧|。|，)", "", instruction).strip()


def matching_notes(plan: DraftPlan, part: Part, instruction: str, texts: Sections) -> list[Note]:
    """Notes of ``part`` that speak of the instruction's topic and are not yet in the text."""
    topic = _topic(instruction)
    placed = parse_notes(topic)
    topic_section = (placed[0].part, placed[0].subpart) if placed else None
    present = "".join(texts.values())
    found: list[Note] = []
    for note in plan.notes():
        # Part 五's problems and measures are not facts of part 一, whatever their words.
        if note.part is not part or note_sentence(note, plan.year) in present:
            continue
        same_topic = topic_section == (note.part, note.subpart)
        if same_topic or len(_bigrams(topic) & _bigrams(note.text)) >= 2:
            found.append(note)
    return found


def unwritten_notes(plan: DraftPlan, part: Part, texts: Sections) -> list[Note]:
    """Notes of the sections in ``texts`` whose facts the text does not state yet."""
    present = "".join(texts.values())
    return [
        n
        for n in plan.notes()
        if n.part is part
        and (part is not Part.OVERVIEW or n.subpart in texts)
        and note_sentence(n, plan.year) not in present
    ]


def with_notes(plan: DraftPlan, part: Part, texts: Sections, notes: list[Note]) -> Sections:
    """The sections with each note's fact added at the end of the section it belongs to."""
    revised = dict(texts)
    for note in notes:
        key = note.subpart if part is Part.OVERVIEW and note.subpart in revised else None
        body = revised.get(key, "").rstrip()
        revised[key] = (
            body
            + ("\n" if part is not Part.OVERVIEW and body else "")
            + note_sentence(note, plan.year)
            + "。"
        )
    return revised


def revise_offline(
    plan: DraftPlan,
    part: Part,
    texts: Sections,
    instruction: str,
    last_text: str = "",
) -> Revision:
    """Apply what can be done without a model; say what cannot."""
    revised = dict(texts)
    applied: list[str] = []
    needs_model: list[str] = []
    if any(word in instruction for word in REWORD_WORDS):
        drafter = OfflineDrafter(plan)
        current = part_text(part, texts)
        for offset in range(1, VARIANT_TRIES * 2):
            candidate = drafter.part(part, last_text, offset)
            text = part_text(part, candidate)
            if text != current and (not last_text or reuse_ratio(text, last_text) <= REUSE_LIMIT):
                revised = candidate
                applied.append("已换用其他句式重新组织本部分")
                break
        else:
            needs_model.append("现有句式已全部尝试，进一步改写需要大模型")
    concrete = any(word in instruction for word in CONCRETE_WORDS)
    if concrete or any(word in instruction for word in ADD_WORDS):
        # "写得更具体" asks for facts: offline, the ones in the notes not yet written here.
        notes = (
            unwritten_notes(plan, part, revised)
            if concrete
            else matching_notes(plan, part, instruction, revised)
        )
        if notes:
            revised = with_notes(plan, part, revised, notes)
            applied.append("已补充工作要点中的事实：" + "；".join(n.text for n in notes))
        elif concrete:
            needs_model.append(
                "工作要点中没有本部分尚未写入的事实：要写得更具体，请先在工作要点中写明具体做法和数字"
                "（如“网站更新信息120条”），或配置大模型"
            )
        else:
            needs_model.append(
                f"工作要点中没有关于“{_topic(instruction)}”的事实；请先在工作要点中写明具体情况"
                "（如“今年新开了抖音号”），或配置大模型"
            )
    if any(word in instruction for word in SHORTEN_WORDS):
        noted = tuple(note_sentence(note, plan.year) for note in plan.notes())
        shortened = {key: shorten(value, noted) for key, value in revised.items()}
        if part_text(part, shortened) != part_text(part, revised):
            revised = shortened
            applied.append("已删去没有具体事实的概括性语句")
        else:
            needs_model.append("本部分已无可删减的概括性语句，进一步压缩需要大模型")
    if not applied and not needs_model:
        needs_model.append(f"“{instruction}”需要配置大模型才能完成")
    message = "；".join(applied + needs_model) + "。"
    if needs_model:
        message += OFFLINE_ABILITIES
    return Revision(part=part, texts=revised, message=message, applied=applied, needs_model=needs_model)


def revise_part(
    plan: DraftPlan,
    part: Part,
    texts: Sections,
    instruction: str,
    chat_model: BaseChatModel | None = None,
    last_text: str = "",
) -> Revision:
    """Revise one part: with the model when there is one (verified), else offline."""
    if chat_model is None:
        return revise_offline(plan, part, texts, instruction, last_text)
    system, user = prompt("revise_part").render(
        agency=plan.agency,
        year=plan.year,
        part_title=part.heading,
        instruction=instruction,
        text=part_text(part, texts),
        facts=facts_text(plan, part),
        notes="\n".join(n.text for n in plan.notes()) or "（无）",
        last_text=last_text or "（无）",
    )
    budget = part_budget(part, character_count(part_text(part, texts)))
    try:
        capped = with_max_tokens(chat_model, max_tokens_for(budget))
        answer = capped.invoke([SystemMessage(system), HumanMessage(user)]).text
        reply = strip_part_title(part, strip_markup(answer)).strip()
    # Any model failure ends in the offline revision with a note, never a crash.
    except Exception as error:
        fallback = revise_offline(plan, part, texts, instruction, last_text)
        fallback.message = f"调用大模型失败：{model_failure(error)}。已按离线方式处理：{fallback.message}"
        return fallback
    revised = sections_from_text(part, reply)
    problem = (
        problems_text(review_text(plan, part, reply, revised, last_text=last_text, budget=budget))
        if reply
        else "模型未给出修改结果。"
    )
    if not problem:
        return Revision(part=part, texts=revised, message="已按修改意见改写。", applied=["大模型改写"])
    fallback = revise_offline(plan, part, texts, instruction, last_text)
    fallback.message = f"大模型的改写未通过核对（{problem}），已按离线方式处理：{fallback.message}"
    return fallback

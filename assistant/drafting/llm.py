"""The language-model drafter: streams a part, verifies every number, falls back offline.

The chat model is any LangChain ``BaseChatModel`` (built in :mod:`assistant.bootstrap`
from settings; LangChain's fakes in tests).  A part is drafted from the prompt files in
``prompts/``; the streamed text is then checked by :func:`assistant.domain.verify.unverified`
and for the part's required sections.  A draft that fails is regenerated once with the
problem stated; a second failure, a timeout, a connection error or a refusal yields the
offline draft instead, with a visible Chinese note — never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from assistant.domain.plan import DraftPlan, facts_text
from assistant.domain.ports import Citation
from assistant.domain.report import Narrative, Part, Sections, SubPart, part_text, sections_from_text
from assistant.domain.verify import describe, table_contradictions, unverified
from assistant.drafting.offline import Examples, OfflineDrafter
from assistant.drafting.templates import prompt
from assistant.errors import model_failure

REGENERATING = "\n\n【数字核对未通过，正在重新生成……】\n\n"
_REFUSAL = re.compile(
    r"^\s*(抱歉|对不起|很抱歉|我无法|我不能|作为一个?AI|I('m| am) sorry|I can(no|')t)", re.IGNORECASE
)


MODEL_SKIPPED = "【说明：其余各部分不再调用大模型，直接离线起草。】"


class PartDraft(BaseModel):
    """One drafted part: its sections, where it came from, and what the user should know."""

    part: Part
    texts: Sections
    source: Literal["model", "offline"]
    notes: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    unreachable: bool = False
    """The model call itself failed (timeout, refused connection, HTTP error): asking again
    for the next part would only make the user wait for the same failure."""

    @property
    def text(self) -> str:
        return part_text(self.part, self.texts)


def missing_sections(plan: DraftPlan, part: Part, texts: Sections) -> list[str]:
    """Required sections a model's text left out (the sub-parts of 一, the people's-government statement)."""
    missing: list[str] = []
    if part is Part.OVERVIEW:
        missing.extend(f"{sub.value}{sub.subject}" for sub in SubPart if not texts.get(sub))
        oversight = texts.get(SubPart.OVERSIGHT, "")
        if plan.is_people_government and not all(
            w in oversight for w in ("工作考核", "社会评议", "责任追究")
        ):
            missing.append("监督保障中的工作考核、社会评议和责任追究结果情况")
    if part is Part.OTHER_MATTERS and "信息处理费" not in texts.get(None, ""):
        missing.append("信息处理费收取情况")
    if part is Part.PROBLEMS and not texts.get(None, "").strip():
        missing.append("存在的主要问题及改进情况")
    return missing


def problems_of(plan: DraftPlan, part: Part, text: str, texts: Sections) -> str:
    """What is wrong with a model's text of a part, in Chinese; empty when it may be shown.

    Unverified numbers, numbers that contradict their table cell (R7/R8) and missing
    required sections.
    """
    numbers = unverified(text, plan)
    contradictions = table_contradictions(plan, Narrative().with_sections(part, texts))
    missing = missing_sections(plan, part, texts)
    return "".join(
        [
            describe(numbers) if numbers else "",
            "".join(f"{message.rstrip('。')}。" for message in contradictions),
            f"缺少：{'、'.join(missing)}。" if missing else "",
        ]
    )


def _examples_text(examples: Examples, part: Part) -> str:
    passages = examples.by_part.get(part, [])
    if not passages:
        return "（无）"
    return "\n".join(f"[{i}] {p.citation.label()}：{p.text}" for i, p in enumerate(passages, 1))


def _required_text(plan: DraftPlan, part: Part) -> str:
    return "；".join(req for section in plan.parts if section.part is part for req in section.required)


def _format_hint(part: Part) -> str:
    if part is Part.OVERVIEW:
        headings = "、".join(sub.heading for sub in SubPart)
        return f"先写一段概述，然后依次以单独一行的小标题{headings}分段。全文不超过1000字。"
    return ""


class DraftStream:
    """An iterator of text chunks the UI can show as they come; ``result`` once exhausted.

    ``produce`` is called with the stream and yields the chunks, setting ``result`` last.
    """

    def __init__(self, produce: Callable[[DraftStream], Iterator[str]]):
        self.result: PartDraft | None = None
        self._chunks = produce(self)

    def __iter__(self) -> Iterator[str]:
        return self._chunks


class ModelDrafter:
    """Drafts and revises parts with a chat model, verified against the plan (module docstring)."""

    def __init__(self, model: BaseChatModel, plan: DraftPlan, examples: Examples | None = None):
        self.model = model
        self.plan = plan
        self.examples = examples or Examples()
        self.offline = OfflineDrafter(plan, examples=self.examples)

    def stream_part(self, part: Part, last_text: str = "") -> DraftStream:
        """Stream one part; ``stream.result`` holds the verified (or offline) draft at the end."""
        fact_draft = self.offline.part(part, last_text)
        system, user = prompt("draft_part").render(
            agency=self.plan.agency,
            year=self.plan.year,
            part_title=part.heading if part.subject else "序言（报告开头的说明）",
            required=_required_text(self.plan, part),
            facts=facts_text(self.plan, part),
            notes="\n".join(note.text for note in self.plan.notes()) or "（无）",
            fact_draft=part_text(part, fact_draft),
            last_text=last_text or "（无）",
            examples=_examples_text(self.examples, part),
            format_hint=_format_hint(part),
        )
        messages: list[BaseMessage] = [SystemMessage(system), HumanMessage(user)]
        return DraftStream(lambda stream: self._run(stream, part, messages, fact_draft))

    def draft_part(self, part: Part, last_text: str = "") -> PartDraft:
        """The same as :meth:`stream_part`, consumed."""
        stream = self.stream_part(part, last_text)
        for _ in stream:
            pass
        assert stream.result is not None
        return stream.result

    def _run(
        self,
        stream: DraftStream,
        part: Part,
        messages: list[BaseMessage],
        fallback: Sections,
    ) -> Iterator[str]:
        citations = self.examples.citations(part)
        problem = ""
        for attempt in range(2):
            chunks: list[str] = []
            try:
                for chunk in self.model.stream(messages):
                    piece = chunk.text
                    if piece:
                        chunks.append(piece)
                        yield piece
            # Any failure of the model call (timeout, connection refused, HTTP error, a
            # provider's own exception types) must end in the offline draft, not a crash.
            except Exception as error:
                note = (
                    f"【说明：调用大模型失败：{model_failure(error)}。{part.named}已改用离线草稿，请核对。】"
                )
                yield "\n\n" + note
                stream.result = PartDraft(
                    part=part,
                    texts=fallback,
                    source="offline",
                    notes=[note],
                    citations=citations,
                    unreachable=True,
                )
                return
            text = "".join(chunks).strip()
            if not text or _REFUSAL.match(text):
                problem = "模型未给出草稿（拒绝或空回复）。"
                break
            texts = sections_from_text(part, text)
            problem = problems_of(self.plan, part, text, texts)
            if not problem:
                stream.result = PartDraft(part=part, texts=texts, source="model", citations=citations)
                return
            if attempt == 0:
                yield REGENERATING
                regenerate = prompt("regenerate").render(problems=problem)[1]
                messages = [*messages, AIMessage(text), HumanMessage(regenerate)]
        note = f"【说明：{problem}{part.named}已改用离线草稿，请核对。】"
        yield "\n\n" + note
        stream.result = PartDraft(
            part=part, texts=fallback, source="offline", notes=[note], citations=citations
        )

"""The language-model drafter: streams a part, holds it to the output gate, falls back offline.

The chat model is any LangChain ``BaseChatModel`` (built in :mod:`assistant.bootstrap`
from settings; LangChain's fakes in tests).  A part is drafted from the prompt files in
``prompts/``, capped at a token count sized to its budget and cut at a wall-clock deadline
(:mod:`assistant.drafting.limits`); the streamed text then passes the output gate
(:mod:`assistant.domain.gate`: numbers verified, no Markdown, no echoed prompt, required
elements, length, repetition, reuse, other agencies' names, the check rules).  A draft that
fails is regenerated once with the problems listed; a second failure, a timeout, a
connection error or a refusal yields the offline draft instead, with a visible Chinese note
naming the problems — never an exception.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from assistant.domain.gate import (
    ModelText,
    Problem,
    Verdict,
    part_budget,
    problems_text,
    review,
    strip_markup,
    strip_part_title,
)
from assistant.domain.plan import DraftPlan, facts_text
from assistant.domain.ports import Citation, Passage
from assistant.domain.report import (
    Narrative,
    Part,
    Sections,
    SubPart,
    character_count,
    part_text,
    sections_from_text,
)
from assistant.drafting.limits import deadline_of, max_tokens_for, with_max_tokens
from assistant.drafting.offline import Examples, OfflineDrafter
from assistant.drafting.templates import prompt, prompt_phrases_of_files
from assistant.errors import model_failure

REGENERATING = "\n\n【核对未通过，正在重新生成……】\n\n"
_REFUSAL = re.compile(
    r"^\s*(抱歉|对不起|很抱歉|我无法|我不能|作为一个?AI|I('m| am) sorry|I can(no|')t)", re.IGNORECASE
)


MODEL_SKIPPED = "【说明：其余各部分不再调用大模型，直接离线起草。】"


class Attempt(BaseModel):
    """One answer of the model for a part: its text (Markdown marks stripped) and the gate's verdicts."""

    text: str
    verdicts: list[Verdict]

    def failed(self) -> list[str]:
        """The names of the checks this text failed."""
        return [v.check for v in self.verdicts if not v.passed]


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
    attempts: list[Attempt] = Field(default_factory=list)
    """The model's answers that reached the gate, in order, with its verdicts."""
    seconds: float = 0.0
    """Wall-clock time spent on the model's attempts."""

    @property
    def text(self) -> str:
        return part_text(self.part, self.texts)


def review_text(
    plan: DraftPlan,
    part: Part,
    text: str,
    texts: Sections,
    *,
    last_text: str = "",
    examples: Sequence[Passage] = (),
    budget: int | None = None,
) -> list[Verdict]:
    """The output gate's verdicts on a model's text of ``part`` (``texts``: its sections)."""
    narrative = Narrative().with_sections(part, texts)
    return review(
        ModelText(
            plan=plan,
            part=part,
            text=text,
            narrative=narrative,
            last_text=last_text,
            examples=list(examples),
            phrases=prompt_phrases_of_files(),
            budget=budget if budget is not None else part_budget(part),
        )
    )


def _examples_text(examples: Examples, part: Part) -> str:
    """Retrieved passages quoted as data: 「…」 keeps them apart from the prompt's own words."""
    passages = examples.by_part.get(part, [])
    if not passages:
        return "（无）"
    return "\n".join(
        f"[{i}] 出处：{p.citation.label()}；原文：「{p.text}」" for i, p in enumerate(passages, 1)
    )


def _required_text(plan: DraftPlan, part: Part) -> str:
    return "；".join(req for section in plan.parts if section.part is part for req in section.required)


def _format_hint(part: Part) -> str:
    if part is Part.OVERVIEW:
        headings = "、".join(sub.heading for sub in SubPart)
        return f"先写一段概述，然后依次以单独一行的小标题{headings}分段。"
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

    def __init__(
        self,
        model: BaseChatModel,
        plan: DraftPlan,
        examples: Examples | None = None,
        deadline_s: float | None = None,
    ):
        self.model = model
        self.plan = plan
        self.examples = examples or Examples()
        self.offline = OfflineDrafter(plan, examples=self.examples)
        self.deadline_s = deadline_s if deadline_s is not None else deadline_of(model)
        """Seconds one attempt may stream in all (default: the model's own timeout)."""

    def stream_part(self, part: Part, last_text: str = "") -> DraftStream:
        """Stream one part; ``stream.result`` holds the verified (or offline) draft at the end."""
        fact_draft = self.offline.part(part, last_text)
        budget = part_budget(part, character_count(part_text(part, fact_draft)))
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
            budget=budget,
        )
        messages: list[BaseMessage] = [SystemMessage(system), HumanMessage(user)]
        return DraftStream(lambda stream: self._run(stream, part, messages, fact_draft, last_text, budget))

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
        last_text: str,
        budget: int,
    ) -> Iterator[str]:
        citations = self.examples.citations(part)
        model = with_max_tokens(self.model, max_tokens_for(budget))
        attempts: list[Attempt] = []
        started = time.monotonic()
        problem = ""

        def offline(note: str, unreachable: bool = False) -> PartDraft:
            return PartDraft(
                part=part,
                texts=fallback,
                source="offline",
                notes=[note],
                citations=citations,
                unreachable=unreachable,
                attempts=attempts,
                seconds=round(time.monotonic() - started, 1),
            )

        for attempt in range(2):
            chunks: list[str] = []
            cut = False
            truncated = False
            attempt_started = time.monotonic()
            try:
                with closing(iter(model.stream(messages))) as pieces:  # type: ignore[type-var]
                    for chunk in pieces:
                        piece = chunk.text
                        if piece:
                            chunks.append(piece)
                            yield piece
                        truncated = truncated or _stopped_at_cap(chunk.response_metadata)
                        if (
                            self.deadline_s is not None
                            and time.monotonic() - attempt_started > self.deadline_s
                        ):
                            cut = True
                            break
            # Any failure of the model call (timeout, connection refused, HTTP error, a
            # provider's own exception types) must end in the offline draft, not a crash.
            except Exception as error:
                note = (
                    f"【说明：调用大模型失败：{model_failure(error)}。{part.named}已改用离线草稿，请核对。】"
                )
                yield "\n\n" + note
                stream.result = offline(note, unreachable=True)
                return
            if cut:
                # A stream still running at the deadline is looping or far too slow; asking
                # again would cost the same time once more.
                note = (
                    f"【说明：大模型生成超过 {self.deadline_s:g} 秒仍未结束，已中止。"
                    f"{part.named}已改用离线草稿，请核对。】"
                )
                yield "\n\n" + note
                stream.result = offline(note)
                return
            text = strip_part_title(part, strip_markup("".join(chunks))).strip()
            if not text or _REFUSAL.match(text):
                problem = "模型未给出草稿（拒绝或空回复）。"
                break
            texts = sections_from_text(part, text)
            verdicts = review_text(
                self.plan,
                part,
                text,
                texts,
                last_text=last_text,
                examples=self._passages(part),
                budget=budget,
            )
            if truncated:
                verdicts.append(
                    Verdict(
                        check="篇幅", problem=Problem(check="篇幅", message="生成达到长度上限，正文不完整。")
                    )
                )
            attempts.append(Attempt(text=text, verdicts=verdicts))
            problem = problems_text(verdicts)
            if not problem:
                stream.result = PartDraft(
                    part=part,
                    texts=texts,
                    source="model",
                    citations=citations,
                    attempts=attempts,
                    seconds=round(time.monotonic() - started, 1),
                )
                return
            if attempt == 0:
                yield REGENERATING
                listed = "\n".join(str(v.problem) for v in verdicts if v.problem is not None)
                regenerate = prompt("regenerate").render(problems=listed)[1]
                messages = [*messages, AIMessage(text), HumanMessage(regenerate)]
        note = f"【说明：{problem}{part.named}已改用离线草稿，请核对。】"
        yield "\n\n" + note
        stream.result = offline(note)

    def _passages(self, part: Part) -> list[Passage]:
        return self.examples.by_part.get(part, [])


def _stopped_at_cap(metadata: dict[str, object]) -> bool:
    """Whether a model's final chunk says it stopped at the token cap (OpenAI ``finish_reason``,
    Ollama ``done_reason``)."""
    return "length" in (metadata.get("finish_reason"), metadata.get("done_reason"))

"""Fakes for tests of code that depends on the ports (drafting, chat, the UI): a retriever
and a chat model that emits tool calls, both predictable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage
from pydantic import Field

from assistant.domain.ports import Citation, Passage


class FakeToolCallingModel(FakeMessagesListChatModel):
    """A chat model that answers with the given messages in turn (tool calls included)
    and records the tools it was offered."""

    bound_tools: list[Any] = Field(default_factory=list)

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> FakeToolCallingModel:
        self.bound_tools = list(tools)
        return self


def tool_call(name: str, **args: Any) -> AIMessage:
    """A model message that calls one tool."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call-{name}"}])


class FakeRetriever:
    """A ``Retriever`` that returns canned passages, filtered the way the real index filters."""

    def __init__(self, passages: list[Passage] | None = None) -> None:
        self.passages = passages if passages is not None else sample_passages()
        self.queries: list[str] = []

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        agency: str | None = None,
        year: int | None = None,
        part: str | None = None,
        kind: str | None = None,
    ) -> list[Passage]:
        self.queries.append(query)
        found = [
            p
            for p in self.passages
            if (agency is None or agency in (p.citation.agency or ""))
            and (year is None or p.citation.year == year)
            and (part is None or (p.citation.part or "").startswith(part))
            and (kind is None or p.citation.kind == kind)
        ]
        return found[:k]


def sample_passages() -> list[Passage]:
    """Two passages of the fictional 青川县清溪镇 reports and one article of the 条例."""

    def passage(chunk_id: str, text: str, **citation: object) -> Passage:
        return Passage(chunk_id=chunk_id, text=text, score=1.0, citation=Citation(quote=text, **citation))  # type: ignore[arg-type]

    return [
        passage(
            "qingxi-2023-platform",
            "镇政府门户网站信息公开专栏全年更新信息 312 条，政务微信公众号发布 86 条。",
            file="corpus/reports/qingxi-2023.txt",
            kind="report",
            agency="青川县清溪镇人民政府",
            year=2023,
            part="一（四）政府信息公开平台建设",
        ),
        passage(
            "qingxi-2024-platform",
            "镇政府门户网站信息公开专栏全年更新信息 338 条，新开设“惠民政策”栏目。",
            file="corpus/reports/qingxi-2024.txt",
            kind="report",
            agency="青川县清溪镇人民政府",
            year=2024,
            part="一（四）政府信息公开平台建设",
        ),
        passage(
            "regulation-article-36",
            "第三十六条 对政府信息公开申请，行政机关根据下列情况分别作出答复（概要）。",
            file="corpus/regulations/ogi-regulation-summary.md",
            kind="regulation",
            year=2019,
            article="第三十六条",
        ),
    ]

"""Fakes for tests of code that depends on the ports (drafting, chat, the UI): a retriever,
a chat model that emits tool calls and a desk for the chat, all predictable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage
from pydantic import Field

from assistant.domain.comparison import Comparison, compare
from assistant.domain.findings import Finding, Severity
from assistant.domain.ports import Citation, Passage, SearchFilter
from assistant.domain.report import Agency, Narrative, Report
from assistant.domain.totals import complete
from assistant.errors import UnreadableInput
from assistant.service.figures import FiguresRead
from assistant.service.texts import Drafted
from assistant.store.parts import PartVersion


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

    def search(self, query: str, *, k: int = 5, where: SearchFilter | None = None) -> list[Passage]:
        self.queries.append(query)
        where = where or SearchFilter()
        found = [
            p
            for p in self.passages
            if (where.agency is None or where.agency in (p.citation.agency or ""))
            and (where.year is None or p.citation.year == where.year)
            and (where.part is None or (p.citation.part or "").startswith(where.part))
            and (where.kind is None or p.citation.kind == where.kind)
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


class FakeFigures(dict[str, int | float]):
    """The figures a fake desk holds (a dict), read and merged the way the chat asks."""

    def __init__(self, desk: FakeDesk) -> None:
        super().__init__()
        self.desk = desk

    def read(self, text: str) -> FiguresRead:
        self.desk.calls.append(("read_figures", text))
        if "-" in text:
            raise UnreadableInput("第1行“行政处罚”：数量不能为负数（-3）。")
        return FiguresRead({"t2.penalty.decisions": 3}, ["空白单元格按 0 计"])

    def merge(self, figures: Mapping[str, int | float]) -> None:
        self.update(figures)


class FakeTexts:
    """Drafts and revisions with fixed texts, recorded on the fake desk."""

    def __init__(self, desk: FakeDesk) -> None:
        self.desk = desk

    def draft(self, part: str, *, use_model: bool = True) -> Drafted:
        self.desk.calls.append(("draft", part))
        self.desk.model_asked.append(use_model)
        return Drafted(part, {"一": "本年度，本机关认真贯彻落实《条例》。"}, notes=["离线起草"])

    def revise(self, part: str, instruction: str, *, use_model: bool = True) -> Drafted:
        self.desk.calls.append(("revise", (part, instruction)))
        self.desk.model_asked.append(use_model)
        return Drafted(part, {part: "修改后的文字。"})

    def save_draft(self, drafted: Drafted, *, author: str = "助手") -> list[PartVersion]:
        self.desk.saved.append(drafted.texts)
        return [PartVersion(place, 1, text) for place, text in drafted.texts.items()]


class FakeDesk:
    """A desk for the chat's tests: records what the chat asked of it and answers with
    fixed results (a 2025 town report, one R1 error, a comparison with copied text)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.saved: list[dict[str, str]] = []
        self.own_reports: set[str] = set()
        self.model_asked: list[bool] = []
        self.notes: list[str] = []
        self.figures = FakeFigures(self)
        self.texts = FakeTexts(self)

    def report(self) -> Report:
        return Report(agency=Agency(name="青川县清溪镇人民政府"), year=2025, figures=complete(self.figures))

    def findings(self) -> list[Finding]:
        self.calls.append(("findings", None))
        return [Finding(rule="R1", severity=Severity.ERROR, message="表三自然人一列不平衡")]

    def compare(self) -> Comparison:
        self.calls.append(("compare", None))
        copied = "本镇持续深化政务公开标准化规范化建设，围绕群众关切的重点领域信息做好公开工作。"
        this = Report(
            year=2024, figures=complete({"t2.penalty.decisions": 3}), narrative=Narrative(problems=copied)
        )
        last = Report(
            year=2023, figures=complete({"t2.penalty.decisions": 1}), narrative=Narrative(problems=copied)
        )
        return compare(this, last)

    def add_notes(self, lines: Sequence[str]) -> list[str]:
        added = [line for line in lines if line not in self.notes]
        self.notes += added
        return added

    def search(self, query: str, *, k: int = 5, where: SearchFilter | None = None) -> list[Passage]:
        where = where or SearchFilter()
        self.calls.append(("search", (query, where.year)))
        if where.agency is not None:
            self.calls.append(("search-own", (where.agency, where.year, where.kind)))
            if where.agency not in self.own_reports:
                return []
        citation = Citation(file="reg-ogi.md", kind="regulation", article="第三十六条")
        return [
            Passage(
                chunk_id="c1",
                text="对政府信息公开申请，行政机关根据下列情况分别作出答复……",
                score=1.0,
                citation=citation,
            )
        ]

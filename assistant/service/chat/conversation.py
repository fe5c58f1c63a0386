"""The drafting chat: what a staff member types, understood and answered.

Offline, :func:`~assistant.service.chat.routing.route` reads the intent from the words
themselves; with a chat model configured, the model picks the same actions as tool calls
(:mod:`assistant.service.chat.tools`).  Either way the work is done by the desk
(:class:`assistant.service.desk.Desk`), and every reply is a stream of text with the draft
and the citations it rests on kept beside it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.domain.comparison import Comparison
from assistant.domain.findings import Finding
from assistant.domain.plan import notes_from_message, placed_by_words
from assistant.domain.ports import Citation, Passage, SearchFilter
from assistant.domain.report import Figure, Place, Report
from assistant.domain.years import mentioned_year, names_relative_year
from assistant.drafting.limits import CHAT_MAX_TOKENS, with_max_tokens
from assistant.drafting.templates import prompt
from assistant.errors import GongkaiError, model_failure
from assistant.render import comparison as rendered_comparison
from assistant.render import figures as rendered_figures
from assistant.render import findings as rendered_findings
from assistant.render import passages as rendered_passages
from assistant.service.chat.routing import HELP_TEXT, OWN_AGENCY, Intent, Routed, next_steps, route
from assistant.service.chat.tool_calls import RefusedCall, ToolCall, read_tool_call
from assistant.service.chat.tools import part_key, tool_schemas
from assistant.service.figures import FiguresRead
from assistant.service.texts import WHOLE_REPORT, Drafted, chunked
from assistant.store.parts import PartVersion

HISTORY_TURNS = 6
"""How many earlier messages a model sees, so that "再简洁一点" can refer back."""


class FiguresLike(Protocol):
    def read(self, text: str) -> FiguresRead: ...
    def merge(self, figures: Mapping[str, Figure]) -> None: ...


class TextsLike(Protocol):
    def draft(self, part: str, *, use_model: bool = True) -> Drafted: ...
    def revise(self, part: str, instruction: str, *, use_model: bool = True) -> Drafted: ...
    def save_draft(self, drafted: Drafted, *, author: str = ...) -> list[PartVersion]: ...


class DeskLike(Protocol):
    """What the chat needs of :class:`assistant.service.desk.Desk` (``assistant.testing.FakeDesk``
    stands in for tests)."""

    @property
    def figures(self) -> FiguresLike: ...
    @property
    def texts(self) -> TextsLike: ...
    def findings(self) -> list[Finding]: ...
    def report(self) -> Report: ...
    def compare(self) -> Comparison: ...
    def add_notes(self, lines: Sequence[str]) -> list[str]: ...
    def search(self, query: str, *, k: int = ..., where: SearchFilter | None = ...) -> list[Passage]: ...


@dataclass
class Reply:
    """One answer: its text as a stream, and what it produced (a draft, citations)."""

    intent: Intent
    pieces: Iterator[str]
    draft: Drafted | None = None
    citations: list[Citation] = field(default_factory=list)
    saved: bool = False
    text: str = ""
    part: str | None = None
    """The part the answer is about, for the suggested next steps."""
    notes_added: list[str] = field(default_factory=list)

    def stream(self) -> Iterator[str]:
        """Yield the answer piece by piece; ``text`` holds the whole answer afterwards."""
        for piece in self.pieces:
            self.text += piece
            yield piece

    def extra(self) -> dict[str, object]:
        """What is saved beside the message in the chat history."""
        extra: dict[str, object] = {"intent": self.intent.value}
        part = self.draft.part if self.draft is not None else self.part
        extra["suggestions"] = next_steps(self.intent, part, drafted=self.draft is not None, saved=self.saved)
        if self.notes_added:
            extra["notes_added"] = self.notes_added
        if self.citations:
            extra["citations"] = [c.model_dump() for c in self.citations]
        if self.draft is not None:
            draft = self.draft
            extra["draft"] = {
                "part": draft.part,
                "texts": draft.texts,
                "bases": draft.bases,
                "saved": self.saved,
            }
        return extra


class Chat:
    """Answers one workspace's chat messages, offline or through a tool-calling model."""

    def __init__(
        self,
        desk: DeskLike,
        model: Any | None = None,
        last_draft: Drafted | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.desk = desk
        self.model = model
        self.last_draft = last_draft
        self.history = list(history)[-HISTORY_TURNS:]
        # Set when the model failed to answer the message in hand: the drafting it asked
        # for then runs offline instead of waiting for the same failure again.
        self.model_failed = False
        self.last_call: ToolCall | RefusedCall | None = None
        """The tool call the model made for the message in hand (None offline or for a plain answer)."""

    def respond(self, message: str) -> Reply:
        """The reply to one message; never raises for a user's mistake."""
        self.model_failed = False
        self.last_call = None
        try:
            if self.model is not None:
                return self._respond_with_model(message)
            return self._respond_offline(route(message), message)
        except GongkaiError as error:
            return Reply(Intent.HELP, chunked(f":material/warning: {error.message}"))

    # --- the offline path -----------------------------------------------------------

    def _respond_offline(self, routed: Routed, message: str) -> Reply:
        handlers: dict[Intent, Callable[[], Reply]] = {
            Intent.DRAFT: lambda: self.draft(routed.part or WHOLE_REPORT, routed.auto_save),
            Intent.REVISE: lambda: self.revise(
                routed.part or WHOLE_REPORT, routed.instruction, routed.auto_save
            ),
            Intent.FIGURES: lambda: self.take_figures(message),
            Intent.NOTES: lambda: self.take_notes(message),
            Intent.SHOW: self.show_findings,
            Intent.COMPARE: self.compare,
            Intent.QUESTION: lambda: self.answer(message),
            Intent.SAVE: self.save_last_draft,
            Intent.HELP: lambda: Reply(Intent.HELP, chunked(HELP_TEXT)),
        }
        return handlers[routed.intent]()

    def draft(self, part: str, auto_save: bool = False) -> Reply:
        drafted = self.desk.texts.draft(part, use_model=not self.model_failed)
        return self._drafted_reply(Intent.DRAFT, drafted, auto_save)

    def revise(self, part: str, instruction: str, auto_save: bool = False) -> Reply:
        drafted = self.desk.texts.revise(part, instruction, use_model=not self.model_failed)
        return self._drafted_reply(Intent.REVISE, drafted, auto_save)

    def _drafted_reply(self, intent: Intent, drafted: Drafted, auto_save: bool) -> Reply:
        if not drafted.texts and drafted.pieces is None:
            # A revision that could not be done offline: only its message, nothing to save.
            return Reply(intent, chunked("\n\n".join(drafted.notes)), part=drafted.part)
        self.last_draft = drafted
        reply = Reply(intent, iter(()), draft=drafted, citations=list(drafted.citations))

        def pieces() -> Iterator[str]:
            yield from drafted.stream()
            for note in drafted.notes:
                yield f"\n\n> {note}"
            if auto_save:
                # Saved once the draft has streamed: a colleague may have saved a place
                # meanwhile, and the refusal is the answer's last line, not a traceback.
                try:
                    self.desk.texts.save_draft(drafted)
                except GongkaiError as error:
                    yield f"\n\n:material/warning: {error.message}"
                    return
                reply.saved = True
                yield "\n\n:material/check_circle: 已写入工作区。"

        reply.pieces = pieces()
        return reply

    def take_figures(self, message: str) -> Reply:
        read = self.desk.figures.read(message)
        if read.figures:
            self.desk.figures.merge(read.figures)
        text = rendered_figures.read_markdown(read.figures, read.notes, read.unmatched)
        return Reply(Intent.FIGURES, chunked(text, 40))

    def take_notes(self, message: str) -> Reply:
        """Facts of the year's work told in the chat, added to the 工作要点 for drafting."""
        lines = notes_from_message(message)
        added = self.desk.add_notes(lines)
        if not added:
            said = "这些内容已在工作要点中，起草时会写进相应部分。" if lines else "没有读到可以记下的内容。"
            return Reply(Intent.NOTES, chunked(said))
        placed = [placed_by_words(line) for line in added]
        where = [Place.of(p[0], p[1]) if p else Place.PROACTIVE for p in placed]
        text = "\n".join(
            ["已记入工作要点，起草时写进相应部分："]
            + [f"- {line}（{place.label}）" for line, place in zip(added, where, strict=True)]
            + ["\n可在“数据录入”页的“本年工作要点”中修改；不需要时点“撤销”。"]
        )
        first = where[0]
        part = first.value if first.subpart is not None else first.part.value
        return Reply(Intent.NOTES, chunked(text, 40), part=part, notes_added=added)

    def show_findings(self) -> Reply:
        report = self.desk.report()
        tables = rendered_figures.tables_markdown(report.figures, report.format)
        findings = rendered_findings.markdown(self.desk.findings())
        hint = "\n\n可在“数据录入”页查看标出的单元格。" if "检查发现" in findings else ""
        return Reply(Intent.SHOW, chunked(f"{tables}\n\n{findings}{hint}", 40))

    def compare(self) -> Reply:
        summary = rendered_comparison.markdown_summary(self.desk.compare())
        return Reply(Intent.COMPARE, chunked(summary, 40))

    def answer(self, question: str, year: int | None = None) -> Reply:
        """Cited passages for a question.  "去年我们…怎么写的" asks for this agency's own report
        of the year before the one being written, so it is searched for there first."""
        passages: list[Passage] = []
        preface = ""
        report = self.desk.report()
        # "去年平台建设怎么写的" asks how we wrote it, as "去年我们…" does.
        ours = OWN_AGENCY.search(question) or (names_relative_year(question) and "写" in question)
        if ours and report.agency.name:
            own_year = year or (mentioned_year(question, report.year) if report.year else None)
            own = SearchFilter(agency=report.agency.name, year=own_year, kind="report")
            passages = self.desk.search(question, k=4, where=own)
            if not passages:
                which = f"{own_year}年" if own_year else ""
                preface = f"语料库中没有本机关{which}的年报（可在“语料库”页上传），以下是其他相关内容。\n\n"
        if not passages:
            passages = self.desk.search(question, k=4, where=SearchFilter(year=year))
        citations = [p.citation.model_copy(update={"quote": p.text[:200]}) for p in passages]
        text = preface + rendered_passages.markdown(passages)
        return Reply(Intent.QUESTION, chunked(text, 40), citations=citations)

    def save_last_draft(self) -> Reply:
        if self.last_draft is None:
            return Reply(Intent.SAVE, chunked("还没有可写入的草稿，请先让我起草某一部分。"))
        saved = self.desk.texts.save_draft(self.last_draft)
        names = "、".join(Place(v.part).label for v in saved)
        return Reply(Intent.SAVE, chunked(f":material/check_circle: 已写入工作区：{names}。"), saved=True)

    # --- the model path -------------------------------------------------------------

    def tools(self) -> list[type[Any]]:
        """The actions offered to a chat model, as tool schemas (LangChain tool binding)."""
        return list(tool_schemas().values())

    def _respond_with_model(self, message: str) -> Reply:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        assert self.model is not None
        earlier = [
            HumanMessage(content) if role == "user" else AIMessage(content) for role, content in self.history
        ]
        try:
            bound = with_max_tokens(self.model, CHAT_MAX_TOKENS).bind_tools(self.tools())
            system, _ = prompt("chat").render(message=message)
            answer = bound.invoke([SystemMessage(system), *earlier, HumanMessage(message)])
        # Whatever the model call raises (refused connection, timeout, HTTP error, a
        # provider's own exceptions), the request is still served by the offline router.
        except Exception as error:
            self.model_failed = True
            reply = self._respond_offline(route(message), message)
            note = f"> 调用大模型失败：{model_failure(error)}。已按离线方式理解您的要求。\n\n"
            reply.pieces = itertools.chain([note], reply.pieces)
            return reply
        native = answer.tool_calls if isinstance(answer, AIMessage) else []
        call = self.last_call = read_tool_call(str(answer.content), native, self.tools())
        if isinstance(call, RefusedCall):
            return Reply(Intent.HELP, chunked(f":material/warning: {call.message}"))
        if call is None:
            return Reply(Intent.QUESTION, chunked(str(answer.content)))
        args = call.args
        dispatch: dict[str, Callable[[], Reply]] = {
            "DraftPart": lambda: self.draft(part_key(args.get("part", "")), bool(args.get("auto_save"))),
            "RevisePart": lambda: self.revise(
                part_key(args.get("part", "")), str(args.get("instruction") or message)
            ),
            "ReadFigures": lambda: self.take_figures(str(args.get("text") or message)),
            "ShowFindings": self.show_findings,
            "CompareLastYear": self.compare,
            "SearchCorpus": lambda: self.answer(str(args.get("query") or message), args.get("year")),
        }
        return dispatch[call.name]()

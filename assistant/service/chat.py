"""The drafting chat: what a staff member types, understood and answered.

Offline, :func:`route` reads the intent from the words themselves (draft part X, revise
part X, figures pasted in, show the tables, compare with last year, a question for the
corpus, save the last draft).  With a chat model configured, the model picks the same
actions as tool calls (LangChain tool binding).  Either way the work is done by
:class:`assistant.service.desk.Desk`, and every reply is a stream of text with the draft and
the citations it rests on kept beside it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, Field

from assistant.domain.comparison import Comparison
from assistant.domain.findings import Finding, Severity
from assistant.domain.forms import CHECK_GRIDS
from assistant.domain.layout import CELL_BY_KEY, ReportFormat
from assistant.domain.plan import placed_by_words
from assistant.domain.ports import Citation, Passage
from assistant.domain.report import Report
from assistant.domain.years import mentioned_year
from assistant.drafting.limits import CHAT_MAX_TOKENS, with_max_tokens
from assistant.errors import GongkaiError, model_failure
from assistant.service.desk import PART_PLACES, WHOLE_REPORT, Drafted, FiguresRead, chunked
from assistant.service.tool_calls import RefusedCall, ToolCall, read_tool_call
from assistant.store.workspaces import PART_NAMES, PartVersion

HISTORY_TURNS = 6
"""How many earlier messages a model sees, so that "再简洁一点" can refer back."""


class Intent(StrEnum):
    DRAFT = "draft"
    REVISE = "revise"
    FIGURES = "figures"
    SHOW = "show"
    COMPARE = "compare"
    QUESTION = "question"
    SAVE = "save"
    HELP = "help"


# Longest names first so that "政府信息公开平台建设" wins over "主动公开".
_PART_WORDS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            "序言": "序言",
            "前言": "序言",
            "引言": "序言",
            "总体情况": "一",
            "第一部分": "一",
            "主动公开情况": "（一）",
            "主动公开工作": "（一）",
            "（一）": "（一）",
            "依申请公开": "（二）",
            "（二）": "（二）",
            "政府信息管理": "（三）",
            "信息管理": "（三）",
            "（三）": "（三）",
            "平台建设": "（四）",
            "公开平台": "（四）",
            "（四）": "（四）",
            "监督保障": "（五）",
            "（五）": "（五）",
            "存在的主要问题": "五",
            "主要问题": "五",
            "问题及改进": "五",
            "改进情况": "五",
            "第五部分": "五",
            "其他需要报告": "六",
            "其他事项": "六",
            "信息处理费": "六",
            "第六部分": "六",
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
    r"修改|改写|改成|改为|润色|精简|简洁|缩短|压缩|扩充|补充|调整|重写|不要和|避免|改一下|优化"
)
_COMPARE = re.compile(r"对比|比较|比对|同比|和去年|与去年|跟去年|和上年|与上年|上年.*变化|去年.*变化")
_SHOW = re.compile(r"(看|显示|展示|查看|列出).{0,6}(表|数据|数字)|检查|核对|勾稽|校验|有没有错|有无错误|表格")
_SAVE = re.compile(r"^(请)?(写入|保存|采用|就用这[个版稿]|确认写入)")
_AUTO_SAVE = re.compile(r"直接写入|直接保存|并写入|并保存|写入工作区")
_QUESTION = re.compile(
    r"[？?]|什么|怎么|如何|哪些|是否|能否|可否|规定|第[一二三四五六七八九十百零\d]+条|条例|办法|去年.*写"
)
_OWN_AGENCY = re.compile(r"我们|我单位|本单位|本机关|我[镇乡县市区局委办厅处]|本[镇乡局委办]")
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
    "- **检查**：如“看看表格有没有错误”；\n"
    "- **对比上年**：如“和去年比有什么变化”；\n"
    "- **查询**：如“第三十六条对不予公开是怎么规定的”“去年平台建设怎么写的”，回答附出处。"
)


class DeskLike(Protocol):
    """What the chat needs of :class:`assistant.service.desk.Desk` (a fake stands in for tests)."""

    def read_figures(self, text: str) -> FiguresRead: ...
    def merge_figures(self, figures: dict[str, int | float]) -> object: ...
    def findings(self) -> list[Finding]: ...
    def report(self) -> Report: ...
    def draft(self, part: str, *, use_model: bool = True) -> Drafted: ...
    def revise(self, part: str, instruction: str, *, use_model: bool = True) -> Drafted: ...
    def save_draft(self, drafted: Drafted, *, author: str = ...) -> list[PartVersion]: ...
    def compare(self) -> Comparison: ...
    def search(
        self,
        query: str,
        *,
        k: int = ...,
        agency: str | None = ...,
        year: int | None = ...,
        part: str | None = ...,
        kind: str | None = ...,
    ) -> list[Passage]: ...


@dataclass
class Reply:
    """One answer: its text as a stream, and what it produced (a draft, citations)."""

    intent: Intent
    pieces: Iterator[str]
    draft: Drafted | None = None
    citations: list[Citation] = field(default_factory=list)
    saved: bool = False
    text: str = ""

    def stream(self) -> Iterator[str]:
        """Yield the answer piece by piece; ``text`` holds the whole answer afterwards."""
        for piece in self.pieces:
            self.text += piece
            yield piece

    def extra(self) -> dict[str, object]:
        """What is saved beside the message in the chat history."""
        extra: dict[str, object] = {"intent": self.intent.value}
        if self.citations:
            extra["citations"] = [c.model_dump() for c in self.citations]
        if self.draft is not None:
            extra["draft"] = {"part": self.draft.part, "texts": self.draft.texts, "saved": self.saved}
        return extra


def describe_figures(read: FiguresRead, fmt: ReportFormat = ReportFormat.F2021) -> str:
    """A confirmation of what was read: each figure with its official row and column."""
    lines = (
        [f"已读取 {len(read.figures)} 项数据并写入本年数据："]
        if read.figures
        else ["没有读到可以确定位置的数据。"]
    )
    for key, value in read.figures.items():
        cell = CELL_BY_KEY[fmt].get(key)
        where = f"表{'二三四'[cell.table - 2]}｜{cell.row_label}｜{cell.column_label}" if cell else key
        lines.append(f"- {where}：**{value}**")
    lines.extend(f"> 说明：{note}" for note in read.notes)
    if read.unmatched:
        lines.append("\n以下内容无法确定对应哪个单元格，未写入，请说得更具体些：")
        lines.extend(f"- {piece}" for piece in read.unmatched)
    return "\n".join(lines)


def describe_tables(figures: Mapping[str, int | float]) -> str:
    """Tables 2–4 as Markdown, only the rows with a figure (a whole table of zeros says little)."""
    parts = []
    for grids in CHECK_GRIDS.values():
        blocks = []
        for grid in grids:
            rows = [
                (label, values)
                for label, values in zip(grid.row_labels, grid.values(figures), strict=True)
                if any(values)
            ]
            if not rows:
                continue
            header = f"| 项目 | {' | '.join(grid.column_labels)} |"
            rule = "|---" * (len(grid.column_labels) + 1) + "|"
            body = [
                f"| {label} | {' | '.join('' if v is None else str(v) for v in values)} |"
                for label, values in rows
            ]
            blocks.append("\n".join([*([grid.section, ""] if grid.section else []), header, rule, *body]))
        title = grids[0].title
        parts.append(
            "\n\n".join([f"**{title}**（只列出有数字的行）", *blocks])
            if blocks
            else f"**{title}**：全部为 0。"
        )
    return "\n\n".join(parts)


def describe_findings(findings: list[Finding]) -> str:
    if not findings:
        return ":material/check_circle: 检查通过：当前数据和文字没有发现错误或提醒。"
    errors = [f for f in findings if f.severity is Severity.ERROR]
    lines = [f"检查发现 **{len(errors)}** 处错误、**{len(findings) - len(errors)}** 条提醒："]
    for finding in findings:
        mark = ":material/cancel:" if finding.severity is Severity.ERROR else ":material/warning:"
        lines.append(f"- {mark} {finding.rule}：{finding.message}")
    lines.append("\n可在“数据录入”页查看标出的单元格。")
    return "\n".join(lines)


def describe_passages(passages: list[Passage]) -> str:
    if not passages:
        return "语料库中没有找到相关内容。可以在“语料库”页上传条例、格式通知或往年年报后再问。"
    lines = ["在语料库中找到以下相关内容："]
    for number, passage in enumerate(passages, 1):
        quote = (passage.citation.quote or passage.text).strip().replace("\n", " ")
        shown = quote if len(quote) <= 160 else quote[:160] + "…"
        lines.append(f"{number}. {shown}  \n   —— 出处：{passage.citation.label()}")
    return "\n".join(lines)


def describe_comparison(comparison: Comparison) -> str:
    """A short summary of a comparison; the 对比上年 page shows it in full."""
    changed = comparison.changed_cells
    lines = [
        f"与 {comparison.last_year} 年年报相比，共有 **{len(changed)}** 项数据发生变化，"
        f"叙述部分与上年重复率为 **{comparison.narrative_reuse:.0%}**。"
    ]
    for cell in changed[:6]:
        lines.append(f"- {cell.row_label}｜{cell.column_label}：{cell.last} → {cell.this}")
    flagged = [s for s in comparison.section_reuse if s.flagged]
    if flagged:
        lines.append("重复较多的部分：" + "、".join(f"{s.title}（{s.reuse:.0%}）" for s in flagged))
    lines.extend(f"- :material/warning: {finding.rule}：{finding.message}" for finding in comparison.findings)
    lines.append("\n完整对比（逐段、逐项数据和年度图表）请打开“对比上年”页。")
    return "\n".join(lines)


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
            Intent.SHOW: self.show_findings,
            Intent.COMPARE: self.compare,
            Intent.QUESTION: lambda: self.answer(message),
            Intent.SAVE: self.save_last_draft,
            Intent.HELP: lambda: Reply(Intent.HELP, chunked(HELP_TEXT)),
        }
        return handlers[routed.intent]()

    def draft(self, part: str, auto_save: bool = False) -> Reply:
        drafted = self.desk.draft(part, use_model=not self.model_failed)
        return self._drafted_reply(Intent.DRAFT, drafted, auto_save)

    def revise(self, part: str, instruction: str, auto_save: bool = False) -> Reply:
        drafted = self.desk.revise(part, instruction, use_model=not self.model_failed)
        return self._drafted_reply(Intent.REVISE, drafted, auto_save)

    def _drafted_reply(self, intent: Intent, drafted: Drafted, auto_save: bool) -> Reply:
        self.last_draft = drafted
        reply = Reply(intent, iter(()), draft=drafted, citations=list(drafted.citations))

        def pieces() -> Iterator[str]:
            yield from drafted.stream()
            for note in drafted.notes:
                yield f"\n\n> {note}"
            if auto_save:
                self.desk.save_draft(drafted)
                reply.saved = True
                yield "\n\n:material/check_circle: 已写入工作区。"

        reply.pieces = pieces()
        return reply

    def take_figures(self, message: str) -> Reply:
        read = self.desk.read_figures(message)
        if read.figures:
            self.desk.merge_figures(read.figures)
        return Reply(Intent.FIGURES, chunked(describe_figures(read), 40))

    def show_findings(self) -> Reply:
        tables = describe_tables(self.desk.report().figures)
        return Reply(Intent.SHOW, chunked(f"{tables}\n\n{describe_findings(self.desk.findings())}", 40))

    def compare(self) -> Reply:
        return Reply(Intent.COMPARE, chunked(describe_comparison(self.desk.compare()), 40))

    def answer(self, question: str, year: int | None = None) -> Reply:
        """Cited passages for a question.  "去年我们…怎么写的" asks for this agency's own report
        of the year before the one being written, so it is searched for there first."""
        passages: list[Passage] = []
        preface = ""
        report = self.desk.report()
        if _OWN_AGENCY.search(question) and report.agency.name:
            own_year = year or (mentioned_year(question, report.year) if report.year else None)
            passages = self.desk.search(
                question, k=4, agency=report.agency.name, year=own_year, kind="report"
            )
            if not passages:
                which = f"{own_year}年" if own_year else ""
                preface = f"语料库中没有本机关{which}的年报（可在“语料库”页上传），以下是其他相关内容。\n\n"
        if not passages:
            passages = self.desk.search(question, k=4, year=year)
        citations = [p.citation.model_copy(update={"quote": p.text[:200]}) for p in passages]
        text = preface + describe_passages(passages)
        return Reply(Intent.QUESTION, chunked(text, 40), citations=citations)

    def save_last_draft(self) -> Reply:
        if self.last_draft is None:
            return Reply(Intent.SAVE, chunked("还没有可写入的草稿，请先让我起草某一部分。"))
        saved = self.desk.save_draft(self.last_draft)
        names = "、".join(PART_NAMES[v.part] for v in saved)
        return Reply(Intent.SAVE, chunked(f":material/check_circle: 已写入工作区：{names}。"), saved=True)

    # --- the model path -------------------------------------------------------------

    def tools(self) -> list[type[BaseModel]]:
        """The actions offered to a chat model, as tool schemas (LangChain tool binding)."""
        return [DraftPart, RevisePart, ReadFigures, ShowFindings, CompareLastYear, SearchCorpus]

    def _respond_with_model(self, message: str) -> Reply:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        assert self.model is not None
        earlier = [
            HumanMessage(content) if role == "user" else AIMessage(content) for role, content in self.history
        ]
        try:
            bound = with_max_tokens(self.model, CHAT_MAX_TOKENS).bind_tools(self.tools())
            answer = bound.invoke([SystemMessage(_SYSTEM_PROMPT), *earlier, HumanMessage(message)])
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
            "DraftPart": lambda: self.draft(_part_key(args.get("part", "")), bool(args.get("auto_save"))),
            "RevisePart": lambda: self.revise(
                _part_key(args.get("part", "")), str(args.get("instruction") or message)
            ),
            "ReadFigures": lambda: self.take_figures(str(args.get("text") or message)),
            "ShowFindings": self.show_findings,
            "CompareLastYear": self.compare,
            "SearchCorpus": lambda: self.answer(str(args.get("query") or message), args.get("year")),
        }
        return dispatch[call.name]()


def _part_key(name: str) -> str:
    """A part as a model named it ("一", "总体情况", "（四）平台建设") as a ``PART_PLACES`` key."""
    name = name.strip()
    if name in PART_PLACES or name == WHOLE_REPORT:
        return name
    part = part_named_in(name)
    if part is None:
        raise GongkaiError(f"无法确定要处理的是哪一部分（“{name}”），请说明部分名称，如“总体情况”。")
    return part


_PARTS_HELP = "、".join([*PART_PLACES, WHOLE_REPORT])


class DraftPart(BaseModel):
    """起草年报的某一部分（或全文）。"""

    part: str = Field(description=f"部分：{_PARTS_HELP}")
    auto_save: bool = Field(default=False, description="用户要求直接写入工作区时为真")


class RevisePart(BaseModel):
    """按用户的要求修改已有的某一部分。"""

    part: str = Field(description=f"部分：{_PARTS_HELP}")
    instruction: str = Field(description="修改要求，如“更简洁一些”")


class ReadFigures(BaseModel):
    """从用户粘贴的表格或文字中读取统计数据，写入本年数据并确认读到的内容。"""

    text: str = Field(description="用户粘贴的原文")


class ShowFindings(BaseModel):
    """检查本年的表格和文字，列出错误与提醒。"""


class CompareLastYear(BaseModel):
    """与上年年报对比：数据变化、结转衔接、文字重复。"""


class SearchCorpus(BaseModel):
    """在条例、格式通知和往年年报中检索，回答附出处。"""

    query: str = Field(description="检索内容")
    year: int | None = Field(default=None, description="只查某一年度时填写")


_SYSTEM_PROMPT = (
    "你是政府信息公开工作年度报告助手，服务于机关工作人员。根据用户的话选择一个工具完成任务："
    "起草、修改、读取数据、检查、对比上年、检索语料。不要自行编造任何数字。"
)

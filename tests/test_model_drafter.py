"""The model drafter with LangChain's fake chat models: verified, regenerated once, else offline."""

from __future__ import annotations

from typing import Any

from draft_fixtures import NOTES, report_2023, report_2024
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import Field

from assistant.domain.plan import build_plan, parse_notes
from assistant.domain.report import Part, SubPart, sections_from_text
from assistant.drafting.llm import REGENERATING, ModelDrafter
from assistant.drafting.report import draft_report
from assistant.drafting.revise import revise_part

GOOD_SIX = "2024年，本机关依据《政府信息公开信息处理费管理办法》发出收费通知，\n1件申请因逾期未缴费不再处理。"
INVENTED_SIX = "2024年，本机关收取信息处理费3.5万元，涉及申请37件。"
GOOD_ONE = (
    "2024年，清溪镇扎实推进政务公开。\n"
    "（一）主动公开情况\n制发行政规范性文件4件。\n"
    "（二）依申请公开情况\n新收申请9件，其中自然人7件。\n"
    "（三）政府信息管理情况\n严格审查。\n"
    "（四）政府信息公开平台建设情况\n新开抖音号。\n"
    "（五）监督保障情况\n开展培训三次，纳入工作考核，接受社会评议，无责任追究情况。"
)


def fake(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(r) for r in replies]))


class RecordingFake(GenericFakeChatModel):
    """A fake that keeps the messages it was sent."""

    sent: list[list[BaseMessage]] = Field(default_factory=list)

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.sent.append(list(messages))
        return super()._generate(messages, *args, **kwargs)


class TimingOut(GenericFakeChatModel):
    """A model whose endpoint never answers in time."""

    calls: list[str] = Field(default_factory=list)

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append("generate")
        raise TimeoutError("read timed out")


def drafter(model: GenericFakeChatModel) -> ModelDrafter:
    return ModelDrafter(model, build_plan(report_2024(), report_2023(), parse_notes(NOTES)))


class TestModelDrafter:
    def test_a_verified_draft_is_kept_and_streamed(self) -> None:
        """Chunks arrive one by one and the verified text becomes the part."""
        stream = drafter(fake(GOOD_SIX)).stream_part(Part.OTHER_MATTERS)
        chunks = list(stream)
        assert len(chunks) > 1 and "".join(chunks) == GOOD_SIX
        assert stream.result is not None and stream.result.source == "model"
        assert stream.result.text == GOOD_SIX

    def test_an_invented_number_is_caught_and_regenerated(self) -> None:
        """The first reply invents 37件; the model is told so and its second reply is kept."""
        model = RecordingFake(messages=iter([AIMessage(INVENTED_SIX), AIMessage(GOOD_SIX)]))
        stream = drafter(model).stream_part(Part.OTHER_MATTERS)
        shown = "".join(stream)
        assert REGENERATING in shown
        assert stream.result is not None and stream.result.text == GOOD_SIX
        assert "“37”" in model.sent[1][-1].text and "3.5" in model.sent[1][-1].text

    def test_a_known_number_stated_for_the_wrong_cell_is_caught(self) -> None:
        """“行政处罚决定2件” uses a known number (行政强制 is 2) but contradicts the 行政处罚 cell (6)."""
        wrong = GOOD_ONE.replace("制发行政规范性文件4件。", "公开行政处罚决定2件。")
        model = RecordingFake(messages=iter([AIMessage(wrong), AIMessage(GOOD_ONE)]))
        assert drafter(model).draft_part(Part.OVERVIEW).source == "model"
        assert "行政处罚" in model.sent[1][-1].text

    def test_a_second_failure_falls_back_to_the_offline_draft_with_a_note(self) -> None:
        """Two replies with invented numbers give the offline draft and a visible Chinese note."""
        result = drafter(fake(INVENTED_SIX, INVENTED_SIX)).draft_part(Part.OTHER_MATTERS)
        assert result.source == "offline"
        assert "收费通知" in result.text
        assert "离线草稿" in result.notes[0] and "37" in result.notes[0]

    def test_a_timeout_falls_back(self) -> None:
        """A model that times out gives the offline draft, not an exception."""
        result = drafter(TimingOut(messages=iter([]))).draft_part(Part.OTHER_MATTERS)
        assert result.source == "offline" and "没有响应" in result.notes[0]

    def test_a_refusal_falls_back(self) -> None:
        """“抱歉，我无法…” is not a draft."""
        result = drafter(fake("抱歉，我无法完成这个请求。")).draft_part(Part.OTHER_MATTERS)
        assert result.source == "offline" and "拒绝" in result.notes[0]

    def test_part_one_is_split_into_its_sub_parts(self) -> None:
        """A model's part 一 is cut at （一）…（五） into the five sub-parts."""
        result = drafter(fake(GOOD_ONE)).draft_part(Part.OVERVIEW)
        assert result.source == "model"
        assert result.texts[SubPart.PLATFORMS] == "新开抖音号。"
        assert result.texts[None] == "2024年，清溪镇扎实推进政务公开。"

    def test_a_part_one_without_the_accountability_statement_is_regenerated(self) -> None:
        """A people's government's 监督保障 must state 工作考核、社会评议和责任追究."""
        lacking = GOOD_ONE.replace("纳入工作考核，接受社会评议，无责任追究情况", "加强监督")
        model = fake(lacking, GOOD_ONE)
        assert drafter(model).draft_part(Part.OVERVIEW).source == "model"

    def test_the_whole_report_can_be_drafted_with_a_model(self) -> None:
        """draft_report uses the model per part and falls back per part."""
        model = fake("本报告依据《中华人民共和国政府信息公开条例》编制。", "抱歉", "抱歉")
        result = draft_report(report_2024(), report_2023(), NOTES, chat_model=model)
        assert result.parts[Part.PREAMBLE].source == "model"
        assert result.parts[Part.OVERVIEW].source == "offline"
        assert result.report.notes and "离线草稿" in result.report.notes[0]

    def test_a_model_that_cannot_be_reached_is_asked_once_not_for_every_part(self) -> None:
        """After a timeout the remaining parts are drafted offline at once, and the user is told."""
        model = TimingOut(messages=iter([]))
        result = draft_report(report_2024(), report_2023(), NOTES, chat_model=model)
        assert len(model.calls) == 1
        assert all(draft.source == "offline" for draft in result.parts.values())
        assert any("其余各部分不再调用大模型" in note for note in result.notes)

    def test_each_fallback_note_names_its_part(self) -> None:
        """Notes of parts that fell back say which part: 第一部分“总体情况”, 第五部分… ."""
        model = fake("本报告依据《中华人民共和国政府信息公开条例》编制。", "抱歉", "抱歉", "抱歉")
        notes = draft_report(report_2024(), report_2023(), NOTES, chat_model=model).notes
        assert "第一部分“总体情况”已改用离线草稿" in notes[0]
        assert "第五部分“存在的主要问题及改进情况”已改用离线草稿" in notes[1]


class TestSplitSections:
    def test_a_heading_on_the_same_line_as_its_text_is_removed(self) -> None:
        """“（四）平台建设情况。网站完成改版。” keeps only the text."""
        texts = sections_from_text(Part.OVERVIEW, "概述。\n（四）平台建设情况。网站完成改版。")
        assert texts[SubPart.PLATFORMS] == "网站完成改版。"


class TestModelRevision:
    def test_a_verified_revision_is_kept(self) -> None:
        """The model's shorter text replaces the part when its numbers check."""
        plan = build_plan(report_2024(), report_2023(), parse_notes(NOTES))
        revision = revise_part(
            plan, Part.OTHER_MATTERS, {None: GOOD_SIX + "另有说明。"}, "更简洁", fake(GOOD_SIX)
        )
        assert revision.text == GOOD_SIX

    def test_a_revision_with_an_invented_number_falls_back_offline(self) -> None:
        """An unverified number in the model's revision: offline shortening, with the reason."""
        plan = build_plan(report_2024(), report_2023(), parse_notes(NOTES))
        revision = revise_part(plan, Part.OTHER_MATTERS, {None: GOOD_SIX}, "更简洁", fake(INVENTED_SIX))
        assert "37" in revision.message and revision.text == GOOD_SIX

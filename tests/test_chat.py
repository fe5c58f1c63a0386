"""The drafting chat: offline intent routing, replies that stream, tool calls from a model."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage

from assistant.service.chat.conversation import Chat
from assistant.service.chat.routing import Intent, route
from assistant.service.chat.tool_calls import ToolCall
from assistant.testing import FakeDesk, FakeToolCallingModel, tool_call


def answer(chat: Chat, message: str) -> tuple[str, Any]:
    reply = chat.respond(message)
    return "".join(reply.stream()), reply


class TestRoute:
    @pytest.mark.parametrize(
        ("message", "intent", "part"),
        [
            ("请起草总体情况", Intent.DRAFT, "一"),
            ("帮我写一版第五部分", Intent.DRAFT, "五"),
            ("起草全文", Intent.DRAFT, "全文"),
            ("生成平台建设部分", Intent.DRAFT, "（四）"),
            ("把监督保障改得更简洁一些", Intent.REVISE, "（五）"),
            ("把平台建设写得更具体一些", Intent.REVISE, "（四）"),
            ("把平台建设部分改得具体一些", Intent.REVISE, "（四）"),
            ("今年新开了抖音号，网站更新信息120条", Intent.NOTES, None),
            ("记下：网站完成适老化改版", Intent.NOTES, None),
            ("我处全年开展业务培训3次", Intent.NOTES, None),
            ("第五部分不要和去年重复", Intent.REVISE, "五"),
            ("看看表格有没有错误", Intent.SHOW, None),
            ("和去年比有什么变化", Intent.COMPARE, None),
            ("第三十六条对不予公开是怎么规定的？", Intent.QUESTION, None),
            ("写入", Intent.SAVE, None),
            ("行政处罚3件，新收申请12件", Intent.FIGURES, None),
            ("行政处罚\t3", Intent.FIGURES, None),
            ("你好", Intent.HELP, None),
        ],
    )
    def test_a_message_is_routed_by_its_words(self, message: str, intent: Intent, part: str | None) -> None:
        """Each kind of request reaches its action, with the part it names."""
        routed = route(message)
        assert (routed.intent, routed.part if part else None) == (intent, part)

    def test_asking_to_write_directly_saves_automatically(self) -> None:
        """ "直接写入" in a drafting request sets auto-save."""
        assert route("起草总体情况并直接写入").auto_save
        assert not route("起草总体情况").auto_save


class TestChatOffline:
    def test_a_draft_is_streamed_in_pieces_and_kept_for_saving(self) -> None:
        """The draft arrives in several pieces; saving it afterwards writes the drafted text."""
        desk = FakeDesk()
        chat = Chat(desk)
        reply = chat.respond("起草总体情况")
        pieces = list(reply.stream())
        assert len(pieces) > 1
        assert "认真贯彻落实" in reply.text and "离线起草" in reply.text
        assert desk.saved == []
        text, _ = answer(chat, "写入")
        assert desk.saved == [{"一": "本年度，本机关认真贯彻落实《条例》。"}]
        assert "已写入" in text

    def test_a_draft_asked_to_be_written_directly_is_saved(self) -> None:
        """With 直接写入 the draft lands in the workspace without another step."""
        desk = FakeDesk()
        text, reply = answer(Chat(desk), "起草总体情况，直接写入")
        assert reply.saved and desk.saved and "已写入工作区" in text

    def test_pasted_figures_are_confirmed_with_their_official_labels(self) -> None:
        """What was read is repeated with its table, row and column, and merged into the work."""
        desk = FakeDesk()
        text, _ = answer(Chat(desk), "行政处罚3件")
        assert "行政处罚" in text and "本年处理决定数量" in text and "**3**" in text
        assert desk.figures == {"t2.penalty.decisions": 3}

    def test_unreadable_figures_give_the_readers_chinese_message(self) -> None:
        """A negative count is explained in Chinese; nothing is merged."""
        desk = FakeDesk()
        text, _ = answer(Chat(desk), "行政处罚-3件")
        assert "不能为负数" in text
        assert desk.figures == {}

    def test_a_question_is_answered_with_citations(self) -> None:
        """Retrieved passages are quoted with their source; the citations travel with the reply."""
        text, reply = answer(Chat(FakeDesk()), "第三十六条对不予公开是怎么规定的？")
        assert "第三十六条" in text and "reg-ogi.md" in text
        assert reply.citations[0].article == "第三十六条"
        assert reply.extra()["citations"]

    def test_a_question_about_our_own_last_report_searches_it_first(self) -> None:
        """ "去年我们…" while writing 2025 searches this agency's 2024 reports."""
        desk = FakeDesk()
        desk.own_reports = {"青川县清溪镇人民政府"}
        answer(Chat(desk), "去年我们平台建设怎么写的？")
        assert ("search-own", ("青川县清溪镇人民政府", 2024, "report")) in desk.calls
        assert [call for call in desk.calls if call[0] == "search"] == [
            ("search", ("去年我们平台建设怎么写的？", 2024))
        ]

    def test_without_our_own_report_the_answer_says_so_and_searches_everything(self) -> None:
        """No indexed report of ours: a note, then the general search."""
        desk = FakeDesk()
        text, reply = answer(Chat(desk), "去年我们平台建设怎么写的？")
        assert "语料库中没有本机关2024年的年报" in text
        assert reply.citations

    def test_the_check_shows_the_tables_and_lists_every_finding(self) -> None:
        """The rows with figures are shown as tables, then the findings with their rule ids."""
        desk = FakeDesk()
        desk.figures = {"t2.penalty.decisions": 3}
        text, _ = answer(Chat(desk), "检查一下表格")
        assert "第二十条第（六）项\n\n| 项目 | 本年处理决定数量 |" in text and "| 行政处罚 | 3 |" in text
        assert "表四　政府信息公开行政复议、行政诉讼情况**：全部为 0" in text
        assert "R1" in text and "1** 处错误" in text

    def test_a_comparison_is_summarised_with_changes_and_copying(self) -> None:
        """ "和去年比有什么变化" lists changed figures and the copied part, pointing to the page."""
        text, _ = answer(Chat(FakeDesk()), "和去年比有什么变化")
        assert "与 2023 年年报相比" in text
        assert "行政处罚｜本年处理决定数量：1 → 3" in text
        assert "W3" in text and "对比上年" in text

    def test_facts_typed_in_the_chat_become_notes_with_a_confirmation(self) -> None:
        """The facts are added to the 工作要点, each with the place it will be written in."""
        desk = FakeDesk()
        text, reply = answer(Chat(desk), "今年新开了抖音号，网站更新信息120条；开展业务培训3次")
        assert desk.notes == ["今年新开了抖音号，网站更新信息120条", "开展业务培训3次"]
        assert "已记入工作要点" in text and "备注" not in text
        assert "一（四）政府信息公开平台建设" in text and "一（五）监督保障" in text
        assert reply.extra()["notes_added"] == desk.notes
        assert reply.extra()["suggestions"][0] == "起草平台建设"

    def test_every_reply_suggests_one_or_two_next_steps_the_router_understands(self) -> None:
        """The suggestions after each kind of answer route to an action, never to the help text."""
        for message in ("起草总体情况", "行政处罚3件", "看看表格有没有错误", "和去年比有什么变化", "你好"):
            _, reply = answer(Chat(FakeDesk()), message)
            suggestions = reply.extra()["suggestions"]
            assert 1 <= len(suggestions) <= 2
            assert all(route(s).intent is not Intent.HELP for s in suggestions), (message, suggestions)

    def test_saving_before_any_draft_explains_what_to_do(self) -> None:
        """写入 with nothing drafted asks for a draft first."""
        text, _ = answer(Chat(FakeDesk()), "写入")
        assert "请先让我起草" in text


class TestChatWithModel:
    def test_the_model_routes_through_a_tool_call_to_the_drafter(self) -> None:
        """A model's DraftPart tool call runs the same drafting action."""
        desk = FakeDesk()
        model = FakeToolCallingModel(responses=[tool_call("DraftPart", part="总体情况", auto_save=True)])
        text, reply = answer(Chat(desk, model), "麻烦把第一部分弄一下，直接存进去")
        assert ("draft", "一") in desk.calls
        assert reply.saved and "认真贯彻落实" in text
        assert {tool.__name__ for tool in model.bound_tools} >= {"DraftPart", "SearchCorpus"}

    def test_the_model_can_ask_for_a_search_by_year(self) -> None:
        """SearchCorpus with a year passes the filter on and cites the source."""
        desk = FakeDesk()
        model = FakeToolCallingModel(responses=[tool_call("SearchCorpus", query="平台建设", year=2023)])
        text, _ = answer(Chat(desk, model), "去年平台建设怎么写的")
        assert ("search", ("平台建设", 2023)) in desk.calls
        assert "出处" in text

    def test_a_plain_model_answer_is_streamed_as_it_is(self) -> None:
        """Without a tool call the model's own words are the reply."""
        model = FakeToolCallingModel(responses=[AIMessage(content="您好，请问需要起草哪一部分？")])
        text, _ = answer(Chat(FakeDesk(), model), "你好")
        assert text == "您好，请问需要起草哪一部分？"

    def test_a_failing_model_leaves_the_offline_router_in_charge(self) -> None:
        """A model that cannot be reached: the request is still drafted, with a note."""

        class Unreachable(FakeToolCallingModel):
            def invoke(self, *args: Any, **kwargs: Any) -> Any:
                raise ConnectionError("connection refused")

        desk = FakeDesk()
        text, _ = answer(Chat(desk, Unreachable(responses=[])), "起草总体情况")
        assert "调用大模型失败：无法连接到大模型接口" in text
        assert ("draft", "一") in desk.calls and "认真贯彻落实" in text

    def test_after_the_model_failed_to_answer_the_draft_does_not_wait_for_it_again(self) -> None:
        """The request the model could not route is drafted offline; the next message tries it again."""

        calls: list[str] = []

        class FailsOnce(FakeToolCallingModel):
            def invoke(self, *args: Any, **kwargs: Any) -> Any:
                calls.append("invoke")
                if len(calls) == 1:
                    raise TimeoutError("timed out")
                return tool_call("DraftPart", part="一")

        desk = FakeDesk()
        chat = Chat(desk, FailsOnce(responses=[]))
        answer(chat, "起草总体情况")
        answer(chat, "起草总体情况")
        assert desk.model_asked == [False, True]

    def test_the_model_sees_the_earlier_turns(self) -> None:
        """Earlier messages go to the model before the new one."""
        seen: list[Any] = []

        class Recording(FakeToolCallingModel):
            def invoke(self, messages: Any, *args: Any, **kwargs: Any) -> Any:
                seen.extend(messages)
                return AIMessage(content="好的。")

        history = [("user", "起草第五部分"), ("assistant", "一是……")]
        answer(Chat(FakeDesk(), Recording(responses=[]), history=history), "再简洁一点")
        assert [m.content for m in seen[1:]] == ["起草第五部分", "一是……", "再简洁一点"]

    def test_a_tool_call_written_as_json_in_the_text_runs_the_tool(self) -> None:
        """A small local model's ```json block naming DraftPart drafts the part, as a native call would."""
        desk = FakeDesk()
        written = '```json\n{"name": "DraftPart", "arguments": {"part": "一"}}\n```'
        model = FakeToolCallingModel(responses=[AIMessage(content=written)])
        chat = Chat(desk, model)
        text, _ = answer(chat, "起草总体情况")
        assert ("draft", "一") in desk.calls and "认真贯彻落实" in text and "```" not in text
        assert isinstance(chat.last_call, ToolCall) and chat.last_call.written

    def test_an_unknown_tool_is_refused_and_nothing_runs(self) -> None:
        """A call to a tool the chat does not offer gets a Chinese refusal; the desk is not touched."""
        desk = FakeDesk()
        model = FakeToolCallingModel(responses=[tool_call("DeleteWorkspace", id=3)])
        text, _ = answer(Chat(desk, model), "删掉这个工作区")
        assert "未知的操作“DeleteWorkspace”，未执行" in text and desk.calls == []

    def test_a_written_call_with_bad_arguments_is_refused(self) -> None:
        """DraftPart written without its part is refused, not guessed."""
        desk = FakeDesk()
        model = FakeToolCallingModel(responses=[AIMessage(content='{"name": "DraftPart", "arguments": {}}')])
        text, _ = answer(Chat(desk, model), "起草")
        assert "参数不正确（part：缺少此项）" in text and desk.calls == []

    def test_a_part_the_model_names_vaguely_is_explained(self) -> None:
        """An unknown part name becomes a Chinese message, not a crash."""
        model = FakeToolCallingModel(responses=[tool_call("RevisePart", part="结尾", instruction="更简洁")])
        text, _ = answer(Chat(FakeDesk(), model), "改一下结尾")
        assert "无法确定" in text


class TestStartup:
    def test_the_chat_and_its_desk_open_without_langchain(self) -> None:
        """The first page imports no LangChain, Chroma or pandas: the app opens within seconds."""
        import subprocess
        import sys

        code = (
            "import sys, assistant.service.desk, assistant.service.chat, assistant.bootstrap; "
            "print(sorted(m for m in ('langchain_core', 'chromadb', 'pandas') if m in sys.modules))"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert result.stdout.strip() == "[]"

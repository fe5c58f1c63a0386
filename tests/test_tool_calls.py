"""Tool calls read from a model's answer: native, or one JSON object written in the text."""

from __future__ import annotations

from assistant.service.chat.tool_calls import RefusedCall, ToolCall, read_tool_call
from assistant.service.chat.tools import tool_schemas

TOOLS = [tool_schemas()[name] for name in ("DraftPart", "ShowFindings", "CompareLastYear", "SearchCorpus")]


class TestReadToolCall:
    def test_a_native_call_is_taken_first_and_validated(self) -> None:
        """``tool_calls`` win over the text; the arguments come back completed by the schema."""
        native = [{"name": "DraftPart", "args": {"part": "一"}, "id": "c1"}]
        call = read_tool_call('{"name": "ShowFindings", "arguments": {}}', native, TOOLS)
        assert call == ToolCall("DraftPart", {"part": "一", "auto_save": False})

    def test_a_fenced_json_block_is_a_call(self) -> None:
        """The small models' ```json block with text around it is the call it names."""
        text = '好的，我来起草。\n```json\n{"name": "DraftPart", "arguments": {"part": "总体情况"}}\n```'
        call = read_tool_call(text, [], TOOLS)
        assert call == ToolCall("DraftPart", {"part": "总体情况", "auto_save": False}, written=True)

    def test_qwens_tool_call_tags_are_a_call(self) -> None:
        """<tool_call>{…}</tool_call>, as Qwen's template writes it."""
        call_json = '{"name": "SearchCorpus", "arguments": {"query": "第三十六条", "year": 2019}}'
        text = f"<tool_call>\n{call_json}\n</tool_call>"
        call = read_tool_call(text, [], TOOLS)
        assert isinstance(call, ToolCall) and call.args == {"query": "第三十六条", "year": 2019}

    def test_a_bare_object_with_arguments_as_a_string_is_a_call(self) -> None:
        """The OpenAI form ``{"function": {"name", "arguments": "<json>"}}`` is read too."""
        text = '{"type": "function", "function": {"name": "CompareLastYear", "arguments": "{}"}}'
        assert read_tool_call(text, [], TOOLS) == ToolCall("CompareLastYear", {}, written=True)

    def test_a_tool_without_arguments_may_be_named_alone(self) -> None:
        """``{"name": "ShowFindings"}`` names a tool that takes nothing."""
        assert read_tool_call('{"name": "ShowFindings"}', [], TOOLS) == ToolCall(
            "ShowFindings", {}, written=True
        )

    def test_an_unknown_tool_is_refused_in_chinese(self) -> None:
        """A call to a tool the chat does not offer is refused, with what it can do."""
        call = read_tool_call('{"name": "DeleteWorkspace", "arguments": {"id": 3}}', [], TOOLS)
        assert isinstance(call, RefusedCall) and call.name == "DeleteWorkspace"
        assert "未知的操作“DeleteWorkspace”，未执行" in call.message and "起草年报的某一部分" in call.message

    def test_bad_arguments_are_refused_with_the_field_named(self) -> None:
        """DraftPart without its part, or SearchCorpus with a year that is no number, is refused."""
        missing = read_tool_call('{"name": "DraftPart", "arguments": {"auto_save": true}}', [], TOOLS)
        assert isinstance(missing, RefusedCall) and "part：缺少此项" in missing.message
        wrong = read_tool_call(
            "", [{"name": "SearchCorpus", "args": {"query": "x", "year": "去年"}, "id": "c"}], TOOLS
        )
        assert isinstance(wrong, RefusedCall) and "year：取值不正确" in wrong.message

    def test_text_without_a_call_is_a_plain_answer(self) -> None:
        """Prose, or JSON that names no tool, is the model's answer."""
        assert read_tool_call("您好，请问需要起草哪一部分？", [], TOOLS) is None
        assert read_tool_call('示例数据：{"name": "清溪镇", "year": 2024}', [], TOOLS) is None

    def test_a_broken_written_call_is_refused_not_shown(self) -> None:
        """A call cut off mid-way names its tool but is not executed, nor shown as an answer."""
        call = read_tool_call('```json\n{"name": "DraftPart", "arguments": {"part": "一"\n```', [], TOOLS)
        assert isinstance(call, RefusedCall) and "“DraftPart”格式不完整，未执行" in call.message

    def test_several_written_calls_are_refused(self) -> None:
        """Two calls at once: neither runs."""
        call = read_tool_call('{"name": "ShowFindings"} {"name": "CompareLastYear"}', [], TOOLS)
        assert isinstance(call, RefusedCall) and "多个操作" in call.message

"""Fakes for tests: stand-ins for the ports (chat model, retriever) that behave predictably."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage
from pydantic import Field


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

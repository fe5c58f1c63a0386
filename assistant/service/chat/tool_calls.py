"""Tool calls as chat models make them: native ``tool_calls``, or one JSON object in the text.

Small and mid-size local models (llama.cpp, vLLM, Ollama) often answer a tools request with
the call written into the message — ``finish_reason=stop`` and no ``tool_calls`` — as a
```json block, a bare object or Qwen's ``<tool_call>{…}</tool_call>``, each holding
``{"name": "DraftPart", "arguments": {…}}``.  :func:`read_tool_call` takes the native call
when there is one, and otherwise exactly one such object naming a tool; text that names no
tool is a plain answer.  A call to a tool the chat does not offer, with arguments the tool's
schema rejects, cut off or broken, or several at once, is refused with a Chinese message and
never executed — nor shown to the user as if it were an answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

MAX_SCANNED_CHARS = 20_000
"""A written call is short; a longer answer is searched only this far (bounded time)."""
_ARGUMENT_KEYS = ("arguments", "parameters", "args")
_NAMED_TOOL = re.compile(r'"name"\s*:\s*"([A-Za-z_][A-Za-z0-9_]*)"')


@dataclass(frozen=True)
class ToolCall:
    """A call to one of the chat's tools, its arguments validated by the tool's schema."""

    name: str
    args: dict[str, Any] = field(default_factory=dict)
    written: bool = False
    """The model wrote the call into its text instead of sending ``tool_calls``."""


@dataclass(frozen=True)
class RefusedCall:
    """A call that is not executed: an unknown tool or arguments its schema rejects."""

    name: str
    message: str


def _objects(text: str) -> list[object]:
    """Every JSON value that starts at a ``{`` in ``text``, outermost first, none overlapping."""
    decoder = json.JSONDecoder()
    text = text[:MAX_SCANNED_CHARS]
    found: list[object] = []
    start = text.find("{")
    while start != -1:
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            start = text.find("{", start + 1)
            continue
        found.append(value)
        start = text.find("{", end)
    return found


def _as_call(value: object, known: Mapping[str, type[BaseModel]]) -> tuple[str, object] | None:
    """``(name, arguments)`` when a JSON value is written as a tool call, else None.

    ``{"name": …, "arguments": {…}}`` (also ``parameters``/``args``, arguments as an object or
    a JSON string), the same inside ``{"function": {…}}``, or ``{"name": …}`` alone for a tool
    that takes no arguments.  An object with a name and no arguments that names no tool is
    ordinary data in an answer, not a call.
    """
    if not isinstance(value, dict):
        return None
    written: dict[str, object] = value["function"] if isinstance(value.get("function"), dict) else value
    name = written.get("name")
    if not isinstance(name, str):
        return None
    for key in _ARGUMENT_KEYS:
        if key in written:
            return name, written[key]
    return (name, {}) if name in known else None


def _reason(error: ValidationError) -> str:
    """What is wrong with the arguments, field by field, in Chinese."""
    reasons = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "参数"
        what = "缺少此项" if item["type"] == "missing" else f"取值不正确（{item.get('input')!r}）"
        reasons.append(f"{where}：{what}")
    return "；".join(reasons)


def _checked(
    name: str, arguments: object, known: Mapping[str, type[BaseModel]], written: bool
) -> ToolCall | RefusedCall:
    schema = known.get(name)
    if schema is None:
        offered = "；".join(
            (tool.__doc__ or tool.__name__).strip().splitlines()[0] for tool in known.values()
        )
        return RefusedCall(name, f"模型要求执行未知的操作“{name}”，未执行。可以做的是：{offered}")
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments) if arguments.strip() else {}
        except ValueError:
            return RefusedCall(
                name, f"模型给出的操作“{name}”的参数不是有效的 JSON，未执行。请换一种说法再试。"
            )
    if not isinstance(arguments, dict):
        return RefusedCall(name, f"模型给出的操作“{name}”的参数格式不正确，未执行。请换一种说法再试。")
    try:
        validated = schema.model_validate(arguments)
    except ValidationError as error:
        return RefusedCall(
            name, f"模型给出的操作“{name}”参数不正确（{_reason(error)}），未执行。请换一种说法再试。"
        )
    return ToolCall(name, validated.model_dump(), written=written)


def read_tool_call(
    text: str, native: Sequence[Mapping[str, Any]], tools: Sequence[type[BaseModel]]
) -> ToolCall | RefusedCall | None:
    """The tool call in a model's answer (module docstring): the first native call, else the one
    call written in ``text``; None for a plain answer."""
    known = {tool.__name__: tool for tool in tools}
    if native:
        call = native[0]
        return _checked(str(call.get("name", "")), call.get("args", {}), known, written=False)
    written = [found for value in _objects(text) if (found := _as_call(value, known)) is not None]
    if len(written) == 1:
        name, arguments = written[0]
        return _checked(name, arguments, known, written=True)
    # A call that names a tool but is not one well-formed call (JSON cut off or broken, several
    # calls at once) is not shown to the user as an answer, nor guessed at.
    named = _NAMED_TOOL.findall(text[:MAX_SCANNED_CHARS])
    attempted = [name for name in named if name in known]
    if not attempted:
        return None
    if len(written) > 1:
        return RefusedCall(attempted[0], "模型一次给出了多个操作，未执行。请一次只提一个要求。")
    return RefusedCall(attempted[0], f"模型给出的操作“{attempted[0]}”格式不完整，未执行。请换一种说法再试。")

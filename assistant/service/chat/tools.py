"""The actions a chat model may call, as tool schemas (LangChain tool binding).

The schemas are pydantic models; what the model is told about each tool and argument is
read from ``prompts/chat.yaml``, so the wording can change without touching code (a test
checks that the file describes exactly these tools and arguments).
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, Field, create_model

from assistant.drafting.templates import prompt
from assistant.errors import GongkaiError
from assistant.service.chat.routing import part_named_in
from assistant.service.texts import PART_PLACES, WHOLE_REPORT

_PARTS_HELP = "、".join([*PART_PLACES, WHOLE_REPORT])

# Each tool's arguments: (type, default); ``...`` marks a required one.
TOOL_ARGUMENTS: dict[str, dict[str, tuple[type, object]]] = {
    "DraftPart": {"part": (str, ...), "auto_save": (bool, False)},
    "RevisePart": {"part": (str, ...), "instruction": (str, ...)},
    "ReadFigures": {"text": (str, ...)},
    "ShowFindings": {},
    "CompareLastYear": {},
    "SearchCorpus": {"query": (str, ...), "year": (int | None, None)},  # type: ignore[dict-item]
}


@cache
def tool_schemas() -> dict[str, type[BaseModel]]:
    """The tools by name, each a pydantic model whose docstring and field descriptions come
    from ``prompts/chat.yaml``."""
    texts = prompt("chat").tools
    schemas: dict[str, type[BaseModel]] = {}
    for name, arguments in TOOL_ARGUMENTS.items():
        text = texts[name]
        fields = {
            argument: (
                kind,
                Field(default=default, description=text.arguments[argument].format(parts=_PARTS_HELP)),
            )
            for argument, (kind, default) in arguments.items()
        }
        schema = create_model(name, __doc__=text.description, **fields)  # type: ignore[call-overload]
        schemas[name] = schema
    return schemas


def part_key(name: str) -> str:
    """A part as a model named it ("一", "总体情况", "（四）平台建设") as a ``PART_PLACES`` key."""
    name = name.strip()
    if name in PART_PLACES or name == WHOLE_REPORT:
        return name
    part = part_named_in(name)
    if part is None:
        raise GongkaiError(f"无法确定要处理的是哪一部分（“{name}”），请说明部分名称，如“总体情况”。")
    return part

"""Retrieved passages as the chat shows them: a short quote and where it comes from."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain.ports import Passage

QUOTE_CHARS = 160


def markdown(passages: Sequence[Passage]) -> str:
    if not passages:
        return "语料库中没有找到相关内容。可以在“语料库”页上传条例、格式通知或往年年报后再问。"
    lines = ["在语料库中找到以下相关内容："]
    for number, passage in enumerate(passages, 1):
        quote = (passage.citation.quote or passage.text).strip().replace("\n", " ")
        shown = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "…"
        lines.append(f"{number}. {shown}  \n   —— 出处：{passage.citation.label()}")
    return "\n".join(lines)

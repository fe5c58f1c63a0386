"""Bounds on one model answer: a token cap sized to the part's budget, and a wall-clock deadline.

The HTTP timeout (GONGKAI_LLM_TIMEOUT) fires only while nothing arrives, so a model that loops
keeps its stream alive: a part ran 1,101 s to 11,855 characters (../shared/llm/README.md).
Each request therefore carries a token cap (``max_tokens``; ``num_predict`` for Ollama) sized
to what the part may hold, and a stream is cut once it has run longer than the configured
timeout in all.
"""

from __future__ import annotations

import math
from typing import Any, TypeVar

TOKENS_PER_CHAR = 0.8
"""Tokens per counted character of Chinese report prose with Qwen2.5's tokenizer: 0.64 measured
on the offline drafts of the 20 parts of evals/llm_real.py (llama-server /tokenize, 3,345 tokens
for 5,254 characters); 0.8 leaves room for the line breaks and punctuation the count leaves
out, so a part within its budget is never cut, while a looping one stops soon after it."""
TOKEN_SLACK = 64
CHAT_MAX_TOKENS = 512
"""A chat turn is a tool call or a short answer; a longer one is cut, not waited for."""

Model = TypeVar("Model")


def max_tokens_for(chars: int) -> int:
    """The token cap for an answer of at most ``chars`` counted characters."""
    return math.ceil(chars * TOKENS_PER_CHAR) + TOKEN_SLACK


def with_max_tokens(model: Model, tokens: int) -> Model:
    """``model`` capped at ``tokens`` per answer (a cap already configured lower is kept).

    An OpenAI-compatible model sends ``max_tokens`` in the request body: langchain-openai
    would rename its own field to ``max_completion_tokens``, which llama.cpp, vLLM, DeepSeek
    and the other compatible servers gongkai is pointed at do not all read.  Ollama reads
    ``num_predict``.  A model with neither (a test's fake) is returned as it is.
    """
    fields: dict[str, Any] = getattr(type(model), "model_fields", {})
    update: dict[str, Any]
    if "extra_body" in fields:
        body = dict(getattr(model, "extra_body", None) or {})
        configured = body.get("max_tokens") or getattr(model, "max_tokens", None)
        body["max_tokens"] = tokens if configured is None else min(int(configured), tokens)
        update = {"extra_body": body, "max_tokens": None}
    elif "num_predict" in fields:
        configured = getattr(model, "num_predict", None)
        update = {"num_predict": tokens if configured is None else min(int(configured), tokens)}
    else:
        return model
    copied: Model = model.model_copy(update=update)  # type: ignore[attr-defined]
    return copied


def deadline_of(model: object) -> float | None:
    """Seconds one whole answer may take: the timeout the model was built with (GONGKAI_LLM_TIMEOUT),
    or None when it has none."""
    timeout = getattr(model, "request_timeout", None)
    if timeout is None:
        timeout = (getattr(model, "client_kwargs", None) or {}).get("timeout")
    if isinstance(timeout, int | float) and not isinstance(timeout, bool):
        return float(timeout)
    if isinstance(timeout, tuple) and timeout and all(isinstance(t, int | float) for t in timeout):
        return float(max(timeout))
    return None

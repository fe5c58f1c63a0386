"""The small interfaces between the domain and the adapters, with the values they pass.

Retrieval and document writing are behind these protocols so that drafting, the chat
and the UI can be tested with the fakes in :mod:`assistant.testing`.  Chat models are
LangChain ``BaseChatModel`` objects: LangChain's own fakes stand in for them in tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict

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


class SearchFilter(BaseModel):
    """What a search is limited to.  Every filter is hard: with ``year`` set, no passage of
    another year comes back, from either the vector or the keyword leg."""

    model_config = ConfigDict(frozen=True)

    agency: str | None = None
    """Part of an agency's name (清溪镇 matches 青川县清溪镇人民政府)."""
    year: int | None = None
    part: str | None = None
    """A report place as reviewers cite it: 五, 一（四）, or （四）."""
    kind: str | None = None
    """``report`` or ``regulation``."""
    current_year: int | None = None
    """Not a filter: the year of the report being written, from which 今年/去年/前年 in the
    query count (without it, the year staff are drafting by today's date)."""


class Retriever(Protocol):
    def search(self, query: str, *, k: int = 5, where: SearchFilter | None = None) -> list[Passage]: ...


class ReportWriter(Protocol):
    def write(self, report: Report, path: Path) -> Path: ...

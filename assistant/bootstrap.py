"""The composition root: read settings once, wire adapters, hand out one ``Services``.

CLI commands and Streamlit pages call :func:`bootstrap` and use what it returns; nothing
else constructs an adapter, and nothing is built at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.ports import Retriever
    from assistant.retrieval.index import ChunkIndex


@dataclass
class Services:
    """The adapters a deployment uses, built from one ``Settings``."""

    settings: Settings
    _index: ChunkIndex | None = field(default=None, repr=False)

    def index(self) -> ChunkIndex:
        """The retrieval index (Chroma + BM25), opened on first use."""
        if self._index is None:
            from assistant.retrieval.index import ChunkIndex

            self._index = ChunkIndex(self.settings)
        return self._index

    def retriever(self) -> Retriever:
        """What drafting and chat search with: the index, behind the ``Retriever`` port."""
        return self.index()


def bootstrap(settings: Settings | None = None) -> Services:
    settings = settings or Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Services(settings=settings)

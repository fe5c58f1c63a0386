"""The lexical leg: BM25 over character unigrams and bigrams, saved beside the Chroma index.

Chinese has no spaces; character 1–2-grams match "第三十六条", "平台建设" and agency names
without a word segmenter, and measured better than jieba words on these reports.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np

_KEEP = re.compile(r"[\w]")


def char_ngrams(text: str) -> list[str]:
    """Character unigrams and bigrams of the word characters of ``text`` (NFKC, lower case)."""
    chars = [ch for ch in unicodedata.normalize("NFKC", text).lower() if _KEEP.match(ch)]
    return chars + [a + b for a, b in itertools.pairwise(chars)]


class LexicalIndex:
    """BM25 scores for every chunk, with the chunk ids and metadata to filter them."""

    def __init__(self, ids: list[str], metadatas: list[dict[str, Any]], model: Any) -> None:
        self.ids = ids
        self.metadatas = metadatas
        self.model = model
        self.position = {chunk_id: i for i, chunk_id in enumerate(ids)}
        self._columns: dict[str, np.ndarray] = {}

    def column(self, key: str) -> np.ndarray:
        """One metadata field of every chunk, as an array (built once, for fast filtering)."""
        if key not in self._columns:
            self._columns[key] = np.array([m.get(key) for m in self.metadatas], dtype=object)
        return self._columns[key]

    def mask(self, conditions: dict[str, Any], agencies: list[str] | None = None) -> np.ndarray:
        """Which chunks pass every equality condition (and belong to one of ``agencies``)."""
        allowed = np.ones(len(self.ids), dtype=bool)
        for key, value in conditions.items():
            allowed &= self.column(key) == value
        if agencies is not None:
            allowed &= np.isin(self.column("agency"), agencies)
        return allowed

    def agencies(self) -> list[str]:
        return sorted({str(name) for name in self.column("agency") if name}) if self.ids else []

    @classmethod
    def build(cls, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> LexicalIndex:
        import bm25s

        model = bm25s.BM25()
        if ids:
            model.index([char_ngrams(text) for text in texts], show_progress=False)
        return cls(ids, metadatas, model)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self.ids:
            self.model.save(str(directory))
        (directory / "chunks.json").write_text(
            json.dumps({"ids": self.ids, "metadatas": self.metadatas}, ensure_ascii=False), encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex | None:
        import bm25s

        listing = directory / "chunks.json"
        if not listing.is_file():
            return None
        data = json.loads(listing.read_text(encoding="utf-8"))
        model = bm25s.BM25.load(str(directory)) if data["ids"] else bm25s.BM25()
        return cls(data["ids"], data["metadatas"], model)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (zeros when no n-gram is known)."""
        if not self.ids:
            return np.zeros(0, dtype=np.float32)
        vocabulary = self.model.vocab_dict
        tokens = [token for token in char_ngrams(query) if token in vocabulary]
        if not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.model.get_scores(tokens), dtype=np.float32)

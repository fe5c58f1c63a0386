"""The chat model is built only by the composition root, from GONGKAI_LLM_* settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.bootstrap import bootstrap
from assistant.errors import GongkaiError
from assistant.settings import Settings


class TestChatModelFromSettings:
    def test_no_model_is_configured_by_default(self, tmp_path: Path) -> None:
        """Without GONGKAI_LLM_* the drafter runs offline: no chat model."""
        assert bootstrap(Settings(data_dir=tmp_path)).chat_model() is None

    def test_an_openai_compatible_endpoint_gets_the_url_key_and_timeout(self, tmp_path: Path) -> None:
        """GONGKAI_LLM_PROVIDER=openai builds a ChatOpenAI against the given base URL, without retries."""
        settings = Settings.from_env(
            {
                "GONGKAI_DATA_DIR": str(tmp_path),
                "GONGKAI_LLM_PROVIDER": "openai",
                "GONGKAI_LLM_BASE_URL": "http://127.0.0.1:9/v1",
                "GONGKAI_LLM_MODEL": "deepseek-chat",
                "GONGKAI_LLM_API_KEY": "sk-test",
                "GONGKAI_LLM_TIMEOUT": "7",
            }
        )
        model = bootstrap(settings).chat_model()
        assert type(model).__name__ == "ChatOpenAI"
        assert model.model_name == "deepseek-chat"  # type: ignore[union-attr]
        assert model.openai_api_base == "http://127.0.0.1:9/v1"  # type: ignore[union-attr]
        assert model.request_timeout == 7.0 and model.max_retries == 0  # type: ignore[union-attr]

    def test_ollama_is_supported(self, tmp_path: Path) -> None:
        """GONGKAI_LLM_PROVIDER=ollama builds a ChatOllama (no connection is made)."""
        settings = Settings(
            data_dir=tmp_path,
            llm_provider="ollama",
            llm_model="qwen2.5:7b",
            llm_base_url="http://127.0.0.1:9",
        )
        model = bootstrap(settings).chat_model()
        assert type(model).__name__ == "ChatOllama"

    def test_an_unknown_provider_is_a_chinese_message(self, tmp_path: Path) -> None:
        """A provider gongkai does not support is reported, not guessed."""
        settings = Settings(data_dir=tmp_path, llm_provider="anthropic", llm_model="x")
        with pytest.raises(GongkaiError, match="不支持的模型提供方"):
            bootstrap(settings).chat_model()

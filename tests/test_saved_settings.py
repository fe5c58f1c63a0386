"""Choices saved on the 设置 page: read back by the composition root, environment wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import GongkaiError
from assistant.settings import Settings


class TestSavedSettings:
    def test_saved_choices_are_read_back(self, tmp_path: Path) -> None:
        """A model saved on the settings page is configured after a restart."""
        Settings(data_dir=tmp_path).save_choices(
            {"llm_provider": "openai", "llm_model": "qwen2.5", "llm_api_key": "sk-1"}
        )
        settings = Settings.from_env({"GONGKAI_DATA_DIR": str(tmp_path)})
        assert settings.llm_configured and settings.llm_model == "qwen2.5"
        assert settings.llm_api_key is not None and settings.llm_api_key.get_secret_value() == "sk-1"

    def test_an_environment_variable_wins_over_a_saved_choice(self, tmp_path: Path) -> None:
        """An administrator's GONGKAI_LLM_MODEL is not overridden by the page."""
        Settings(data_dir=tmp_path).save_choices({"llm_model": "from-page"})
        env = {"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_LLM_MODEL": "from-env"}
        assert Settings.from_env(env).llm_model == "from-env"
        assert Settings.from_env(env).env_overridden(env) == {"llm_model"}

    def test_the_saved_file_is_readable_by_its_owner_only(self, tmp_path: Path) -> None:
        """The key is stored with mode 600."""
        path = Settings(data_dir=tmp_path).save_choices({"llm_api_key": "sk-secret"})
        assert path.stat().st_mode & 0o777 == 0o600

    def test_a_broken_settings_file_is_named_in_chinese(self, tmp_path: Path) -> None:
        """A settings.json that is not JSON gives a message naming the file, not a traceback."""
        (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
        with pytest.raises(GongkaiError, match="设置文件无法读取"):
            Settings.from_env({"GONGKAI_DATA_DIR": str(tmp_path)})

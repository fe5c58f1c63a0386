"""Sentence templates and prompts, read from the files in ``prompts/`` into strict models.

Wording lives in files so that staff and maintainers can change it without touching code.
Every file is validated on load (unknown fields and undeclared placeholders are errors),
and a test renders every variant of every file with its declared variables.
"""

from __future__ import annotations

import hashlib
import string
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from assistant.domain.gate import prompt_phrases
from assistant.errors import GongkaiError
from assistant.settings import app_root

PROMPTS_DIR = app_root() / "prompts"


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Sentence(BaseModel):
    """One sentence of the offline drafter: its variables and interchangeable variants."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    variables: list[str] = Field(default_factory=list)
    variants: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _placeholders_are_declared(self) -> Sentence:
        for variant in self.variants:
            unknown = placeholders(variant) - set(self.variables)
            if unknown:
                raise ValueError(f"模板使用了未声明的变量 {sorted(unknown)}：{variant}")
        return self


class SentenceBook(RootModel[dict[str, Sentence]]):
    """All sentences of the offline drafter, by name."""

    def render(self, name: str, seed: str, offset: int = 0, **values: object) -> str:
        """One variant of sentence ``name``, chosen by ``seed`` (agency + year) and ``offset``."""
        sentence = self.root[name]
        digest = int(hashlib.sha256(f"{seed}|{name}".encode()).hexdigest()[:8], 16)
        variant = sentence.variants[(digest + offset) % len(sentence.variants)]
        return variant.format(**{key: values[key] for key in sentence.variables})


class ToolText(BaseModel):
    """What a model is told about one tool it may call: what it does and each argument."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    arguments: dict[str, str] = Field(default_factory=dict)


class PromptFile(BaseModel):
    """A language-model prompt: a system message and a user message with placeholders, and
    for the chat the tools the model is offered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    variables: list[str]
    system: str
    user: str
    tools: dict[str, ToolText] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _placeholders_are_declared(self) -> PromptFile:
        unknown = (placeholders(self.system) | placeholders(self.user)) - set(self.variables)
        if unknown:
            raise ValueError(f"提示词使用了未声明的变量 {sorted(unknown)}")
        return self

    def render(self, **values: object) -> tuple[str, str]:
        chosen = {key: values[key] for key in self.variables}
        return self.system.format(**chosen), self.user.format(**chosen)


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise GongkaiError(f"无法读取模板文件 {path}：{error}") from error


@cache
def sentence_book(path: Path = PROMPTS_DIR / "sentences.yaml") -> SentenceBook:
    """The offline drafter's sentences (read once per process)."""
    try:
        return SentenceBook.model_validate(_load_yaml(path))
    except ValueError as error:
        raise GongkaiError(f"模板文件 {path} 格式不正确：{error}") from error


@cache
def prompt(name: str, directory: Path = PROMPTS_DIR) -> PromptFile:
    """The prompt file ``prompts/<name>.yaml``."""
    path = directory / f"{name}.yaml"
    try:
        return PromptFile.model_validate(_load_yaml(path))
    except ValueError as error:
        raise GongkaiError(f"提示词文件 {path} 格式不正确：{error}") from error


def prompt_names(directory: Path = PROMPTS_DIR) -> list[str]:
    """The language-model prompts in ``directory`` (every file but the offline sentences)."""
    return sorted(path.stem for path in directory.glob("*.yaml") if path.stem != "sentences")


@cache
def prompt_phrases_of_files(directory: Path = PROMPTS_DIR) -> tuple[str, ...]:
    """The labels and instructions of every prompt file, which no drafted part may contain
    (:func:`assistant.domain.gate.prompt_phrases`): derived from the files, so they cannot drift."""
    files = [prompt(name, directory) for name in prompt_names(directory)]
    return prompt_phrases(text for file in files for text in (file.system, file.user))

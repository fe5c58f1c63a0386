"""Figures files: YAML or JSON with canonical keys, and pasted grids saved as .tsv.

The parsing of keys and values lives in the pure domain
(:mod:`assistant.domain.figures`); this adapter reads the file, decodes it and turns
parser errors into messages that name the file and, where the parser knows it, the line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from assistant.domain.figures import figures_from_grid, figures_from_mapping
from assistant.domain.report import Report
from assistant.errors import UnreadableInput

FIGURES_SUFFIXES = (".json", ".yaml", ".yml", ".tsv")
MAX_BYTES = 1024 * 1024


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key written twice in one mapping is an error:
    plain YAML keeps the last value silently, and a figure would change without a word."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if isinstance(key, str | int | float) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"键“{key}”重复（第 {seen[key]} 行已写过），每个键只能写一次",
                    key_node.start_mark,
                )
            if isinstance(key, str | int | float):
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _unique_json_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different; ``json`` would keep the last silently."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"键“{key}”重复，每个键只能写一次")
        data[key] = value
    return data


def _text(path: Path) -> str:
    if not path.is_file():
        raise UnreadableInput(f"{path}：文件不存在。")
    # The size on disk decides before anything is read, as for report documents.
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableInput(
            f"{path}：文件过大（{size / 1024 / 1024:.0f} MB），"
            f"数字文件通常不超过 {MAX_BYTES // 1024 // 1024} MB，请确认选对了文件。"
        )
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableInput(f"{path}：文件为空。")
    if b"\x00" in data:
        raise UnreadableInput(
            f"{path}：不是文本文件（含二进制内容），数字文件应为 UTF-8 编码的 YAML、JSON 或制表符分隔的表格。"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableInput(f"{path}：无法识别文件编码，请另存为 UTF-8。")


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text, object_pairs_hook=_unique_json_keys)
        except json.JSONDecodeError as error:
            raise UnreadableInput(f"{path}：第 {error.lineno} 行：JSON 格式错误（{error.msg}）。") from None
        except ValueError as error:
            raise UnreadableInput(f"{path}：{error}。") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader: no arbitrary objects
    except yaml.MarkedYAMLError as error:
        line = f"：第 {error.problem_mark.line + 1} 行" if error.problem_mark else ""
        raise UnreadableInput(f"{path}{line}：YAML 格式错误（{error.problem or error}）。") from None
    except yaml.YAMLError as error:
        raise UnreadableInput(f"{path}：YAML 格式错误（{error}）。") from None


def load_figures(path: Path) -> Report:
    """A figures file (.yaml/.yml/.json with canonical keys, or a .tsv grid) as a ``Report``."""
    path = Path(path)
    text = _text(path)
    if path.suffix.lower() == ".tsv":
        return figures_from_grid(text, where=str(path)).to_report(source=str(path))
    data = _parse(path, text)
    if data is None:
        raise UnreadableInput(f"{path}：文件为空。")
    return figures_from_mapping(data, where=str(path)).to_report(source=str(path))

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
MAX_DEPTH = 16
"""Levels of nesting a figures file may use; the deepest real shape (``figures: {t3: {new:
{natural: 3}}}``) has four."""
_MAX_DIGITS = 100


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, stricter where a figures file must be: a key written twice in
    one mapping is an error (plain YAML keeps the last value silently, and a figure would
    change without a word); aliases and anchors are refused (nine lines of them expand to
    a billion items, the “billion laughs”), and so is nesting deeper than ``MAX_DEPTH``;
    an impossible date (2024-02-30) stays text for the date check to name, and an integer
    of more digits than any figure is refused before Python converts it."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, f"不支持 YAML 别名（*{event.anchor}），请直接写出数值", mark
            )
        if getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, f"不支持 YAML 锚点（&{event.anchor}），请直接写出数值", mark
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"嵌套超过 {MAX_DEPTH} 层", mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if sum(ch.isdigit() for ch in str(node.value)) > _MAX_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"数字位数过多（{len(str(node.value))} 位），数值过大", node.start_mark
            )
        return int(super().construct_yaml_int(node))

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


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _UniqueKeyLoader.construct_yaml_timestamp)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _UniqueKeyLoader.construct_yaml_int)


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


class _LongNumber(ValueError):
    """An integer in a JSON file with more digits than any figure (and than ``int()`` takes)."""


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise _LongNumber(text)
    return int(text)


def _depth(data: Any) -> int:
    """How deeply mappings and lists nest in ``data`` (walked without recursion)."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text, object_pairs_hook=_unique_json_keys, parse_int=_json_int)
        except json.JSONDecodeError as error:
            raise UnreadableInput(f"{path}：第 {error.lineno} 行：JSON 格式错误（{error.msg}）。") from None
        except RecursionError:
            raise UnreadableInput(f"{path}：JSON 嵌套层数过多（超过 {MAX_DEPTH} 层）。") from None
        except _LongNumber as error:
            line = text.count("\n", 0, text.find(str(error))) + 1
            raise UnreadableInput(
                f"{path}：第 {line} 行：数字位数过多（{len(str(error))} 位），数值过大。"
            ) from None
        except ValueError as error:
            raise UnreadableInput(f"{path}：{error}。") from None
        if _depth(data) > MAX_DEPTH:
            raise UnreadableInput(f"{path}：JSON 嵌套层数过多（超过 {MAX_DEPTH} 层）。")
        return data
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader: no arbitrary objects
    except yaml.MarkedYAMLError as error:
        where = f"：第 {error.problem_mark.line + 1} 行" if error.problem_mark else ""
        raise UnreadableInput(f"{path}{where}：YAML 格式错误（{error.problem or error}）。") from None
    except yaml.YAMLError as error:
        raise UnreadableInput(f"{path}：YAML 格式错误（{error}）。") from None
    except (ValueError, TypeError, OverflowError):
        # A scalar PyYAML's own constructors cannot convert (a float such as 1e99999 is
        # infinite instead, and refused with its key by the figure check).
        raise UnreadableInput(f"{path}：YAML 中有无法识别的数值或日期，请检查写法。") from None


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

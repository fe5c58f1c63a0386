"""Figures in: a mapping of canonical keys (from a YAML/JSON file) or a pasted table grid.

Both produce a ``Report`` whose ``figures`` hold only what was given; totals not given
are derived later by :func:`assistant.domain.totals.complete` and never reported as
findings.  Nothing is guessed: an unknown key, a negative count or an unreadable cell
raises ``UnreadableInput`` naming where it stands.  Free text typed in a chat is read by
:mod:`assistant.domain.figures_text`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from assistant.domain.agency import infer_agency
from assistant.domain.layout import (
    CELL_BY_KEY,
    ReportFormat,
    cell_name,
    cell_of,
    format_of_keys,
)
from assistant.domain.numbers import as_figure, parse_cell
from assistant.domain.report import Agency, AgencyLevel, Figure, Report
from assistant.domain.table_mapping import entered_figures, is_value_text, value_problem
from assistant.domain.years import is_written_date, written_date
from assistant.errors import NotAReport, UnreadableInput

# Whether the agency is a people's government, where its name does not tell (English or Chinese key).
PEOPLE_GOVERNMENT_KEYS = ("people_government", "人民政府")
META_KEYS = (
    "agency",
    "level",
    *PEOPLE_GOVERNMENT_KEYS,
    "year",
    "notes",
    "note",
    "published",
    "title",
    "format",
)
# What ``figures --json`` / ``check --json`` print beside the figures: accepted and ignored,
# so that their output reads back as a figures file.
OUTPUT_KEYS = ("file", "findings", "unmatched")
# The nested shape keeps the cells under one key: {"agency": …, "year": …, "figures": {…}}.
FIGURES_KEY = "figures"
_TABLE_PREFIX = re.compile(r"^t[234]\.")
_ALL_KEYS = set(CELL_BY_KEY[ReportFormat.F2021]) | set(CELL_BY_KEY[ReportFormat.F2019])
_LEVEL_ALIASES = {"镇": AgencyLevel.TOWN, "乡": AgencyLevel.TOWN, "街道": AgencyLevel.TOWN}
_YES, _NO = ("是", "true", "yes"), ("否", "false", "no")


class FiguresInput(BaseModel):
    """What a figures file or a paste gives: figures under canonical keys and who/when."""

    figures: dict[str, Figure] = Field(default_factory=dict)
    agency: str = ""
    level: AgencyLevel | None = None
    # Stated in the file, it overrides the guess from the name: 平潭综合实验区 reports as a
    # people's government without 人民政府 in its name.
    people_government: bool | None = None
    year: int | None = None
    published: date | None = None
    notes: list[str] = Field(default_factory=list)
    format: ReportFormat | None = None

    def to_report(self, source: str | None = None) -> Report:
        agency = infer_agency(self.agency) if self.agency else Agency()
        if self.level is not None:
            agency = agency.model_copy(update={"level": self.level})
        if self.people_government is not None:
            agency = agency.model_copy(update={"is_people_government": self.people_government})
        fmt = self.format or format_of_keys(set(self.figures))
        return Report(
            agency=agency,
            year=self.year,
            published=self.published,
            format=fmt,
            figures=dict(self.figures),
            notes=list(self.notes),
            source=source,
        )


def nearest_key(key: str) -> str | None:
    """The canonical key closest to a mistyped one, to suggest in the error message."""
    close = difflib.get_close_matches(key, sorted(_ALL_KEYS), n=1, cutoff=0.6)
    return close[0] if close else None


def flatten(
    data: Mapping[str, Any], where: str, prefix: str = "", into: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Nested ``{t3: {new: {natural: 3}}}`` to flat ``{"t3.new.natural": 3}``.

    A cell written both ways (``t3.new.natural: 3`` beside ``t3: {new: {natural: 4}}``) is
    an error: which of the two the user meant cannot be known.
    """
    flat: dict[str, Any] = {} if into is None else into
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flatten(value, where, f"{name}.", flat)
        elif name in flat:
            raise UnreadableInput(
                f"{where}：“{name}”写了两次（{flat[name]!r} 和 {value!r}），"
                "平铺写法与嵌套写法（或 figures 内外）只能写一处。"
            )
        else:
            flat[name] = value
    return flat


def figure_value(key: str, value: Any, where: str, *, by_label: bool = False) -> tuple[Figure, bool]:
    """One given value checked against its cell: a count, an amount, or a signed change.

    Returns the value and whether it was blank (read as 0).  Messages name the cell by its
    key and labels, or, with ``by_label`` (typed text and pasted grids, where the user
    never saw a key), by its row and column labels alone.
    """
    cell = cell_of(key)
    assert cell is not None, key
    labels = cell_name(key, compact=True)
    named = f"“{labels}”" if by_label else f"“{key}”（{labels}）"
    if isinstance(value, bool) or not isinstance(value, int | float | str | None):
        raise UnreadableInput(f"{where}：{named}的值“{value}”不是数字。")
    blank = False
    if value is None:
        number: Figure = 0
        blank = True
    elif isinstance(value, str):
        try:
            number, blank = parse_cell(value)
        except ValueError:
            raise UnreadableInput(f"{where}：{named}的值“{value}”不是数字。") from None
    else:
        number = value
    if problem := value_problem(cell, number):
        raise UnreadableInput(f"{where}：{named}{problem}，读到 {value}。")
    return as_figure(number), blank


def figures_from_mapping(data: Mapping[str, Any], where: str = "数字文件") -> FiguresInput:
    """Figures under canonical keys plus optional agency/level/year/format/notes.

    The keys are flat (``t3.new.natural: 3``) or nested (``t3: {new: {natural: 3}}``), at
    the top level or under ``figures``.  A mapping with no table key at all is not a
    figures file (``NotAReport``); one with a mistyped key among real ones is an error.
    """
    if not isinstance(data, Mapping):
        raise NotAReport(f"{where}：内容应为“键: 数值”的映射，例如 t3.new.natural: 3。")
    meta = {key: data[key] for key in META_KEYS if key in data}
    given = {
        key: value
        for key, value in data.items()
        if key not in META_KEYS and key not in OUTPUT_KEYS and key != FIGURES_KEY
    }
    nested = data.get(FIGURES_KEY)
    if nested is not None and not isinstance(nested, Mapping):
        raise UnreadableInput(f"{where}：“figures”应为“键: 数值”的映射，读到 {nested!r}。")
    cells = flatten(nested or {}, where, into=flatten(given, where))
    if nested is None and not any(_TABLE_PREFIX.match(key) for key in cells):
        raise NotAReport(
            f"{where}：没有 t2.*、t3.*、t4.* 这样的数字键，看起来不是数字文件"
            + (f"（读到未知的键“{next(iter(cells))}”）。" if cells else "。")
        )
    figures: dict[str, Figure] = {}
    notes: list[str] = []
    for key, value in cells.items():
        if key not in _ALL_KEYS:
            suggestion = nearest_key(key)
            hint = f"，是否应为“{suggestion}”？" if suggestion else "。"
            raise UnreadableInput(f"{where}：未知的数字键“{key}”{hint}")
        figures[key], blank = figure_value(key, value, where)
        if blank:
            notes.append(f"“{key}”为空，按 0 计。")
    stated = _format(meta.get("format"), where)
    fmt = stated or format_of_keys(set(figures))
    foreign = sorted(set(figures) - set(CELL_BY_KEY[fmt]))
    if foreign and stated:
        other = "2021 年格式" if stated is ReportFormat.F2019 else "2019 年试行格式"
        raise UnreadableInput(f"{where}：“format”为 {stated.value}，但“{foreign[0]}”是{other}的键。")
    if foreign:
        raise UnreadableInput(
            f"{where}：同时出现 2019 年试行格式和 2021 年格式特有的键（如“{foreign[0]}”），请只用一种格式。"
        )
    return FiguresInput(
        figures=figures,
        agency=_text(meta.get("agency"), "agency", where),
        level=_level(meta.get("level"), where),
        people_government=_people_government(meta, where),
        year=_year(meta.get("year"), where),
        published=_published(meta.get("published"), where),
        notes=[*_notes(meta.get("notes")), *_notes(meta.get("note")), *notes],
        format=fmt,
    )


def _format(value: Any, where: str) -> ReportFormat | None:
    if value is None or value == "":
        return None
    try:
        return ReportFormat(str(value).strip())
    except ValueError:
        raise UnreadableInput(f"{where}：“format”应为 2021 或 2019，读到“{value}”。") from None


def _text(value: Any, key: str, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UnreadableInput(f"{where}：“{key}”应为文字，读到 {value!r}。")
    return value.strip()


def _level(value: Any, where: str) -> AgencyLevel | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text in _LEVEL_ALIASES:
        return _LEVEL_ALIASES[text]
    try:
        return AgencyLevel(text)
    except ValueError:
        choices = "、".join(level.value for level in AgencyLevel)
        raise UnreadableInput(f"{where}：“level”应为 {choices} 之一，读到“{text}”。") from None


def _people_government(meta: Mapping[str, Any], where: str) -> bool | None:
    """``people_government`` (or ``人民政府``): true/false, 是/否; None where neither is written."""
    given = [key for key in PEOPLE_GOVERNMENT_KEYS if meta.get(key) not in (None, "")]
    if not given:
        return None
    if len(given) > 1:
        raise UnreadableInput(f"{where}：“people_government”与“人民政府”写了两次，只能写一处。")
    value = meta[given[0]]
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES or text in _NO:
        return text in _YES
    raise UnreadableInput(f"{where}：“{given[0]}”应为 true 或 false（是/否），读到“{value}”。")


def _year(value: Any, where: str) -> int | None:
    if value is None or value == "":
        return None
    text = str(value).strip().removesuffix("年")
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise UnreadableInput(f"{where}：“year”应为四位年份，读到“{value}”。")
    return int(text)


def _published(value: Any, where: str) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    if not is_written_date(str(value)):
        raise UnreadableInput(f"{where}：“published”应为日期（如 2024-01-18），读到“{value}”。")
    published = written_date(str(value), whole=True)
    if published is None:
        raise UnreadableInput(f"{where}：“published”不是有效日期：“{value}”。")
    return published


def _notes(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


# --- pasted grids ---------------------------------------------------------------------


def figures_from_grid(text: str, where: str = "粘贴的表格") -> FiguresInput:
    """Figures from a grid pasted from Excel/WPS (or a .tsv): table 2, 3 or 4, with or
    without its header rows and labels, read by the one table mapping
    (:func:`assistant.domain.table_mapping.entered_figures`); the first cell that cannot
    stand is the error, located by line and column."""
    grid = [[cell.strip() for cell in line.split("\t")] for line in text.splitlines() if line.strip()]
    if not any(is_value_text(cell) and cell.strip() for row in grid for cell in row):
        raise NotAReport(f"{where}：没有找到数字。")
    try:
        reading = entered_figures(grid)
    except NotAReport as error:
        raise NotAReport(f"{where}：{error.message}") from None
    except UnreadableInput as error:
        raise UnreadableInput(f"{where}：{error.message}") from None
    if reading.problems:
        raise UnreadableInput(f"{where}：{reading.problems[0].located()}。")
    return FiguresInput(figures=reading.figures, notes=reading.notes, format=reading.format)

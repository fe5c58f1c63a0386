"""Which report year a person means ("2022年", 今年, 去年, 前年 — relative to the year in
hand), and the dates reports write.

Staff ask "去年我们平台建设怎么写的" while drafting a given year's report, so 去年 is the
year before the report they are writing, not the year before the calendar's.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.domain.numbers import chinese_to_int

_WRITTEN_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# 2024年1月20日 or 二〇二四年一月二十日 (the 落款 writes either; a figures file may leave off the
# 日), 2024-01-20, 2024/1/20, 2024.1.20.
_CHINESE_DATE = re.compile(
    r"([12]\d{3}|[〇○零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})日?"
)
_NUMERIC_DATE = re.compile(r"([12]\d{3})[-/.](\d{1,2})[-/.](\d{1,2})")
_RELATIVE = (("前年", 2), ("去年", 1), ("上一年", 1), ("上年度", 1), ("今年", 0), ("本年", 0))


def drafting_year(today: date) -> int:
    """The report year staff are working on: last year's until mid-year (reports are due
    between January and March), this year's after that."""
    return today.year - 1 if today.month <= 6 else today.year


def mentioned_year(query: str, current_year: int) -> int | None:
    """The report year a question names: "2022年", or 今年/去年/前年 relative to ``current_year``."""
    match = _WRITTEN_YEAR.search(query)
    if match:
        return int(match.group(1))
    for word, offset in _RELATIVE:
        if word in query:
            return current_year - offset
    return None


def names_relative_year(query: str) -> bool:
    """Whether the question names its year as 今年/去年/前年 rather than writing it out."""
    return _WRITTEN_YEAR.search(query) is None and any(word in query for word, _ in _RELATIVE)


def chinese_date(day: date) -> str:
    """A date as a 落款 prints it: 2025年1月20日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _date_written(text: str, whole: bool) -> re.Match[str] | None:
    compact = re.sub(r"\s+", "", text)
    for pattern in (_CHINESE_DATE, _NUMERIC_DATE):
        match = pattern.fullmatch(compact) if whole else pattern.search(compact)
        if match is not None:
            return match
    return None


def is_written_date(text: str) -> bool:
    """Whether a text is a date and nothing else, as a 落款's date line is, whether or not
    the day exists (spaces inside are ignored: "2024 年 1 月 20 日")."""
    return _date_written(text, whole=True) is not None


def written_date(text: str, *, whole: bool = False) -> date | None:
    """The first date a text writes, as a 落款 or a figures file does (the reverse of
    :func:`chinese_date`), or None; ``whole``: the text is the date and nothing else.
    An impossible day (2月30日) is no date."""
    match = _date_written(text, whole)
    if match is None:
        return None
    try:
        return date(*(int(part) if part.isdigit() else chinese_to_int(part) for part in match.groups()))
    except ValueError:
        return None

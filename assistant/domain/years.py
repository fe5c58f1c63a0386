"""Which report year a person means: "2022年", 今年, 去年, 前年 — relative to the year in hand.

Staff ask "去年我们平台建设怎么写的" while drafting a given year's report, so 去年 is the
year before the report they are writing, not the year before the calendar's.
"""

from __future__ import annotations

import re
from datetime import date

_WRITTEN_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
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

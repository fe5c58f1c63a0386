"""Numbers as staff write them: full-width digits, thousands separators, Chinese numerals.

Readers and figure parsers share these helpers so that a cell reads the same whether it
came from a .docx, a pasted Excel grid or a chat message.  ``parse_cell`` never guesses:
what it cannot read raises ``ValueError`` for the caller to turn into a located message.
"""

from __future__ import annotations

import math
import re

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋　％", "0123456789.,-+ %")
_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3,
           "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
           "九": 9, "玖": 9}  # fmt: skip
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG_UNITS)
# Magnitudes written after a number ("5万", "3千次"); 十 and 百 are not used this way in reports.
MAGNITUDES = {"千": 1_000, "万": 10_000, "亿": 100_000_000}
BLANK_MARKS = {"", "—", "-", "/", "／", "－", "——", "－－", "--", "\\", "无"}

_ARABIC = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
# Past this many digits a number is no figure, and ``int()`` of thousands of digits is refused
# by Python itself; such numbers come back as float (infinite when huge) for the caller's
# range check (:func:`figure_problem`) to refuse in words.
_MAX_INT_DIGITS = 15
MAX_FIGURE = 10**12
"""No figure of a report comes near a trillion, not even the 2019 format's procurement total
in 元; past it a number is a slip or an attack (and floats lose whole units)."""


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII, whitespace stripped."""
    return text.translate(_FULL_WIDTH).replace("\u00a0", " ").strip()


def chinese_to_int(text: str) -> int:
    """Value of a Chinese numeral such as 一百零二, 十二, 两千三百, 三万五千."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        raise ValueError(f"不是中文数字：{text}")
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    digit: int | None = None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[ch]
            section = 0
            digit = None
    return total + section + (digit or 0)


def scaled(value: float, following: str) -> float:
    """``value`` times the magnitude written after it: "5万" is 50000, "3千" is 3000.

    Before 元 an amount reads in 万元, the unit of the tables' fee column, so that prose
    and table compare: "1.25万元" is 1.25 and "1.2亿元" is 12000.
    """
    magnitude = MAGNITUDES.get(following[:1])
    if magnitude is None:
        return value
    if following[1:2] == "元":
        return round(value * magnitude / 10_000, 6)
    return round(value * magnitude, 6)


def parse_number(text: str) -> int | float:
    """An Arabic or Chinese number; integers come back as ``int``."""
    value = normalise(text).replace(" ", "")
    if _ARABIC.match(value):
        value = value.replace(",", "")
        whole = value.lstrip("+-").split(".")[0]
        return float(value) if "." in value or len(whole) > _MAX_INT_DIGITS else int(value)
    if value and all(ch in CHINESE_NUMERAL_CHARS for ch in value):
        return chinese_to_int(value)
    raise ValueError(f"无法识别的数字：{text.strip()}")


def parse_cell(text: str) -> tuple[int | float, bool]:
    """A table cell's value and whether it was blank (read as 0 — callers add a note)."""
    value = normalise(text).replace(" ", "")
    value = re.sub(r"[件条个项次万元]+$", "", value) if value not in BLANK_MARKS else value
    if value in BLANK_MARKS:
        return 0, True
    return parse_number(value), False


def figure_problem(value: float) -> str | None:
    """Why a number cannot stand in a report's table — not a number at all (NaN), infinite,
    or beyond :data:`MAX_FIGURE` — in words to follow the cell's name; None when it can."""
    # An int of hundreds of digits does not convert to float: compare it as it is.
    if not isinstance(value, int) and math.isnan(value):
        return "不是有效的数字"
    if abs(value) > MAX_FIGURE:
        return "数值过大（超过一万亿），请核实"
    return None


def as_figure(value: float) -> int | float:
    """Whole numbers as ``int`` so that JSON prints 3, not 3.0."""
    return int(value) if float(value).is_integer() else value

"""How much of a text is reused from another: the measure behind W3 and the drafter's bar.

The measure is the share of a text's characters that lie inside a common substring of at
least ``MIN_RUN`` characters with the other text.  Digit runs are folded to one symbol
first, so "last year's paragraph with new numbers" still counts as reused — that is the
copying the format notice forbids (年年雷同).  Whitespace is ignored.
"""

from __future__ import annotations

import re

MIN_RUN = 12
_DIGIT_RUN = re.compile(r"\d+(\.\d+)?")
_SPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    return _DIGIT_RUN.sub("0", _SPACE.sub("", text))


def reused_mask(text: str, source: str, min_run: int = MIN_RUN) -> list[bool]:
    """For each character of folded ``text``: does it lie in a run shared with ``source``?"""
    folded, folded_source = _fold(text), _fold(source)
    mask = [False] * len(folded)
    if len(folded) < min_run or len(folded_source) < min_run:
        return mask
    grams = {folded_source[i : i + min_run] for i in range(len(folded_source) - min_run + 1)}
    for i in range(len(folded) - min_run + 1):
        if folded[i : i + min_run] in grams:
            for j in range(i, i + min_run):
                mask[j] = True
    return mask


def reuse_ratio(text: str, source: str, min_run: int = MIN_RUN) -> float:
    """Share (0–1) of ``text`` inside common runs of ≥ ``min_run`` characters with ``source``."""
    mask = reused_mask(text, source, min_run)
    return sum(mask) / len(mask) if mask else 0.0

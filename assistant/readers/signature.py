"""The 落款: the agency and the date that close a report, told apart from the prose above.

Up to three last lines of the last part are the signature when each is a date, a name
that ends as an agency's does (…人民政府, …局, …委员会), the agency the title or the file
names (or a shorter form of it), or a short name just above the date.  A part's own
closing words (“无其他需要报告的事项”) never are, however short.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.domain.years import is_written_date, written_date

_AGENCY_END = re.compile(r"(政府|局|委员会|委|办公室|办公厅|厅|中心|管委会|管理委员会|街道办事处|院|处|所)$")
_SENTENCE_MARKS = re.compile(r"[。，,；;：:！!？?、>›|/]")
# Words of a part's own text (“无其他需要报告的事项”), never of a signer's name.
_CONTENT_WORDS = re.compile(r"^(无|没有|本|我)|事项|情况")
_MOST_LINES = 3


def ends_like_agency(text: str) -> bool:
    """Whether a name ends as an agency's does (…人民政府, …局, …委员会)."""
    return _AGENCY_END.search(text) is not None


def is_short_name(line: str) -> bool:
    """A line that can be a name: short, with no sentence punctuation or separators."""
    line = line.strip()
    return 0 < len(line) <= 30 and not _SENTENCE_MARKS.search(line) and not is_written_date(line)


def split_signature(lines: list[str], named: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The prose lines and, after them, the signature's lines; ``named``: the agency as the
    title and the file name it."""
    prose = list(lines)
    signature: list[str] = []
    while prose and len(signature) < _MOST_LINES:
        line = prose[-1].strip()
        before_date = len(signature) == 1 and is_written_date(signature[0])
        if not (
            _is_signature_line(line)
            or _names_agency(line, named)
            or (before_date and is_short_name(line) and not _CONTENT_WORDS.search(line))
        ):
            break
        signature.insert(0, prose.pop())
    return prose, signature


def signed(signature: list[str], hints: dict[str, str]) -> tuple[date | None, str]:
    """The date and the signer a signature gives; the date the page states when it has none."""
    published: date | None = None
    signer = ""
    for line in signature:
        found = written_date(line)
        if found is not None:
            published = found
        else:
            signer = re.sub(r"\s+", "", line)
    if published is None and hints.get("published"):
        published = written_date(hints["published"])
    return published, signer


def _is_signature_line(line: str) -> bool:
    line = line.strip()
    if not line or len(line) > 40 or "。" in line:
        return False
    if is_written_date(line):
        return True
    return ends_like_agency(re.sub(r"\s+", "", line)) and "，" not in line


def _names_agency(line: str, named: tuple[str, ...]) -> bool:
    """The line is the agency the title or the file names, or a shorter form of it."""
    compact = re.sub(r"\s+", "", line)
    return len(compact) >= 3 and any(compact == name or compact in name for name in named if name)

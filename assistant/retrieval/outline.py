"""A report's narrative from its plain text, found by the headings the format prescribes.

Used when a reader returns a report without narrative (a layout it could not split into
parts): the headings are searched in the order the format fixes them, anywhere in the text,
because flattened pages often run a heading into the paragraph before it.
"""

from __future__ import annotations

import re

from assistant.domain.report import Agency, AgencyLevel, Narrative, Part, Report, SubPart

_PART_HEADINGS: tuple[tuple[Part, str], ...] = (
    (Part.OVERVIEW, r"一、\s*总体情况"),
    (Part.PROACTIVE_TABLE, r"二、\s*主动公开政府信息情况"),
    (Part.REQUEST_TABLE, r"三、\s*收到和处理政府信息公开申请情况"),
    (Part.REVIEW_TABLE, r"四、\s*政府信息公开行政[^\n]{0,4}复议"),
    (Part.PROBLEMS, r"五、[^\n。]{0,16}存在的主要问题(?:及改进情况)?"),
    (Part.OTHER_MATTERS, r"六、\s*其他需要报告的事项"),
)
# A sub-part is only recognised by its topic word: the 2019 trial format numbered other
# things （一）（二） under 总体情况 (基本情况, 主要做法), which are not the five sub-parts.
_SUBPART_HEADINGS: dict[SubPart, str] = {
    SubPart.PROACTIVE: r"（一）\s*[^。，\n]{0,6}?主动公开",
    SubPart.REQUESTS: r"（二）\s*[^。，\n]{0,6}?依申请",
    SubPart.MANAGEMENT: r"（三）\s*[^。，\n]{0,6}?管理",
    SubPart.PLATFORMS: r"（四）\s*[^。，\n]{0,8}?(?:平台|载体)",
    SubPart.OVERSIGHT: r"（五）\s*[^。，\n]{0,6}?(?:监督|保障)",
}
_TITLE = re.compile(r"(?P<agency>[^\s#]+?)(?P<year>(?:19|20)\d{2})\s*年度?[^\n]*?政府信息公开工作年度报告")
_TITLE_YEAR_FIRST = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年(?!度)(?P<agency>[^\s#]+?)政府信息公开工作年度报告"
)

_LEVELS: tuple[tuple[str, AgencyLevel], ...] = (
    ("乡人民政府", AgencyLevel.TOWN),
    ("镇人民政府", AgencyLevel.TOWN),
    ("街道办事处", AgencyLevel.TOWN),
    ("县人民政府", AgencyLevel.COUNTY),
    ("区人民政府", AgencyLevel.COUNTY),
    ("市人民政府", AgencyLevel.CITY),
    ("省人民政府", AgencyLevel.PROVINCE),
)


def _clean(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())


def _agency_and_year(text: str) -> tuple[str, int]:
    head = text[:400]
    for pattern in (_TITLE_YEAR_FIRST, _TITLE):
        match = pattern.search(head)
        if match and match.group("agency"):
            return match.group("agency").strip("《 "), int(match.group("year"))
    return "", 0


def outline_report(text: str, source: str = "") -> Report:
    """A ``Report`` with agency, year and narrative taken from the text's headings."""
    agency, year = _agency_and_year(text)
    found: list[tuple[Part, int, int]] = []
    position = 0
    for part, pattern in _PART_HEADINGS:
        match = re.compile(pattern).search(text, position)
        if match:
            found.append((part, match.start(), match.end()))
            position = match.end()
    bodies: dict[Part, str] = {}
    starts: dict[Part, int] = {}
    for index, (part, _, body_start) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        bodies[part] = text[body_start:end]
        starts[part] = body_start
    preamble_end = found[0][1] if found else 0
    line_start = text.rfind("\n", 0, preamble_end) + 1
    headings_before = [m.end() for m in re.finditer(r"(?m)^#{1,6}[^\n]*$", text[:line_start])]
    preamble = text[headings_before[-1] if headings_before else 0 : preamble_end]
    narrative = Narrative(preamble=_clean(_strip_markup(preamble)))
    overview = bodies.get(Part.OVERVIEW, "")
    position = 0
    sub_spans: list[tuple[SubPart, int, int]] = []
    for sub, pattern in _SUBPART_HEADINGS.items():
        match = re.compile(pattern).search(overview, position)
        if match:
            sub_spans.append((sub, match.start(), match.start() + len(sub.value)))
            position = match.end()
    narrative.overview = _clean(overview[: sub_spans[0][1]] if sub_spans else overview)
    for index, (sub, _, body_start) in enumerate(sub_spans):
        end = sub_spans[index + 1][1] if index + 1 < len(sub_spans) else len(overview)
        narrative.subparts[sub] = _clean(overview[body_start:end])
    narrative.problems = _clean(bodies.get(Part.PROBLEMS, ""))
    narrative.other_matters = _clean(_strip_markup(bodies.get(Part.OTHER_MATTERS, "")))
    level = next((lvl for suffix, lvl in _LEVELS if agency.endswith(suffix)), None)
    return Report(
        agency=Agency(name=agency, level=level, is_people_government=agency.endswith("人民政府")),
        year=year or None,
        title=_title_line(text),
        narrative=narrative,
        source=source,
    )


def _strip_markup(text: str) -> str:
    """Drop markdown metadata lines and headings that are not narrative."""
    kept = [
        line for line in text.splitlines() if not line.lstrip().startswith(("#", "- ", "|", "<!--", "**"))
    ]
    return "\n".join(kept)


def _title_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip()
    return ""

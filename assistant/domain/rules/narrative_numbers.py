"""Numbers the narrative states, tied to table cells only where the wording is unambiguous.

R7 compares "行政处罚3件", "予以公开及部分公开258件", "未收到…申请" with the tables; R8
adds up "共69条（其中，工作动态54条；…）".  Every pattern is anchored on the words right
before the number; a sentence that speaks of another year, a comparison (同比, 较去年) or a
cumulative figure (累计) is skipped, because a wrong error costs a reviewer more than a
missed one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from assistant.domain.findings import Finding
from assistant.domain.layout import APPLICANT_COLUMNS, ReportFormat, t3_rows
from assistant.domain.numbers import as_figure, parse_number
from assistant.domain.report import Figure, Part, Report
from assistant.domain.rules.cells import cell_values, printed

_CN = "零〇一二两三四五六七八九十百千万"
NUMBER = rf"(?P<n>\d+(?:,\d{{3}})*|[{_CN}]+)"
_DIGITS = str.maketrans("０１２３４５６７８９，（）：；", "0123456789,（）：；")
_GAP = r"[^，。；;,\d]{0,12}?"
_COMPARISON = r"同比|较上年|较去年|比上年|比去年|去年|增长|下降|减少|增加|累计|以来|历年|平均"
_SKIP_CLAUSE = re.compile(rf"{_COMPARISON}|占比|%|％")


@dataclass(frozen=True)
class StatedNumber:
    """A number the narrative states about table cells (their sum when several)."""

    keys: tuple[str, ...]
    value: Figure
    part: Part
    sentence: str
    what: str
    also: tuple[str, ...] = ()

    def evidence(self, values: Mapping[str, Figure], expected: Figure) -> dict[str, object]:
        """What a finding about this number shows: the cells, both figures, and the sentence."""
        return {
            "cells": {key: values.get(key, 0) for key in self.keys},
            "expected": expected,
            "found": self.value,
            "part": self.part.value,
            "quote": self.sentence,
        }


def _group_leaves(group: str, fmt: ReportFormat) -> tuple[str, ...]:
    leaves = tuple(f"t3.{row.key}.total" for row in t3_rows(fmt) if row.group == group)
    return leaves or (f"t3.{group}.total",)


def _patterns(fmt: ReportFormat) -> list[tuple[re.Pattern[str], tuple[str, ...], str]]:
    """Phrase → cells, most specific first; a matched span is not read again."""
    table = [
        (
            rf"予以公开(?:及|和|与|或|、)部分公开(?:的)?(?:申请)?(?:共)?{NUMBER}件",
            ("t3.disclosed.total", "t3.partial.total"),
        ),
        (rf"(?<![不及和或、])予以公开(?:申请)?(?:共)?{NUMBER}件", ("t3.disclosed.total",)),
        (rf"(?<![及和或与])部分公开(?:申请)?(?:共)?{NUMBER}件", ("t3.partial.total",)),
        (rf"不予公开(?:申请)?(?:共)?{NUMBER}件", _group_leaves("withheld", fmt)),
        (rf"无法提供(?:申请)?(?:共)?{NUMBER}件", _group_leaves("unavailable", fmt)),
        (rf"不予处理(?:申请)?(?:共)?{NUMBER}件", _group_leaves("not_processed", fmt)),
        (rf"其他处理(?:申请)?(?:共)?{NUMBER}件", _group_leaves("other_handling", fmt)),
        (rf"上年(?:度)?结转(?:的)?(?:政府信息公开)?申请(?:共)?{NUMBER}件", ("t3.carried_in.total",)),
        (
            rf"(?:新收|收到|受理|接到){_GAP}(?:政府信息公开|信息公开)申请(?:共|数量为|总数为)?{NUMBER}件",
            ("t3.new.total",),
        ),
        (rf"行政处罚(?:决定|案件)?(?:共)?{NUMBER}(?:件|个)", ("t2.penalty.decisions",)),
        (rf"行政许可(?:决定|事项办理)?(?:共)?{NUMBER}(?:件|个)", ("t2.licensing.decisions",)),
        (rf"行政强制(?:决定|措施)?(?:共)?{NUMBER}(?:件|个)", ("t2.coercion.decisions",)),
        (rf"行政复议(?:案件|申请)?(?:共)?{NUMBER}件", ("t4.review.total",)),
        (
            rf"(?<!复议后)诉讼(?:案件)?(?:共)?{NUMBER}件",
            ("t4.suit_direct.total", "t4.suit_after_review.total"),
        ),
    ]
    return [(re.compile(pattern), keys, _WHAT.get(keys, _WHAT[keys[:1]])) for pattern, keys in table]


_ORGANISATION_KEYS = tuple(f"t3.new.{col}" for col, _ in APPLICANT_COLUMNS[1:])
_WHAT: dict[tuple[str, ...], str] = {
    ("t3.disclosed.total", "t3.partial.total"): "表三“予以公开”与“部分公开”之和",
    ("t3.disclosed.total",): "表三“予以公开”",
    ("t3.partial.total",): "表三“部分公开”",
    ("t3.withheld.state_secret.total",): "表三“不予公开”各项之和",
    ("t3.unavailable.not_held.total",): "表三“无法提供”各项之和",
    ("t3.not_processed.petition.total",): "表三“不予处理”各项之和",
    ("t3.other_handling.no_correction.total",): "表三“其他处理”各项之和",
    ("t3.other_handling.total",): "表三“其他处理”",
    ("t3.carried_in.total",): "表三“上年结转”",
    ("t3.new.total",): "表三“本年新收申请”",
    ("t3.new.natural",): "表三“本年新收申请”中自然人",
    _ORGANISATION_KEYS: "表三“本年新收申请”中法人或其他组织（商业企业至其他五列）之和",
    ("t2.penalty.decisions",): "表二“行政处罚”处理决定数",
    ("t2.licensing.decisions",): "表二“行政许可”处理决定数",
    ("t2.coercion.decisions",): "表二“行政强制”处理决定数",
    ("t4.review.total",): "表四“行政复议”总计",
    ("t4.suit_direct.total",): "表四“行政诉讼”（直接起诉与复议后起诉）总计",
}
_PATTERNS = {fmt: _patterns(fmt) for fmt in ReportFormat}
_NO_REQUESTS = re.compile(r"(?:未|没有)(?:收到|受理|接到)(?P<what>[^，。；]{0,20}?)申请")

# Who a statement about new requests speaks of: "未收到法人或其他组织…申请" says nothing
# of natural persons, so it is held against the five 法人或其他组织 columns only.
_ORGANISATIONS = re.compile(r"法人|其他组织")
_NATURAL_PERSONS = re.compile(r"自然人|公民|个人")


def _new_request_cells(words: str) -> tuple[str, ...]:
    """The 本年新收 cells a statement's words speak of: one applicant group, or all."""
    organisations, persons = _ORGANISATIONS.search(words), _NATURAL_PERSONS.search(words)
    if organisations and not persons:
        return _ORGANISATION_KEYS
    if persons and not organisations:
        return ("t3.new.natural",)
    return ("t3.new.total",)


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def sentences(report: Report) -> Iterator[tuple[Part, str]]:
    """The narrative's sentences (cut at 。；and line ends) with the part they stand in."""
    for part, _sub, paragraph in report.narrative.paragraphs():
        for sentence in re.split(r"(?<=[。；;])|\n", paragraph):
            if sentence.strip():
                yield part, sentence.strip()


def _other_year(sentence: str, year: int | None) -> bool:
    return year is not None and any(int(y) != year for y in _YEAR.findall(sentence))


def _clause_at(sentence: str, start: int, end: int) -> str:
    left = max(sentence.rfind(mark, 0, start) for mark in "，,；;。")
    rights = [i for i in (sentence.find(mark, end) for mark in "，,；;。") if i >= 0]
    return sentence[left + 1 : min(rights) if rights else len(sentence)]


def stated_numbers(report: Report) -> list[StatedNumber]:
    """Every number the narrative ties to table cells with confidence."""
    found: list[StatedNumber] = []
    for part, sentence in sentences(report):
        if part in (Part.PROACTIVE_TABLE, Part.REQUEST_TABLE, Part.REVIEW_TABLE):
            continue
        text = sentence.translate(_DIGITS)
        if _other_year(text, report.year):
            continue
        for match in _NO_REQUESTS.finditer(text):
            if not re.search(r"复议|诉讼|投诉|举报|信访|听证|退休|补正", match.group("what")):
                cells = _new_request_cells(match.group("what"))
                found.append(StatedNumber(cells, 0, part, sentence, _WHAT[cells]))
        taken: list[tuple[int, int]] = []
        for pattern, keys, what in _PATTERNS[report.format]:
            for match in pattern.finditer(text):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                taken.append(match.span())
                if _SKIP_CLAUSE.search(_clause_at(text, match.start(), match.end())):
                    continue
                if text[match.end() : match.end() + 1] in {"%", "％"}:
                    continue
                value = parse_number(match.group("n"))
                also: tuple[str, ...] = ()
                if keys == ("t3.new.total",):
                    keys = _new_request_cells(match.group(0))
                    what = _WHAT[keys]
                    # "收到申请N件" is often said of everything handled, carried-over requests included.
                    also = ("t3.carried_in.total",) if keys == ("t3.new.total",) else ()
                found.append(StatedNumber(keys, value, part, sentence, what, also))
    return found


def r7_narrative_matches_tables(report: Report, last_year: Report | None) -> list[Finding]:
    """R7: a number the narrative states about a table cell equals that cell (about one
    applicant group, that group's cells; a row the table does not print is not compared)."""
    if not report.figures:
        return []
    values = cell_values(report)
    findings = []
    for stated in stated_numbers(report):
        if not printed(report, stated.keys):
            continue  # a row the table leaves out is unknown, not 0
        actual = as_figure(sum(values.get(key, 0) for key in stated.keys))
        with_also = as_figure(actual + sum(values.get(key, 0) for key in stated.also))
        if stated.value in (actual, with_also):
            continue
        findings.append(
            Finding.error(
                "R7",
                f"正文写 {stated.value}，但{stated.what}为 {actual}。",
                **stated.evidence(values, actual),
            )
        )
    return findings


# --- R8: enumerations ---------------------------------------------------------------------

_UNIT = r"(?P<unit>条|件|个|项|篇|次|期|场|人次)"
# Not the 十四 of "第十四条", the 万 of "3万条" nor the 234 of "1，234条".
_COUNT = rf"(?<![第\d.{_CN}])(?<!\d[,，]){NUMBER}{_UNIT}"
# Only the digits: the quotes keep the report's own punctuation.
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_COUNT_IN_TEXT = re.compile(_COUNT)
_ITEM_NUMBER = re.compile(rf"{_COUNT}(?![\u4e00-\u9fff]?[%％])")
_OPENING = re.compile(r"其中|包括|包含")
# "共33条，其中…", "33条（其中…）", "380条财政资金信息，其中…", "共20条，包括…".
_TOTAL = re.compile(
    rf"(?:(?:共|共计|合计|总计)[^，。；;,\d（）()]{{0,15}}?)?{_COUNT}"
    rf"[^，。；;,\d（）()：:]{{0,12}}?[，,：:]?(?P<open>[（(])?(?P<word>{_OPENING.pattern})[，,：:]?"
)
# "…政府信息23条。其中，机构职能9条，…": the parts open the next sentence.
_NEXT_SENTENCE = re.compile(r"(?<=。)\s*其中[，,：:]?")
_NOT_EXHAUSTIVE = re.compile(r"^(?:主要|如(?!下)|例如|比如|诸如)|等(?![级保])|但不限于")
_BEYOND = re.compile(r"另|此外|同时|还有")
_NESTING = re.compile(r"[：:，,]?其中[，,：:]?|[：:]|[（(]")
_CLAUSE_MARKS = "，,；;。"
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
# Real lists of parts run to a few hundred characters and a paragraph states a handful of
# totals; past these bounds nothing more is read, so that hostile text costs bounded time.
_LONGEST_PARTS = 1_000
_MOST_TOTALS = 100
_BRACKET = re.compile(r"[（()）]")


@dataclass(frozen=True)
class Enumeration:
    """A total the narrative states and the parts it lists right after."""

    total: Figure
    items: tuple[Figure, ...]
    complete: bool
    text: str
    quote: str
    head: str


def _split(text: str, marks: str) -> list[str]:
    """``text`` cut at ``marks`` outside brackets, so "预决算197条（政府32条、部门165条）" stays whole."""
    pieces: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(depth - 1, 0)
        elif char in marks and depth == 0 and not _THOUSANDS.match(text, index - 1):
            pieces.append(text[start:index].strip())
            start = index + 1
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


def _closing_bracket(text: str, start: int) -> int:
    depth = 1
    for bracket in _BRACKET.finditer(text, start, start + _LONGEST_PARTS):
        depth += 1 if bracket.group() in "（(" else -1
        if depth == 0:
            return bracket.start()
    return -1


def _body_end(text: str, start: int, bracketed: bool) -> int:
    """Where the parts end: the closing bracket, the first "；" of a list cut by commas, or "。"."""
    if bracketed:
        return _closing_bracket(text, start)
    end = text.find("。", start, start + _LONGEST_PARTS)
    if end < 0 and len(text) - start > _LONGEST_PARTS:
        return -1
    end = end if end >= 0 else len(text)
    segments = _split(text[start:end], "；;")
    # "复议351件，其中维持72件，纠正64件；诉讼46件，其中…": the "；" closes the first list.
    if len(segments) > 1 and len(_ITEM_NUMBER.findall(segments[0])) >= 2 and not _NESTING.search(segments[0]):
        return text.index(segments[0], start) + len(segments[0])
    return end


def _up_to_beyond(pieces: list[str]) -> list[str]:
    """The pieces before one that speaks of something besides the total ("另有上年结转1件")."""
    for index, piece in enumerate(pieces):
        if index and _BEYOND.match(piece):
            return pieces[:index]
    return pieces


def _items(body: str) -> list[str]:
    segments = _up_to_beyond(_split(body, "；;"))
    if len(segments) > 1:
        return segments
    clauses = _up_to_beyond(_split(body, "，,"))
    # "a3条、b17条…，全文电子化率100%": a list joined by "、" ends with its clause.
    if len(_ITEM_NUMBER.findall(clauses[0])) >= 2 and not _NESTING.search(clauses[0]):
        clauses = clauses[:1]
    # "…，全文电子化率达100%" after parts joined by "，" is not a part either.
    while len(clauses) > 1 and not _ITEM_NUMBER.search(clauses[-1]):
        clauses.pop()
    return [item for clause in clauses for item in _split(clause, "、")]


def _numbers(text: str, unit: str) -> list[Figure] | None:
    found = list(_ITEM_NUMBER.finditer(text))
    if any(match.group("unit") != unit for match in found):
        return None
    try:
        return [parse_number(match.group("n")) for match in found]
    except ValueError:
        return None


def _nested(item: str, unit: str) -> Enumeration | None:
    """A part "行政执法公示7条：其中事前公开4条，事后公开3条" or "预决算197条（政府32条、部门165条）"."""
    marker = _NESTING.search(item)
    if marker is None:
        return None
    head, rest = item[: marker.start()], item[marker.end() :]
    if marker.group() in "（(":
        close = _closing_bracket(item, marker.end())
        if close < 0 or item[close + 1 :].strip():
            return None
        rest = item[marker.end() : close]
    own = _numbers(head, unit)
    parts = _numbers(rest, unit)
    if own is None or parts is None or len(own) != 1 or len(parts) < 2:
        return None
    return Enumeration(own[0], tuple(parts), True, item, "", head.strip())


def _parts(body: str, unit: str) -> tuple[list[Figure], list[Enumeration]] | None:
    """Each part's own figure and the parts that list their own parts, or None if one is unclear."""
    values: list[Figure] = []
    nested: list[Enumeration] = []
    for item in _items(body):
        numbers = _numbers(item, unit)
        if not numbers:
            return None
        if len(numbers) > 1:
            inner = _nested(item, unit)
            if inner is None:
                return None
            nested.append(inner)
        values.append(numbers[0])
    return values, nested


def _since_last(marks: str, text: str, end: int) -> int:
    """Where the stretch before ``end`` that holds none of ``marks`` begins (within bounds)."""
    reach = max(end - _LONGEST_PARTS, 0)
    return max(reach - 1, *(text.rfind(mark, reach, end) for mark in marks)) + 1


def _totals(text: str) -> Iterator[tuple[re.Match[str], int, bool]]:
    """Each stated total with where its parts begin and whether they are bracketed, in text order."""
    found: list[tuple[re.Match[str], int, bool]] = []
    for match in _TOTAL.finditer(text):
        if "主要" not in text[max(match.start("word") - 3, 0) : match.start("word")]:
            found.append((match, match.end(), bool(match.group("open"))))
    for opening in _NEXT_SENTENCE.finditer(text):
        previous_start = text.rfind("。", 0, opening.start() - 1) + 1
        counts = list(_COUNT_IN_TEXT.finditer(text, previous_start, opening.start()))
        # The sentence before states one count and lists nothing itself, or "其中" has no clear total.
        if len(counts) == 1 and not _OPENING.search(text, previous_start, opening.start()):
            found.append((counts[0], opening.end(), False))
    yield from sorted(found, key=lambda candidate: candidate[0].start())[:_MOST_TOTALS]


def enumerations(text: str) -> list[Enumeration]:
    """The enumerations "a total, then its parts" of a paragraph that can be read without doubt."""
    text = text.translate(_FULL_WIDTH_DIGITS)
    found: list[Enumeration] = []
    read_up_to = 0
    for total, start, bracketed in _totals(text):
        head = text[_since_last(_CLAUSE_MARKS, text, total.end("unit")) : total.end("unit")].strip()
        # Totals said as a change or a running sum, and 一/两 ("一个平台，包括…") are not counts.
        if total.start() < read_up_to or re.search(_COMPARISON, head) or total.group("n") in ("一", "两"):
            continue
        end = _body_end(text, start, bracketed)
        if end < 0:
            continue
        body = text[start:end].strip("，,：:。 ")
        if not body or _NOT_EXHAUSTIVE.search(body) or re.search(_COMPARISON, body):
            continue
        unit = total.group("unit")
        parts = _parts(body, unit)
        if parts is None or len(parts[0]) < 2:
            continue
        values, nested = parts
        read_up_to = end
        sentence_start = _since_last("。；;\n", text, total.start())
        quote = text[sentence_start : end + 1].strip()
        complete = bracketed or len(values) >= 3
        found.append(Enumeration(parse_number(total.group("n")), tuple(values), complete, body, quote, head))
        found.extend(nested)
    return found


def r8_enumerations_add_up(report: Report, last_year: Report | None) -> list[Finding]:
    """R8: the parts a narrative lists right after a total add up to it.

    Read: "共N条（其中 a；b：其中 c，d；…）", "N条，其中a、b…", "共N条，包括…" and "N件。其中…"
    (the parts opening the next sentence); a part with its own "其中" is summed at its own level.
    Three or more parts, or parts in brackets, must add up exactly; fewer may name a subset of
    the total but never exceed it.  Silent where the parts are plainly not all of the total
    ("主要包括", "等", "如"), where one has another unit or no count, and where only one is named.
    """
    findings = []
    for part, _sub, paragraph in report.narrative.paragraphs():
        for enumeration in enumerations(paragraph):
            listed = as_figure(sum(enumeration.items))
            wrong = listed > enumeration.total or (enumeration.complete and listed != enumeration.total)
            if wrong:
                findings.append(
                    Finding.error(
                        "R8",
                        (f"“{enumeration.head}”写总数 {enumeration.total}，但所列各项之和为 {listed}。"),
                        expected=enumeration.total,
                        found=listed,
                        part=part.value,
                        quote=enumeration.quote or enumeration.text,
                    )
                )
    return findings

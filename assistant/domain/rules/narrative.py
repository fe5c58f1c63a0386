"""Warnings about the prose: stale years, scope words, the fee statement, missing parts, length."""

from __future__ import annotations

import re

from assistant.domain.agency import place_of
from assistant.domain.findings import Finding
from assistant.domain.layout import ReportFormat
from assistant.domain.numbers import as_figure
from assistant.domain.report import (
    OVERVIEW_LIMIT,
    SUBPART_TITLES,
    AgencyLevel,
    Figure,
    Part,
    Report,
    SubPart,
    character_count,
)
from assistant.domain.rules.cells import cell_values, printed
from assistant.domain.rules.narrative_numbers import sentences, stated_numbers


def has_narrative(report: Report) -> bool:
    """Whether the report has prose at all (a figures file has none: prose rules stay quiet)."""
    return bool(report.narrative.paragraphs())


# --- W2 ----------------------------------------------------------------------------------

_THIS_YEAR_NAMED = re.compile(r"(?:本年度?|今年)[（(]?((?:19|20)\d\d)年")
_PERIOD = re.compile(r"(?:统计期限|统计期间|统计时限)[^。]{0,6}?((?:19|20)\d\d)年1月1日")
# "2022年，…" opening a sentence: how a copied part starts.  "2022年以来" is a legitimate
# look back and is not matched.
_OPENING_YEAR = re.compile(r"^((?:19|20)\d\d)年度?[，,]")
_OPENING_YEAR_PARTS = (Part.OVERVIEW, Part.PROBLEMS, Part.OTHER_MATTERS)
# "2023年度本机关未收到政府信息公开申请。" in a 2024 report: part 一 states the report
# year's facts, so a year opening any of its sentences is the year they are of.  Not a
# look back or a span ("2023年以来", "2023年底", "2023年至今", "2023年12月"), nor a
# comparison or an enumeration of years ("2023年相比", "2023年与2024年"), nor a document
# ("2023年度报告", "2023年政务公开工作要点").
_OPENING_YEAR_FACT = re.compile(
    r"^((?:19|20)\d\d)年度?(?!以来|以前|之前|前|后|底|末|初|起|至|到|和|与|及|、|—|-|~|相比|同比|比|同期|的"
    r"|\d|[一二三四五六七八九十]{1,2}月|上半年|下半年|度|报告|年报|[^，。；]{0,8}?工作要点)"
)


def w2_stale_year(report: Report, last_year: Report | None) -> list[Finding]:
    """W2: the narrative calls another year than the report year 本年/今年 (or the statistics
    period or a sentence of parts 一/五/六 opens with it as "2023年，", or a sentence of part 一
    states that year's facts: "2023年度本机关未收到…"), states last year's figure where the
    table has changed, or the tables repeat last year's figures unchanged."""
    findings = []
    if report.year is not None:
        for part, sentence in sentences(report):
            years = [
                int(m.group(1)) for pattern in (_THIS_YEAR_NAMED, _PERIOD) for m in pattern.finditer(sentence)
            ]
            opening = _OPENING_YEAR.match(sentence) if part in _OPENING_YEAR_PARTS else None
            if part is Part.OVERVIEW and opening is None:
                opening = _OPENING_YEAR_FACT.match(sentence)
            if opening and int(opening.group(1)) < report.year:
                years.append(int(opening.group(1)))
            stale = sorted({year for year in years if year != report.year})
            if stale:
                findings.append(
                    Finding.warning(
                        "W2",
                        f"本报告为 {report.year} 年度，正文却写作 {stale[0]} 年，可能沿用了旧报告。",
                        found=stale[0],
                        expected=report.year,
                        part=part.value,
                        quote=sentence,
                    )
                )
    if last_year is not None and last_year.figures and report.figures and report.format is last_year.format:
        this, last = cell_values(report), cell_values(last_year)
        findings.extend(_last_years_figures_in_text(report, last_year, this, last))
        if this == last and any(this.values()):
            findings.append(
                Finding.warning(
                    "W2",
                    "三张表格的数字与上年报告完全相同，请核实是否沿用了上年数据。",
                )
            )
    return findings


def _last_years_figures_in_text(
    report: Report, last_year: Report, this: dict[str, Figure], last: dict[str, Figure]
) -> list[Finding]:
    """Numbers the narrative ties to cells that equal last year's value, not this year's
    (cells either year leaves unprinted are unknown, and not compared)."""
    findings = []
    for stated in stated_numbers(report):
        if not (printed(report, stated.keys) and printed(last_year, stated.keys)):
            continue
        this_value = as_figure(sum(this.get(key, 0) for key in stated.keys))
        last_value = as_figure(sum(last.get(key, 0) for key in stated.keys))
        if stated.value == last_value != this_value:
            findings.append(
                Finding.warning(
                    "W2",
                    (
                        f"正文写 {stated.value}，与上年报告中{stated.what}相同，"
                        f"而本年表格为 {this_value}，可能沿用了上年数字。"
                    ),
                    **stated.evidence(this, this_value),
                )
            )
    return findings


# --- W4 ----------------------------------------------------------------------------------

# Only the words a lower level copies from its superior's report; a city citing 全省 is normal.
_SCOPE_WORDS: dict[AgencyLevel, tuple[str, ...]] = {
    AgencyLevel.TOWN: ("全县", "全市", "全区", "全旗"),
    AgencyLevel.COUNTY: ("全市", "全州"),
}
# "助力平乡高质量发展": a place the report's work serves, named in a fixed phrase.
_SERVED_PLACE = re.compile(
    r"(?:助力|推动|促进|服务|服务于|推进|打造|建设)(?P<place>[\u4e00-\u9fff]{2,4}?)"
    r"(?:经济社会高质量发展|经济社会发展|高质量发展|全面发展)"
)
_GENERIC_PLACES = {
    "全县", "全市", "全区", "全镇", "全乡", "全省", "我镇", "我乡", "我县", "我市", "我区", "本镇", "本乡",
    "经济", "县域", "城乡", "乡村", "地方", "产业", "各项", "全域", "辖区", "区域", "社会", "全面", "企业",
    "事业", "工作", "政务", "文化", "农业", "工业", "教育", "民生", "文旅", "旅游", "生态", "绿色", "数字",
    "创新", "项目", "基层", "城市", "城区", "新区", "园区", "街区", "社区", "景区", "开发区", "示范区",
}  # fmt: skip
# A served place is a bare two-character name (平乡) or a name ending in an area word (平乡县).
_PLACE_LIKE = re.compile(r"^[\u4e00-\u9fff]{2}$|^[\u4e00-\u9fff]{1,3}(?:县|市|区|乡|镇|州|旗)$")


def place_names(name: str) -> set[str]:
    """The names an agency's own area goes by: its full name, each level of its place and their cores."""
    place, _ = place_of(name)
    names = {name}
    for match in re.finditer(r"[省市州盟区县旗镇乡]|自治区|街道", place):
        piece = place[: match.end()]
        names.add(piece)
    cores = set()
    for piece in re.split(r"省|自治区|市|州|盟|县|区|旗|镇|乡|街道", place):
        if len(piece) >= 2:
            cores.add(piece)
    return names | cores


def _scope_level(report: Report) -> AgencyLevel | None:
    level = report.agency.level
    if level is AgencyLevel.DEPARTMENT:
        return place_of(report.agency.name)[1]
    return level


def w4_scope_fits_agency(report: Report, last_year: Report | None) -> list[Finding]:
    """W4: scope words must fit the agency's level (a town report must not speak of 全县/全市),
    and the report must not name another area as the one its work serves (another agency's text)."""
    level = _scope_level(report)
    if level is None:
        return []
    own = place_names(report.agency.name)
    area = place_of(report.agency.name)[0]
    allowed = {word for word in _SCOPE_WORDS.get(level, ()) if area.endswith(word[1:])}
    findings = []
    for part, sentence in sentences(report):
        words = [word for word in _SCOPE_WORDS.get(level, ()) if word in sentence and word not in allowed]
        if level is AgencyLevel.TOWN:
            for match in _SERVED_PLACE.finditer(sentence):
                place = match.group("place")
                if (
                    _PLACE_LIKE.match(place)
                    and place not in _GENERIC_PLACES
                    and not any(place in name or name in place for name in own)
                ):
                    words.append(place)
        if words:
            findings.append(
                Finding.warning(
                    "W4",
                    (
                        f"本报告由{level.value}级机关发布，正文却出现“{'、'.join(words)}”，"
                        "可能照搬了上级或其他地方的报告。"
                    ),
                    part=part.value,
                    quote=sentence,
                )
            )
    return findings


# --- W6, W7, W9 ----------------------------------------------------------------------------

FEE_MEASURE_FROM = 2021
_FEE_STATEMENT = re.compile(r"信息处理费|处理费|收取费用|收费")
_NO_FEE_NOTICE = re.compile(r"(?:未|没有|无)(?:发出|出具|送达|发放)[^。；]{0,8}收费通知")


def w6_fee_statement(report: Report, last_year: Report | None) -> list[Finding]:
    """W6: part 六 must say whether 信息处理费 was charged, and must not deny fee notices while
    table 3 counts requests dropped for unpaid fees."""
    if not has_narrative(report):
        return []
    text = report.narrative.other_matters
    # The fee measure (国办函〔2020〕109号) applies from 2021; older reports had nothing to say.
    fee_measure_applies = report.year is None or report.year >= FEE_MEASURE_FROM
    if fee_measure_applies and not _FEE_STATEMENT.search(text):
        return [
            Finding.warning(
                "W6",
                "第六部分未说明是否收取信息处理费（《政府信息公开信息处理费管理办法》要求在年报中报告）。",
                part=Part.OTHER_MATTERS.value,
            )
        ]
    unpaid = cell_values(report).get("t3.other_handling.unpaid_fee.total", 0)
    denial = _NO_FEE_NOTICE.search(text)
    if report.format is ReportFormat.F2021 and unpaid and denial:
        return [
            Finding.warning(
                "W6",
                f"第六部分称未发出收费通知，但表三有 {unpaid} 件申请因逾期未缴费不再处理。",
                cells={"t3.other_handling.unpaid_fee.total": unpaid},
                part=Part.OTHER_MATTERS.value,
                quote=denial.group(0),
            )
        ]
    return []


_OVERSIGHT_WORDS = ("考核", "评议", "责任追究")


def w7_required_parts(report: Report, last_year: Report | None) -> list[Finding]:
    """W7: parts 一, 五 and 六 and the five sub-parts of 一 are present and not empty; a people's
    government's 监督保障 states its 工作考核、社会评议和责任追究 results."""
    if not has_narrative(report):
        return []
    narrative = report.narrative
    missing = []
    if not narrative.overview.strip() and not any(text.strip() for text in narrative.subparts.values()):
        missing.append("一、总体情况")
    # The five sub-parts are the 2021 format's; the 2019 trial format left part 一 free.
    if report.format is ReportFormat.F2021:
        missing += [
            f"一、总体情况·{sub.value}{SUBPART_TITLES[sub]}"
            for sub in SubPart
            if not narrative.subparts.get(sub, "").strip()
        ]
    if not narrative.problems.strip():
        missing.append("五、存在的主要问题及改进情况")
    if not narrative.other_matters.strip():
        missing.append("六、其他需要报告的事项")
    findings = []
    if missing:
        findings.append(
            Finding.warning(
                "W7",
                f"缺少或未填写：{'；'.join(missing)}。",
                part=Part.OVERVIEW.value if missing[0].startswith("一") else None,
            )
        )
    oversight = narrative.subparts.get(SubPart.OVERSIGHT, "")
    if report.agency.is_people_government and oversight.strip():
        absent = [word for word in _OVERSIGHT_WORDS if word not in oversight]
        if absent:
            findings.append(
                Finding.warning(
                    "W7",
                    (
                        "人民政府的年报应在（五）监督保障中说明工作考核、社会评议和责任追究结果情况"
                        f"（条例第五十条第四项），未见“{'、'.join(absent)}”。"
                    ),
                    part=Part.OVERVIEW.value,
                    quote=oversight[:80],
                )
            )
    return findings


def w9_overview_length(report: Report, last_year: Report | None) -> list[Finding]:
    """W9: part 一 (总体情况) should not exceed 1,000 characters."""
    length = character_count(report.narrative.part_text(Part.OVERVIEW))
    if length <= OVERVIEW_LIMIT:
        return []
    return [
        Finding.warning(
            "W9",
            f"第一部分“总体情况”共 {length} 字，格式要求原则上不超过 {OVERVIEW_LIMIT} 字。",
            expected=OVERVIEW_LIMIT,
            found=length,
            part=Part.OVERVIEW.value,
        )
    ]

"""A fictional town's reports for 2022 and 2023, written for these tests (no real text).

``copied_2023`` is the 2022 report with only the numbers changed — the year too, except
one "2022年" left behind at the opening of part 一, as happens when last year's file is
edited in place.
"""

from __future__ import annotations

import re

from assistant.domain.layout import ReportFormat
from assistant.domain.report import Agency, AgencyLevel, Narrative, Report, SubPart
from assistant.domain.totals import complete

AGENCY = Agency(name="青川县清溪镇人民政府", level=AgencyLevel.TOWN, is_people_government=True)

PREAMBLE = (
    "本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号的要求，由青川县清溪镇人民政府编制。"
    "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
    "存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
)
OVERVIEW = (
    "2022年，清溪镇人民政府围绕群众关心的民生事项，把政务公开融入乡村振兴和基层治理各项工作，"
    "公开的及时性和准确性持续提高。"
)
SUBPARTS = {
    SubPart.PROACTIVE: (
        "全年通过镇政府信息公开专栏主动公开政府信息128条，其中机构职能6条、财政预决算9条、乡村振兴项目23条、"
        "民生救助41条、工作动态49条。办理行政许可决定15件、行政处罚决定3件，均按规定在七个工作日内公开。"
    ),
    SubPart.REQUESTS: (
        "全年新收政府信息公开申请4件，均由自然人提出，主要涉及宅基地审批和低保认定，全部在法定期限内答复，"
        "没有上年结转的申请。"
    ),
    SubPart.MANAGEMENT: (
        "镇党政办公室负责信息发布前的保密审查和内容审核，建立了“一事一审、谁公开谁负责”的台账，"
        "对已公开的文件每半年清理一次。"
    ),
    SubPart.PLATFORMS: (
        "镇政府信息公开专栏由县政府门户网站统一承载，镇便民服务中心设置信息查阅点2处，"
        "各行政村在村务公开栏同步张贴与村民利益相关的信息。"
    ),
    SubPart.OVERSIGHT: (
        "镇党委将政务公开纳入各村和站所年度考核，考核分值占比5%；全年开展社会评议1次，群众满意度较高；"
        "本年度未发生政务公开工作责任追究情况。"
    ),
}
PROBLEMS = (
    "本年度工作中仍存在一些不足：一是个别村务公开栏更新不及时，部分信息停留在上半年；"
    "二是政策解读以文字为主，图解和短视频形式较少。\n"
    "下一步，清溪镇将建立村务公开栏月度巡查制度，由驻村干部拍照留档；"
    "同时结合农时节点制作通俗易懂的图解材料，提高解读的可读性。"
)
OTHER_MATTERS = "2022年，清溪镇人民政府未收取信息处理费。年度政务公开工作要点确定的各项任务均已完成。"

FIGURES_2022 = {
    "t2.normative.issued": 2,
    "t2.normative.repealed": 1,
    "t2.normative.in_force": 11,
    "t2.licensing.decisions": 15,
    "t2.penalty.decisions": 3,
    "t3.new.natural": 4,
    "t3.disclosed.natural": 3,
    "t3.unavailable.not_held.natural": 1,
    "t4.review.upheld": 1,
}
FIGURES_2023 = {
    "t2.normative.issued": 3,
    "t2.normative.repealed": 0,
    "t2.normative.in_force": 14,
    "t2.licensing.decisions": 21,
    "t2.penalty.decisions": 5,
    "t3.new.natural": 6,
    "t3.disclosed.natural": 4,
    "t3.partial.natural": 1,
    "t3.unavailable.not_held.natural": 1,
    "t4.suit_direct.pending": 1,
}
NEW_NUMBERS = {"128条": "141条", "6条": "7条", "9条": "9条", "23条": "27条", "41条": "44条",
               "49条": "54条", "15件": "21件", "3件": "5件", "4件": "6件", "2处": "3处", "5%": "6%",
               "1次": "2次"}  # fmt: skip


def _report(year: int, figures: dict[str, int], narrative: Narrative) -> Report:
    return Report(
        agency=AGENCY,
        year=year,
        format=ReportFormat.F2021,
        title=f"青川县清溪镇人民政府{year}年政府信息公开工作年度报告",
        figures=complete(figures, ReportFormat.F2021),
        narrative=narrative,
    )


def report_2022() -> Report:
    return _report(
        2022,
        FIGURES_2022,
        Narrative(
            preamble=PREAMBLE,
            overview=OVERVIEW,
            subparts=dict(SUBPARTS),
            problems=PROBLEMS,
            other_matters=OTHER_MATTERS,
        ),
    )


_NUMBER = re.compile(r"(?<![\d.])(" + "|".join(re.escape(old) for old in NEW_NUMBERS) + ")")


def _renumbered(text: str) -> str:
    return _NUMBER.sub(lambda match: NEW_NUMBERS[match.group(1)], text).replace("2022年", "2023年")


def copied_2023() -> Report:
    """Last year's report with new numbers and years — and one "2022年" left in part 一."""
    return _report(
        2023,
        FIGURES_2023,
        Narrative(
            preamble=_renumbered(PREAMBLE),
            overview=OVERVIEW,
            subparts={sub: _renumbered(text) for sub, text in SUBPARTS.items()},
            problems=_renumbered(PROBLEMS),
            other_matters=_renumbered(OTHER_MATTERS),
        ),
    )


def rewritten_2023() -> Report:
    """A 2023 report whose narrative is written afresh: nothing of it should be flagged as copied."""
    return _report(
        2023,
        FIGURES_2023,
        Narrative(
            preamble="清溪镇依照政府信息公开条例编写本年度报告，数据截至当年十二月底。",
            overview="这一年全镇以村级事务透明为重点，推动公开内容从“有没有”转向“好不好用”。",
            subparts={
                SubPart.PROACTIVE: "镇里把惠农补贴发放名单按村张榜，逐户核对后再上网，群众查询量明显增加。",
                SubPart.REQUESTS: "申请集中在土地流转合同方面，党政办逐件登记并电话回访申请人。",
                SubPart.MANAGEMENT: "对照县里下发的目录清单，逐条核定公开属性，删除过期链接若干。",
                SubPart.PLATFORMS: "便民服务中心新增一台自助查询机，老年人可刷身份证查看补贴到账情况。",
                SubPart.OVERSIGHT: "年底请村民代表给各站所打分，排名靠后的两个站所已书面说明原因。",
            },
            problems="最突出的短板是山区村网络信号弱，线上公开覆盖不到；来年将在村委会加装公共屏幕。",
            other_matters="本年度没有向申请人收取任何费用。",
        ),
    )

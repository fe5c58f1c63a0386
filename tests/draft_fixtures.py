"""A fictional town government's figures for two years, for the drafting tests."""

from __future__ import annotations

from assistant.domain.report import Agency, AgencyLevel, Report

QINGXI = Agency(name="青川县清溪镇人民政府", level=AgencyLevel.TOWN, is_people_government=True)

FIGURES_2024: dict[str, int | float] = {
    "t2.normative.issued": 4,
    "t2.normative.repealed": 1,
    "t2.normative.in_force": 15,
    "t2.licensing.decisions": 0,
    "t2.penalty.decisions": 6,
    "t2.coercion.decisions": 2,
    "t2.fees.amount": 1.25,
    "t3.new.natural": 7,
    "t3.new.business": 2,
    "t3.carried_in.natural": 1,
    "t3.disclosed.natural": 4,
    "t3.partial.business": 1,
    "t3.unavailable.not_held.natural": 2,
    "t3.other_handling.unpaid_fee.natural": 1,
    "t3.disclosed.business": 1,
    "t3.carried_out.natural": 1,
    "t4.review.upheld": 1,
}
FIGURES_2023: dict[str, int | float] = {
    "t2.normative.issued": 5,
    "t2.normative.repealed": 0,
    "t2.normative.in_force": 12,
    "t2.licensing.decisions": 3,
    "t2.penalty.decisions": 6,
    "t2.coercion.decisions": 0,
    "t2.fees.amount": 0,
    "t3.new.natural": 4,
    "t3.disclosed.natural": 3,
    "t3.carried_out.natural": 1,
}
NOTES = (
    "今年新开了抖音号\n网站完成改版\n开展培训3次\n五问题：政策解读形式单一\n"
    "六：人大代表建议和政协提案办理结果已全部公开"
)


def report_2024() -> Report:
    return Report(agency=QINGXI, year=2024, figures=dict(FIGURES_2024))


def report_2023() -> Report:
    return Report(agency=QINGXI, year=2023, figures=dict(FIGURES_2023))


_TOPICS = ("财政", "教育", "医疗", "就业", "养老", "住房", "交通", "环保", "农业", "安全")
# Forty short notes across part 一: drafted one sentence each, part 一 runs past 1,000
# characters; without the filler sentences it fits.
MANY_NOTES = "\n".join(
    [f"一（一）：发布{topic}信息{n}条" for n, topic in enumerate(_TOPICS, 11)]
    + [
        f"一（{sub}）：{text}"
        for sub, texts in (
            ("二", ("依申请公开登记台账按月更新", "申请答复文书统一使用新模板", "建立申请办理会商机制")),
            (
                "三",
                ("完成规范性文件清理", "更新主动公开基本目录", "建立发文公开属性审查台账", "完善政策文件库"),
            ),
            ("四", ("网站完成改版", "微信公众号发布信息120条", "新设乡村振兴专栏", "政务新媒体开设留言板")),
            (
                "五",
                ("开展培训3次", "组织政务公开专项督查2次", "通报网站检查发现的问题", "开展政务公开自查4次"),
            ),
        )
        for text in texts
    ]
    + [
        f"一：{text}"
        for text in ("成立政务公开工作领导小组", "制定年度政务公开工作计划", "配备专职工作人员1名")
    ]
    + [f"一（四）：{month}月更新便民服务栏目" for month in range(1, 13)]
)
# Thirty long notes: no trimming brings part 一 within 1,000 characters.
LONG_NOTES = "\n".join(
    f"一（四）：{month}月在政府网站发布{topic}政策专题解读"
    f"并同步推送至微信公众号和抖音号，累计阅读{month * 100}人次"
    for month in range(1, 4)
    for topic in _TOPICS
)

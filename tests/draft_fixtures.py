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

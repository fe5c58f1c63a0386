"""Warnings about when the report came out and what unit its fee is in."""

from __future__ import annotations

from datetime import date

from assistant.domain.findings import Finding
from assistant.domain.layout import ReportFormat
from assistant.domain.report import AgencyLevel, Report
from assistant.domain.rules.cells import cell_values

# 条例第四十九条、第五十条: departments and towns by 31 January; the summarising report of a
# county government by 20 February, of a prefecture by 10 March, of a province by 31 March.
DEADLINES: dict[AgencyLevel, tuple[int, int]] = {
    AgencyLevel.STATE_COUNCIL_DEPARTMENT: (1, 31),
    AgencyLevel.DEPARTMENT: (1, 31),
    AgencyLevel.TOWN: (1, 31),
    AgencyLevel.COUNTY: (2, 20),
    AgencyLevel.CITY: (3, 10),
    AgencyLevel.PROVINCE: (3, 31),
}


def deadline(level: AgencyLevel, year: int) -> date:
    """The last day the report for ``year`` may be published by an agency of ``level``."""
    month, day = DEADLINES[level]
    return date(year + 1, month, day)


def w5_published_on_time(report: Report, last_year: Report | None) -> list[Finding]:
    """W5: the publication date is not after the deadline for the agency's level."""
    level = report.agency.level
    if report.published is None or report.year is None or level is None:
        return []
    due = deadline(level, report.year)
    if report.published <= due:
        return []
    return [
        Finding.warning(
            "W5",
            (
                f"发布日期 {report.published:%Y年%m月%d日} 晚于{level.value}级机关的"
                f"法定期限 {due:%Y年%m月%d日}"
                "（政府信息公开条例第四十九条、第五十条；地方规定可能更早）。"
            ),
        )
    ]


# A town or a department rarely collects more than 1亿元 in fees in a year, and no agency
# collects 100亿元 through the fees table 2 counts; beyond these a figure in 元 was most likely
# typed where the table asks for 万元.
TOWN_OR_DEPARTMENT_FEE_LIMIT = 10_000
ANY_AGENCY_FEE_LIMIT = 1_000_000


def w8_fee_unit(report: Report, last_year: Report | None) -> list[Finding]:
    """W8: the fee (万元) is implausibly large for the agency — probably 元 entered as 万元."""
    if report.format is not ReportFormat.F2021:
        return []
    amount = cell_values(report)["t2.fees.amount"]
    small = report.agency.level in (AgencyLevel.TOWN, AgencyLevel.DEPARTMENT)
    limit = TOWN_OR_DEPARTMENT_FEE_LIMIT if small else ANY_AGENCY_FEE_LIMIT
    if amount <= limit:
        return []
    return [
        Finding.warning(
            "W8",
            (
                f"表二“行政事业性收费”填 {amount} 万元（即 {amount / 10000:g} 亿元），"
                "数额异常，请核实是否把“元”误填为“万元”。"
            ),
            cells={"t2.fees.amount": amount},
            found=amount,
        )
    ]

"""A fictional county (青川县) for the region review: towns and departments, each report written
for these tests from ``report_fixtures.ReportSpec``, with known seeded errors and one agency
that sends nothing.  ``write_region`` lays the reports out as an office receives them.

Seeded (year 2024, last year's reports for 2023):

- 清溪镇: R6 — this year's 上年结转 is 1, last year's 结转下年度 was 3;
- 白石乡: R1 — 结转下年度 2 where the balance gives 1 (its 不予公开·危及三安全一稳定 is 1);
- 木鱼镇: W5 — published 2025年3月1日, after the towns' deadline of 31 January; and its
  narrative is last year's with the year changed (W3, high reuse);
- 发展和改革局: R4 — 行政复议 总计 stated 2 where 维持 is 1;
- 财政局: W8 — a fee of 50000 万元;
- 公安局 (.docx): clean; its 不予公开·危及三安全一稳定 is 2;
- 教育局 (.md-free figures file): clean;
- 乔庄镇: in the list, sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from report_fixtures import CLEAN_FIGURES, CLEAN_NARRATIVE, PLACE, ReportSpec, write_docx, write_text

from assistant.domain.report import Figure

COUNTY = "青川县"
YEAR = 2024
SECURITY_CELL = "t3.withheld.security_stability.total"


@dataclass
class CountySpec(ReportSpec):
    """A report of one agency of the county: its own place in the title and the narrative."""

    place: str = PLACE

    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def text(self, key: str) -> str:
        return super().text(key).replace(PLACE, self.place).replace("清溪", self.place[:2])


@dataclass(frozen=True)
class Agency:
    name: str
    kind: str
    place: str
    file: str
    expected: tuple[str, ...] = ()
    figures: dict[str, Figure] = field(default_factory=dict)
    stated: dict[str, Figure] = field(default_factory=dict)
    published: str = "2025年1月20日"
    sends: bool = True


def _with(**changes: Figure) -> dict[str, Figure]:
    return {**CLEAN_FIGURES, **changes}


AGENCIES: tuple[Agency, ...] = (
    Agency("青川县清溪镇人民政府", "乡镇", "清溪镇", "清溪镇.txt", ("R6",)),
    Agency(
        "青川县白石乡人民政府",
        "乡镇",
        "白石乡",
        "白石乡.txt",
        ("R1",),
        _with(
            **{"t3.new.natural": 5, "t3.withheld.security_stability.natural": 1, "t3.carried_out.natural": 2}
        ),
    ),
    Agency("青川县木鱼镇人民政府", "乡镇", "木鱼镇", "木鱼镇.txt", ("W3", "W5"), published="2025年3月1日"),
    Agency("青川县乔庄镇人民政府", "乡镇", "乔庄镇", "", sends=False),
    Agency(
        "青川县发展和改革局", "部门", "青川县", "发展和改革局.txt", ("R4",), stated={"t4.review.total": 2}
    ),
    Agency("青川县财政局", "部门", "青川县", "财政局.txt", ("W8",), _with(**{"t2.fees.amount": 50000})),
    Agency(
        "青川县公安局",
        "部门",
        "青川县",
        "公安局.docx",
        (),
        _with(**{"t3.new.natural": 6, "t3.withheld.security_stability.natural": 2}),
    ),
    Agency("青川县教育局", "部门", "青川县", "教育局.txt"),
)

# Last year's 结转下年度 for 清溪镇 is 3, this year's 上年结转 is 1: R6.
LAST_YEAR_CARRIED_OUT = {"青川县清溪镇人民政府": 3}
# Written afresh each year except 木鱼镇's, which copies last year's text with the year changed.
FRESH_LAST_YEAR = {
    "preamble": "依照《中华人民共和国政府信息公开条例》第五十条，公布本机关{year}年度工作情况。",
    "overview": "{year}年，本机关把政务公开作为转变作风的抓手，重点做好惠民政策的解读和答复。",
    "（一）": "{year}年，按照目录主动公开了预决算、项目审批和民生救助信息，做到应公开尽公开。",
    "（二）": "{year}年，申请人多为本地群众，所问集中在征地补偿，承办人逐件电话沟通后书面答复。",
    "（三）": "年内对历年文件逐件清理，标注有效、失效和废止状态，并在网站上集中公布。",
    "（四）": "门户网站栏目按新版指引重新设置，另在服务大厅设立查阅点方便群众。",
    "（五）": "年终考核中政务公开单列一项，邀请服务对象代表评议，全年未发生追责情形。",
    "五": "主要不足是解读材料偏少。下一年度将按季度编写图解，由分管领导审定后发布。",
    "六": "本年度未收取政府信息公开信息处理费。",
}


def spec(agency: Agency, year: int = YEAR) -> CountySpec:
    # Without a count, so that the requests each agency's tables state never contradict it (R7).
    narrative = {**CLEAN_NARRATIVE, "（二）": "{year}年，清溪镇收到的政府信息公开申请均在法定期限内答复。"}
    figures = agency.figures or dict(CLEAN_FIGURES)
    published = agency.published
    if year != YEAR:
        figures = {**CLEAN_FIGURES, "t2.normative.in_force": 4}
        figures["t3.carried_out.natural"] = LAST_YEAR_CARRIED_OUT.get(agency.name, 1)
        figures["t3.new.natural"] = 4 + figures["t3.carried_out.natural"] - 1
        if agency.place != "木鱼镇":
            narrative.update(FRESH_LAST_YEAR)
        published = f"{year + 1}年1月18日"
    return CountySpec(
        year=year,
        agency=agency.name,
        published=published,
        figures=figures,
        stated=dict(agency.stated) if year == YEAR else {},
        narrative=narrative,
        place=agency.place,
    )


def write_agency(agency: Agency, folder: Path, year: int = YEAR) -> Path:
    path = folder / agency.file
    return (
        write_docx(spec(agency, year), path)
        if path.suffix == ".docx"
        else write_text(spec(agency, year), path)
    )


def write_region(folder: Path, *, broken: bool = True) -> dict[str, Path]:
    """This year's reports in ``folder/2024``, last year's in ``folder/2023``, the list as
    ``folder/名单.csv`` and ``folder/名单.xlsx``; ``broken`` adds a damaged .docx to this year's."""
    this_year, last_year = folder / str(YEAR), folder / str(YEAR - 1)
    this_year.mkdir(parents=True)
    last_year.mkdir()
    for agency in AGENCIES:
        if agency.sends:
            write_agency(agency, this_year)
            write_agency(agency, last_year, YEAR - 1)
    if broken:
        (this_year / "损坏的文件.docx").write_bytes(b"PK\x03\x04 not really a zip")
    rows = [("机关名称", "类别"), *((agency.name, agency.kind) for agency in AGENCIES)]
    listing = folder / "名单.csv"
    listing.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(folder / "名单.xlsx")
    return {"this_year": this_year, "last_year": last_year, "csv": listing, "xlsx": folder / "名单.xlsx"}


def expected_findings() -> dict[str, tuple[str, ...]]:
    """The rules seeded per agency that sends a report."""
    return {agency.name: agency.expected for agency in AGENCIES if agency.sends}


def expected_sum(key: str) -> Figure:
    """The cell summed over this year's reports as written (stated totals included)."""
    return sum(spec(agency).values()[key] for agency in AGENCIES if agency.sends)

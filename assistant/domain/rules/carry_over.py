"""What connects this year's report with last year's: carried-over requests and documents."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.domain.findings import Finding
from assistant.domain.layout import T3_COLUMNS, ReportFormat
from assistant.domain.numbers import as_figure
from assistant.domain.report import Report
from assistant.domain.rules.cells import cell_values, printed


def same_agency(this: str, last: str) -> bool:
    """Whether two agency names name one agency: equal, or one within the other.

    Containment, because one agency's name varies between its own reports
    (平潭综合实验区 beside 平潭综合实验区管委会); an unknown name matches any.
    """
    this, last = "".join(this.split()), "".join(last.split())
    return not this or not last or this in last or last in this


def without_tables(reports: Iterable[tuple[int | None, str, bool]]) -> str:
    """The reports (year, name when the year is unknown, whether its tables were read) whose
    tables were not read, as a message names them: "2017年报告", "本年报告和上年报告"; "" for none."""
    return "和".join(f"{year}年报告" if year else name for year, name, read in reports if not read)


def last_year_mismatch(report: Report, last_year: Report) -> str | None:
    """Why the report given as last year's cannot connect with this one, in Chinese; None if it can.

    R6 and W1 compare this year's opening figures with last year's closing ones, which
    only means something for the same agency's report of the year before, both with
    tables that could be read (a pre-2019 layout's figures are unknown, not zero).
    Unknown agencies or years are given the benefit of the doubt.
    """
    skipped = "不检查结转衔接（R6、W1）。"
    this_name, last_name = report.agency.name, last_year.agency.name
    if not same_agency(this_name, last_name):
        return f"“上年”报告是{last_name}的报告，与本报告（{this_name}）不是同一机关，{skipped}"
    this, last = report.year, last_year.year
    if this is not None and last is not None and this - last != 1:
        if this == last:
            return f"“上年”报告与本报告同为 {this} 年度，请改用 {this - 1} 年度的报告；{skipped}"
        if this < last:
            return (
                f"本年报告为 {this} 年度，却早于“上年”报告（{last} 年度），"
                f"是否把两份文件的顺序写反了？{skipped}"
            )
        return f"两份报告相隔 {this - last} 年（{last} 年度与 {this} 年度），不是上一年度的报告，{skipped}"
    unread = without_tables(
        ((report.year, "本年报告", report.tables_read), (last_year.year, "上年报告", last_year.tables_read))
    )
    if unread:
        return f"{unread}的表格未能读取（2019年以前的旧版格式），{skipped}"
    return None


def _consecutive(report: Report, last_year: Report | None) -> bool:
    return last_year is not None and last_year_mismatch(report, last_year) is None


def r6_carried_in_is_last_years_carried_out(report: Report, last_year: Report | None) -> list[Finding]:
    """R6: this year's 上年结转 (t3.carried_in.*) equals last year's 结转下年度 (t3.carried_out.*).

    Only when last year's report states some 结转下年度 figure: a report whose tables could
    not be read (or a figures file without that row) says nothing about it, not zero.
    """
    if last_year is None or not _consecutive(report, last_year):
        return []
    if not any(key.startswith("t3.carried_out.") for key in last_year.figures):
        return []
    this, last = cell_values(report), cell_values(last_year)
    findings = []
    for col, col_label in T3_COLUMNS:
        carried_in, carried_out = this[f"t3.carried_in.{col}"], last[f"t3.carried_out.{col}"]
        if carried_in != carried_out:
            findings.append(
                Finding.error(
                    "R6",
                    (
                        f"表三“{col_label}”列：本年“上年结转”填 {carried_in}，"
                        f"但上年报告“结转下年度继续办理”为 {carried_out}。"
                    ),
                    cells={f"t3.carried_in.{col}": carried_in, f"上年.t3.carried_out.{col}": carried_out},
                    expected=carried_out,
                    found=carried_in,
                )
            )
    return findings


def w1_documents_in_force_follow_on(report: Report, last_year: Report | None) -> list[Finding]:
    """W1: 现行有效件数 should equal last year's 现行有效 + this year's 制发 − 废止 (a row either
    year leaves out is unknown, and not compared)."""
    if last_year is None or not _consecutive(report, last_year):
        return []
    if report.format is not ReportFormat.F2021 or last_year.format is not ReportFormat.F2021:
        return []
    this, last = cell_values(report), cell_values(last_year)
    findings = []
    for row, row_label in (("rules", "规章"), ("normative", "行政规范性文件")):
        if f"t2.{row}.in_force" not in last_year.figures:
            continue  # last year's figures never said how many were in force
        if not printed(report, (f"t2.{row}.in_force", f"t2.{row}.issued", f"t2.{row}.repealed")):
            continue  # this year's table leaves the row out: nothing to follow on from
        issued, repealed = this[f"t2.{row}.issued"], this[f"t2.{row}.repealed"]
        in_force, last_in_force = this[f"t2.{row}.in_force"], last[f"t2.{row}.in_force"]
        expected = as_figure(last_in_force + issued - repealed)
        if in_force != expected:
            findings.append(
                Finding.warning(
                    "W1",
                    (
                        f"表二“{row_label}”：现行有效 {in_force} 件，而上年现行有效 {last_in_force} 件"
                        f"加本年制发 {issued} 件、减本年废止 {repealed} 件应为 {expected} 件；"
                        "如有修订或清理，请在报告中说明。"
                    ),
                    cells={
                        f"t2.{row}.in_force": in_force,
                        f"t2.{row}.issued": issued,
                        f"t2.{row}.repealed": repealed,
                        f"上年.t2.{row}.in_force": last_in_force,
                    },
                    expected=expected,
                    found=in_force,
                )
            )
    return findings

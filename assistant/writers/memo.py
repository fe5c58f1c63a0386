"""审核意见: the reviewer's memo on one agency's report, and the summary of a region's review.

Both are typeset like the exported report (:mod:`assistant.writers.docx`: the same page,
named styles and fonts), since they go out on the office's letterhead the same way.  A memo
says in plain words what the rules found, how the report follows on from last year's, what
must be fixed before publication, and the reviewer's own remarks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from assistant.domain.aggregate import Aggregate
from assistant.domain.findings import Finding
from assistant.domain.region import CARRY_OVER_RULES, RULE_TITLES, AgencyReview, RegionReview
from assistant.domain.rules.w3 import COPIED_SHARE
from assistant.writers.docx import (
    BODY,
    HEADING_1,
    TITLE,
    chinese_date,
    document_bytes,
    paragraph_xml,
    save_atomically,
    table_xml,
    typeset_document,
    with_signature,
)
from assistant.writers.tables import CellRole, GridCell, OfficialTable

NUMBERS = "一二三四五六七八九十"
_FLUSH_LEFT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_COPY_RULES = ("W3",)
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


def memo_file_name(agency: str) -> str:
    """审核意见_青川县清溪镇人民政府.docx: a file name any system accepts."""
    safe = _UNSAFE_IN_NAMES.sub("_", agency).strip("_") or "未注明机关"
    return f"审核意见_{safe}.docx"


def _items(lines: Iterable[str]) -> list[str]:
    return [
        paragraph_xml(f"（{NUMBERS[n] if n < 10 else n + 1}）{line}", BODY) for n, line in enumerate(lines)
    ]


def _finding_line(finding: Finding) -> str:
    where = f"第{finding.part}部分" if finding.part and finding.part != "序言" else "正文"
    quote = f"{where}原文：“{finding.quote}”。" if finding.quote else ""
    return f"{finding.message}{quote}（{finding.rule} {RULE_TITLES.get(finding.rule, '')}）"


def _section(number: int, title: str, body: list[str]) -> list[str]:
    return [paragraph_xml(f"{NUMBERS[number]}、{title}", HEADING_1), *body]


def _report_name(row: AgencyReview) -> str:
    year = f"{row.year}年" if row.year else ""
    return f"《{row.report_agency or row.agency}{year}政府信息公开工作年度报告》"


def _before_publication(row: AgencyReview) -> list[str]:
    todo: list[str] = []
    if row.errors:
        todo.append("逐项更正第一部分所列错误，更正后重新核对三张表格的合计与正文所写数字。")
    if [f for f in row.warnings if f.rule not in _COPY_RULES]:
        todo.append("对第二部分所列问题逐项核实，确有问题的予以修改，无需修改的请说明理由。")
    if row.carry_over:
        todo.append("核对与上年报告的衔接数字，如有修订或清理，请在报告中说明。")
    if row.copied or any(f.rule in _COPY_RULES for f in row.findings):
        todo.append("按本年实际情况改写与上年雷同的段落，避免年年雷同。")
    if row.deadline is not None:
        if row.on_time is False:
            todo.append(f"本报告发布日期晚于法定期限 {chinese_date(row.deadline)}，请说明原因并尽快公开。")
        elif row.on_time is None:
            todo.append(f"请于 {chinese_date(row.deadline)} 前在本机关政府信息公开平台公开。")
    if not todo:
        todo.append("报告未发现需要修改的问题，可按程序发布。")
    else:
        todo.append("修改完成后重新报送审核。")
    return todo


def memo_blocks(
    row: AgencyReview,
    *,
    region: str,
    reviewer: str = "",
    remarks: str = "",
    signed: date | None = None,
) -> list[str]:
    """The memo on one agency's report, as body XML blocks of the 公文 document."""
    year = f"{row.year}年" if row.year else ""
    errors = row.errors
    warnings = [f for f in row.warnings if f.rule not in (*CARRY_OVER_RULES, *_COPY_RULES)]
    found = (
        f"发现需要更正的错误 {len(errors)} 项、需要核实的问题 {len(row.warnings)} 项"
        if row.findings
        else "未发现问题"
    )
    source = f"（{Path(row.source).name}）" if row.source else ""
    blocks = [
        paragraph_xml(f"关于{row.agency}{year}政府信息公开工作年度报告的审核意见", TITLE),
        paragraph_xml(f"{row.agency}：", BODY, _FLUSH_LEFT),
        paragraph_xml(
            f"你单位报送的{_report_name(row)}{source}已收悉。经审核，{found}。具体意见如下：", BODY
        ),
    ]
    blocks += _section(
        0,
        "需要更正的错误",
        _items(_finding_line(f) for f in errors)
        or [paragraph_xml("未发现表格勾稽、正文与表格不一致等错误。", BODY)],
    )
    blocks += _section(
        1,
        "需要核实的问题",
        _items(_finding_line(f) for f in warnings) or [paragraph_xml("无。", BODY)],
    )
    continuity: list[str] = []
    if row.last_year_source is None:
        continuity.append("未提供本机关上年度报告，未作衔接检查和重复率比对。")
    else:
        continuity.append(f"对照的上年度报告：{Path(row.last_year_source).name}。")
        if not row.carry_over:
            continuity.append("本年“上年结转”与上年“结转下年度继续办理”、现行有效件数与上年衔接一致。")
        if any(f.is_error for f in row.carry_over):
            continuity.append("本年“上年结转”与上年报告“结转下年度继续办理”不一致，见第一部分。")
        continuity += [_finding_line(f) for f in row.carry_over if not f.is_error]
        if row.reuse is not None:
            flagged = "，超过提示线，请改写" if row.copied else ""
            continuity.append(
                f"正文与上年报告的重复率为 {row.reuse:.0%}（达到 {COPIED_SHARE:.0%} 即提示{flagged}）。"
            )
        continuity += [_finding_line(f) for f in row.findings if f.rule in _COPY_RULES]
    continuity += [f"说明：{note}" for note in row.notes]
    blocks += _section(2, "与上年报告的衔接和重复情况", [paragraph_xml(line, BODY) for line in continuity])
    blocks += _section(3, "发布前须完成的事项", _items(_before_publication(row)))
    if remarks.strip():
        lines = [line.strip() for line in remarks.splitlines() if line.strip()]
        blocks += _section(4, "审核人意见", [paragraph_xml(line, BODY) for line in lines])
    return with_signature(blocks, reviewer or f"{region}政务公开工作主管部门", signed)


def memo_bytes(
    row: AgencyReview, *, region: str, reviewer: str = "", remarks: str = "", signed: date | None = None
) -> bytes:
    """The memo as a .docx file's content (the page's download button)."""
    blocks = memo_blocks(row, region=region, reviewer=reviewer, remarks=remarks, signed=signed)
    document = typeset_document(blocks, title=f"{row.agency}年报审核意见", author=reviewer or region)
    return document_bytes(document)


def write_memo(
    row: AgencyReview,
    path: Path,
    *,
    region: str,
    reviewer: str = "",
    remarks: str = "",
    signed: date | None = None,
) -> Path:
    return save_atomically(
        memo_bytes(row, region=region, reviewer=reviewer, remarks=remarks, signed=signed), path
    )


# --- the region's summary ----------------------------------------------------------------


def _rule_table(review: RegionReview) -> str:
    heading = tuple(
        GridCell(text, CellRole.HEADING) for text in ("规则", "问题", "涉及报告（份）", "问题（处）")
    )
    rows = [
        (
            GridCell(rule, CellRole.FIGURE),
            GridCell(RULE_TITLES.get(rule, rule), CellRole.LABEL),
            GridCell(str(agencies), CellRole.FIGURE),
            GridCell(str(findings), CellRole.FIGURE),
        )
        for rule, findings, agencies in review.rule_counts
    ]
    return table_xml(OfficialTable(0, (12, 58, 15, 15), (heading, *rows), header_rows=1))


def _names(names: Iterable[str]) -> str:
    return "、".join(names)


def _rules_of(findings: Iterable[Finding]) -> str:
    return _names(sorted({finding.rule for finding in findings}))


def summary_blocks(
    review: RegionReview,
    aggregate: Aggregate | None = None,
    *,
    reviewer: str = "",
    signed: date | None = None,
) -> list[str]:
    """The summary of a region's review: who sent what, the problems by rule, and the sum."""
    year = f"{review.year}年" if review.year else ""
    tally = review.tally
    received = tally["received"]
    sent = [
        f"名单共 {len(review.members)} 个机关，收到报告 {received} 份。"
        if review.members
        else f"收到报告 {received} 份。"
    ]
    if review.members:
        missing = review.missing
        sent.append(
            f"未收到报告的 {len(missing)} 个：{_names(m.name for m in missing)}。"
            if missing
            else "名单内机关均已报送。"
        )
    if review.duplicate_list:
        sent += [
            f"{d.agency}报送了 {len(d.sources)} 份：{_names(Path(s).name for s in d.sources)}。"
            for d in review.duplicate_list
        ]
    if review.unlisted:
        sent.append(f"不在名单中的机关 {len(review.unlisted)} 个：{_names(review.unlisted)}。")
    if review.unreadable:
        unreadable = _names(item.source for item in review.unreadable)
        sent.append(f"无法读取的文件 {len(review.unreadable)} 个：{unreadable}。")
    if review.other_years:
        sent.append(f"其他年度的报告 {len(review.other_years)} 份，未审核。")
    blocks = [
        paragraph_xml(f"{review.region}{year}政府信息公开工作年度报告审核情况", TITLE),
        *_section(0, "报送情况", [paragraph_xml(line, BODY) for line in sent]),
    ]
    problems = [
        f"有错误的 {tally['with_errors']} 份，仅有提醒的 {tally['warnings_only']} 份，"
        f"未发现问题的 {tally['clean']} 份。"
    ]
    blocks += _section(1, "审核发现的问题", [paragraph_xml(line, BODY) for line in problems])
    if review.rule_counts:
        blocks += [_rule_table(review), paragraph_xml("", BODY)]
    follow_up = []
    if review.with_errors:
        follow_up.append(f"须更正错误后重新报送的：{_names(review.with_errors)}。")
    if review.late:
        follow_up.append(f"发布日期晚于法定期限的：{_names(review.late)}。")
    if review.copied:
        follow_up.append(f"正文与上年报告重复率达到 {COPIED_SHARE:.0%} 的：{_names(review.copied)}。")
    blocks += _section(2, "需要跟进的机关", [paragraph_xml(line, BODY) for line in follow_up or ["无。"]])
    if aggregate is not None:
        summed = [f"已将 {aggregate.count} 份报告的表二至表四逐格相加，作为{review.region}汇总数据。"]
        sum_errors = aggregate.findings()
        summed.append(
            "汇总表勾稽关系核对无误。" if not sum_errors else f"汇总表有 {len(sum_errors)} 处勾稽关系不符。"
        )
        if aggregate.sources_with_errors:
            summed.append("下列报告本身有错误，已计入汇总，须更正后重新汇总：")
        summed += [
            f"{source.agency}（{Path(source.source).name}）：{_rules_of(source.errors)}。"
            for source in aggregate.sources_with_errors
        ]
        summed += [
            f"未计入：{item.agency}（{Path(item.source).name}），{item.reason}。"
            for item in aggregate.excluded
        ]
        blocks += _section(3, "汇总数据", [paragraph_xml(line, BODY) for line in summed])
    return with_signature(blocks, reviewer or f"{review.region}政务公开工作主管部门", signed)


def summary_bytes(
    review: RegionReview,
    aggregate: Aggregate | None = None,
    *,
    reviewer: str = "",
    signed: date | None = None,
) -> bytes:
    blocks = summary_blocks(review, aggregate, reviewer=reviewer, signed=signed)
    return document_bytes(
        typeset_document(blocks, title=f"{review.region}年报审核情况", author=reviewer or review.region)
    )


def write_summary(
    review: RegionReview,
    path: Path,
    aggregate: Aggregate | None = None,
    *,
    reviewer: str = "",
    signed: date | None = None,
) -> Path:
    return save_atomically(summary_bytes(review, aggregate, reviewer=reviewer, signed=signed), path)

"""Findings as people read them: one label, one count and one line per finding, whether
they appear in a terminal (`gongkai check`, `draft`, `compare`), in the chat or on a page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from assistant.domain.findings import Finding
from assistant.domain.report import Report


def report_line(report: Report) -> str:
    """Which report was checked: agency, year and format (青川县… · 2024年度 · 2021年格式)."""
    who = report.agency.name or "（未注明机关）"
    year = f"{report.year}年度" if report.year else "年度未注明"
    layout = f"{report.format.value}年格式" if report.tables_read else "旧版格式（表格暂不支持）"
    return f"{who} · {year} · {layout}"


def kind(finding: Finding) -> str:
    """错误 for a broken R-rule, 提醒 for a W-rule a reviewer should look at."""
    return "错误" if finding.is_error else "提醒"


def label(finding: Finding) -> str:
    """The finding's tag, alike everywhere: [错误 R1], [提醒 W3]."""
    return f"[{kind(finding)} {finding.rule}]"


def count(findings: Sequence[Finding]) -> str:
    """错误 1 项，提醒 2 项."""
    errors = sum(finding.is_error for finding in findings)
    return f"错误 {errors} 项，提醒 {len(findings) - errors} 项"


def where(finding: Finding) -> str:
    """Where the quoted text stands: 第一（二）部分, or 正文 where no part is known."""
    return f"第{finding.part}部分" if finding.part and finding.part != "序言" else "正文"


def as_json(finding: Finding) -> dict[str, Any]:
    """One finding as ``check --json`` (and every other JSON output) writes it."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "cells": finding.cells,
        "part": finding.part,
        "quote": finding.quote,
    }


def text_lines(findings: Iterable[Finding], indent: str = "  ") -> list[str]:
    """Each finding as terminal lines: its label and message, then the quoted text."""
    lines = []
    for finding in findings:
        lines.append(f"{indent}{label(finding)} {finding.message}")
        if finding.quote:
            lines.append(f"{indent}    {where(finding)}：“{finding.quote}”")
    return lines


def page_text(finding: Finding) -> str:
    """One finding as a page's alert says it: the rule in bold, the message, the quoted text."""
    quoted = f"  \n{where(finding)}：“{finding.quote}”" if finding.quote else ""
    return f"**{finding.rule}**　{finding.message}{quoted}"


def markdown(findings: Sequence[Finding]) -> str:
    """The findings as the chat shows them: the count, then one line each."""
    if not findings:
        return ":material/check_circle: 检查通过：当前数据和文字没有发现错误或提醒。"
    errors = sum(finding.is_error for finding in findings)
    lines = [f"检查发现 **{errors}** 处错误、**{len(findings) - errors}** 条提醒："]
    lines += [f"- {icon(finding)} {label(finding)} {finding.message}" for finding in findings]
    return "\n".join(lines)


def icon(finding: Finding) -> str:
    return ":material/cancel:" if finding.is_error else ":material/warning:"

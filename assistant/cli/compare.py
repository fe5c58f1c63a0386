"""``gongkai compare THIS LAST``: this year's report beside last year's, in the terminal,
as JSON (``--json``) or as one self-contained HTML page (``--html OUT.html``).

THIS and LAST are report documents (any format a reader handles) or figures files
(.yaml/.yml/.json).  ``--history`` adds earlier years' files to the year-over-year chart,
and ``--from-index`` the agency's earlier reports found in the index.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.cli import EXIT_FINDINGS, EXIT_OK
from assistant.domain.comparison import CellChange, Comparison, compare, table_name
from assistant.domain.findings import Finding
from assistant.domain.report import Report
from assistant.domain.rules.w3 import COPIED_SHARE, excerpt, section_title
from assistant.errors import UnwritableOutput
from assistant.render.comparison_html import render_comparison_html
from assistant.service.inputs import load


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "compare",
        help="与上年报告对比：数字增减、结转衔接、文字重复、逐段差异、年度趋势图",
        description="将本年报告（或草稿）与上年报告对比。",
    )
    parser.add_argument("this", type=Path, metavar="本年报告", help="本年报告或草稿（文档或数字文件）")
    parser.add_argument("last", type=Path, metavar="上年报告", help="上年报告（文档或数字文件）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出完整对比结果")
    parser.add_argument("--html", type=Path, metavar="OUT.html", help="另存为可离线打开的 HTML 对比报告")
    parser.add_argument(
        "--history",
        type=Path,
        nargs="+",
        default=[],
        metavar="文件",
        help="更早年份的报告，用于年度趋势图",
    )
    parser.add_argument(
        "--from-index",
        action="store_true",
        help="同时从检索索引中找出本机关更早年份的年报，加入年度趋势图",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    this, last = load(args.this), load(args.last)
    history = [load(path) for path in args.history]
    if args.from_index and this.year is not None:
        history += indexed_history(this.agency.name, this.year, {report.year for report in (last, *history)})
    comparison = compare(this, last, history)
    if args.html is not None:
        write_html(args.html, render_comparison_html(comparison))
    if args.json:
        print(comparison.model_dump_json(indent=2))
    else:
        print(render_text(comparison))
        if args.html is not None:
            print(f"\nHTML 对比报告已保存：{args.html}")
    return EXIT_FINDINGS if comparison.has_errors else EXIT_OK


def write_html(path: Path, html: str) -> None:
    """Save the HTML comparison, or say in Chinese why it cannot be saved there."""
    if path.is_dir():
        raise UnwritableOutput(f"{path}：这是一个目录，请给出要保存的文件名（如 对比.html）。")
    if not path.parent.is_dir():
        raise UnwritableOutput(f"{path}：目录“{path.parent}”不存在，无法保存对比报告。")
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as error:
        raise UnwritableOutput(f"{path}：无法保存对比报告（{error.strerror or error}）。") from error


def indexed_history(agency: str, year: int, known_years: set[int | None]) -> list[Report]:
    """The agency's earlier reports found in the index, for years not given as files."""
    from assistant.bootstrap import bootstrap
    from assistant.service.history import earlier_reports

    found = earlier_reports(bootstrap().index().documents(), agency, year, load)
    return [report for report in found if report.year not in known_years]


# --- terminal text -------------------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def _cell_line(cell: CellChange) -> str:
    place = f"{table_name(cell.table)}｜{cell.row_label}｜{cell.column_label}"
    line = f"  {place}：{_number(cell.last)} → {_number(cell.this)}"
    if cell.change is not None:
        line += f"（{'+' if cell.change > 0 else ''}{_number(cell.change)}"
        line += f"，{cell.relative_change:+.1%}）" if cell.relative_change is not None else "）"
    return line


def _finding_lines(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["  未发现问题。"]
    lines = []
    for finding in findings:
        # The same label as `gongkai check` prints, so one finding reads alike in both.
        level = "错误" if finding.is_error else "提醒"
        place = f"〔{finding.part}〕" if finding.part else ""
        lines.append(f"  [{level} {finding.rule}] {place}{finding.message}")
        if finding.quote:
            lines.append(f"      原文：“{finding.quote}”")
    return lines


def render_text(comparison: Comparison) -> str:
    """The comparison as a reviewer reads it in a terminal, in Chinese."""
    this_year = f"{comparison.this_year}年" if comparison.this_year else "本年"
    last_year = f"{comparison.last_year}年" if comparison.last_year else "上年"
    lines = [f"{comparison.agency or '本机关'}：{this_year}报告与{last_year}报告对比", ""]

    changed = comparison.changed_cells
    if note := comparison.unread_tables_note:
        lines += ["一、数字变化", f"  {note}"]
    else:
        counts = f"比较 {len(comparison.cells)} 个单元格，{len(changed)} 个有变化"
        if unfilled := comparison.unfilled_cells:
            counts += f"，本年未填 {len(unfilled)} 项"
        lines.append(f"一、数字变化（{counts}）")
        if comparison.this_format is not comparison.last_format:
            lines.append("  两年表格格式不同，仅比较两种格式共有的单元格。")
    lines.extend(_cell_line(cell) for cell in changed)

    lines += ["", "二、上下年衔接（R6 结转衔接、W1 现行有效件数）"]
    # With the note, R6 and W1 did not run: "未发现问题" would read as a pass.
    if note := comparison.last_year_note:
        lines.append(f"  注意：{note}")
    else:
        lines.extend(_finding_lines(comparison.carry_over))

    lines += ["", "三、疑似沿用上年内容（W2）"]
    lines.extend(_finding_lines(comparison.stale_copy))

    lines += ["", f"四、文字重复（W3，重复率达到 {COPIED_SHARE:.0%} 即提示）"]
    lines.append(f"  全文重复率：{comparison.narrative_reuse:.0%}")
    for section in comparison.section_reuse:
        mark = "  ← 重复" if section.flagged else ""
        lines.append(f"  {section.title}（{section.characters} 字）：{section.reuse:.0%}{mark}")
    paragraphs_per_section = Counter((p.part, p.subpart) for p in comparison.paragraph_reuse)
    for paragraph in comparison.paragraph_reuse:
        if paragraph.flagged and paragraphs_per_section[(paragraph.part, paragraph.subpart)] > 1:
            lines.append(
                f"  · {section_title(paragraph.part, paragraph.subpart)} 段落重复率 {paragraph.reuse:.0%}："
                f"“{excerpt(paragraph.text, 40)}”"
            )

    sentences = comparison.identical_sentences
    lines += ["", f"五、与上年完全相同的句子（{len(sentences)} 句）"]
    lines.extend(f"  {n}. {sentence}" for n, sentence in enumerate(sentences, 1))
    if not sentences:
        lines.append("  无。")
    earlier_only = [r for r in comparison.recurring_sentences if comparison.last_year not in r.years]
    if earlier_only:
        lines.append(f"  另有 {len(earlier_only)} 句与更早年份的报告完全相同：")
        lines.extend(f"  · {r.text}（{'、'.join(f'{y}年' for y in r.years)}）" for r in earlier_only)
    repeated = [r for r in comparison.recurring_sentences if len(r.years) > 1]
    if repeated:
        lines.append(f"  连续多年出现的句子（{len(repeated)} 句）：")
        lines.extend(f"  · {r.text}（{'、'.join(f'{y}年' for y in r.years)}）" for r in repeated)

    kinds = [entry.kind for entry in comparison.paragraph_diff]
    lines += [
        "",
        f"六、逐段对比：新增 {kinds.count('added')} 段，删除 {kinds.count('removed')} 段，"
        f"改动 {kinds.count('changed')} 段，未改动 {kinds.count('unchanged')} 段"
        "（字符级差异见 --html 输出）。",
    ]
    return "\n".join(lines)

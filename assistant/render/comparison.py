"""A comparison with last year's report as text: the terminal report `gongkai compare`
prints, and the short summary the chat gives (the 对比上年 page and the HTML file show it in
full, :mod:`assistant.render.comparison_html`)."""

from __future__ import annotations

from collections import Counter

from assistant.domain.comparison import CellChange, Comparison, table_name
from assistant.domain.findings import Finding
from assistant.domain.rules.w3 import COPIED_SHARE, excerpt
from assistant.render import findings


def caution(note: str) -> str:
    """Why last year's report was not connected with this one, as every output words it."""
    return f"注意：{note}"


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


def _finding_lines(found: list[Finding]) -> list[str]:
    return findings.text_lines(found) if found else ["  未发现问题。"]


def text(comparison: Comparison) -> str:
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
        lines.append(f"  {caution(note)}")
    else:
        lines.extend(_finding_lines(comparison.carry_over))

    lines += ["", "三、疑似沿用上年内容（W2）"]
    lines.extend(_finding_lines(comparison.stale_copy))

    lines += ["", f"四、文字重复（W3，重复率达到 {COPIED_SHARE:.0%} 即提示）"]
    lines.append(f"  全文重复率：{comparison.narrative_reuse:.0%}")
    for section in comparison.section_reuse:
        mark = "  ← 重复" if section.flagged else ""
        lines.append(f"  {section.title}（{section.characters} 字）：{section.reuse:.0%}{mark}")
    paragraphs_per_section = Counter(p.place for p in comparison.paragraph_reuse)
    for paragraph in comparison.paragraph_reuse:
        if paragraph.flagged and paragraphs_per_section[paragraph.place] > 1:
            lines.append(
                f"  · {paragraph.place.label} 段落重复率 {paragraph.reuse:.0%}："
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


def markdown_summary(comparison: Comparison, shown: int = 6) -> str:
    """A short summary for the chat; the 对比上年 page shows the comparison in full."""
    changed = comparison.changed_cells
    lines = [
        f"与 {comparison.last_year} 年年报相比，共有 **{len(changed)}** 项数据发生变化，"
        f"叙述部分与上年重复率为 **{comparison.narrative_reuse:.0%}**。"
    ]
    lines += [
        f"- {cell.row_label}｜{cell.column_label}：{cell.last} → {cell.this}" for cell in changed[:shown]
    ]
    flagged = [s for s in comparison.section_reuse if s.flagged]
    if flagged:
        lines.append("重复较多的部分：" + "、".join(f"{s.title}（{s.reuse:.0%}）" for s in flagged))
    lines += [f"- {findings.icon(f)} {findings.label(f)} {f.message}" for f in comparison.findings]
    lines.append("\n完整对比（逐段、逐项数据和年度图表）请打开“对比上年”页。")
    return "\n".join(lines)

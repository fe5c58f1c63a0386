"""A comparison as one self-contained HTML page: inline CSS, an inline SVG chart, no script.

A reviewer opens the file offline, in any browser, and sees the figure deltas, the rule
findings, reuse per section and per paragraph, identical sentences and the paragraph diff.
"""

from __future__ import annotations

from html import escape

from assistant.domain.comparison import (
    CellChange,
    Comparison,
    DiffSegment,
    ParagraphDiff,
    SeriesLine,
    table_name,
)
from assistant.domain.findings import Finding
from assistant.domain.layout import ReportFormat
from assistant.domain.report import Figure
from assistant.domain.rules.w3 import COPIED_SHARE

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
margin:0;background:#f5f6f8;color:#1f2328;line-height:1.6}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-left:4px solid #b42318;padding-left:8px;
margin:32px 0 12px}
section{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:16px 20px;margin-bottom:16px}
.meta{color:#57606a;font-size:14px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
.card{flex:1 1 160px;background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:10px 14px}
.card b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border:1px solid #d8dde3;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef1f4}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.changed td{background:#fff8e1}.up{color:#b42318}.down{color:#1a7f37}
.error{color:#b42318;font-weight:bold}.warning{color:#9a6700;font-weight:bold}
.bar{background:#eef1f4;height:10px;width:160px;display:inline-block;vertical-align:middle}
.bar span{display:block;height:10px;background:#1f6feb}.bar span.hot{background:#b42318}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.pair div{background:#f6f8fa;border:1px solid #d8dde3;padding:8px;font-size:14px}
ins{background:#d1f4d9;text-decoration:none}del{background:#ffd7d5}
.diff{border-left:4px solid #d8dde3;padding:4px 10px;margin:8px 0;font-size:14px}
.diff.added{border-color:#1a7f37}.diff.removed{border-color:#b42318}.diff.changed{border-color:#9a6700}
.tag{font-size:12px;color:#57606a}
.charts{display:flex;flex-wrap:wrap;gap:8px}
details summary{cursor:pointer;color:#0969da}
table.findings td:nth-child(-n+3),table.findings th{white-space:nowrap}
"""

_DIFF_KIND = {"added": "本年新增", "removed": "本年删除", "changed": "有改动", "unchanged": "未改动"}


def _figure(value: Figure | None) -> str:
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def _signed(value: Figure | None) -> str:
    if value is None:
        return "—"
    text = _figure(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share:+.1%}"


def _year(year: int | None) -> str:
    return f"{year}年" if year is not None else "（年份未知）"


# --- the chart -----------------------------------------------------------------------


def series_panel(line: SeriesLine, width: int = 250, height: int = 150) -> str:
    """One key figure across the years as a small line chart with its own scale."""
    points = [(year, value) for year, value in sorted(line.values.items()) if value is not None]
    left, right, top, bottom = 26, 26, 46, 26
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(line.label)}">',
        f'<rect width="{width}" height="{height}" fill="#fff" stroke="#d8dde3"/>',
        f'<text x="10" y="20" font-size="14" font-weight="bold" fill="#1f2328">{escape(line.label)}</text>',
    ]
    if not points:
        parts.append(
            f'<text x="10" y="{height // 2}" font-size="12" fill="#57606a">各年均未填报</text></svg>'
        )
        return "".join(parts)
    years = sorted(line.values)
    top_value = max(value for _, value in points) or 1
    span_x = width - left - right
    step = span_x / (len(years) - 1) if len(years) > 1 else 0

    def x_of(year: int) -> float:
        return left + (years.index(year) * step if len(years) > 1 else span_x / 2)

    def y_of(value: Figure) -> float:
        return top + (height - top - bottom) * (1 - value / top_value)

    base = height - bottom
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="#8c959f"/>')
    coords = " ".join(f"{x_of(year):.1f},{y_of(value):.1f}" for year, value in points)
    parts.append(f'<polyline points="{coords}" fill="none" stroke="#1f6feb" stroke-width="2"/>')
    for year in years:
        parts.append(
            f'<text x="{x_of(year):.1f}" y="{height - 8}" font-size="11" text-anchor="middle" '
            f'fill="#57606a">{year}</text>'
        )
    for year, value in points:
        x, y = x_of(year), y_of(value)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1f6feb"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y - 7:.1f}" font-size="11" text-anchor="middle" '
            f'fill="#1f2328" stroke="#fff" stroke-width="3" paint-order="stroke">{_figure(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def series_chart(series: list[SeriesLine]) -> str:
    """Small multiples, one panel per key figure: their sizes differ by thousands."""
    return '<div class="charts">' + "".join(series_panel(line) for line in series) + "</div>"


# --- sections ------------------------------------------------------------------------


def _findings_table(findings: list[Finding]) -> str:
    if not findings:
        return "<p>未发现问题。</p>"
    rows = []
    for finding in findings:
        label = "错误" if finding.is_error else "提醒"
        quote = f"“{escape(finding.quote)}”" if finding.quote else ""
        rows.append(
            f"<tr><td>{escape(finding.rule)}</td><td class='{finding.severity.value}'>{label}</td>"
            f"<td>{escape(finding.part or '')}</td><td>{escape(finding.message)}</td><td>{quote}</td></tr>"
        )
    return (
        "<table class='findings'><tr><th>规则</th><th>级别</th><th>位置</th><th>说明</th><th>引文</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _cell_row(cell: CellChange) -> str:
    trend = "" if not cell.change else (" up" if cell.change > 0 else " down")
    return (
        f"<tr class='{'changed' if cell.changed else ''}'><td>{escape(table_name(cell.table))}</td>"
        f"<td>{escape(cell.row_label)}</td><td>{escape(cell.column_label)}</td>"
        f"<td class='num'>{_figure(cell.this)}</td><td class='num'>{_figure(cell.last)}</td>"
        f"<td class='num{trend}'>{_signed(cell.change)}</td>"
        f"<td class='num{trend}'>{_percent(cell.relative_change)}</td></tr>"
    )


def _cells_section(comparison: Comparison) -> str:
    header = (
        "<tr><th>表</th><th>行</th><th>列</th><th>本年</th><th>上年</th><th>增减</th><th>增减比例</th></tr>"
    )
    if note := comparison.unread_tables_note:
        return f"<p class='warning'>{escape(note)}</p>"
    changed, unfilled = comparison.changed_cells, comparison.unfilled_cells
    body = f"<p>共比较 {len(comparison.cells)} 个单元格，其中 {len(changed)} 个有变化"
    body += f"，本年未填 {len(unfilled)} 项。" if unfilled else "。"
    if comparison.this_format is not comparison.last_format:
        body += "两年报告使用的表格格式不同（2019 年试行格式与 2021 年格式），仅比较两种格式共有的单元格。"
    body += "</p>"
    body += "<table>" + header + "".join(_cell_row(cell) for cell in changed) + "</table>"
    for title, cells in (("本年未填的单元格", unfilled), ("未变化的单元格", comparison.unchanged_cells)):
        if cells:
            body += (
                f"<details><summary>{title}（{len(cells)} 个）</summary><table>"
                + header
                + "".join(_cell_row(cell) for cell in cells)
                + "</table></details>"
            )
    return body


def _bar(share: float, flagged: bool) -> str:
    return (
        f"<span class='bar'><span class='{'hot' if flagged else ''}' "
        f"style='width:{share * 100:.0f}%'></span></span> {share:.0%}"
    )


def _reuse_section(comparison: Comparison) -> str:
    rows = "".join(
        f"<tr><td>{escape(section.title)}</td><td class='num'>{section.characters}</td>"
        f"<td>{_bar(section.reuse, section.flagged)}</td></tr>"
        for section in comparison.section_reuse
    )
    body = (
        f"<p>全文重复率 <b>{comparison.narrative_reuse:.0%}</b>。重复率 = 本年文字中落在与上年报告"
        "共有的连续 12 字以上片段内的字数占比（数字统一视为同一符号）；"
        f"达到 {COPIED_SHARE:.0%} 即提示（W3）。</p>"
        "<table><tr><th>部分</th><th>字数</th><th>重复率</th></tr>" + rows + "</table>"
    )
    copied = [p for p in comparison.paragraph_reuse if p.flagged]
    if copied:
        body += f"<h3>重复率达到 {COPIED_SHARE:.0%} 的段落（{len(copied)} 段）</h3>"
        for paragraph in copied:
            place = paragraph.place.label
            last_place = paragraph.last_place.label if paragraph.last_place else ""
            body += (
                f"<p class='tag'>{escape(place)} · 重复率 {paragraph.reuse:.0%}</p><div class='pair'>"
                f"<div><b>本年</b><br>{escape(paragraph.text)}</div>"
                f"<div><b>上年（{escape(last_place)}）</b><br>{escape(paragraph.last_text or '')}</div></div>"
            )
    return body


def _segments(segments: list[DiffSegment]) -> str:
    pieces = []
    for segment in segments:
        if segment.op == "equal":
            pieces.append(escape(segment.this))
            continue
        if segment.last:
            pieces.append(f"<del>{escape(segment.last)}</del>")
        if segment.this:
            pieces.append(f"<ins>{escape(segment.this)}</ins>")
    return "".join(pieces)


def _diff_entry(entry: ParagraphDiff) -> str:
    place = escape(entry.place.label)
    if entry.kind == "added":
        text = f"<ins>{escape(entry.this or '')}</ins>"
    elif entry.kind == "removed":
        text = f"<del>{escape(entry.last or '')}</del>"
    elif entry.kind == "changed":
        text = _segments(entry.segments)
    else:
        text = escape(entry.this or "")
    return (
        f"<div class='diff {entry.kind}'><span class='tag'>{place} · {_DIFF_KIND[entry.kind]}</span>"
        f"<br>{text}</div>"
    )


_COPIED = "background:#fff1c2;border-left:3px solid #d4a106;padding:2px 6px;display:block;margin:4px 0"
_PLAIN = "padding:2px 6px;display:block;margin:4px 0"


def paragraphs_html(text: str, copied: set[str], empty: str = "（无内容）") -> str:
    """One side of the part-by-part view: each paragraph, those copied from the other year
    shaded.  Plain HTML, not Markdown, so that a web address is not turned into a link that
    runs on into the Chinese words after it."""
    if not text.strip():
        return f"<span style='color:#888'>{escape(empty)}</span>"
    return "".join(
        f"<span style='{_COPIED if p.strip() in copied else _PLAIN}'>{escape(p.strip())}</span>"
        for p in text.split("\n")
        if p.strip()
    )


def paragraph_diff_html(entries: list[ParagraphDiff]) -> str:
    """The paragraph diff as a page shows it: each entry with its place, changes marked."""
    style = "<style>ins{background:#d1f4d9;text-decoration:none}del{background:#ffd7d5}" + (
        ".diff{border-left:4px solid #d8dde3;padding:4px 10px;margin:8px 0}.diff.added{border-color:#1a7f37}"
        ".diff.removed{border-color:#b42318}.diff.changed{border-color:#9a6700}.tag{font-size:12px;color:#57606a}"
        "</style>"
    )
    return style + "".join(_diff_entry(entry) for entry in entries)


def _recurring_section(comparison: Comparison) -> str:
    """Sentences also found in earlier years' reports, with the years: copied for more than a year."""
    earlier = [r for r in comparison.recurring_sentences if r.years != [comparison.last_year]]
    if not earlier:
        return ""
    rows = "".join(
        f"<tr><td>{escape(r.text)}</td><td>{'、'.join(f'{year}年' for year in r.years)}</td></tr>"
        for r in earlier
    )
    return (
        f"<h3>与更早年份报告相同的句子（{len(earlier)} 句）</h3>"
        f"<table><tr><th>句子</th><th>出现年份</th></tr>{rows}</table>"
    )


def _layout(fmt: ReportFormat, tables_read: bool) -> str:
    return f"{fmt.value} 年格式" if tables_read else "2019 年以前的旧版格式"


def render_comparison_html(comparison: Comparison) -> str:
    """The whole comparison as one HTML document (Chinese, self-contained, no script)."""
    years = f"{_year(comparison.this_year)}与{_year(comparison.last_year)}"
    title = f"{comparison.agency or '本机关'}政府信息公开工作年度报告对比：{years}"
    findings = comparison.findings
    errors = sum(1 for finding in findings if finding.is_error)
    sentences = "".join(f"<li>{escape(sentence)}</li>" for sentence in comparison.identical_sentences)
    html = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
        f"<p class='meta'>本年：{_year(comparison.this_year)}"
        f"（{_layout(comparison.this_format, comparison.this_tables_read)}）；"
        f"上年：{_year(comparison.last_year)}"
        f"（{_layout(comparison.last_format, comparison.last_tables_read)}）。"
        "由 gongkai 生成。</p>",
        "<div class='cards'>",
        f"<div class='card'>有变化的单元格<b>{len(comparison.changed_cells)}</b></div>",
        f"<div class='card'>全文重复率<b>{comparison.narrative_reuse:.0%}</b></div>",
        f"<div class='card'>错误<b>{errors}</b></div>",
        f"<div class='card'>提醒<b>{len(findings) - errors}</b></div>",
        f"<div class='card'>与上年相同的句子<b>{len(comparison.identical_sentences)}</b></div>",
        "</div>",
        "<h2>年度趋势</h2><section>",
        series_chart(comparison.series),
        "</section>",
        "<h2>上下年衔接（R6 结转衔接、W1 现行有效件数）</h2><section>",
        # With the note, R6 and W1 did not run: "未发现问题" would read as a pass.
        f"<p class='warning'>{escape(note)}</p>"
        if (note := comparison.last_year_note)
        else _findings_table(comparison.carry_over),
        "</section>",
        "<h2>疑似沿用上年内容（W2 年份、数字）</h2><section>",
        _findings_table(comparison.stale_copy),
        "</section>",
        "<h2>文字重复（W3）</h2><section>",
        _findings_table(comparison.copied),
        "</section>",
        "<h2>各部分重复率</h2><section>",
        _reuse_section(comparison),
        "</section>",
        "<h2>数字对比</h2><section>",
        _cells_section(comparison),
        "</section>",
        f"<h2>与上年完全相同的句子（{len(comparison.identical_sentences)} 句）</h2><section>",
        f"<ol>{sentences}</ol>" if sentences else "<p>没有与上年完全相同的句子。</p>",
        _recurring_section(comparison),
        "</section>",
        "<h2>逐段对比</h2><section><p class='tag'><del>删除线</del> 为上年有、本年删去的文字；"
        "<ins>绿色</ins> 为本年新增的文字。</p>",
        "".join(_diff_entry(entry) for entry in comparison.paragraph_diff),
        "</section></main></body></html>",
    ]
    return "\n".join(html)

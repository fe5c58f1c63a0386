"""对比上年: last year's report beside this draft, part by part, with the figure deltas and a chart."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from common import require_desk

from assistant.domain.comparison import Comparison
from assistant.errors import GongkaiError
from assistant.render.charts import first_shown, trend_rows, trend_spec, trend_table
from assistant.render.comparison import caution
from assistant.render.comparison_html import paragraph_diff_html, paragraphs_html

desk = require_desk()
workspace = desk.workspace

st.header("对比上年")
st.caption(f"{workspace.label}　·　本年草稿与上年年报逐部分对照：数据增减、结转衔接、重复段落。")

with st.expander("上年年报", icon=":material/history:", expanded=not workspace.last_year_source):
    if workspace.last_year_source:
        st.markdown(f"当前：`{Path(workspace.last_year_source).name}`")
    upload = st.file_uploader("上传上年年报（docx、pdf、html、txt、md）", key="last-year")
    if upload is not None and st.button("设为上年年报", type="primary", key="set-last-year"):
        try:
            desk.use_as_last_year(upload.name, upload.getvalue())
        except GongkaiError as error:
            st.error(error.message)
        else:
            st.rerun()

try:
    comparison: Comparison = desk.compare()
    this_report, last_report = desk.report(), desk.last_year()
except GongkaiError as error:
    st.info(error.message)
    st.stop()
assert last_report is not None

flagged_sections = [s for s in comparison.section_reuse if s.flagged]
a, b, c, d = st.columns(4)
a.metric("数据变化项", len(comparison.changed_cells))
if comparison.unfilled_cells:
    a.caption(f"本年未填 {len(comparison.unfilled_cells)} 项")
b.metric("叙述与上年重复率", f"{comparison.narrative_reuse:.0%}")
c.metric("结转衔接问题", len(comparison.carry_over))
d.metric("重复较多的部分", len(flagged_sections))
if note := comparison.last_year_note:
    # Worded as `gongkai check` and `gongkai compare` word it.
    st.warning(caution(note), icon=":material/warning:")
for finding in comparison.findings:
    (st.error if finding.is_error else st.warning)(f"**{finding.rule}**　{finding.message}")

copied_this = {p.text.strip() for p in comparison.paragraph_reuse if p.flagged}
copied_last = {p.last_text.strip() for p in comparison.paragraph_reuse if p.flagged and p.last_text}

by_part, deltas, chart, diff = st.tabs(["逐部分对照", "数据增减", "年度趋势", "逐段差异"])
with by_part:
    st.caption(
        "黄色底纹：与上年高度重复的段落。重复率＝与上年相同的连续 12 字以上片段所占比例（数字不计差异）。"
    )
    for section in comparison.section_reuse:
        if not section.characters:
            label = f"{section.title}　·　本年尚未填写"
        else:
            label = f"{section.title}　·　重复率 {section.reuse:.0%}" + (
                "　:material/warning:" if section.flagged else ""
            )
        with st.expander(label, expanded=section.flagged):
            left, right = st.columns(2)
            left.markdown(f"**{comparison.last_year}年（上年）**")
            with left:
                st.html(paragraphs_html(last_report.narrative.text(section.place), copied_last))
            right.markdown(f"**{comparison.this_year}年（本年草稿）**")
            with right:
                st.html(
                    paragraphs_html(this_report.narrative.text(section.place), copied_this, "本年尚未填写")
                )
    if comparison.identical_sentences:
        with st.expander(f"与上年完全相同的句子（{len(comparison.identical_sentences)}）"):
            for sentence in comparison.identical_sentences:
                st.markdown(f"- {sentence}")

with deltas:
    if note := comparison.unread_tables_note:
        st.info(note)
    rows = [
        {
            "表": f"表{'二三四'[cell.table - 2]}",
            "项目": cell.row_label,
            "栏目": cell.column_label,
            "上年": cell.last,
            "本年": cell.this,
            "增减": cell.change,
            "增幅": f"{cell.relative_change:+.0%}" if cell.relative_change is not None else "",
        }
        for cell in comparison.cells
    ]
    only_changed = st.toggle("只看有变化的项目", value=True)
    if only_changed:
        rows = [row for row, cell in zip(rows, comparison.cells, strict=True) if cell.changed]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

with chart:
    labels = [line.label for line in comparison.series]
    if not trend_rows(comparison.series, labels):
        st.info("没有可以绘制的年度数据。")
    else:
        shown = st.multiselect("显示的项目", labels, default=first_shown(comparison.series))
        if shown:
            st.vega_lite_chart(
                trend_rows(comparison.series, shown), trend_spec(), width="stretch", height=380
            )
        names, columns = trend_table(comparison.series)
        st.dataframe(pd.DataFrame(columns, index=names), width="stretch")

with diff:
    changes = [entry for entry in comparison.paragraph_diff if entry.kind != "unchanged"]
    if not changes:
        st.info("与上年相比，段落没有变化。")
    st.html(paragraph_diff_html(changes))

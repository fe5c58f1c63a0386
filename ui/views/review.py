"""审核一份年报: a reviewer uploads a report (and, if at hand, the agency's report of the year
before) and sees what the check and the comparison find; no workspace is made, nothing kept."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from common import office

from assistant.errors import GongkaiError
from assistant.render import findings as rendered
from assistant.render.comparison import caution
from assistant.render.comparison_html import paragraph_diff_html, render_comparison_html
from assistant.service.review import Review

st.header("审核一份年报")
st.caption(
    "上传一份年报即可检查勾稽关系和常见问题；再上传该机关上一年度的年报，可同时核对结转衔接、对比数据和文字。不建立工作区，上传的文件不保存。"
)

with st.form("review", border=False):
    upload = st.file_uploader("要审核的年报（docx、pdf、html、txt、md）", key="review-this")
    last_upload = st.file_uploader("上一年度的年报（可选，用于核对结转衔接和对比）", key="review-last")
    started = st.form_submit_button("开始审核", type="primary", icon=":material/fact_check:")
if started:
    if upload is None:
        st.session_state.pop("review-result", None)
        st.warning("请先选择要审核的年报文件。")
    else:
        try:
            last = (last_upload.name, last_upload.getvalue()) if last_upload is not None else None
            st.session_state["review-result"] = office().review(upload.name, upload.getvalue(), last)
        except GongkaiError as error:
            st.session_state.pop("review-result", None)
            st.error(error.message, icon=":material/error:")

review: Review | None = st.session_state.get("review-result")
if review is not None:
    report = review.report
    st.subheader(rendered.report_line(report))
    for note in review.notes:
        st.warning(caution(note), icon=":material/warning:")
    findings = review.findings
    if findings:
        st.markdown(f"**{rendered.count(findings)}**")
    for finding in findings:
        (st.error if finding.is_error else st.warning)(
            rendered.page_text(finding), icon=rendered.icon(finding)
        )
    if not findings:
        st.success("检查通过：没有发现错误或提醒。", icon=":material/check_circle:")
    if report.notes:
        with st.expander(f"读取说明（{len(report.notes)}）"):
            for note in report.notes:
                st.caption(note)
    comparison = review.comparison
    if comparison is not None:
        st.subheader(f"与 {comparison.last_year or '上一'} 年度年报对比")
        a, b, c = st.columns(3)
        a.metric("数据变化项", len(comparison.changed_cells))
        b.metric("叙述与上年重复率", f"{comparison.narrative_reuse:.0%}")
        c.metric("重复较多的部分", sum(section.flagged for section in comparison.section_reuse))
        if note := comparison.unread_tables_note:
            st.info(note)
        rows = [
            {
                "项目": cell.row_label,
                "栏目": cell.column_label,
                "上年": cell.last,
                "本年": cell.this,
                "增减": cell.change,
            }
            for cell in comparison.changed_cells
        ]
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        with st.expander("逐段差异"):
            st.html(paragraph_diff_html([e for e in comparison.paragraph_diff if e.kind != "unchanged"]))
        st.download_button(
            "下载完整对比报告（HTML，可离线打开）",
            render_comparison_html(comparison),
            file_name=f"{report.agency.name or '年报'}{report.year or ''}对比.html",
            mime="text/html",
            icon=":material/download:",
        )

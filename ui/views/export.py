"""导出: the .docx in the official layout; blocked while an error stands, warnings confirmed."""

from __future__ import annotations

import streamlit as st
from common import require_desk

from assistant.domain.report import Place
from assistant.domain.years import chinese_date
from assistant.errors import GongkaiError

desk = require_desk()
workspace = desk.workspace

st.header("导出")
st.caption(f"{workspace.label}　·　按国家规定的格式生成 Word 文档（.docx），表格自动计算合计。")

try:
    findings = desk.findings()
except GongkaiError as error:
    st.error(error.message)
    st.stop()
errors = [f for f in findings if f.is_error]
warnings = [f for f in findings if not f.is_error]
marked = desk.texts.marked()

left, right = st.columns([3, 2], gap="large")
with right:
    st.subheader("文稿完成情况")
    for place in Place:
        text = workspace.text(place)
        mark = ":material/check_circle:" if text.strip() else ":material/radio_button_unchecked:"
        st.markdown(
            f"{mark} {place.label}" + (f"　<small>{len(text)} 字</small>" if text else ""),
            unsafe_allow_html=True,
        )
    st.caption(f"表格数据 {len(workspace.figures)} 项（未填写的按 0 计）。")
    signed = workspace.signatory or workspace.agency
    dated = (
        chinese_date(workspace.published)
        if workspace.published
        else "成文日期未填写（在“对话起草”页文末的落款中填写）"
    )
    st.caption(f"落款：{signed}　{dated}")

with left:
    if errors:
        st.error(
            f"**暂不能导出**：还有 {len(errors)} 处错误。年报中的错误会被上级政务公开办和第三方评估扣分，"
            "请在“数据录入”或“对话起草”页改正后再导出。",
            icon=":material/block:",
        )
        for finding in errors:
            st.markdown(f"- :material/cancel: **{finding.rule}**　{finding.message}")
    allow_warnings = True
    if marked:
        st.warning(
            "以下部分还有“【请核实】/【请补充】”标注，请核对内容后删除标注：" + "、".join(marked),
            icon=":material/edit_note:",
        )
    if warnings:
        st.warning(f"有 {len(warnings)} 条提醒，请逐条核对：", icon=":material/warning:")
        for finding in warnings:
            st.markdown(f"- :material/warning: **{finding.rule}**　{finding.message}")
    if warnings or marked:
        allow_warnings = st.checkbox("我已逐条核对以上提醒，确认仍然导出", disabled=bool(errors))
    if not findings and not marked:
        st.success("检查通过，没有错误或提醒。", icon=":material/check_circle:")
    if not errors:
        file_name = f"{workspace.agency}{workspace.year}年政府信息公开工作年度报告.docx"
        if allow_warnings:
            try:
                content = desk.export_bytes(allow_warnings=True)
            except GongkaiError as error:
                st.error(error.message)
            else:
                st.download_button(
                    "下载 Word 文档（.docx）",
                    content,
                    file_name=file_name,
                    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    type="primary",
                    icon=":material/download:",
                )
        else:
            st.button(
                "下载 Word 文档（.docx）",
                disabled=True,
                icon=":material/download:",
                help="请先确认上面的提醒",
            )

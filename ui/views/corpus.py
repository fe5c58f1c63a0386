"""语料库: upload past reports and regulations, index them, list, delete and search them."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import streamlit as st
from common import current_workspace, office

from assistant.domain.ports import SearchFilter
from assistant.errors import GongkaiError

workspace = current_workspace()
st.header("语料库")
st.caption("条例、格式通知、本省规定和往年年报。起草和问答时从这里检索，回答附出处。")

KINDS = {"自动判断": None, "年报": "report", "法规文件": "regulation"}
KIND_NAMES = {"report": "年报", "regulation": "法规文件"}

try:
    corpus = office().corpus()
except GongkaiError as error:
    st.error(error.message)
    st.stop()

upload_column, search_column = st.columns([2, 3], gap="large")

with upload_column:
    st.subheader("添加文档")
    with st.form("corpus-upload", clear_on_submit=True):
        files = st.file_uploader(
            "选择文件（docx、pdf、html、txt、md，可多选）",
            accept_multiple_files=True,
        )
        kind_name = st.radio("文档类型", list(KINDS), horizontal=True)
        submitted = st.form_submit_button("上传并索引", type="primary", width="stretch")
    if submitted and files:
        upload_kind = KINDS[kind_name]
        targets = []
        for upload in files:
            try:
                target = corpus.save_upload(upload.name, upload.getvalue(), upload_kind)
            except GongkaiError as error:
                st.error(error.message, icon=":material/error:")
            else:
                targets.append(target)
        if targets:
            bar = st.progress(0.0, text="正在索引……")

            def progress(paths: Iterable[Path]) -> Iterable[Path]:
                listed = list(paths)
                for number, path in enumerate(listed):
                    bar.progress(
                        number / max(len(listed), 1),
                        text=f"正在索引 {path.name}（{number + 1}/{len(listed)}）",
                    )
                    yield path
                bar.progress(1.0, text="索引完成")

            summary = corpus.add(targets, upload_kind, progress)
            for message in summary.failed:
                st.error(message, icon=":material/error:")
            done = len(summary.added) + len(summary.replaced)
            if done:
                st.success(f"已索引 {done} 个文件，新增 {summary.chunks} 个片段。")

    st.subheader("已收录")
    documents = corpus.documents()
    if not documents:
        st.info("语料库为空。")
    for document in documents:
        name = Path(document.source).name
        meta = "　".join(
            bit
            for bit in (
                KIND_NAMES.get(document.kind, document.kind),
                document.agency,
                f"{document.year}年" if document.year else "",
                f"{document.chunks} 个片段",
            )
            if bit
        )
        row, action = st.columns([3, 1], vertical_alignment="center")
        row.markdown(f"**{html.escape(name)}**  \n<small>{html.escape(meta)}</small>", unsafe_allow_html=True)
        if corpus.access.may_configure and action.button(
            "删除", key=f"remove-{document.source}", type="tertiary", icon=":material/delete:"
        ):
            corpus.remove(document.source)
            st.toast(f"已从语料库删除 {name}")
            st.rerun()

with search_column:
    st.subheader("检索")
    query = st.text_input("检索内容", placeholder="例如：不予公开的情形 / 政府信息公开平台建设")
    agencies = ["全部", *corpus.agencies()]
    f1, f2, f3, f4 = st.columns(4)
    agency = f1.selectbox("机关", agencies)
    year = f2.number_input("年度", min_value=1990, max_value=2100, value=None, step=1, placeholder="全部")
    part = f3.selectbox("部分", ["全部", "一", "（一）", "（二）", "（三）", "（四）", "（五）", "五", "六"])
    kind = f4.selectbox("类型", ["全部", "年报", "法规文件"])
    if query.strip():
        try:
            where = SearchFilter(
                agency=None if agency == "全部" else agency,
                year=int(year) if year else None,
                part=None if part == "全部" else part,
                kind={"年报": "report", "法规文件": "regulation"}.get(kind),
                # 去年/前年 in the question count from the report being written.
                current_year=workspace.year if workspace else None,
            )
            passages = corpus.search(query, k=8, where=where)
        except GongkaiError as error:
            st.error(error.message)
            passages = []
        if not passages:
            st.info("没有找到相关内容。")
        for passage in passages:
            with st.container(border=True):
                st.markdown(f"**{passage.citation.label()}**")
                st.write(passage.text)
    else:
        st.caption(f"语料库共 {corpus.count()} 个片段。")
        if documents:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "文件": Path(d.source).name,
                            "类型": KIND_NAMES.get(d.kind, d.kind),
                            "机关": d.agency,
                            "年度": d.year,
                            "片段": d.chunks,
                        }
                        for d in documents
                    ]
                ),
                hide_index=True,
                width="stretch",
                # Narrow columns for the short values, so that every column is in view at 1280 px.
                column_config={
                    "类型": st.column_config.TextColumn(width="small"),
                    "年度": st.column_config.NumberColumn(format="%d", width="small"),
                    "片段": st.column_config.NumberColumn(width="small"),
                },
            )

"""Streamlit entry point: builds the navigation only; pages render, ``assistant`` thinks."""

import streamlit as st

st.set_page_config(page_title="政府信息公开年报助手", page_icon="📄", layout="wide")

PAGES = [
    st.Page("pages/chat.py", title="对话起草", icon=":material/forum:", url_path="chat", default=True),
    st.Page("pages/figures.py", title="数据录入", icon=":material/table_chart:", url_path="figures"),
    st.Page("pages/compare.py", title="对比上年", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/corpus.py", title="语料库", icon=":material/library_books:", url_path="corpus"),
    st.Page("pages/export.py", title="导出", icon=":material/download:", url_path="export"),
    st.Page("pages/settings.py", title="设置", icon=":material/settings:", url_path="settings"),
]

st.navigation(PAGES).run()

"""Streamlit entry point: builds the navigation only; pages render, ``assistant`` thinks."""

import streamlit as st

st.set_page_config(page_title="政府信息公开年报助手", layout="wide")
st.title("政府信息公开年报助手")
st.write("年报起草、检查、对比与导出。")

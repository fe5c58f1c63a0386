"""Streamlit entry point: builds the navigation only; pages render, ``assistant`` thinks.

The page scripts live in ``ui/views/``, not ``ui/pages/``: Streamlit treats a ``pages/``
folder beside the entry point as a legacy multipage app, and a URL such as ``/compare``
would then run the page without this navigation (file names in the sidebar, no layout).
"""

from pathlib import Path

import streamlit as st
from common import office, require_sign_in

from assistant.errors import NotPermitted

st.set_page_config(page_title="政府信息公开年报助手", page_icon="📄", layout="wide")
# Streamlit's file uploader has no setting for its English button and size line, nor its
# layout for the pages' own arrangements: two style sheets put them right.
STYLES = "".join(
    (Path(__file__).parent / name).read_text(encoding="utf-8") for name in ("chinese.css", "layout.css")
)
st.markdown(f"<style>{STYLES}</style>", unsafe_allow_html=True)

require_sign_in()
if notice := office().search_notice():
    st.sidebar.caption(notice)

PAGES = [
    st.Page("views/chat.py", title="对话起草", icon=":material/forum:", default=True),
    st.Page("views/figures.py", title="数据录入", icon=":material/table_chart:", url_path="figures"),
    st.Page("views/compare.py", title="对比上年", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("views/review.py", title="审核一份年报", icon=":material/fact_check:", url_path="review"),
    st.Page("views/corpus.py", title="语料库", icon=":material/library_books:", url_path="corpus"),
    st.Page("views/export.py", title="导出", icon=":material/download:", url_path="export"),
]
if office().access.may_review_regions:
    PAGES.insert(
        4, st.Page("views/region.py", title="区域审核", icon=":material/account_tree:", url_path="region")
    )
if office().access.may_configure:
    PAGES.append(st.Page("views/settings.py", title="设置", icon=":material/settings:", url_path="settings"))

# What a role does not allow is refused by the office and the desk; on any page the refusal
# is shown in its Chinese words rather than as a traceback.
try:
    st.navigation(PAGES).run()
except NotPermitted as refusal:
    st.error(refusal.message)

"""审核意见 beside the report: reviewers' comments on a workspace, and the form to add one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from assistant.domain.report import Place
from assistant.errors import GongkaiError

if TYPE_CHECKING:
    from assistant.service.desk import Desk

WHOLE_REPORT = "整份年报"


def comments_panel(desk: Desk) -> None:
    """The comments, oldest first, each with its place, author and time; then a short form."""
    comments = desk.comments()
    with st.expander(f"审核意见（{len(comments)}）", expanded=bool(comments) and not desk.may_edit):
        for comment in comments:
            where = Place(comment.place).label if comment.place else WHOLE_REPORT
            st.markdown(f"**{comment.author}**　{comment.saved_label}　·　{where}")
            st.caption(comment.text)
        with st.form(f"comment-{desk.workspace_id}", clear_on_submit=True, border=False):
            places = [WHOLE_REPORT, *(place.value for place in Place)]
            place = st.selectbox(
                "针对",
                places,
                format_func=lambda p: p if p == WHOLE_REPORT else Place(p).label,
                key="comment-place",
            )
            text = st.text_area("意见", key="comment-text", height=90)
            if st.form_submit_button("提交意见", icon=":material/rate_review:"):
                try:
                    desk.comment(text, None if place == WHOLE_REPORT else place)
                except GongkaiError as error:
                    st.error(error.message)
                else:
                    st.rerun()

"""对话起草: talk to the assistant; drafts stream in and go into the workspace with one click."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import streamlit as st
from common import require_desk

from assistant.domain.report import Place
from assistant.errors import GongkaiError
from assistant.service.chat.conversation import Chat
from assistant.service.texts import Drafted

if TYPE_CHECKING:
    from assistant.store.chat import ChatMessage

desk = require_desk()
workspace = desk.workspace

st.header("对话起草")
st.caption(f"{workspace.label}　·　说出要起草或修改的部分，粘贴数据，或提问条例和往年年报。")


def paced(pieces: Iterator[str], pause: float = 0.02) -> Iterator[str]:
    """Show an answer that is ready at once (the offline drafter) at a reading pace."""
    for piece in pieces:
        yield piece
        time.sleep(pause)


def drafted_in(message: ChatMessage) -> Drafted | None:
    draft = message.extra.get("draft")
    if not isinstance(draft, dict):
        return None
    return Drafted(str(draft["part"]), dict(draft["texts"]), bases=dict(draft.get("bases", {})))


def render(message: ChatMessage, index: int) -> None:
    with st.chat_message(message.role):
        st.markdown(message.content)
        render_extras(message, index)


def render_extras(message: ChatMessage, index: int) -> None:
    """Under an answer: its sources, and for a draft the button that saves it."""
    citations = message.extra.get("citations")
    if isinstance(citations, list) and citations:
        with st.expander(f"出处（{len(citations)}）"):
            for citation in citations:
                where = "，".join(
                    str(bit)
                    for bit in (
                        citation.get("file"),
                        citation.get("agency"),
                        f"{citation['year']}年" if citation.get("year") else None,
                        citation.get("article") or citation.get("part"),
                    )
                    if bit
                )
                st.markdown(f"**{where}**")
                if citation.get("quote"):
                    st.caption(citation["quote"])
    drafted = drafted_in(message)
    if drafted is None:
        return
    current = desk.workspace
    if all(current.text(place) == text for place, text in drafted.texts.items()):
        st.caption(":material/check_circle: 已写入工作区")
    elif st.button("写入工作区", key=f"save-draft-{index}", icon=":material/save:"):
        try:
            desk.texts.save_draft(drafted)
        except GongkaiError as error:
            st.error(error.message)
        else:
            st.toast("已写入工作区")
            st.rerun()


chat_column, text_column = st.columns([3, 2], gap="large")

with chat_column:
    history = desk.messages()
    conversation = st.container()
    with conversation:
        with st.chat_message("assistant"):
            st.markdown(
                "您好！我是年报助手。可以这样说：\n"
                "- “起草总体情况”“起草全文，直接写入”\n"
                "- 粘贴 Excel 表格，或输入“新收申请12件，其中自然人10件……”\n"
                "- “看看表格有没有错误”“和去年比有什么变化”\n"
                "- “第三十六条对不予公开是怎么规定的？”"
            )
        for index, message in enumerate(history):
            render(message, index)
    prompt = st.chat_input("输入要求，或粘贴数据……")
    if prompt:
        with conversation:
            render(desk.record("user", prompt), len(history))
            last_draft = next((d for d in map(drafted_in, reversed(history)) if d is not None), None)
            earlier = [(m.role, m.content) for m in history]
            try:
                model = desk.chat_model()
            except GongkaiError as error:
                st.warning(f"{error.message}（本次按离线方式处理，请在“设置”页修改。）")
                model = None
            chat = Chat(desk, model, last_draft=last_draft, history=earlier)
            with st.chat_message("assistant"):
                with st.spinner("正在处理……"):
                    reply = chat.respond(prompt)
                # A model's text already arrives piece by piece; only the offline answer is paced.
                st.write_stream(reply.stream() if model is not None else paced(reply.stream()))
                answer = desk.record("assistant", reply.text, reply.extra())
                render_extras(answer, len(history) + 1)
    if history and st.button("清空对话记录", type="tertiary", icon=":material/delete_sweep:"):
        desk.clear_messages()
        st.rerun()

with text_column:
    st.subheader("文稿")
    place = st.selectbox(
        "部分", [p.value for p in Place], format_func=lambda p: Place(p).label, key="part-place"
    )
    workspace = desk.workspace
    base_key = f"base-{workspace.id}-{place}"
    versions = {v.version: v.text for v in desk.texts.history(place)}
    base_version = st.session_state.get(base_key, workspace.version(place))
    typed = st.session_state.get(f"text-{workspace.id}-{place}-{base_version}")
    if typed is None or typed == versions.get(base_version, ""):
        # Nothing typed since the text was loaded: follow newer versions (a saved draft).
        base_version = workspace.version(place)
    st.session_state[base_key] = base_version
    saved_text = versions.get(base_version, "")
    text = st.text_area(
        "正文",
        saved_text,
        height=360,
        key=f"text-{workspace.id}-{place}-{base_version}",
        label_visibility="collapsed",
    )
    st.caption(
        f"第 {base_version} 版　·　{len(text)} 字"
        + ("　·　有更新的版本" if workspace.version(place) > base_version else "")
    )
    save, reload = st.columns(2)
    if save.button("保存修改", type="primary", width="stretch", disabled=text == saved_text, key="save-part"):
        try:
            saved = desk.texts.save(place, text, base_version=base_version)
        except GongkaiError as error:
            st.error(error.message)
        else:
            st.session_state[base_key] = saved.version
            st.toast(f"已保存为第 {saved.version} 版")
            st.rerun()
    if reload.button("载入最新版本", width="stretch"):
        st.session_state[base_key] = workspace.version(place)
        st.rerun()
    with st.expander("历史版本"):
        for version in desk.texts.history(place):
            st.markdown(f"**第 {version.version} 版**　{version.author}　{version.saved_label}")
            st.caption(version.text[:120] + ("…" if len(version.text) > 120 else ""))
